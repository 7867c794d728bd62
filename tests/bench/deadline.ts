/** Bounds on everything that could otherwise wait forever (page.evaluate has no timeout of its own). */

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string, onTimeout?: () => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Lets the caller tear down what `work` waits on (e.g. close the browser context), so it settles too.
      void Promise.resolve(onTimeout?.()).catch(() => undefined);
      reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
