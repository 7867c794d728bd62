import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoff', () => {
  const policy = { baseMs: 1_000, maxMs: 10_000 };

  it('doubles from the base and stops at the cap (middle of the spread)', () => {
    expect([0, 1, 2, 3, 4, 5, 60, 5_000].map((n) => backoffDelay(n, policy, 0.5))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('spreads each wait over half to one and a half times its length', () => {
    expect(backoffDelay(2, policy, 0)).toBe(2_000);
    expect(backoffDelay(2, policy, 0.999)).toBeCloseTo(5_996);
    const waits = new Set(Array.from({ length: 20 }, () => Math.round(backoffDelay(3, policy))));
    expect(waits.size).toBeGreaterThan(1);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(4_000);
    for (const w of waits) expect(w).toBeLessThanOrEqual(12_000);
  });

  it('without jitter waits exactly, and a negative attempt counts as the first', () => {
    expect([-1, 0, 1, 2, 9].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 8_000, jitter: false }, 0.9))).toEqual([500, 500, 1_000, 2_000, 8_000]);
  });
});
