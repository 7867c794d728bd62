/**
 * Servers, browsers and temp dirs a benchmark has open, so that a watchdog timeout or Ctrl-C still
 * stops them: a server child left behind would keep its port and a PGlite directory busy.
 */
type Cleanup = () => unknown;

const pending = new Set<Cleanup>();

/** Registers `fn` to run if the whole run is aborted; call the returned function once it has run normally. */
export function onAbort(fn: Cleanup): () => void {
  pending.add(fn);
  return () => pending.delete(fn);
}

export async function abortAll(): Promise<void> {
  const fns = [...pending].reverse();
  pending.clear();
  await Promise.allSettled(fns.map(async (fn) => fn()));
}
