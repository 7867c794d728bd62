import { forbidden, ID_PATTERN, invalid, str } from '../sync/checks.ts';
import type { PushPolicy } from '../sync/policy.ts';
import { canManageChat, hasSchoolRole } from './chat-roles.ts';

/**
 * Chat info. A teacher or an admin creates a group chat (becoming its admin); the chat's admins
 * edit its title, description and who may post. School, kind and creator never change. (Title,
 * description and who may post are checked against their declaration in sync/ before this.)
 */
export const chatsPushPolicy: PushPolicy = {
  async check(doc, current, ctx, t) {
    const userId = ctx.session?.userId ?? '';
    if (!ID_PATTERN.test(doc.id)) return invalid('push.badId');
    if (current) {
      if (current.schoolId !== doc.schoolId || current.kind !== doc.kind) return invalid('push.chatImmutable');
      if (!(await canManageChat(t, { id: doc.id, schoolId: str(current.schoolId) }, userId))) return forbidden('push.notChatAdmin');
      return null;
    }
    if (doc.kind !== 'group') return invalid('push.chatKind');
    if (doc.deleted === true) return invalid('push.badId');
    if (!(await hasSchoolRole(t, str(doc.schoolId), userId, ['teacher', 'admin']))) return forbidden('push.cannotCreateChat');
    return null;
  },

  async write(doc, ctx, t) {
    const userId = ctx.session?.userId ?? '';
    const [created] = await t.query<{ inserted: boolean }>(
      `INSERT INTO chats (id, school_id, kind, title, about, who_can_post, created_by, deleted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, about = EXCLUDED.about,
         who_can_post = EXCLUDED.who_can_post, deleted = EXCLUDED.deleted
       RETURNING (xmax = 0) AS inserted`,
      [doc.id, str(doc.schoolId), str(doc.kind), str(doc.title), doc.about ?? null, str(doc.whoCanPost), userId, doc.deleted === true],
    );
    if (created?.inserted)
      await t.query(`INSERT INTO chat_members (chat_id, user_id, role) VALUES ($1, $2, 'admin')`, [doc.id, userId]);
  },
};
