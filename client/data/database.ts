import { createRxDatabase, removeRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  COLLECTIONS,
  type CallDoc,
  type ChatDoc,
  type CollectionName,
  type LessonDoc,
  type MarkDoc,
  type MessageDoc,
  type PersonDoc,
  type StructureDoc,
} from '../../sync/index.ts';
import { OUTBOX_SCHEMA, type Outbox } from './outbox.ts';
import { toRxSchema } from './rx-schema.ts';
import { conflictHandlerFor, type PendingRefusals } from './conflict-handler.ts';

export interface DocTypes {
  structure: StructureDoc;
  people: PersonDoc;
  lessons: LessonDoc;
  marks: MarkDoc;
  chats: ChatDoc;
  messages: MessageDoc;
  calls: CallDoc;
}
export type PartaCollections = { [K in CollectionName]: RxCollection<DocTypes[K]> } & { outbox: Outbox };
export type PartaDatabase = RxDatabase<PartaCollections>;

/** One IndexedDB database per person, so signing out can wipe exactly that person's data. */
export function databaseName(userId: string): string {
  return `parta-${userId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;
}

let storageFactory: () => RxStorage<unknown, unknown> = () => getRxStorageDexie();

/** Tests in Node swap in Dexie over fake-indexeddb. */
export function setStorageFactory(factory: () => RxStorage<unknown, unknown>): void {
  storageFactory = factory;
}

export interface DeviceOptions {
  /** Share the database with other tabs (the browser); a Node test device is its own instance. */
  multiInstance?: boolean;
  /** Tells apart several simulated devices of one person inside one test process. */
  deviceName?: string;
}

export async function openDatabase(userId: string, refusals: PendingRefusals = new Map(), device: DeviceOptions = {}): Promise<PartaDatabase> {
  const db = await createRxDatabase<PartaCollections>({
    name: databaseName(userId) + (device.deviceName ? `-${device.deviceName}` : ''),
    storage: storageFactory(),
    multiInstance: device.multiInstance ?? true,
    eventReduce: true,
    // Reopening in a second tab, or after a hot reload, must not fail.
    ignoreDuplicate: false,
    closeDuplicates: true,
  });
  const { outbox } = await db.addCollections({ outbox: { schema: OUTBOX_SCHEMA } });
  await db.addCollections(
    Object.fromEntries(
      COLLECTIONS.map((spec) => [
        spec.name,
        { schema: toRxSchema(spec), conflictHandler: conflictHandlerFor(spec, outbox as unknown as Outbox, refusals) },
      ]),
    ) as unknown as Record<CollectionName, { schema: ReturnType<typeof toRxSchema> }>,
  );
  return db;
}

/**
 * Removes a person's local database (sign-out on a shared device). RxDB's Dexie storage only
 * empties its IndexedDB databases; we then delete them, so not even their names stay behind.
 */
export async function removeDatabase(userId: string, open?: PartaDatabase | null): Promise<void> {
  const name = databaseName(userId);
  if (open && !open.closed) await open.remove();
  else await removeRxDatabase(name, storageFactory());
  await deleteIndexedDbs(`rxdb-dexie-${name}--`);
}

async function deleteIndexedDbs(prefix: string): Promise<void> {
  if (typeof indexedDB === 'undefined' || !('databases' in indexedDB)) return;
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(prefix));
  await Promise.all(
    names.map(
      (n) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(n);
          // «blocked» means another tab still has it open: it is deleted once that tab lets go.
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}
