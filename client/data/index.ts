/**
 * The data layer's public boundary: the rest of the client imports from here, never from rxdb.
 * It is the replication engine only: each domain writes its own live queries (client/<domain>/queries.ts)
 * with useLiveQuery.
 * RxDB and Dexie sit in their own chunk, loaded once someone is signed in, so the sign-in page
 * stays small on a slow network.
 */
import type { SessionInfo } from '../../sync/index.ts';
import type { DataSession } from './data-session.ts';
import type * as DataLayer from './data-session.ts';

export type { DataSession } from './data-session.ts';
export { DataSessionContext, useDataSession, useLiveQuery, useSyncStatus, useSyncIssues, type LiveQuery, type QueryResult } from './hooks.ts';
export type { OutboxEntry } from './outbox.ts';
export { InvalidDocumentError } from './invalid-document.ts';
export type { SyncStatus } from './sync-status.ts';

let module: Promise<typeof DataLayer> | null = null;
/** Starts fetching the database code (call early when a session is stored, to save a round trip). */
export function preloadDataLayer(): Promise<typeof DataLayer> {
  module ??= import('./data-session.ts');
  return module;
}

export async function openDataSession(session: SessionInfo): Promise<DataSession> {
  return (await preloadDataLayer()).openDataSession(session);
}

export async function wipeUserData(userId: string): Promise<void> {
  return (await preloadDataLayer()).wipeUserData(userId);
}
