/**
 * Whether a presence is still there. A tab that closes says so (leaveCall), but a crashed tab or a
 * phone that lost the network says nothing: its tile and the call's «live» flag would stay forever.
 * Each open callRoom subscription is the sign of life of its person's presence; the subscriptions
 * of a call also end the presences nobody has vouched for within PRESENCE_TIMEOUT_S. Everything is
 * in the database, so it works whichever API process holds which subscription.
 */
import type { Db } from '../db/database.ts';
import { refreshLive } from './access.ts';

/** How often an open subscription vouches for its presence. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** Three missed heartbeats: longer than a reconnecting stream's usual gap. */
export const PRESENCE_TIMEOUT_S = 45;

/**
 * Touches `userId`'s presence in the call — reviving it when it was ended only for silence and they
 * have not joined again meanwhile — and ends the presences silent for too long.
 */
export async function keepPresence(db: Db, callId: string, userId: string, device: string | null = null): Promise<void> {
  await db.tx(async (t) => {
    // Ended only for silence, and not joined again since (a join would have made a new presence).
    const revived = await t.query<{ id: string }>(
      `UPDATE call_participants p SET left_at = NULL, expired = false
        WHERE p.id = (SELECT id FROM call_participants WHERE call_id = $1 AND user_id = $2 AND ($3::text IS NULL OR device IS NULL OR device = $3)
                       ORDER BY joined_at DESC, id DESC LIMIT 1)
          AND p.expired AND NOT p.removed
          AND NOT EXISTS (SELECT 1 FROM call_participants q WHERE q.call_id = $1 AND q.user_id = $2 AND q.left_at IS NULL)
          AND EXISTS (SELECT 1 FROM calls c WHERE c.id = $1 AND c.status <> 'ended')
        RETURNING p.id`,
      [callId, userId, device],
    );
    await t.query(
      'UPDATE call_participants SET seen_at = now() WHERE call_id = $1 AND user_id = $2 AND left_at IS NULL AND ($3::text IS NULL OR device IS NULL OR device = $3)',
      [callId, userId, device],
    );
    const expired = await t.query<{ id: string }>(
      `UPDATE call_participants SET left_at = now(), expired = true, hand_raised = false
        WHERE call_id = $1 AND left_at IS NULL AND seen_at < now() - make_interval(secs => $2)
        RETURNING id`,
      [callId, PRESENCE_TIMEOUT_S],
    );
    if (revived.length || expired.length) await refreshLive(t, callId);
  });
}
