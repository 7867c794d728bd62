/**
 * When a supervised server that died is started again: at once the first time, then backing off
 * (a server that dies on start — a port taken, a database down — must not spin a core), and from
 * the start again once a run has lasted long enough to count as healthy.
 */
import { backoffDelay } from '../../sync/backoff.ts';

export interface RestartPolicy {
  /** The run that just ended lasted `uptimeMs`: how long to wait before the next start. */
  nextDelay(uptimeMs: number): number;
}

export function restartPolicy({ firstMs = 500, maxMs = 30_000, healthyAfterMs = 60_000 } = {}): RestartPolicy {
  let failures = 0;
  return {
    nextDelay(uptimeMs) {
      if (uptimeMs >= healthyAfterMs) failures = 0;
      // Exact waits: one process restarts one child, there is no crowd to spread out.
      return backoffDelay(failures++, { baseMs: firstMs, maxMs, jitter: false });
    },
  };
}
