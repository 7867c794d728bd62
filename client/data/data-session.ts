import { COLLECTIONS, checkDocument, type SessionInfo } from '../../sync/index.ts';
import type { PendingRefusals } from './conflict-handler.ts';
import { openDatabase, removeDatabase, type DeviceOptions, type DocTypes, type PartaDatabase } from './database.ts';
import { InvalidDocumentError } from './invalid-document.ts';
import { markPending, type OutboxEntry } from './outbox.ts';
import { startReplication, type Replication, type ReplicationOptions } from './replication.ts';
import { createStore, type Store } from '../shared/store.ts';
import { createSyncStatus, forgetSyncStatus } from './sync-status.ts';

export type WritableCollection = 'marks' | 'chats' | 'messages';
/** A document as a device writes it (the server sets `pos` and its own fields). */
export type NewDocument<K extends WritableCollection> = Omit<DocTypes[K], 'pos'> & { pos?: string };

/** Everything on the device that belongs to one signed-in person. */
export interface DataSession {
  readonly session: SessionInfo;
  readonly db: PartaDatabase;
  readonly status: ReturnType<typeof createSyncStatus>;
  /** Writes the server refused or that met a conflict, until the person decides. */
  readonly issues: Store<OutboxEntry[]>;
  /**
   * Writes a document on the device (shown at once) and queues it for the server. Throws
   * InvalidDocumentError, writing nothing, when the document breaks its declaration in sync/.
   */
  save<K extends WritableCollection>(collection: K, doc: NewDocument<K>): Promise<void>;
  /** Puts the person's version back (retry a refused write, keep «mine» in a conflict). */
  keepMine(issueId: string): Promise<void>;
  /** Drops the person's version (discard a refused write, keep the server's in a conflict). */
  keepTheirs(issueId: string): Promise<void>;
  resync(): void;
  /** Resolves when the first full pull after opening is done (online); never resolves offline. */
  awaitInitialSync(): Promise<void>;
  /** Resolves when every local write has been pushed and everything pulled. */
  awaitInSync(): Promise<void>;
  /** Stops talking to the server (before signing out there, so no request goes out unauthorised). */
  stopSync(): Promise<void>;
  /** Starts talking to the server again after stopSync (tests of a device going off and on). */
  startSync(): void;
  /** Stops syncing and closes the database, keeping the data (app closed, page hidden). */
  close(): Promise<void>;
  /** Stops syncing and deletes this person's local data (sign-out). */
  wipe(): Promise<void>;
}

export async function openDataSession(
  session: SessionInfo,
  connection: Omit<ReplicationOptions, 'refusals'> & { device?: DeviceOptions } = {},
): Promise<DataSession> {
  const refusals: PendingRefusals = new Map();
  const db = await openDatabase(session.userId, refusals, connection.device);
  const status = createSyncStatus(session.userId);
  const issues = createStore<OutboxEntry[]>([]);
  const outbox = db.collections.outbox;
  const counting = outbox.find({ sort: [{ at: 'asc' }] }).$.subscribe((entries) => {
    const all = entries.map((e) => e.toJSON() as OutboxEntry);
    const attention = all.filter((e) => e.state !== 'pending');
    issues.set(attention);
    status.update((s) => ({ ...s, pendingWrites: all.length - attention.length, needsAttention: attention.length }));
  });
  let replication: Replication | null = null;
  const start = (): void => {
    replication ??= startReplication(db, status, { ...connection, refusals });
  };
  start();
  const stopReplication = async (): Promise<void> => {
    await replication?.stop();
    replication = null;
  };
  const save: DataSession['save'] = async (collection, doc) => {
    // The server's own rules, checked before anything is written: a document it would refuse is
    // never queued (it would come back as «not sent» with the same reason).
    const refusal = checkDocument(COLLECTIONS.find((c) => c.name === collection)!, { pos: '0', ...doc });
    if (refusal) throw new InvalidDocumentError(collection, refusal);
    const rx = db.collections[collection] as unknown as { upsert(d: unknown): Promise<unknown> };
    await markPending(outbox, collection, doc.id);
    await rx.upsert({ pos: '0', ...doc });
  };
  const restore = async (issueId: string): Promise<void> => {
    const entry = await outbox.findOne(issueId).exec();
    if (!entry?.mine) return;
    const { _deleted: deleted, ...mine } = JSON.parse(entry.mine) as Record<string, unknown> & { id: string; _deleted?: boolean };
    const rx = db.collections[entry.target as WritableCollection] as unknown as {
      upsert(d: unknown): Promise<unknown>;
      findOne(id: string): { exec(): Promise<{ remove(): Promise<unknown> } | null> };
    };
    await markPending(outbox, entry.target, mine.id);
    if (deleted) await (await rx.findOne(mine.id).exec())?.remove();
    else await rx.upsert(mine);
  };
  return {
    session,
    db,
    status,
    issues,
    save,
    keepMine: restore,
    async keepTheirs(issueId) {
      await (await outbox.findOne(issueId).exec())?.remove();
    },
    resync: () => replication?.resync(),
    awaitInitialSync: async () => replication?.awaitInitialSync(),
    awaitInSync: async () => replication?.awaitInSync(),
    stopSync: stopReplication,
    startSync: start,
    async close() {
      counting.unsubscribe();
      await stopReplication();
      await db.close();
    },
    async wipe() {
      counting.unsubscribe();
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
