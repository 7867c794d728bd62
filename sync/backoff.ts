/**
 * The one exponential backoff of both sides (pure, no library, so it lives in the shared contract):
 * every reconnect and retry waits `baseMs`, doubling with each attempt up to `maxMs`, and (unless
 * asked otherwise) spread over ±50 % so that a school's phones coming back together do not all
 * knock in the same instant. The server uses it too: a database listener reconnecting, Janus
 * restarting.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** Spread each wait over 0.5–1.5 times its length (default). Off where the exact wait matters. */
  jitter?: boolean;
}

/** The wait before retry number `attempt` (0: the first retry). `random` in [0, 1) is for tests. */
export function backoffDelay(attempt: number, policy: Backoff, random: number = Math.random()): number {
  const wait = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return policy.jitter === false ? wait : wait * (0.5 + random);
}

/** Resolves after the backoff's wait for retry number `attempt`. */
export function backoffWait(attempt: number, policy: Backoff): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, policy)));
}
