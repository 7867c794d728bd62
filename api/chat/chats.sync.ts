import { chats } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';
import { chatsPushPolicy } from './chats-push.ts';

/** Chats a person is a member of. */
export const chatsSync: ServerCollection = {
  spec: chats,
  view: 'sync_chats',
  keyColumns: { chat: 'id' },
  keys: (s) => keysOf('chat', s.chatIds),
  wakeKeys: (s) => s.chatIds,
  push: chatsPushPolicy,
};
