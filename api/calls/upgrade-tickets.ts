/**
 * Who may open the calls' WebSockets. PeerJS (`/peerjs/peerjs?key=…&id=…&token=…`): only a live
 * presence of a mesh call, by the peer id and token joinCall issued, with the session of the person
 * who joined. The SFU proxy (`/sfu`): only a session holding a live presence in an SFU call.
 * Both stay open only while that presence is in the call and that session lives.
 */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, SESSION_ENDED_CLOSE, SESSION_ENDED_REASON } from '../../sync/index.ts';
import type { SessionSockets } from '../http/session-sockets.ts';
import { findSession, readCookie, type SessionUser } from '../http/sessions.ts';
import type { Queryable } from '../db/database.ts';
import type { ChangeHub } from '../sync/change-hub.ts';
import type { SfuSeat, SocketEnd } from './sfu.ts';
import { PEER_KEY } from './ticket.ts';
import { log } from '../shared/log.ts';

const logger = log('calls');

/** Close code for «you are no longer in this call» (application range), on PeerJS and SFU sockets alike. */
export const CLOSE_LEFT_CALL = 4001;

export interface PeerHolder {
  participantId: string;
  callId: string;
  /** The session that opened the socket: it closes when that session ends. */
  tokenHash: string;
}

function sessionOf(db: Queryable, req: IncomingMessage): Promise<SessionUser | null> {
  return findSession(db, readCookie(req.headers.cookie, SESSION_COOKIE));
}

export async function peerTicketHolder(db: Queryable, req: IncomingMessage): Promise<PeerHolder | null> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const id = query.get('id');
  const token = query.get('token');
  if (!id || !token || query.get('key') !== PEER_KEY) return null;
  const session = await sessionOf(db, req);
  if (!session) return null;
  const [row] = await db.query<{ call_id: string }>(
    `SELECT p.call_id FROM call_participants p JOIN calls c ON c.id = p.call_id
      WHERE p.id = $1 AND p.token = $2 AND p.user_id = $3 AND p.left_at IS NULL AND NOT p.removed
        AND c.status = 'published' AND c.transport = 'mesh'`,
    [id, token, session.userId],
  );
  return row ? { participantId: id, callId: row.call_id, tokenHash: session.tokenHash } : null;
}

/** The SFU seat `/sfu?p=<participant id>` asks for: a live presence of the session's person in an SFU call. */
export interface SfuSeatRow {
  callId: string;
  participantId: string;
  room: number;
  token: string;
  /** The session that opened the relay: it closes when that session ends. */
  tokenHash: string;
}

export async function sfuSeatOf(db: Queryable, req: IncomingMessage): Promise<SfuSeatRow | null> {
  const participantId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('p');
  if (!participantId) return null;
  const session = await sessionOf(db, req);
  if (!session) return null;
  const [row] = await db.query<{ call_id: string; token: string; sfu_room: number | string | null }>(
    `SELECT p.call_id, p.token, c.sfu_room FROM call_participants p JOIN calls c ON c.id = p.call_id
      WHERE p.id = $1 AND p.user_id = $2 AND p.left_at IS NULL AND NOT p.removed
        AND c.status = 'published' AND c.transport = 'sfu' AND c.sfu_room IS NOT NULL`,
    [participantId, session.userId],
  );
  return row ? { callId: row.call_id, participantId, room: Number(row.sfu_room), token: row.token, tokenHash: session.tokenHash } : null;
}

/** Presences among `participantIds` that are no longer in their call (left, removed, or it ended). */
export async function goneParticipants(db: Queryable, participantIds: string[]): Promise<string[]> {
  const live = await db.query<{ id: string }>(
    `SELECT p.id FROM call_participants p JOIN calls c ON c.id = p.call_id
      WHERE p.id = ANY($1::text[]) AND p.left_at IS NULL AND NOT p.removed AND c.status = 'published'`,
    [participantIds],
  );
  const still = new Set(live.map((r) => r.id));
  return participantIds.filter((id) => !still.has(id));
}

/**
 * How long an SFU relay may stay open: while its presence is in the call (looked at on every change
 * of the call, from any API process) and while the session that opened it lives.
 */
export function seatWatch(db: Queryable, hub: ChangeHub, sessions: SessionSockets, seat: SfuSeatRow): SfuSeat['watch'] {
  return (close) => {
    const left: SocketEnd = { code: CLOSE_LEFT_CALL, reason: 'Left the call' };
    const offCall = hub.subscribe('call', new Set([seat.callId]), () => {
      void goneParticipants(db, [seat.participantId])
        .then((gone) => gone.length > 0 && close(left))
        .catch((error: unknown) => logger.warn('checking an SFU seat failed', { error }));
    });
    const offSession = sessions.hold(seat.tokenHash, () => close({ code: SESSION_ENDED_CLOSE, reason: SESSION_ENDED_REASON }));
    return () => {
      offCall();
      offSession();
    };
  };
}
