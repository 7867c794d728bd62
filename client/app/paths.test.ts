/**
 * Every domain's path builders lead back, through wouter and the app's route patterns, to the same
 * place — with no pattern of one domain catching another's address.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Route, Router, Switch } from 'wouter';
import { callPath, CALLS_PATH, CALLS_ROUTES, joinPath, type CallsPlace } from '../calls/paths.ts';
import { childOf, DIARY_ROUTES, diaryPath, THIS_WEEK, type DiaryPlace } from '../diary/paths.ts';
import { LESSONS_ROUTES, lessonsPath, type LessonsPlace } from '../journal/paths.ts';
import type { PlaceRoute } from '../shared/navigation.ts';

type Found = { domain: string; place: unknown } | null;
const TABLES: [string, readonly PlaceRoute<unknown>[]][] = [
  ['diary', DIARY_ROUTES],
  ['calls', CALLS_ROUTES],
  ['journal', LESSONS_ROUTES],
];

/** The place the app's <Switch> renders for `url`, and whose table it came from. */
function lead(url: string): Found {
  const [path = '', search = ''] = url.split('?');
  let found: Found = null;
  const routes = TABLES.flatMap(([domain, table]) =>
    table.map((route) =>
      createElement(Route, {
        key: `${domain}${route.path}`,
        path: route.path,
        children: (params) => {
          found = { domain, place: route.place(params) };
          return null;
        },
      }),
    ),
  );
  // Rendered as on a server: wouter reads the address from ssrPath instead of the browser's location.
  renderToString(createElement(Router, { ssrPath: path, ssrSearch: search, children: createElement(Switch, null, routes) }));
  return found;
}

describe('the diary’s addresses', () => {
  const places: DiaryPlace[] = [THIS_WEEK, { view: 'week', week: '2026-11-30' }, { view: 'grades' }, { view: 'subject', subjectId: 'subj-math' }, { view: 'subject', subjectId: 'a b/ц' }];

  it('lead back to the place they were built for, with or without a child', () => {
    for (const place of places) {
      expect(lead(diaryPath(place)), diaryPath(place)).toEqual({ domain: 'diary', place });
      const withChild = diaryPath(place, 'u-s-02');
      expect(lead(withChild), withChild).toEqual({ domain: 'diary', place });
      expect(childOf(withChild.split('?')[1] ?? '')).toBe('u-s-02');
    }
  });

  it('are the documented ones', () => {
    expect(diaryPath(THIS_WEEK)).toBe('/diary');
    expect(diaryPath({ view: 'week', week: '2026-11-30' })).toBe('/diary/week/2026-11-30');
    expect(diaryPath({ view: 'grades' }, 'u-1')).toBe('/diary/grades?child=u-1');
    expect(diaryPath({ view: 'subject', subjectId: 'subj-math' })).toBe('/diary/subject/subj-math');
    expect(childOf('')).toBeNull();
  });

  it('a trailing slash is the same address', () => {
    expect(lead('/diary/grades/')).toEqual({ domain: 'diary', place: { view: 'grades' } });
  });
});

describe('the calls’ addresses', () => {
  it('a call by id and by join link lead back, and a link is never read as a call named «join»', () => {
    const places: CallsPlace[] = [{ view: 'call', call: { callId: 'c-1f2e' } }, { view: 'call', call: { linkCode: 'Ab3_x-9' } }];
    expect(lead(callPath('c-1f2e'))).toEqual({ domain: 'calls', place: places[0] });
    expect(lead(joinPath('Ab3_x-9'))).toEqual({ domain: 'calls', place: places[1] });
    expect(lead(CALLS_PATH)).toEqual({ domain: 'calls', place: { view: 'list' } });
    expect(joinPath('Ab3_x-9')).toBe('/calls/join/Ab3_x-9');
    expect(callPath('c-1f2e')).toBe('/calls/c-1f2e');
  });
});

describe('the journal’s addresses', () => {
  it('this week and a given week lead back', () => {
    const places: LessonsPlace[] = [{ week: null }, { week: '2026-11-23' }];
    for (const place of places) expect(lead(lessonsPath(place))).toEqual({ domain: 'journal', place });
    expect(lessonsPath({ week: null })).toBe('/lessons');
  });
});

describe('addresses no domain has', () => {
  it('lead nowhere (the app sends them home)', () => {
    for (const url of ['/', '/privacy', '/diary/week', '/diary/subject/', '/calls/a/b/c', '/nonsense']) expect(lead(url), url).toBeNull();
  });
});
