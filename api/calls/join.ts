/**
 * Joining and leaving. A join is admitted in one transaction holding the call's row, so the
 * audience checks, the mesh size and the move to the SFU are decided on one consistent state.
 */
import type { CallTicket } from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import type { Queryable } from '../db/database.ts';
import {
  bestEffort,
  findCallByLink,
  isMember,
  liveParticipant,
  loadCall,
  refreshLive,
  sfuRoomOf,
  type CallRow,
  type ParticipantRow,
} from './access.ts';
import { iceServersFor } from './ice-servers.ts';
import { newParticipantId, newParticipantToken } from './ids.ts';
import { LESSON_PUBLISHERS } from './lessons.ts';
import { SfuRoomMissingError, type SfuRoom, type SfuRoomOptions } from './sfu.ts';
import { callTicket } from './ticket.ts';
import { log } from '../shared/log.ts';

const logger = log('calls');

type Admission =
  /** The call must move to the SFU and no room was prepared: create one outside the transaction. */
  | { kind: 'needRoom' }
  | {
      kind: 'joined';
      call: CallRow;
      participant: Pick<ParticipantRow, 'id' | 'token'>;
      room: SfuRoom | null;
      allow: string[];
      usedRoom: boolean;
      /** Tokens of the presence this join moved away from (another device of the same person). */
      disallow: string[];
    };

/** A device names itself with an id of its own making (client/calls: one per tab). */
const DEVICE_ID = /^[\w-]{8,64}$/;

async function checkAudience(ctx: RequestContext, t: Queryable, call: CallRow, userId: string, byLink: boolean): Promise<void> {
  if (call.admin_id === userId) return;
  if (call.audience === 'members' || !byLink) {
    // A lesson's students; or someone who once joined a school/link call by its link (a member since).
    if (!(await isMember(t, call.id, userId))) throw userError(ctx.lang, 'CALL_NOT_IN_AUDIENCE');
    if (call.audience !== 'school') return;
  }
  // «My school» calls: only while the person is in the school (a member who left it is out too).
  if (call.audience === 'school') {
    const rows = await t.query('SELECT 1 FROM memberships WHERE school_id = $1 AND user_id = $2', [call.school_id, userId]);
    if (!rows.length) throw userError(ctx.lang, 'CALL_NOT_IN_AUDIENCE');
  }
  // audience 'link': whoever is signed in and holds the current link.
}

async function admit(
  ctx: RequestContext,
  t: Queryable,
  callId: string,
  userId: string,
  linkCode: string | null,
  device: string | null,
  prepared: SfuRoom | null,
): Promise<Admission> {
  const { sfu, meshMax } = ctx.calls;
  const call = await loadCall(ctx, t, callId, true);
  if (linkCode !== null && call.link_code !== linkCode) throw userError(ctx.lang, 'CALL_LINK_INVALID');
  if (call.status === 'draft') throw userError(ctx.lang, 'CALL_NOT_PUBLISHED');
  if (call.status === 'ended') throw userError(ctx.lang, 'CALL_ENDED');
  await checkAudience(ctx, t, call, userId, linkCode !== null);
  const removed = await t.query('SELECT 1 FROM call_participants WHERE call_id = $1 AND user_id = $2 AND removed', [call.id, userId]);
  if (removed.length) throw userError(ctx.lang, 'CALL_REMOVED');
  let room = sfuRoomOf(call);
  // Already in from this device (a reconnection; or a client that does not name its device): the
  // same presence again. Already in from another device: the person moves here — that presence
  // ends as `moved` (its device is told and leaves) and this device gets a presence of its own,
  // since one peer id cannot be on two devices at once.
  const existing = await liveParticipant(t, call.id, userId);
  const disallow: string[] = [];
  if (existing && (device === null || existing.device === null || existing.device === device)) {
    if (call.transport === 'sfu' && !sfu.available) throw userError(ctx.lang, 'CALL_NEEDS_SFU');
    if (device !== null && existing.device === null) await t.query('UPDATE call_participants SET device = $2 WHERE id = $1', [existing.id, device]);
    const allow = call.transport === 'sfu' ? [existing.token] : [];
    return { kind: 'joined', call, participant: existing, room, allow, usedRoom: false, disallow };
  }
  if (existing) {
    await t.query('UPDATE call_participants SET left_at = now(), moved = true, hand_raised = false WHERE id = $1', [existing.id]);
    disallow.push(existing.token);
  }
  const live = await t.query<{ token: string }>('SELECT token FROM call_participants WHERE call_id = $1 AND left_at IS NULL', [call.id]);
  const allow: string[] = [];
  let usedRoom = false;
  if (call.transport === 'mesh' && live.length + 1 > meshMax) {
    // One more than a mesh holds: the whole call moves to the SFU; the others see the new transport
    // in their room and re-join through it without leaving.
    if (!sfu.available) throw userError(ctx.lang, 'CALL_NEEDS_SFU');
    if (!prepared) return { kind: 'needRoom' };
    room = prepared;
    usedRoom = true;
    call.transport = 'sfu';
    await t.query(`UPDATE calls SET transport = 'sfu', sfu_room = $2, sfu_secret = $3 WHERE id = $1`, [call.id, room.room, room.secret]);
    allow.push(...live.map((p) => p.token));
  }
  if (call.transport === 'sfu' && (!sfu.available || !room)) throw userError(ctx.lang, 'CALL_NEEDS_SFU');
  const participant = { id: newParticipantId(), token: newParticipantToken() };
  await t.query('INSERT INTO call_participants (id, call_id, user_id, token, device) VALUES ($1, $2, $3, $4, $5)', [
    participant.id,
    call.id,
    userId,
    participant.token,
    device,
  ]);
  if (call.transport === 'sfu') allow.push(participant.token);
  // Joined by its link: the call stays in this person's list, and they may come back by its id.
  if (call.audience !== 'members' && call.admin_id !== userId)
    await t.query('INSERT INTO call_members (call_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [call.id, userId]);
  await refreshLive(t, call.id);
  return { kind: 'joined', call, participant, room, allow, usedRoom, disallow };
}

export async function joinCall(
  ctx: RequestContext,
  args: { callId?: string | null; linkCode?: string | null; device?: string | null },
): Promise<CallTicket> {
  const me = requireUser(ctx);
  if (!args.callId === !args.linkCode) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'callId or linkCode' });
  const linkCode = args.linkCode ?? null;
  const device = args.device ?? null;
  if (device !== null && !DEVICE_ID.test(device)) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'device' });
  const found = linkCode ? await findCallByLink(ctx, ctx.db, linkCode) : await loadCall(ctx, ctx.db, args.callId!);
  const { sfu } = ctx.calls;
  let prepared: SfuRoom | null = null;
  try {
    // Twice at most: the second attempt has the room the first found it needs.
    for (let attempt = 0; attempt < 2; attempt++) {
      const admission = await ctx.db.tx((t) => admit(ctx, t, found.id, me, linkCode, device, prepared));
      if (admission.kind === 'needRoom') {
        prepared = await createRoom(ctx, found);
        continue;
      }
      if (admission.usedRoom) prepared = null;
      const { call, participant, room, allow, disallow } = admission;
      if (room && disallow.length && sfu.available) await bestEffort('closing the SFU room to a moved presence', () => sfu.disallow(room, disallow));
      if (room && allow.length) {
        try {
          await allowIntoRoom(ctx, call, room, allow);
        } catch (error) {
          logger.warn('letting a participant into the SFU room failed', { callId: call.id, error });
          await ctx.db.tx(async (t) => {
            await t.query('UPDATE call_participants SET left_at = now() WHERE id = $1 AND left_at IS NULL', [participant.id]);
            await refreshLive(t, call.id);
          });
          throw userError(ctx.lang, 'CALL_NEEDS_SFU');
        }
      }
      return callTicket(call, participant, room, iceServersFor(ctx.calls.ice, ctx.session?.userId ?? ''));
    }
    throw userError(ctx.lang, 'CALL_NEEDS_SFU');
  } finally {
    const spare = prepared;
    if (spare) await bestEffort('destroying a spare SFU room', () => sfu.destroyRoom(spare));
  }
}

