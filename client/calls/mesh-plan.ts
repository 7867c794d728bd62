import { backoffDelay } from '../../sync/backoff.ts';

/**
 * Who calls whom in a mesh. Each pair is connected exactly once: the participant with the smaller
 * id calls (a newcomer with a larger id is called by everyone already there, one with a smaller id
 * calls them), so two people never call each other at the same instant and end up with two
 * connections. A failed or dropped connection is called again by the same side while both stay.
 */
export function callsFirst(me: string, other: string): boolean {
  return me < other;
}

export interface MeshPlan {
  /** Participants this device must call now. */
  call: string[];
  /** Connections to close: those participants left the room. */
  close: string[];
}

/**
 * @param roster participant ids in the room (this device's among them or not)
 * @param connected ids with a connection open or being set up
 * @param waiting ids whose connection failed and whose retry delay has not run out (timers, not
 *   clock readings: a page's clock may be pinned or jump)
 */
export function planMesh(me: string, roster: readonly string[], connected: ReadonlySet<string>, waiting: ReadonlySet<string> = new Set()): MeshPlan {
  const present = new Set(roster.filter((id) => id !== me));
  const call = [...present].filter((id) => callsFirst(me, id) && !connected.has(id) && !waiting.has(id)).sort();
  const close = [...connected].filter((id) => !present.has(id)).sort();
  return { call, close };
}

/** Waits before calling a participant again after the n-th failure in a row: 0.5 s doubling to 8 s. */
export function retryDelay(failures: number): number {
  // No spread: only one side of a pair calls again, so there is no crowd to spread out.
  return backoffDelay(failures - 1, { baseMs: 500, maxMs: 8_000, jitter: false });
}
