import { forbidden, ID_PATTERN, invalid, str } from '../sync/checks.ts';
import type { PushPolicy } from '../sync/policy.ts';
import { chatRole } from './chat-roles.ts';

/**
 * A member posts a message in a chat under an id their device generated. Messages are created once:
 * the same id pushed again (after a lost answer) changes nothing. (Text and time are checked against
 * their declaration in sync/ before this.)
 */
export const messagesPushPolicy: PushPolicy = {
  async check(doc, current, ctx, t) {
    const userId = ctx.session?.userId ?? '';
    if (current) return current.authorId === userId ? null : forbidden('push.idTaken');
    if (!ID_PATTERN.test(doc.id) || !ID_PATTERN.test(str(doc.clientId))) return invalid('push.badId');
    if (doc.authorId !== userId) return forbidden('push.notAuthor');
    if (doc.deleted === true) return invalid('push.badId');
    const [chat] = await t.query<{ who_can_post: string }>('SELECT who_can_post FROM chats WHERE id = $1 AND NOT deleted', [
      str(doc.chatId),
    ]);
    const role = chat ? await chatRole(t, str(doc.chatId), userId) : null;
    if (!chat || !role) return forbidden('push.notChatMember');
    if (chat.who_can_post === 'admins' && role !== 'admin') return forbidden('push.chatAdminsOnly');
    return null;
  },

  async write(doc, ctx, t) {
    await t.query(
      `INSERT INTO messages (id, chat_id, author_id, client_id, text, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [doc.id, str(doc.chatId), ctx.session?.userId, str(doc.clientId), str(doc.text), str(doc.createdAt)],
    );
  },
};
