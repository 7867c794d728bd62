import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { canManageChat } from './chat-roles.ts';

export const chatTypeDefs = /* GraphQL */ `
extend type Mutation {
  "Adds people of the chat's school to a chat (chat admins, school admins). They receive its history."
  addChatMembers(chatId: String!, userIds: [String!]!): Boolean!
  "Removes a member (chat admins, school admins, or the member leaving). Their devices purge the chat."
  removeChatMember(chatId: String!, userId: String!): Boolean!
}
`;

const MAX_ADD = 500;

async function loadChat(ctx: RequestContext, chatId: string): Promise<{ id: string; schoolId: string }> {
  const [chat] = await ctx.db.query<{ id: string; school_id: string }>('SELECT id, school_id FROM chats WHERE id = $1 AND NOT deleted', [
    chatId,
  ]);
  if (!chat) throw userError(ctx.lang, 'NOT_FOUND');
  return { id: chat.id, schoolId: chat.school_id };
}

export const chatResolvers = {
  Mutation: {
    async addChatMembers(_: unknown, args: { chatId: string; userIds: string[] }, ctx: RequestContext): Promise<boolean> {
      const me = requireUser(ctx);
      if (args.userIds.length > MAX_ADD) throw userError(ctx.lang, 'BAD_REQUEST', { detail: `userIds ≤ ${MAX_ADD}` });
      const chat = await loadChat(ctx, args.chatId);
      if (!(await canManageChat(ctx.db, chat, me))) throw userError(ctx.lang, 'FORBIDDEN');
      const ids = [...new Set(args.userIds)];
      const inSchool = await ctx.db.query<{ user_id: string }>(
        'SELECT DISTINCT user_id FROM memberships WHERE school_id = $1 AND user_id = ANY($2::text[])',
        [chat.schoolId, ids],
      );
      if (inSchool.length !== ids.length) throw userError(ctx.lang, 'NOT_FOUND');
      await ctx.db.query(
        `INSERT INTO chat_members (chat_id, user_id) SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING`,
        [chat.id, ids],
      );
      return true;
    },
    async removeChatMember(_: unknown, args: { chatId: string; userId: string }, ctx: RequestContext): Promise<boolean> {
      const me = requireUser(ctx);
      const chat = await loadChat(ctx, args.chatId);
      if (args.userId !== me && !(await canManageChat(ctx.db, chat, me))) throw userError(ctx.lang, 'FORBIDDEN');
      await ctx.db.query('DELETE FROM chat_members WHERE chat_id = $1 AND user_id = $2', [chat.id, args.userId]);
      return true;
    },
  },
};
