import { combineLatest } from 'rxjs';
import { replicateGraphQL, type RxGraphQLReplicationState } from 'rxdb/plugins/replication-graphql';
import {
  COLLECTIONS,
  DELETED_FIELD,
  ERROR_CODES,
  isSessionEndedClose,
  PULL_BATCH_SIZE,
  PUSH_BATCH_SIZE,
  replicationQueries,
  sameContent,
  type Checkpoint,
  type CollectionSpec,
} from '../../sync/index.ts';
import type { PendingRefusals } from './conflict-handler.ts';
import type { PartaDatabase } from './database.ts';
import { backoffDelay, backoffWait, type Backoff } from '../../sync/backoff.ts';
import { pageSocketUrl } from '../shared/socket-url.ts';
import { settle } from './outbox.ts';
import { stripNulls } from './rx-schema.ts';
import type { createSyncStatus } from './sync-status.ts';
import { log, noted } from '../shared/log.ts';

// A purge can meet a database closed by sign-out: routine, hence debug.
const logger = log('sync');

type Status = ReturnType<typeof createSyncStatus>;
type AnyReplication = RxGraphQLReplicationState<Record<string, unknown>, Checkpoint>;

export interface PushRejection {
  id: string;
  code: string;
  message: string;
}

export interface ReplicationOptions {
  /** Refusals the push answer reported, for the conflict handler (see conflict-handler.ts). */
  refusals: PendingRefusals;
  /** Where the server is; the page's own origin by default. `ws: null` replicates without a stream. */
  endpoints?: { http: string; ws: string | null };
  /** Another fetch (tests in Node pass one that sends the session cookie). */
  fetch?: typeof fetch;
  /** Wait before retrying a failed request, ms (default 5 s). */
  retryTime?: number;
}

