import type { Queryable } from '../db/database.ts';

/** The person's role in a chat, or null when they are not a member. */
export async function chatRole(t: Queryable, chatId: string, userId: string): Promise<'member' | 'admin' | null> {
  const [row] = await t.query<{ role: 'member' | 'admin' }>(
    'SELECT role FROM chat_members WHERE chat_id = $1 AND user_id = $2',
    [chatId, userId],
  );
  return row?.role ?? null;
}

/** Whether the person holds one of `roles` in the school. */
export async function hasSchoolRole(t: Queryable, schoolId: string, userId: string, roles: readonly string[]): Promise<boolean> {
  const rows = await t.query('SELECT 1 FROM memberships WHERE school_id = $1 AND user_id = $2 AND role = ANY($3::text[])', [
    schoolId,
    userId,
    [...roles],
  ]);
  return rows.length > 0;
}

/** Chat admins manage a chat; so does the school's administration. */
export async function canManageChat(t: Queryable, chat: { id: string; schoolId: string }, userId: string): Promise<boolean> {
  return (await chatRole(t, chat.id, userId)) === 'admin' || hasSchoolRole(t, chat.schoolId, userId, ['admin']);
}
