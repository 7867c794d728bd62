import type { Queryable } from '../db/database.ts';
import type { SyncDomain } from '../sync/registry.ts';
import { unique } from '../sync/scope.ts';
import { chatsSync } from './chats.sync.ts';
import { messagesSync } from './messages.sync.ts';

declare module '../sync/scope.ts' {
  interface Scope {
    /** Chats this person is a member of. */
    chatIds: string[];
  }
}

async function loadChatIds(db: Queryable, userId: string) {
  const rows = await db.query<{ chat_id: string }>(
    `SELECT m.chat_id FROM chat_members m JOIN chats c ON c.id = m.chat_id WHERE m.user_id = $1 AND NOT c.deleted`,
    [userId],
  );
  return { chatIds: unique(rows.map((r) => r.chat_id)) };
}

/** The messenger: chats and their messages, seen by their members. */
export const chatSync: SyncDomain = { name: 'chat', collections: [chatsSync, messagesSync], scope: { load: loadChatIds } };
