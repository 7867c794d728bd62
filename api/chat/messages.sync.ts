import { messages } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';
import { messagesPushPolicy } from './messages-push.ts';

/** Messages of the chats a person is a member of. */
export const messagesSync: ServerCollection = {
  spec: messages,
  view: 'sync_messages',
  keyColumns: { chat: '"chatId"' },
  keys: (s) => keysOf('chat', s.chatIds),
  wakeKeys: (s) => s.chatIds,
  push: messagesPushPolicy,
};
