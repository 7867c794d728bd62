/**
 * The contract between client/ and api/. Imports nothing from either side.
 * Phone rules (./phone.ts) are imported from their own file: they carry libphonenumber's metadata,
 * which must not ride into the client's first load with this module.
 */
export * from './collection.ts';
export * from './replication-queries.ts';
export * from './collections/people.ts';
export * from './collections/structure.ts';
export * from './collections/lessons.ts';
export * from './collections/marks.ts';
export * from './collections/chats.ts';
export * from './collections/messages.ts';
export * from './collections/calls.ts';
export * from './call-protocol.ts';
export * from './errors.ts';
export * from './session.ts';
export * from './calendar.ts';
export * from './text.ts';
export * from './dates.ts';
export * from './fields.ts';

import { people } from './collections/people.ts';
import { structure } from './collections/structure.ts';
import { lessons } from './collections/lessons.ts';
import { marks } from './collections/marks.ts';
import { chats } from './collections/chats.ts';
import { messages } from './collections/messages.ts';
import { calls } from './collections/calls.ts';

/** Every synced collection, in the order a fresh device should pull them. */
export const COLLECTIONS = [structure, people, lessons, marks, chats, messages, calls] as const;
export type CollectionName = (typeof COLLECTIONS)[number]['name'];