export interface Replication {
  /** Resolves once every collection has pulled everything the server had when it started. */
  awaitInitialSync(): Promise<void>;
  /** Pull again now (the network came back, or the user asked). */
  resync(): void;
  /** Resolves when every local write is pushed and the last pull is done. */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

function pageEndpoints(): { http: string; ws: string } {
  return { http: `${location.origin}/graphql`, ws: pageSocketUrl('/graphql') };
}

/**
 * The stream reconnects forever (a phone is offline for hours): about 1 s, doubling up to about
 * 10 s, each wait spread over ±50 % so a school's phones do not all come back in the same instant.
 */
const RECONNECT: Backoff = { baseMs: 1_000, maxMs: 10_000 };

export function reconnectDelay(retries: number, random: number = Math.random()): number {
  return backoffDelay(retries, RECONNECT, random);
}

const reconnectWait = (retries: number): Promise<void> => backoffWait(retries, RECONNECT);

/**
 * The server's error code inside a replication error (RxDB wraps it: its own code, `RC_PULL` or
 * `RC_PUSH`, comes first), or NETWORK when the request never got an answer. The stream closed
 * because the session ended (signed out elsewhere, expired) is UNAUTHENTICATED: graphql-ws does not
 * reconnect after that close, and the app signs out.
 */
export function syncErrorCode(error: unknown): string {
  if (isSessionEndedClose(error)) return 'UNAUTHENTICATED';
  const json = JSON.stringify(error ?? null);
  return ERROR_CODES.find((code) => json.includes(`"code":"${code}"`)) ?? 'NETWORK';
}

/**
 * Replicates every collection of sync/ with the server: pull pages after a (position, id)
 * checkpoint, a WebSocket stream that only says «pull now», and push where the collection allows.
 */
export function startReplication(db: PartaDatabase, status: Status, options: ReplicationOptions): Replication {
  const { http, ws } = options.endpoints ?? pageEndpoints();
  const baseFetch = options.fetch ?? fetch;
  const { refusals } = options;
  const outbox = db.collections.outbox;
  // Deleted documents (tombstones of a lost scope among them) are purged from the device once
  // everything local has been pushed, so a local deletion is never purged before it was sent.
  let purge: ReturnType<typeof setTimeout> | null = null;
  const schedulePurge = (): void => {
    purge ??= setTimeout(() => {
      void (async () => {
        await Promise.all(replications.map((r) => r.awaitInSync()));
        purge = null;
        for (const spec of COLLECTIONS) await db.collections[spec.name].storageInstance.cleanup(0);
      })().catch(noted(logger, 'purging deleted documents', 'debug'));
    }, 1_000);
  };
  // Stopping (before a sign-out reaches the server) aborts what is still in flight: a pull answered
  // after the session ended would only fail, and a person's data must not arrive after they left.
  const inFlight = new AbortController();
  // Every answered request proves the server is reachable; a failed one means we are offline.
  const trackedFetch: typeof fetch = async (input, init) => {
    try {
      const response = await baseFetch(input, { ...init, credentials: 'same-origin', signal: inFlight.signal });
      status.update((s) => (s.online ? s : { ...s, online: true }));
      return response;
    } catch (e) {
      if (!inFlight.signal.aborted) status.update((s) => ({ ...s, online: false }));
      throw e;
    }
  };

  const replications: AnyReplication[] = COLLECTIONS.map((spec: CollectionSpec) => {
    const queries = replicationQueries(spec);
    const pushQuery = queries.push;
    // The rows of the push under way (one at a time per collection), and when it started.
    let pushing: { rows: Map<string, Record<string, unknown>>; at: number } = { rows: new Map(), at: 0 };
    return replicateGraphQL<Record<string, unknown>, Checkpoint>({
      collection: db.collections[spec.name as keyof typeof db.collections] as never,
      replicationIdentifier: `parta-${spec.name}-v1`,
      url: ws ? { http, ws } : { http },
      deletedField: DELETED_FIELD,
      live: true,
      retryTime: options.retryTime ?? 5_000,
      waitForLeadership: true,
      autoStart: true,
      fetch: trackedFetch,
      pull: {
        batchSize: PULL_BATCH_SIZE,
        queryBuilder: (checkpoint, limit) => ({
          query: queries.pull,
          operationName: 'Pull',
          variables: { checkpoint: checkpoint ?? null, limit },
        }),
        ...(ws
          ? {
              streamQueryBuilder: () => ({ query: queries.stream, variables: {} }),
              // RxDB already retries every non-fatal close (shouldRetry: () => true); the server closes with
              // 1013 «try again later», never a fatal code, when it cannot serve a stream for a moment,
              // and with the fatal 4401 only when the session ended (see syncErrorCode).
              // The client's own pings (besides the server's) find a connection a proxy silently dropped.
              wsOptions: { retryAttempts: Number.MAX_SAFE_INTEGER, retryWait: reconnectWait, keepAlive: 20_000 },
            }
          : {}),
        // The stream carries no documents, only «something in your scope changed»: pull from the checkpoint.
        responseModifier: (data, origin) => {
          if (origin === 'stream') return 'RESYNC' as never;
          status.markSynced(Date.now());
          return data;
        },
        // Runs after RxDB has turned the server's deleted flag into `_deleted`.
        modifier: (doc) => {
          if (doc._deleted) schedulePurge();
          return stripNulls(doc);
        },
      },
      ...(pushQuery
        ? {
            push: {
              batchSize: PUSH_BATCH_SIZE,
              queryBuilder: (rows) => {
                pushing = { rows: new Map(rows.map((r) => [String(r.newDocumentState.id), r.newDocumentState])), at: Date.now() };
                return {
                  query: pushQuery,
                  operationName: 'Push',
                  variables: { rows },
                };
              },
              responseModifier: async (data: { conflicts: (Record<string, unknown> & { id: string })[]; rejected: PushRejection[] }) => {
                for (const r of data.rejected) refusals.set(r.id, { code: r.code, message: r.message });
                // Taken as pushed: not refused, and the server's version says what the device pushed
                // (the server adds only its own fields). The rest the conflict handler records.
                const answered = new Map(data.conflicts.map((c) => [c.id, c]));
                const settled = [...pushing.rows].filter(([id, pushed]) => {
                  const theirs = answered.get(id);
                  return !refusals.has(id) && (!theirs || sameContent(spec, pushed, theirs));
                });
                await settle(outbox, spec.name, settled.map(([id]) => id), pushing.at);
                return data.conflicts.map(stripNulls);
              },
            },
          }
        : {}),
    });
  });

  const subscriptions = replications.map((rep) =>
    rep.error$.subscribe((error) => {
      const code = syncErrorCode(error);
      if (code === 'UNAUTHENTICATED') status.update((s) => ({ ...s, sessionExpired: true }));
      else status.update((s) => ({ ...s, lastError: code }));
    }),
  );
  subscriptions.push(
    combineLatest(replications.map((r) => r.active$)).subscribe((active) =>
      status.update((s) => ({ ...s, syncing: active.some(Boolean) })),
    ),
  );

  const goOnline = (): void => {
    for (const rep of replications) rep.reSync();
  };
  const goOffline = (): void => status.update((s) => ({ ...s, online: false }));
  const browser = typeof window !== 'undefined';
  if (browser) {
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
  }

  return {
    async awaitInitialSync() {
      await Promise.all(replications.map((r) => r.awaitInitialReplication()));
    },
    resync: goOnline,
    async awaitInSync() {
      await Promise.all(replications.map((r) => r.awaitInSync()));
    },
    async stop() {
      if (purge) clearTimeout(purge);
      inFlight.abort();
      if (browser) {
        window.removeEventListener('online', goOnline);
        window.removeEventListener('offline', goOffline);
      }
      for (const s of subscriptions) s.unsubscribe();
      await Promise.all(replications.map((r) => r.cancel()));
    },
  };
}
