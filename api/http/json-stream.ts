/**
 * Large answers are serialised a slice at a time. Yoga turns an answer into one JSON string and
 * then into one UTF-8 buffer, each in a single stretch of the event loop: for an answer near the
 * byte ceiling (two pages of the longest Cyrillic messages, 15 MB) that is hundreds of milliseconds
 * in which no other request moves — on a busy machine over a second. Here such an answer becomes a
 * stream: each document is stringified on its own, and the stream hands the event loop back after
 * every few milliseconds of work, so another person's pull waits for one slice, not one answer.
 *
 * Only answers without errors, that would be larger than STREAM_ABOVE_BYTES, and only for the media
 * types Yoga's regular processor serves; everything else keeps Yoga's own processing (status codes
 * from errors and all). The bytes sent are the same JSON.stringify would give.
 */
import { Buffer } from 'node:buffer';
import type { Plugin } from 'graphql-yoga';
import { SLICE_MS, jsonLargerThan, nextTurnOfEventLoop } from './response-limit.ts';

/** Below this an answer takes a millisecond or two to serialise: not worth a stream. */
export const STREAM_ABOVE_BYTES = 256 * 1024;
/** Characters gathered into one chunk at most (a chunk is encoded to UTF-8 at once). */
const CHUNK_CHARS = 64 * 1024;

/**
 * The JSON text of a GraphQL answer in pieces: objects opened key by key, every list element
 * stringified on its own (a synced document is at most a few tens of KB). GraphQL answers are plain
 * data (scalars already serialised), so this equals JSON.stringify(value).
 */
export function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const element: unknown = value[i];
      if (Array.isArray(element)) yield* jsonPieces(element);
      else yield JSON.stringify(element) ?? 'null';
    }
    yield ']';
  } else if (value !== null && typeof value === 'object') {
    yield '{';
    let first = true;
    for (const [key, element] of Object.entries(value)) {
      if (element === undefined || typeof element === 'function') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(element);
    }
    yield '}';
  } else yield JSON.stringify(value) ?? 'null';
}

/** Resolves when a streamed answer has been produced to its end (or abandoned): session-turns.ts waits for it. */
export const streamedBodyDone = new WeakMap<Response, Promise<void>>();

/** A byte stream of `pieces`, at most SLICE_MS of work per chunk, the event loop free between chunks. */
export function slicedStream(pieces: Iterator<string>, onEnd: () => void): ReadableStream<Uint8Array> {
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await nextTurnOfEventLoop();
      const started = performance.now();
      let chunk = '';
      for (;;) {
        const next = pieces.next();
        if (next.done) {
          if (chunk) controller.enqueue(Buffer.from(chunk));
          controller.close();
          end();
          return;
        }
        chunk += next.value;
        if (chunk.length >= CHUNK_CHARS || performance.now() - started >= SLICE_MS) break;
      }
      controller.enqueue(Buffer.from(chunk));
    },
    cancel: end,
  });
}

const REGULAR_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'];

/** The media type Yoga's regular processor would answer with (its choice: the last match, in the request's order). */
function regularMediaType(accept: string | null): string | null {
  let chosen: string | null = null;
  const wanted = (accept ?? '*/*').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  for (const type of wanted) {
    for (const candidate of REGULAR_MEDIA_TYPES) {
      if (type === candidate || type === '*/*' || type === 'application/*') chosen = candidate;
    }
  }
  return chosen;
}

export const streamLargeAnswersPlugin: Plugin = {
  onResultProcess({ request, result, setResultProcessor }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    if (result.errors?.length || result.extensions) return;
    const mediaType = regularMediaType(request.headers.get('accept'));
    if (!mediaType || !jsonLargerThan(result.data, STREAM_ABOVE_BYTES)) return;
    setResultProcessor((single, fetchAPI) => {
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const body = slicedStream(jsonPieces({ data: (single as { data?: unknown }).data }), done);
      const response = new fetchAPI.Response(body, { status: 200, headers: { 'Content-Type': `${mediaType}; charset=utf-8` } });
      streamedBodyDone.set(response, finished);
      return response;
    }, mediaType);
  },
};
