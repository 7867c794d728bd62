/**
 * Runs inside Chromium, served by the real server (same origin as /graphql): signs in with the real
 * client code, times a fresh replication of everything the person may see, then times the floor —
 * the same documents bulk-inserted into a fresh local database, with no network and no replication.
 */
import type { RxCollection } from 'rxdb';
import { signIn } from '../../../client/accounts/api.ts';
import { openDatabase } from '../../../client/data/database.ts';
import { openDataSession, wipeUserData } from '../../../client/data/index.ts';
import { COLLECTIONS, type CollectionName } from '../../../sync/index.ts';

export interface SyncRunResult {
  /** openDataSession() + awaitInitialSync(), ms. */
  syncMs: number;
  docs: Record<CollectionName, number>;
  totalDocs: number;
  /** /graphql requests made during the sync (the WebSocket stream is not in resource timing). */
  graphql: { requests: number; transferBytes: number; decodedBytes: number };
  /** Reading every synced document as JSON, ms (not part of either timing). */
  readMs: number;
  /** openDatabase() of a fresh database + bulkInsert of the same documents per collection, ms. */
  floorMs: number;
  /**
   * The same documents bulk-inserted a second time (under other ids) into that database, ms. RxDB's
   * replication protocol writes every pulled document twice: into the collection and, as the
   * «assumed master state» the next push is checked against, into its replication meta storage.
   * floorMs + secondWriteMs is the least any replication with that protocol can take.
   */
  secondWriteMs: number;
}

export interface SyncBench {
  run(phone: string, password: string): Promise<SyncRunResult>;
}

type AnyCollection = RxCollection<Record<string, unknown>>;

const names = COLLECTIONS.map((c) => c.name);

/** Resource entries are queued after the response is read; give the timeline a moment to catch up. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

async function run(phone: string, password: string): Promise<SyncRunResult> {
  // The default buffer of 250 entries could fill with pull pages and silently drop the rest.
  performance.setResourceTimingBufferSize(100_000);
  const session = await signIn(phone, password);

  const started = performance.now();
  const data = await openDataSession(session);
  await data.awaitInitialSync();
  const synced = performance.now();

  await settle();
  const requests = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
    (e) => new URL(e.name).pathname === '/graphql' && e.startTime >= started && e.startTime <= synced,
  );

  const docs = {} as Record<CollectionName, number>;
  const contents = new Map<CollectionName, Record<string, unknown>[]>();
  const readStarted = performance.now();
  for (const name of names) {
    const found = await (data.db.collections[name] as unknown as AnyCollection).find().exec();
    contents.set(
      name,
      found.map((d) => d.toJSON() as Record<string, unknown>),
    );
    docs[name] = found.length;
  }
  const readMs = performance.now() - readStarted;

  // Close the synced database first: RxDB's open-source edition allows 13 open collections per tab
  // (the 14th stalls about 2 s), and the two databases together would hold 14.
  await data.close();
  const floorStarted = performance.now();
  const floor = await openDatabase(`bench-floor-${crypto.randomUUID()}`);
  for (const name of names) {
    const result = await (floor.collections[name] as unknown as AnyCollection).bulkInsert(contents.get(name) ?? []);
    if (result.error.length) throw new Error(`floor bulkInsert into ${name}: ${result.error.length} errors, first ${JSON.stringify(result.error[0])}`);
  }
  const floorMs = performance.now() - floorStarted;
  const secondStarted = performance.now();
  for (const name of names) {
    const copies = (contents.get(name) ?? []).map((d) => ({ ...d, id: `${String(d.id)}~2` }));
    const result = await (floor.collections[name] as unknown as AnyCollection).bulkInsert(copies);
    if (result.error.length) throw new Error(`second bulkInsert into ${name}: ${result.error.length} errors`);
  }
  const secondWriteMs = performance.now() - secondStarted;

  await floor.remove();
  await wipeUserData(session.userId);

  return {
    syncMs: synced - started,
    docs,
    totalDocs: Object.values(docs).reduce((a, b) => a + b, 0),
    graphql: {
      requests: requests.length,
      transferBytes: requests.reduce((s, e) => s + e.transferSize, 0),
      decodedBytes: requests.reduce((s, e) => s + e.decodedBodySize, 0),
    },
    readMs,
    floorMs,
    secondWriteMs,
  };
}

const bench: SyncBench = { run };
(window as unknown as { partaBench: SyncBench }).partaBench = bench;