/** The SFU room settings of a call (as lessons.ts creates them, and joins that move a call to the SFU). */
const roomOptions = (call: CallRow): SfuRoomOptions => ({ description: call.title, publishers: LESSON_PUBLISHERS, audioOnly: call.media === 'audio' });

/**
 * Lets tokens into the call's room. Janus keeps rooms in memory only: after an API restart (or a
 * Janus restart seen by another API process) the room the database names may be gone, so it is
 * recreated with the same id and secret, admitting every live participant of the call, and the
 * tokens are allowed once more.
 */
async function allowIntoRoom(ctx: RequestContext, call: CallRow, room: SfuRoom, allow: string[]): Promise<void> {
  const { sfu } = ctx.calls;
  try {
    await sfu.allow(room, allow);
    return;
  } catch (error) {
    if (!(error instanceof SfuRoomMissingError)) throw error;
  }
  const live = await ctx.db.query<{ token: string }>('SELECT token FROM call_participants WHERE call_id = $1 AND left_at IS NULL', [call.id]);
  const tokens = [...new Set([...live.map((p) => p.token), ...allow])];
  logger.warn('the SFU had lost the room of a call; recreating it', { room: room.room, callId: call.id });
  await sfu.ensureRoom(room, roomOptions(call), tokens);
  await sfu.allow(room, allow);
}

async function createRoom(ctx: RequestContext, call: CallRow): Promise<SfuRoom> {
  try {
    return await ctx.calls.sfu.createRoom(roomOptions(call));
  } catch (error) {
    logger.warn('creating an SFU room failed', { callId: call.id, error });
    throw userError(ctx.lang, 'CALL_NEEDS_SFU');
  }
}

/** Leaves the call (nothing to do when not in it). The call goes on for the others. */
export async function leaveCall(ctx: RequestContext, callId: string, device: string | null = null): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, callId);
  const { tokens, room } = await ctx.db.tx(async (t) => {
    // Locked like joins lock it, so the SFU room is the one now (the call may just have moved there).
    const locked = await loadCall(ctx, t, call.id, true);
    // A device leaves only its own presence: a tab closed after the person moved to another device
    // must not end the call there.
    const rows = await t.query<{ token: string }>(
      `UPDATE call_participants SET left_at = now(), hand_raised = false
        WHERE call_id = $1 AND user_id = $2 AND left_at IS NULL AND ($3::text IS NULL OR device IS NULL OR device = $3)
        RETURNING token`,
      [call.id, me, device],
    );
    await refreshLive(t, call.id);
    return { tokens: rows.map((r) => r.token), room: sfuRoomOf(locked) };
  });
  if (room && tokens.length && ctx.calls.sfu.available) await bestEffort('closing the SFU room to a participant', () => ctx.calls.sfu.disallow(room, tokens));
  return true;
}
