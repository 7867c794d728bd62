import type { CallAudienceKind, CallKind, CallMediaKind, CallStatus, CallTransport } from '../../sync/index.ts';
import type { Queryable } from '../db/database.ts';
import { userError } from '../http/errors.ts';
import type { RequestContext } from '../http/context.ts';
import type { SfuRoom } from './sfu.ts';
import { log } from '../shared/log.ts';

const logger = log('calls');

export interface CallRow {
  id: string;
  school_id: string;
  kind: CallKind;
  media: CallMediaKind;
  audience: CallAudienceKind;
  title: string;
  lesson_id: string | null;
  admin_id: string;
  status: CallStatus;
  published_at: unknown;
  transport: CallTransport;
  link_code: string | null;
  /** bigint: a number from PGlite, a string from `pg`. */
  sfu_room: number | string | null;
  sfu_secret: string | null;
}

export interface ParticipantRow {
  id: string;
  user_id: string;
  token: string;
  mute_seq: number;
  removed: boolean;
  left_at: unknown;
  /** The tab or device it runs on; null when the client did not say (then every join is a reconnection). */
  device: string | null;
}

const CALL_COLUMNS =
  'id, school_id, kind, media, audience, title, lesson_id, admin_id, status, published_at, transport, link_code, sfu_room, sfu_secret';

/** The call, or NOT_FOUND. `lock`: FOR UPDATE, so the caller's decisions on it stay true until commit. */
export async function loadCall(ctx: RequestContext, t: Queryable, callId: string, lock = false): Promise<CallRow> {
  const [call] = await t.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE id = $1 AND NOT deleted${lock ? ' FOR UPDATE' : ''}`, [
    callId,
  ]);
  if (!call) throw userError(ctx.lang, 'NOT_FOUND');
  return call;
}

export async function findCallByLink(ctx: RequestContext, t: Queryable, linkCode: string): Promise<CallRow> {
  const [call] = await t.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM calls WHERE link_code = $1 AND NOT deleted`, [linkCode]);
  if (!call) throw userError(ctx.lang, 'CALL_LINK_INVALID');
  return call;
}

export function requireAdmin(ctx: RequestContext, call: CallRow, userId: string): void {
  if (call.admin_id !== userId) throw userError(ctx.lang, 'CALL_NOT_ADMIN');
}

export function requireNotEnded(ctx: RequestContext, call: CallRow): void {
  if (call.status === 'ended') throw userError(ctx.lang, 'CALL_ENDED');
}

export function sfuRoomOf(call: Pick<CallRow, 'sfu_room' | 'sfu_secret'>): SfuRoom | null {
  return call.sfu_room !== null && call.sfu_secret !== null ? { room: Number(call.sfu_room), secret: call.sfu_secret } : null;
}

export async function isMember(t: Queryable, callId: string, userId: string): Promise<boolean> {
  return (await t.query('SELECT 1 FROM call_members WHERE call_id = $1 AND user_id = $2', [callId, userId])).length > 0;
}

/** Whether the person may follow the call's room: its admin, or a member once it is published. */
export async function canSeeRoom(t: Queryable, call: CallRow, userId: string): Promise<boolean> {
  return call.admin_id === userId || (call.published_at !== null && (await isMember(t, call.id, userId)));
}

/** The person's presence in the call right now, if any. */
export async function liveParticipant(t: Queryable, callId: string, userId: string): Promise<ParticipantRow | null> {
  const [row] = await t.query<ParticipantRow>(
    'SELECT id, user_id, token, mute_seq, removed, left_at, device FROM call_participants WHERE call_id = $1 AND user_id = $2 AND left_at IS NULL',
    [callId, userId],
  );
  return row ?? null;
}

/** The person's presence, or CALL_NOT_JOINED: what in-call actions (hand, chat, media state) need. */
export async function requireLive(ctx: RequestContext, t: Queryable, call: CallRow, userId: string): Promise<ParticipantRow> {
  requireNotEnded(ctx, call);
  const me = await liveParticipant(t, call.id, userId);
  if (!me) throw userError(ctx.lang, 'CALL_NOT_JOINED');
  return me;
}

/** Keeps `calls.live` (synced: the call lists show «live») in line with the presences. */
export async function refreshLive(t: Queryable, callId: string): Promise<void> {
  await t.query(
    `UPDATE calls c SET live = x.live
       FROM (SELECT EXISTS (SELECT 1 FROM call_participants WHERE call_id = $1 AND left_at IS NULL) AS live) x
      WHERE c.id = $1 AND c.live IS DISTINCT FROM x.live`,
    [callId],
  );
}

/** Runs an SFU clean-up step that must not fail the mutation (the room may already be gone). */
export async function bestEffort(what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    logger.warn(`${what} failed`, { error: error instanceof Error ? error.message : error });
  }
}
