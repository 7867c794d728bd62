import { describe, expect, it } from 'vitest';
import { legacyRedirect } from './legacy-links.ts';

const at = (url: string): string | null => {
  const { pathname, search, hash } = new URL(url, 'https://parta.example');
  return legacyRedirect({ pathname, search, hash });
};

describe('links from before path URLs', () => {
  it('the diary’s query becomes its path, the child kept', () => {
    expect(at('/?week=2026-11-30')).toBe('/diary/week/2026-11-30');
    expect(at('/?child=u-s-02&week=2026-11-30')).toBe('/diary/week/2026-11-30?child=u-s-02');
    expect(at('/?view=grades&child=u-s-02')).toBe('/diary/grades?child=u-s-02');
    expect(at('/?subject=subj-math&week=2026-11-30')).toBe('/diary/subject/subj-math');
    expect(at('/?child=u-s-02')).toBe('/diary?child=u-s-02');
    // A broken week still lands in the diary, which shows this week for it.
    expect(at('/?week=2026-13-45')).toBe('/diary/week/2026-13-45');
  });

  it('hash screens become their paths, winning over a diary query as they did', () => {
    expect(at('/#/call/c-1f2e')).toBe('/calls/c-1f2e');
    expect(at('/?week=2026-11-30#/call/c-1f2e')).toBe('/calls/c-1f2e');
    expect(at('/#/join/Ab3_x-9')).toBe('/calls/join/Ab3_x-9');
    expect(at('/#/calls')).toBe('/calls');
    expect(at('/#/online-lessons')).toBe('/lessons');
  });

  it('leaves new addresses, and anything else, alone', () => {
    for (const url of ['/', '/diary/week/2026-11-30', '/diary?child=u-s-02', '/calls/c-1', '/privacy', '/?utm_source=sms', '/#/call/', '/#/nonsense']) expect(at(url), url).toBeNull();
  });
});
