/**
 * A ceiling on the answer. The cost limit bounds how many values an answer holds, not how long
 * each is (a message is up to 4096 characters), so the result is measured before it is serialised
 * and an answer over the ceiling is replaced by an error: it is never turned into one large string,
 * let alone sent.
 */
import { Buffer } from 'node:buffer';
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from './context.ts';
import { userError } from './errors.ts';
import { RESPONSE_MAX_BYTES } from './limits.ts';

/**
 * Whether `value` as JSON would take more than `ceiling` bytes. Counts as it walks (iteratively,
 * stopping as soon as it is over), so measuring costs no more than a fraction of serialising;
 * escapes inside strings are not counted, which makes it a close estimate from below.
 */
export function jsonLargerThan(value: unknown, ceiling: number): boolean {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') bytes += Buffer.byteLength(item) + 2;
    else if (Array.isArray(item)) {
      bytes += 2 + item.length;
      for (const element of item) pending.push(element);
    } else if (item !== null && typeof item === 'object') {
      bytes += 2;
      for (const [key, element] of Object.entries(item)) {
        bytes += key.length + 4;
        pending.push(element);
      }
    } else bytes += String(item).length;
    if (bytes > ceiling) return true;
  }
  return false;
}

export function responseLimitPlugin(ceiling = RESPONSE_MAX_BYTES): Plugin<RequestContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          // Streams (@defer, subscriptions) come in small parts; only a whole answer is measured.
          if (Symbol.asyncIterator in result) return;
          if (!jsonLargerThan(result.data, ceiling)) return;
          const max = Math.round(ceiling / 2 ** 20);
          setResult({ errors: [userError((args.contextValue as RequestContext).lang, 'RESPONSE_TOO_LARGE', { max })] });
        },
      };
    },
  };
}
