/** What happens inside a call: media state, hands, the chat, and the admin's mute / remove / end. */
import { CALL_CHAT_TEXT_MAX, isBlank } from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import {
  bestEffort,
  isMember,
  loadCall,
  refreshLive,
  requireAdmin,
  requireLive,
  requireNotEnded,
  sfuRoomOf,
} from './access.ts';
import { newChatLineId, newParticipantId, newParticipantToken } from './ids.ts';

const CLIENT_ID_MAX = 64;

export async function updateCallState(
  ctx: RequestContext,
  args: { callId: string; audio: boolean; video: boolean; screen: boolean },
): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, args.callId);
  const self = await requireLive(ctx, ctx.db, call, me);
  // Unchanged state writes nothing, so it wakes no room.
  await ctx.db.query(
    `UPDATE call_participants SET audio = $2, video = $3, screen = $4
      WHERE id = $1 AND (audio, video, screen) IS DISTINCT FROM ($2::boolean, $3::boolean, $4::boolean)`,
    [self.id, args.audio, args.video, args.screen],
  );
  return true;
}

/** Raises or lowers one's own hand; the admin may lower (never raise) someone else's. */
export async function setHand(ctx: RequestContext, args: { callId: string; raised: boolean; userId?: string | null }): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, args.callId);
  const target = args.userId ?? me;
  if (target !== me) {
    requireAdmin(ctx, call, me);
    if (args.raised) throw userError(ctx.lang, 'FORBIDDEN');
  }
  requireNotEnded(ctx, call);
  const rows = await ctx.db.query(
    'UPDATE call_participants SET hand_raised = $3 WHERE call_id = $1 AND user_id = $2 AND left_at IS NULL RETURNING id',
    [call.id, target, args.raised],
  );
  if (!rows.length) throw userError(ctx.lang, target === me ? 'CALL_NOT_JOINED' : 'NOT_FOUND');
  return true;
}

/** The admin mutes one person, or everyone but themselves; each muted device is told once (MUTE). */
export async function muteInCall(ctx: RequestContext, args: { callId: string; userId?: string | null }): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, args.callId);
  requireAdmin(ctx, call, me);
  requireNotEnded(ctx, call);
  const mute = 'UPDATE call_participants SET audio = false, mute_seq = mute_seq + 1 WHERE call_id = $1 AND left_at IS NULL';
  if (args.userId) {
    const rows = await ctx.db.query(`${mute} AND user_id = $2 RETURNING id`, [call.id, args.userId]);
    if (!rows.length) throw userError(ctx.lang, 'NOT_FOUND');
  } else {
    await ctx.db.query(`${mute} AND user_id <> $2`, [call.id, me]);
  }
  return true;
}

/** The admin removes a person: out of the call now, and not let in again. */
export async function removeFromCall(ctx: RequestContext, args: { callId: string; userId: string }): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, args.callId);
  requireAdmin(ctx, call, me);
  if (args.userId === me) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'the admin cannot remove themselves' });
  requireNotEnded(ctx, call);
  const { presences, room } = await ctx.db.tx(async (t) => {
    // Locked like joins lock it: no join slips in between, and the SFU room is the one now.
    const locked = await loadCall(ctx, t, call.id, true);
    requireNotEnded(ctx, locked);
    const rows = await t.query<{ id: string; token: string; was_live: boolean }>(
      `UPDATE call_participants p SET removed = true, left_at = COALESCE(p.left_at, now()), hand_raised = false
         FROM call_participants old WHERE old.id = p.id AND p.call_id = $1 AND p.user_id = $2
       RETURNING p.id, p.token, old.left_at IS NULL AS was_live`,
      [call.id, args.userId],
    );
    if (!rows.length) {
      // Not in the call now and never was: a removed placeholder keeps them out all the same.
      if (!(await isMember(t, call.id, args.userId))) throw userError(ctx.lang, 'NOT_FOUND');
      await t.query(
        'INSERT INTO call_participants (id, call_id, user_id, token, left_at, removed) VALUES ($1, $2, $3, $4, now(), true)',
        [newParticipantId(), call.id, args.userId, newParticipantToken()],
      );
    }
    await refreshLive(t, call.id);
    return { presences: rows.filter((r) => r.was_live), room: sfuRoomOf(locked) };
  });
  if (room && presences.length && ctx.calls.sfu.available) {
    for (const p of presences) await bestEffort('kicking from the SFU room', () => ctx.calls.sfu.kick(room, p.id));
    await bestEffort('closing the SFU room to a participant', () => ctx.calls.sfu.disallow(room, presences.map((p) => p.token)));
  }
  return true;
}

/** The admin ends the call for everyone; its SFU room is destroyed. */
export async function endCall(ctx: RequestContext, callId: string): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, callId);
  requireAdmin(ctx, call, me);
  if (call.status === 'ended') return true;
  const room = await ctx.db.tx(async (t) => {
    // Locked like joins lock it: a join either lands before the end (and is ended with it) or sees
    // the call ended; a room a join or publication just made is the one destroyed.
    const locked = await loadCall(ctx, t, call.id, true);
    await t.query('UPDATE call_participants SET left_at = now(), hand_raised = false WHERE call_id = $1 AND left_at IS NULL', [call.id]);
    await t.query(`UPDATE calls SET status = 'ended', ended_at = now(), live = false WHERE id = $1 AND status <> 'ended'`, [call.id]);
    return sfuRoomOf(locked);
  });
  if (room && ctx.calls.sfu.available) await bestEffort('destroying the SFU room', () => ctx.calls.sfu.destroyRoom(room));
  return true;
}

/** A line in the call's chat; sending again with the same clientId adds nothing. */
export async function sendCallChat(ctx: RequestContext, args: { callId: string; text: string; clientId: string }): Promise<boolean> {
  const me = requireUser(ctx);
  const text = args.text.trim();
  if (isBlank(text) || text.length > CALL_CHAT_TEXT_MAX) throw userError(ctx.lang, 'BAD_REQUEST', { detail: `text 1..${CALL_CHAT_TEXT_MAX}` });
  if (!args.clientId || args.clientId.length > CLIENT_ID_MAX) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'clientId' });
  const call = await loadCall(ctx, ctx.db, args.callId);
  await requireLive(ctx, ctx.db, call, me);
  await ctx.db.query(
    `INSERT INTO call_chat (id, call_id, author_id, client_id, text) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (call_id, author_id, client_id) DO NOTHING`,
    [newChatLineId(), call.id, me, args.clientId, text],
  );
  return true;
}
