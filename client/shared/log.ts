/**
 * The client's tiny logger: one place for console lines, each with the part of the app speaking.
 * `warn` is for failures the app survives (a device refused, a best-effort request lost): the
 * end-to-end tests let warnings pass and fail on console errors, so `error` is kept for what
 * really broke (a render, a sign-out that could not wipe local data). `debug` is for the routine
 * (statistics of a closing connection) and stays hidden in a browser's default console view.
 */
export interface ClientLogger {
  debug(message: string, error?: unknown): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export function log(tag: string): ClientLogger {
  const line =
    (write: (...args: unknown[]) => void) =>
    (message: string, error?: unknown): void => {
      if (error === undefined) write(`[${tag}] ${message}`);
      else write(`[${tag}] ${message}:`, error);
    };
  return { debug: line(console.debug), warn: line(console.warn), error: line(console.error) };
}

/** A `.catch` handler for a best-effort step: the failure is written (at `level`), not thrown. */
export function noted(logger: ClientLogger, what: string, level: 'debug' | 'warn' = 'warn'): (error: unknown) => void {
  return (error) => logger[level](`${what} failed`, error);
}
