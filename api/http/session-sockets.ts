/**
 * Everything a session holds open — the graphql-ws socket (sync streams, call rooms), PeerJS
 * signalling sockets, SFU relays — is held here under the session's token hash with how to close
 * it, and closed within moments when the session ends, whichever API process ended it:
 *
 * - Sign-out, and any other deletion of the row, NOTIFYs `session:<token hash>` on the change
 *   channel (006_session_ends.sql); every process's ChangeHub hears it and re-reads the session.
 * - Expiry writes nothing, so each process keeps one timer per held session, set to its expiry as
 *   the database counts it (`expires_at - now()`, so the API's clock does not matter). A changed
 *   expiry NOTIFYs too and moves the timer.
 * - The listening connection lost (ChangeHub's gap): every held session is read again.
 *
 * Timers rather than a periodic sweep: expiry is then exact to the moment and costs nothing while
 * sessions live, where a sweep would query every few seconds for sessions that expire after months,
 * and be late by up to its period.
 *
 * Each hold re-reads the session after registering: a sign-out between the socket's own session
 * check (at its upgrade) and its registration would otherwise go unseen.
 */
import type { WebSocket } from 'ws';
import { SESSION_ENDED_CLOSE, SESSION_ENDED_REASON } from '../../sync/index.ts';
import type { Queryable } from '../db/database.ts';
import type { ChangeHub } from '../sync/change-hub.ts';
import { log } from '../shared/log.ts';

const logger = log('sessions');

export type CloseHeld = () => void;

/** setTimeout's longest wait (about 24.8 days); a longer expiry is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The database unreachable while reading a session: read it again after this long. */
const RETRY_MS = 5_000;
/** A peer that does not answer the close handshake is cut off after this long. */
const CLOSE_GRACE_MS = 1_000;

interface Held {
  closers: Set<CloseHeld>;
  timer: ReturnType<typeof setTimeout> | null;
  /** Reads started; only the latest one's answer counts. */
  reads: number;
  unsubscribe: () => void;
}

export class SessionSockets {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly db: Queryable,
    private readonly hub: ChangeHub,
  ) {}

  /** Sessions with something held open in this process. */
  get size(): number {
    return this.held.size;
  }

  /** Calls `close` once when the session ends (at once if it already has); returns the release. */
  hold(tokenHash: string, close: CloseHeld): () => void {
    let entry = this.held.get(tokenHash);
    if (!entry) {
      const unsubscribe = this.hub.subscribe('session', new Set([tokenHash]), () => void this.read(tokenHash));
      this.held.set(tokenHash, (entry = { closers: new Set(), timer: null, reads: 0, unsubscribe }));
    }
    // One wrapper per hold: the same function held twice is two holds.
    const closer: CloseHeld = () => close();
    entry.closers.add(closer);
    void this.read(tokenHash);
    const held = entry;
    return () => {
      held.closers.delete(closer);
      if (held.closers.size === 0) this.forget(tokenHash, held);
    };
  }

  /**
   * Holds a WebSocket for the session: closed with SESSION_ENDED_CLOSE (the client then shows the
   * signed-out state rather than reconnecting), released when it closes for any reason.
   */
  holdSocket(tokenHash: string, ws: WebSocket): void {
    const release = this.hold(tokenHash, () => closeSocket(ws, SESSION_ENDED_CLOSE, SESSION_ENDED_REASON));
    ws.once('close', release);
  }

  /** Stops timers and listening; what is held stays open (the server closes it on shutdown). */
  dispose(): void {
    for (const [tokenHash, entry] of this.held) this.forget(tokenHash, entry);
  }

  private async read(tokenHash: string): Promise<void> {
    const entry = this.held.get(tokenHash);
    if (!entry) return;
    const read = ++entry.reads;
    let msLeft: number | null;
    try {
      const [row] = await this.db.query<{ ms_left: number | string }>(
        'SELECT (extract(epoch FROM expires_at - now()) * 1000)::float8 AS ms_left FROM sessions WHERE token_hash = $1',
        [tokenHash],
      );
      msLeft = row ? Number(row.ms_left) : null;
    } catch (error) {
      // A database hiccup is not a sign-out: keep the sockets, and look again soon.
      logger.warn('reading a session failed', { error });
      if (this.held.get(tokenHash) === entry && read === entry.reads) this.wake(tokenHash, entry, RETRY_MS);
      return;
    }
    // Released meanwhile, or a later read (after a later notification) decides.
    if (this.held.get(tokenHash) !== entry || read !== entry.reads) return;
    if (msLeft === null || msLeft <= 0) this.end(tokenHash, entry);
    else this.wake(tokenHash, entry, msLeft);
  }

  /** Reads the session again after `ms` (at its expiry: the read then finds it expired). */
  private wake(tokenHash: string, entry: Held, ms: number): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.read(tokenHash), Math.min(Math.ceil(ms), MAX_TIMER_MS));
    // A held socket keeps the process alive, not its timer.
    entry.timer.unref();
  }

  private end(tokenHash: string, entry: Held): void {
    this.forget(tokenHash, entry);
    for (const close of entry.closers) {
      try {
        close();
      } catch (error) {
        logger.warn('closing a socket of an ended session failed', { error });
      }
    }
    entry.closers.clear();
  }

  private forget(tokenHash: string, entry: Held): void {
    if (this.held.get(tokenHash) !== entry) return;
    this.held.delete(tokenHash);
    if (entry.timer) clearTimeout(entry.timer);
    entry.unsubscribe();
  }
}

/**
 * Closes with a code the client reads; a peer that does not answer the close handshake would keep
 * the socket (and what is served on it) for `ws`'s 30 s, so it is cut off after a short grace.
 */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason);
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}
