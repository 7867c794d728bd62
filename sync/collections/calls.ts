import { defineCollection, type DocOf, type FieldSpec } from '../collection.ts';

export const CALL_KINDS = ['lesson', 'link', 'chat'] as const;
export type CallKind = (typeof CALL_KINDS)[number];
export const CALL_MEDIA = ['audio', 'video'] as const;
export type CallMediaKind = (typeof CALL_MEDIA)[number];
export const CALL_AUDIENCES = ['members', 'school', 'link'] as const;
export type CallAudienceKind = (typeof CALL_AUDIENCES)[number];
export const CALL_STATUSES = ['draft', 'published', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const CALL_TRANSPORTS = ['mesh', 'sfu'] as const;
export type CallTransport = (typeof CALL_TRANSPORTS)[number];
export const CALL_TITLE_MAX = 100;
export const CALL_CHAT_TEXT_MAX = 2000;
/** A call's title: what createLinkCall checks its argument against. */
export const CALL_TITLE_FIELD = { type: 'string', nonBlank: true, maxChars: CALL_TITLE_MAX } as const satisfies FieldSpec;

/**
 * Calls a person may see: the ones they created (drafts too) and, once published, the ones they are
 * a member of (an online lesson's students, people who joined by a link). `server-only`: calls are
 * changed by mutations (api/calls/), never pushed. Who is in the call right now is not synced; the
 * call screen follows the `callRoom` subscription.
 */
export const calls = defineCollection({
  name: 'calls',
  typeName: 'Call',
  fields: {
    schoolId: { type: 'string', maxLength: 64 },
    kind: { type: 'string', maxLength: 16, enum: CALL_KINDS },
    media: { type: 'string', maxLength: 16, enum: CALL_MEDIA, enumName: 'CallMediaKind' },
    audience: { type: 'string', maxLength: 16, enum: CALL_AUDIENCES, enumName: 'CallAudienceKind' },
    title: CALL_TITLE_FIELD,
    /** The diary lesson an online lesson belongs to. */
    lessonId: { type: 'string', optional: true },
    classId: { type: 'string', optional: true },
    date: { type: 'string', optional: true, format: 'date' },
    adminId: { type: 'string', maxLength: 64 },
    status: { type: 'string', maxLength: 16, enum: CALL_STATUSES },
    transport: { type: 'string', maxLength: 16, enum: CALL_TRANSPORTS },
    /** Only the admin receives it (others get null): whoever has it may join a link call. */
    linkCode: { type: 'string', optional: true },
    /** Someone is in the call now. */
    live: { type: 'boolean' },
    /** ISO 8601, when it ended. */
    endedAt: { type: 'string', optional: true, format: 'timestamp' },
  },
  indexes: [],
  conflict: 'server-only',
});

/** Derived from the declaration above (DocOf). */
export type CallDoc = DocOf<typeof calls>;
