import { describe, expect, it } from 'vitest';
import { restartPolicy } from './restart-policy.ts';

describe('restartPolicy', () => {
  it('backs off while the server keeps dying early, up to the ceiling', () => {
    const policy = restartPolicy({ firstMs: 500, maxMs: 30_000, healthyAfterMs: 60_000 });
    const delays = Array.from({ length: 9 }, () => policy.nextDelay(1_000));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a run long enough to count as healthy', () => {
    const policy = restartPolicy({ firstMs: 500, maxMs: 30_000, healthyAfterMs: 60_000 });
    policy.nextDelay(10);
    policy.nextDelay(10);
    expect(policy.nextDelay(10)).toBe(2_000);
    expect(policy.nextDelay(3_600_000)).toBe(500);
  });
});
