/**
 * Fair share: one person's GraphQL operations over HTTP run one at a time, in the order they came.
 * The cost and byte ceilings bound one request; without this, one pupil with five connections runs
 * five of the heaviest at once, and everybody else's pull waits behind all of them (each heavy
 * request is a few long stretches of the one event loop: reading a page of rows, which on PGlite is
 * this very thread, building the answer, measuring it and serialising it). Taking turns per person,
 * another person's request waits behind at most one stretch of one of them.
 *
 * The turn is taken after parsing, validation and the cost check (a request the limits refuse never
 * waits) and held until the answer is serialised (Yoga's onResponse, or the end of a streamed
 * answer). It is keyed by person, not by session: signing in five times must not buy five turns. Requests without a session do not take
 * turns: all they may run is signing in or asking who is signed in. Subscriptions (the sync stream)
 * are long-lived and go over the WebSocket, so they never hold a turn.
 */
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from './context.ts';
import { streamedBodyDone } from './json-stream.ts';

/** If an answer were somehow never produced, its person must not wait forever: a turn ends after this. */
export const TURN_MAX_MS = 60_000;

/** FIFO turns per key; `take` resolves when it is this caller's turn, with the function that ends it. */
export class Turns {
  private readonly tails = new Map<string, Promise<void>>();

  async take(key: string): Promise<() => void> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let end!: () => void;
    const mine = new Promise<void>((resolve) => (end = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    const timer = setTimeout(() => release(), TURN_MAX_MS);
    timer.unref();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      end();
      // The last in line leaves no entry behind.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    return release;
  }

  /** How many people have a request running or waiting (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

export function sessionTurnsPlugin(turns = new Turns()): Plugin<RequestContext> {
  const held = new WeakMap<object, () => void>();
  return {
    async onExecute({ args }) {
      const ctx = args.contextValue as RequestContext & { request?: Request };
      if (!ctx.session || !ctx.request) return;
      const release = await turns.take(ctx.session.userId);
      held.set(ctx.request, release);
    },
    onResponse({ request, response }) {
      const release = held.get(request);
      if (!release) return;
      held.delete(request);
      // A large answer is serialised while it is sent (json-stream.ts): the turn lasts until then.
      const streaming = streamedBodyDone.get(response);
      if (streaming) void streaming.then(release);
      else release();
    },
  };
}

const inRequest = new WeakMap<object, Promise<unknown>>();

/**
 * Runs the reads of one request one after another (e.g. its pulls: a request may hold three). On
 * PGlite every read is a stretch of this very thread, and reads wait for the database in order of
 * asking: three pages asked at once would all go ahead of another person's pull that came a moment
 * later; asked in turn, that pull goes between them.
 */
export function inTurn<T>(ctx: object, read: () => Promise<T>): Promise<T> {
  const before = inRequest.get(ctx) ?? Promise.resolve();
  const mine = before.then(read, read);
  inRequest.set(
    ctx,
    mine.catch(() => undefined),
  );
  return mine;
}
