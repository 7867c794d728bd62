import { defineCollection, type DocOf } from '../collection.ts';

export const MESSAGE_TEXT_MAX = 4096;

/**
 * Chat messages: `append-only`. A device creates a message under an id it generated, so a push
 * repeated after a lost response changes nothing; the server's first stored version stands.
 * Order in a chat is the server's: `createdPos`, the change position the message got when stored.
 */
export const messages = defineCollection({
  name: 'messages',
  typeName: 'Message',
  fields: {
    chatId: { type: 'string', maxLength: 64 },
    authorId: { type: 'string', maxLength: 64 },
    /** The installation that wrote it (one person may write from a phone and a kiosk). */
    clientId: { type: 'string', maxLength: 64 },
    text: { type: 'string', multiline: true, nonBlank: true, maxChars: MESSAGE_TEXT_MAX },
    /** The device's clock when written (ISO 8601): shown to people, never used to order. */
    createdAt: { type: 'string', maxLength: 32, format: 'timestamp' },
    /** Server-assigned; absent until the server has the message (pending). */
    createdPos: { type: 'string', optional: true, server: true },
    edited: { type: 'boolean', server: true },
  },
  indexes: [['chatId', 'createdAt']],
  conflict: 'append-only',
});

/** Derived from the declaration above (DocOf). */
export type MessageDoc = DocOf<typeof messages>;
