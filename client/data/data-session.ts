import type { SessionInfo } from '../../sync/index.ts';
import { openDatabase, removeDatabase, type PartaDatabase } from './database.ts';
import { startReplication, type PushRejection, type Replication } from './replication.ts';
import { createStore, type Store } from '../shared/store.ts';
import { createSyncStatus, forgetSyncStatus } from './sync-status.ts';

/** Everything on the device that belongs to one signed-in person. */
export interface DataSession {
  readonly session: SessionInfo;
  readonly db: PartaDatabase;
  readonly status: ReturnType<typeof createSyncStatus>;
  /** Documents the server refused, with its reasons, until the person has seen them. */
  readonly rejections: Store<PushRejection[]>;
  resync(): void;
  /** Resolves when the first full pull after opening is done (online); never resolves offline. */
  awaitInitialSync(): Promise<void>;
  /** Stops talking to the server (before signing out there, so no request goes out unauthorised). */
  stopSync(): Promise<void>;
  /** Stops syncing and closes the database, keeping the data (app closed, page hidden). */
  close(): Promise<void>;
  /** Stops syncing and deletes this person's local data (sign-out). */
  wipe(): Promise<void>;
}

export async function openDataSession(session: SessionInfo): Promise<DataSession> {
  const db = await openDatabase(session.userId);
  const status = createSyncStatus(session.userId);
  const rejections = createStore<PushRejection[]>([]);
  let replication: Replication | null = startReplication(db, status, (r) => rejections.update((prev) => [...prev, ...r]));
  const stopReplication = async (): Promise<void> => {
    await replication?.stop();
    replication = null;
  };
  return {
    session,
    db,
    status,
    rejections,
    resync: () => replication?.resync(),
    awaitInitialSync: async () => replication?.awaitInitialSync(),
    stopSync: stopReplication,
    async close() {
      await stopReplication();
      await db.close();
    },
    async wipe() {
      await stopReplication();
      await removeDatabase(session.userId, db);
      forgetSyncStatus(session.userId);
    },
  };
}

/** Wipes a person's data when no session is open (e.g. the stored session turned out to be revoked). */
export async function wipeUserData(userId: string): Promise<void> {
  await removeDatabase(userId);
  forgetSyncStatus(userId);
}
