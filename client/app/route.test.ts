import { describe, expect, it, vi } from 'vitest';

vi.stubGlobal('window', { addEventListener: () => undefined });
const { parseScreen, screenHash } = await import('./route.ts');

describe('hash screens', () => {
  it('reads calls, links and lists from the hash, the diary otherwise', () => {
    expect(parseScreen('#/call/c-1')).toEqual({ name: 'call', callId: 'c-1' });
    expect(parseScreen('#/join/Ab3_x')).toEqual({ name: 'join', linkCode: 'Ab3_x' });
    expect(parseScreen('#/calls')).toEqual({ name: 'calls' });
    expect(parseScreen('#/online-lessons')).toEqual({ name: 'online-lessons' });
    expect(parseScreen('')).toEqual({ name: 'diary' });
    expect(parseScreen('#/call/')).toEqual({ name: 'diary' });
    expect(parseScreen('#/nonsense')).toEqual({ name: 'diary' });
  });

  it('writes back what it reads', () => {
    for (const hash of ['#/call/c-1', '#/join/Ab3_x', '#/calls', '#/online-lessons']) expect(screenHash(parseScreen(hash))).toBe(hash);
  });
});
