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

/** Characters JSON writes as more than themselves: `"`, `\`, control characters (\u00XX) and surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string's bytes in JSON: exact, and cheap for the usual string that needs no escape. */
function jsonStringBytes(text: string): number {
  return ESCAPED.test(text) ? Buffer.byteLength(JSON.stringify(text)) : Buffer.byteLength(text) + 2;
}

/**
 * Whether `value` as JSON would take more than `ceiling` bytes. Counts as it walks (iteratively,
 * stopping as soon as it is over), so measuring costs a fraction of serialising. Strings are
 * counted exactly, escapes included: a message of control characters is six times its length.
 */
export function jsonLargerThan(value: unknown, ceiling: number): boolean {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') bytes += jsonStringBytes(item);
    else if (Array.isArray(item)) {
      bytes += 1 + Math.max(item.length, 1); // brackets and commas
      for (const element of item) pending.push(element);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      bytes += 1 + Math.max(entries.length, 1); // braces and commas
      for (const [key, element] of entries) {
        bytes += key.length + 3; // GraphQL names are ASCII: quotes and a colon
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
