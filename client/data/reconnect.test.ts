import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './replication.ts';

describe('stream reconnect waits', () => {
  it('double from about a second up to about ten, and never grow beyond', () => {
    expect(reconnectDelay(0, 0.5)).toBe(1_000);
    expect(reconnectDelay(1, 0.5)).toBe(2_000);
    expect(reconnectDelay(3, 0.5)).toBe(8_000);
    expect(reconnectDelay(4, 0.5)).toBe(10_000);
    expect(reconnectDelay(1_000, 0.5)).toBe(10_000);
  });

  it('spread over ±50 % so devices that lost the network together do not return together', () => {
    expect(reconnectDelay(2, 0)).toBe(2_000);
    expect(reconnectDelay(2, 0.999)).toBeCloseTo(5_996);
    const waits = new Set(Array.from({ length: 20 }, () => Math.round(reconnectDelay(3))));
    expect(waits.size).toBeGreaterThan(10);
    for (const w of waits) expect(w >= 4_000 && w < 12_000).toBe(true);
  });
});
