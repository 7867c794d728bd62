import { defineCollection, type DocOf } from '../collection.ts';

export const CHAT_KINDS = ['class', 'teachers', 'parents', 'direct', 'group'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];
export const CHAT_POSTERS = ['all', 'admins'] as const;
export type ChatPosters = (typeof CHAT_POSTERS)[number];
export const CHAT_TITLE_MAX = 100;
export const CHAT_ABOUT_MAX = 1000;

/**
 * Chats a person is a member of. Chat info is `mergeable`: two admins editing different fields
 * offline both keep their change. Membership is changed by mutations (addChatMembers,
 * removeChatMember) and decides who receives the chat and its messages.
 */
export const chats = defineCollection({
  name: 'chats',
  typeName: 'Chat',
  fields: {
    schoolId: { type: 'string', maxLength: 64 },
    kind: { type: 'string', maxLength: 16, enum: CHAT_KINDS },
    title: { type: 'string', nonBlank: true, maxChars: CHAT_TITLE_MAX },
    about: { type: 'string', optional: true, multiline: true, maxChars: CHAT_ABOUT_MAX },
    /** Who may post: everyone, or the chat's admins only (an announcements chat). */
    whoCanPost: { type: 'string', maxLength: 16, enum: CHAT_POSTERS },
    createdBy: { type: 'string', maxLength: 64, server: true },
  },
  indexes: [],
  conflict: 'mergeable',
});

/** Derived from the declaration above (DocOf). */
export type ChatDoc = DocOf<typeof chats>;
