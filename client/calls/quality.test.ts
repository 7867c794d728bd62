import { describe, expect, it } from 'vitest';
import { createQualityTracker, intervalIsWeak, readStats, emptySample, type StatsSample } from './quality.ts';

const sample = (at: number, received: number, lost: number, extra: Partial<StatsSample> = {}): StatsSample => ({
  at,
  packetsReceived: received,
  packetsLost: lost,
  rttMs: undefined,
  outgoingBitrate: undefined,
  ...extra,
});

describe('connection quality', () => {
  it('an interval with heavy loss, a long round trip or too little upload is weak', () => {
    expect(intervalIsWeak(sample(0, 0, 0), sample(2000, 1000, 10))).toBe(false);
    expect(intervalIsWeak(sample(0, 0, 0), sample(2000, 800, 200))).toBe(true);
    expect(intervalIsWeak(sample(0, 0, 0), sample(2000, 1000, 0, { rttMs: 900 }))).toBe(true);
    expect(intervalIsWeak(sample(0, 0, 0), sample(2000, 1000, 0, { outgoingBitrate: 60_000 }))).toBe(true);
    expect(intervalIsWeak(sample(0, 0, 0), sample(2000, 1000, 0, { outgoingBitrate: 900_000, rttMs: 40 }))).toBe(false);
  });

  it('counts only the interval: old losses do not keep it weak', () => {
    expect(intervalIsWeak(sample(0, 1000, 500), sample(2000, 2000, 505))).toBe(false);
  });

  it('turns weak after two bad intervals and good again after three good ones', () => {
    const tracker = createQualityTracker();
    let received = 0;
    let lost = 0;
    const step = (bad: boolean): string => {
      received += 100;
      lost += bad ? 30 : 0;
      return tracker.push(sample(received * 10, received, lost));
    };
    expect(tracker.push(sample(0, 0, 0))).toBe('good');
    expect(step(true)).toBe('good'); // one burst: no warning
    expect(step(false)).toBe('good');
    expect(step(true)).toBe('good');
    expect(step(true)).toBe('weak');
    expect(step(false)).toBe('weak');
    expect(step(false)).toBe('weak');
    expect(step(true)).toBe('weak'); // a bad one resets the way back
    expect(step(false)).toBe('weak');
    expect(step(false)).toBe('weak');
    expect(step(false)).toBe('good');
  });

  it('reads inbound packets, the worst RTT and the smallest upload estimate from a stats report', () => {
    const entries = [
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 2 },
      { type: 'inbound-rtp', kind: 'video', packetsReceived: 150, packetsLost: 3 },
      { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.12, availableOutgoingBitrate: 800_000 },
      { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
    ];
    const report = { forEach: (fn: (s: unknown) => void) => entries.forEach(fn) } as unknown as RTCStatsReport;
    const first = readStats(report, emptySample(1));
    expect(first).toEqual({ at: 1, packetsReceived: 200, packetsLost: 5, rttMs: 120, outgoingBitrate: 800_000 });
    // A second connection of the same call adds up.
    expect(readStats(report, first).packetsReceived).toBe(400);
  });
});
