/**
 * When a supervised server that died is started again: at once the first time, then backing off
 * (a server that dies on start — a port taken, a database down — must not spin a core), and from
 * the start again once a run has lasted long enough to count as healthy.
 */
export interface RestartPolicy {
  /** The run that just ended lasted `uptimeMs`: how long to wait before the next start. */
  nextDelay(uptimeMs: number): number;
}

export function restartPolicy({ firstMs = 500, maxMs = 30_000, healthyAfterMs = 60_000 } = {}): RestartPolicy {
  let failures = 0;
  return {
    nextDelay(uptimeMs) {
      if (uptimeMs >= healthyAfterMs) failures = 0;
      const delay = Math.min(maxMs, firstMs * 2 ** failures);
      failures++;
      return delay;
    },
  };
}
