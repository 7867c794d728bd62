/**
 * «Your connection is weak»: decided from WebRTC statistics sampled every few seconds, with
 * hysteresis so the warning does not flicker on one lost burst.
 */

/** Totals read from getStats() at one moment, summed over every connection of the call. */
export interface StatsSample {
  at: number;
  packetsReceived: number;
  packetsLost: number;
  /** Round-trip time of the selected candidate pair(s), worst one, ms; undefined when unknown. */
  rttMs: number | undefined;
  /** Estimated bandwidth for sending, bits/s; undefined when not sending. */
  outgoingBitrate: number | undefined;
}

export type Quality = 'good' | 'weak';

export const WEAK_LOSS = 0.08;
export const WEAK_RTT_MS = 500;
/** Below this a sender cannot keep even the lowest simulcast layer plus audio. */
export const WEAK_OUTGOING_BPS = 120_000;
/** Intervals in a row before the level changes (weak comes quicker than it goes). */
export const TO_WEAK = 2;
export const TO_GOOD = 3;

/** One interval between two samples: is it weak? */
export function intervalIsWeak(previous: StatsSample, current: StatsSample): boolean {
  const lost = Math.max(0, current.packetsLost - previous.packetsLost);
  const received = Math.max(0, current.packetsReceived - previous.packetsReceived);
  const loss = lost + received > 0 ? lost / (lost + received) : 0;
  if (loss > WEAK_LOSS) return true;
  if (current.rttMs !== undefined && current.rttMs > WEAK_RTT_MS) return true;
  return current.outgoingBitrate !== undefined && current.outgoingBitrate < WEAK_OUTGOING_BPS;
}

export interface QualityTracker {
  /** Adds a sample; returns the level after it. */
  push(sample: StatsSample): Quality;
  readonly level: Quality;
  reset(): void;
}

export function createQualityTracker(): QualityTracker {
  let previous: StatsSample | null = null;
  let level: Quality = 'good';
  let streak = 0;
  return {
    push(sample) {
      if (previous) {
        const weak = intervalIsWeak(previous, sample);
        const agrees = weak === (level === 'weak');
        streak = agrees ? 0 : streak + 1;
        if (streak >= (level === 'good' ? TO_WEAK : TO_GOOD)) {
          level = level === 'good' ? 'weak' : 'good';
          streak = 0;
        }
      }
      previous = sample;
      return level;
    },
    get level() {
      return level;
    },
    reset() {
      previous = null;
      level = 'good';
      streak = 0;
    },
  };
}

/** Adds up inbound packets, the worst RTT and the outgoing estimate of one RTCStatsReport. */
export function readStats(report: RTCStatsReport, into: StatsSample): StatsSample {
  let { packetsReceived, packetsLost, rttMs, outgoingBitrate } = into;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp') {
      packetsReceived += Number(s.packetsReceived ?? 0);
      packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
    } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      if (typeof s.currentRoundTripTime === 'number') rttMs = Math.max(rttMs ?? 0, s.currentRoundTripTime * 1000);
      if (typeof s.availableOutgoingBitrate === 'number')
        outgoingBitrate = Math.min(outgoingBitrate ?? Number.POSITIVE_INFINITY, s.availableOutgoingBitrate);
    }
  });
  return { at: into.at, packetsReceived, packetsLost, rttMs, outgoingBitrate };
}

export function emptySample(at: number): StatsSample {
  return { at, packetsReceived: 0, packetsLost: 0, rttMs: undefined, outgoingBitrate: undefined };
}
