/**
 * Who may open the calls' WebSockets. PeerJS (`/peerjs/peerjs?key=…&id=…&token=…`): only a live
 * presence of a mesh call, by the peer id and token joinCall issued, with the session of the person
 * who joined. The SFU proxy (`/sfu`): only a session holding a live presence in an SFU call.
 */
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../../sync/index.ts';
import { findSession, readCookie } from '../accounts/sessions.ts';
import type { Queryable } from '../db/database.ts';
import { PEER_KEY } from './ticket.ts';

export interface PeerHolder {
  participantId: string;
  callId: string;
}

async function sessionUser(db: Queryable, req: IncomingMessage): Promise<string | null> {
  const session = await findSession(db, readCookie(req.headers.cookie, SESSION_COOKIE));
  return session?.userId ?? null;
}

export async function peerTicketHolder(db: Queryable, req: IncomingMessage): Promise<PeerHolder | null> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const id = query.get('id');
  const token = query.get('token');
  if (!id || !token || query.get('key') !== PEER_KEY) return null;
  const userId = await sessionUser(db, req);
  if (!userId) return null;
  const [row] = await db.query<{ call_id: string }>(
    `SELECT p.call_id FROM call_participants p JOIN calls c ON c.id = p.call_id
      WHERE p.id = $1 AND p.token = $2 AND p.user_id = $3 AND p.left_at IS NULL AND NOT p.removed
        AND c.status = 'published' AND c.transport = 'mesh'`,
    [id, token, userId],
  );
  return row ? { participantId: id, callId: row.call_id } : null;
}

/** The SFU seat `/sfu?p=<participant id>` asks for: a live presence of the session's person in an SFU call. */
export interface SfuSeatRow {
  callId: string;
  participantId: string;
  room: number;
  token: string;
}

export async function sfuSeatOf(db: Queryable, req: IncomingMessage): Promise<SfuSeatRow | null> {
  const participantId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('p');
  if (!participantId) return null;
  const userId = await sessionUser(db, req);
  if (!userId) return null;
  const [row] = await db.query<{ call_id: string; token: string; sfu_room: number | string | null }>(
    `SELECT p.call_id, p.token, c.sfu_room FROM call_participants p JOIN calls c ON c.id = p.call_id
      WHERE p.id = $1 AND p.user_id = $2 AND p.left_at IS NULL AND NOT p.removed
        AND c.status = 'published' AND c.transport = 'sfu' AND c.sfu_room IS NOT NULL`,
    [participantId, userId],
  );
  return row ? { callId: row.call_id, participantId, room: Number(row.sfu_room), token: row.token } : null;
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
