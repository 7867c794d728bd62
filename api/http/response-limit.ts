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

/** A walk over a value's JSON size: what is left to visit and the bytes counted so far. */
interface Walk {
  pending: unknown[];
  bytes: number;
}

/** Visits until the walk is over `ceiling` (true), done (false), or `deadline` passes (undefined). */
function walk(state: Walk, ceiling: number, deadline = Infinity): boolean | undefined {
  const { pending } = state;
  let steps = 0;
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') state.bytes += jsonStringBytes(item);
    else if (Array.isArray(item)) {
      state.bytes += 1 + Math.max(item.length, 1); // brackets and commas
      for (const element of item) pending.push(element);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      state.bytes += 1 + Math.max(entries.length, 1); // braces and commas
      for (const [key, element] of entries) {
        state.bytes += key.length + 3; // GraphQL names are ASCII: quotes and a colon
        pending.push(element);
      }
    } else state.bytes += String(item).length;
    if (state.bytes > ceiling) return true;
    // Reading the clock costs more than a step: look at it every 256 steps.
    if ((++steps & 255) === 0 && performance.now() > deadline) return undefined;
  }
  return false;
}

/**
 * Whether `value` as JSON would take more than `ceiling` bytes. Counts as it walks (iteratively,
 * stopping as soon as it is over), so measuring costs a fraction of serialising. Strings are
 * counted exactly, escapes included: a text of quotes is twice its length.
 */
export function jsonLargerThan(value: unknown, ceiling: number): boolean {
  return walk({ pending: [value], bytes: 0 }, ceiling)!;
}

/** Work done before a large answer's measuring or serialising (json-stream.ts) hands the event loop back. */
export const SLICE_MS = 4;

/** Lets every other request waiting on the event loop move before the next slice. */
export const nextTurnOfEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * jsonLargerThan for a whole answer, in slices of SLICE_MS: measuring an answer near the ceiling
 * takes tens of milliseconds (more on a busy machine), which another person's pull must not wait
 * for in one piece.
 */
export async function jsonLargerThanSliced(value: unknown, ceiling: number): Promise<boolean> {
  const state: Walk = { pending: [value], bytes: 0 };
  for (;;) {
    const over = walk(state, ceiling, performance.now() + SLICE_MS);
    if (over !== undefined) return over;
    await nextTurnOfEventLoop();
  }
}

export function responseLimitPlugin(ceiling = RESPONSE_MAX_BYTES): Plugin<RequestContext> {
  return {
    onExecute({ args }) {
      return {
        async onExecuteDone({ result, setResult }) {
          // Streams (@defer, subscriptions) come in small parts; only a whole answer is measured.
          if (Symbol.asyncIterator in result) return;
          if (!(await jsonLargerThanSliced(result.data, ceiling))) return;
          const max = Math.round(ceiling / 2 ** 20);
          setResult({ errors: [userError((args.contextValue as RequestContext).lang, 'RESPONSE_TOO_LARGE', { max })] });
        },
      };
    },
  };
}
