/**
 * Links from before path URLs still work: `/?child=…&week=…&view=grades&subject=…` (the diary)
 * and `#/call/<id>`, `#/join/<code>`, `#/calls`, `#/online-lessons` (the rest) — links shared in
 * chats, bookmarks, a home-screen icon. A hash screen won over the diary's query then, so it does here.
 */
import { callPath, CALLS_PATH, joinPath } from '../calls/paths.ts';
import { diaryPath, type DiaryPlace } from '../diary/paths.ts';
import { LESSONS_PATH } from '../journal/paths.ts';
import { decodeSegment } from '../shared/navigation.ts';

const DIARY_QUERY = ['child', 'week', 'view', 'subject'];

/** The new address of an old-style link, or null when `url` is not one. */
export function legacyRedirect(url: { pathname: string; search: string; hash: string }): string | null {
  const [, screen, rawId] = url.hash.replace(/^#/, '').split('/');
  const id = rawId ? decodeSegment(rawId) : '';
  if (screen === 'call' && id) return callPath(id);
  if (screen === 'join' && id) return joinPath(id);
  if (screen === 'calls') return CALLS_PATH;
  if (screen === 'online-lessons') return LESSONS_PATH;
  if (url.pathname !== '/') return null;
  const query = new URLSearchParams(url.search);
  if (!DIARY_QUERY.some((key) => query.has(key))) return null;
  const subjectId = query.get('subject');
  const place: DiaryPlace = subjectId
    ? { view: 'subject', subjectId }
    : query.get('view') === 'grades'
      ? { view: 'grades' }
      : { view: 'week', week: query.get('week') || null };
  return diaryPath(place, query.get('child'));
}

/** Rewrites an old-style address in place (no extra history entry) before the app first renders. */
export function redirectLegacyLink(): void {
  const next = legacyRedirect(location);
  if (next) history.replaceState(history.state, '', next);
}
