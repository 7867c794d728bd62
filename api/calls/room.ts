/**
 * The live room: who is in the call with their media state and hands, and the in-call chat. Every
 * change to a call's presences, chat or status NOTIFYs `call:<id>` (005_calls.sql); each API
 * process wakes its `callRoom` subscribers, which re-read the whole state and send it.
 */
import { Repeater } from 'graphql-yoga';
import type { CallCommand, CallRoom, CallTransport } from '../../sync/index.ts';
import type { Queryable } from '../db/database.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { canSeeRoom, loadCall } from './access.ts';
import { keepPresence, PRESENCE_HEARTBEAT_MS } from './presence.ts';
import { log } from '../shared/log.ts';

const logger = log('calls');

const CHAT_LINES = 200;


/** The subscriber's own latest presence: what commands are decided on. */
interface Mine {
  id: string;
  muteSeq: number;
  removed: boolean;
  /** Ended because the person joined from another device. */
  moved: boolean;
}

export async function readRoom(t: Queryable, callId: string, userId: string, device: string | null = null): Promise<{ room: CallRoom; mine: Mine | null }> {
  const [call] = await t.query<{ status: string; transport: CallTransport; admin_id: string }>(
    'SELECT status, transport, admin_id FROM calls WHERE id = $1',
    [callId],
  );
  if (!call) throw new Error(`call ${callId} vanished`);
  const participants = await t.query<{
    id: string;
    user_id: string;
    name: string;
    audio: boolean;
    video: boolean;
    screen: boolean;
    hand_raised: boolean;
  }>(
    `SELECT p.id, p.user_id, concat_ws(' ', u.first_name, u.last_name) AS name, p.audio, p.video, p.screen, p.hand_raised
       FROM call_participants p JOIN users u ON u.id = p.user_id
      WHERE p.call_id = $1 AND p.left_at IS NULL ORDER BY p.joined_at, p.id`,
    [callId],
  );
  const chat = await t.query<{ id: string; author_id: string; name: string; text: string; at: number }>(
    `SELECT * FROM (
       SELECT c.id, c.author_id, concat_ws(' ', u.first_name, u.last_name) AS name, c.text,
              (extract(epoch FROM c.created_at) * 1000)::float8 AS at
         FROM call_chat c JOIN users u ON u.id = c.author_id
        WHERE c.call_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT ${CHAT_LINES}
     ) last ORDER BY at, id`,
    [callId],
  );
  // This device's latest presence (a removal placeholder has no device, and counts for every device).
  const [mine] = await t.query<{ id: string; mute_seq: number; removed: boolean; moved: boolean }>(
    `SELECT id, mute_seq, removed, moved FROM call_participants
      WHERE call_id = $1 AND user_id = $2 AND ($3::text IS NULL OR device IS NULL OR device = $3 OR removed)
      ORDER BY removed DESC, joined_at DESC, id LIMIT 1`,
    [callId, userId, device],
  );
  return {
    room: {
      callId,
      transport: call.transport,
      ended: call.status === 'ended',
      participants: participants.map((p) => ({
        participantId: p.id,
        userId: p.user_id,
        name: p.name,
        isAdmin: p.user_id === call.admin_id,
        audio: p.audio,
        video: p.video,
        screen: p.screen,
        handRaised: p.hand_raised,
      })),
      chat: chat.map((c) => ({ id: c.id, authorId: c.author_id, name: c.name, text: c.text, at: Number(c.at) })),
      command: null,
    },
    mine: mine ? { id: mine.id, muteSeq: Number(mine.mute_seq), removed: mine.removed, moved: mine.moved } : null,
  };
}

/**
 * Decides the command for one subscriber: MUTE once per mute of their presence seen after they
 * subscribed, REMOVED when their presence is removed (the subscription then ends).
 */
export function commandTracker(): (mine: Mine | null) => CallCommand | null {
  let seen: { id: string; muteSeq: number } | null = null;
  return (mine) => {
    if (!mine) return null;
    if (mine.removed) return 'REMOVED';
    if (mine.moved) return 'MOVED';
    const muted = seen !== null && seen.id === mine.id && mine.muteSeq > seen.muteSeq;
    seen = { id: mine.id, muteSeq: mine.muteSeq };
    return muted ? 'MUTE' : null;
  };
}

export function callRoomSubscription(ctx: RequestContext, callId: string, device: string | null = null): Repeater<{ callRoom: CallRoom }> {
  const me = requireUser(ctx);
  return new Repeater<{ callRoom: CallRoom }>(async (push, stop) => {
    try {
      const call = await loadCall(ctx, ctx.db, callId);
      if (!(await canSeeRoom(ctx.db, call, me))) throw userError(ctx.lang, 'CALL_NOT_IN_AUDIENCE');
      // Removed by the admin: no more looks at who is in the call or what they write.
      const removed = await ctx.db.query('SELECT 1 FROM call_participants WHERE call_id = $1 AND user_id = $2 AND removed', [callId, me]);
      if (removed.length) throw userError(ctx.lang, 'CALL_REMOVED');
    } catch (error) {
      stop(error);
      return;
    }
    const command = commandTracker();
    let reading = false;
    let again = false;
    let stopped = false;
    // Wake-ups that arrive while a read is under way make one more read after it: every change is
    // seen, and a burst of changes costs at most two reads.
    const refresh = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          const { room, mine } = await ctx.db.snapshot((t) => readRoom(t, callId, me, device));
          if (stopped) return;
          room.command = command(mine);
          // The last word to a removed person says only that: not who is in the call, nor its chat.
          if (room.command === 'REMOVED') Object.assign(room, { participants: [], chat: [] });
          await push({ callRoom: room });
          if (room.ended || room.command === 'REMOVED' || room.command === 'MOVED') {
            stop();
            return;
          }
        } while (again && !stopped);
      } catch (error) {
        logger.error('room read failed', { callId, error });
        ctx.onStreamFailure?.();
        stop();
      } finally {
        reading = false;
      }
    };
    const unsubscribe = ctx.hub.subscribe('call', new Set([callId]), () => void refresh());
    // The open subscription is the sign of life of its person's presence (presence.ts). A failed
    // heartbeat (the database briefly away) is only skipped: the next one comes 15 s later.
    // A session signed out (or expired) meanwhile closes the socket this stream rides on
    // (SessionSockets), which ends it: the presence then expires.
    const vouch = (): void =>
      void keepPresence(ctx.db, callId, me, device).catch((error: unknown) => logger.warn('presence heartbeat failed', { callId, error }));
    const heartbeat = setInterval(vouch, PRESENCE_HEARTBEAT_MS);
    vouch();
    void refresh();
    await stop;
    stopped = true;
    clearInterval(heartbeat);
    unsubscribe();
  });
}
