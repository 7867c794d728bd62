import { combineLatest } from 'rxjs';
import { replicateGraphQL, type RxGraphQLReplicationState } from 'rxdb/plugins/replication-graphql';
import {
  COLLECTIONS,
  DELETED_FIELD,
  PULL_BATCH_SIZE,
  PUSH_BATCH_SIZE,
  operationNames,
  selection,
  type Checkpoint,
  type CollectionSpec,
} from '../../sync/index.ts';
import type { PartaDatabase } from './database.ts';
import { stripNulls } from './rx-schema.ts';
import type { createSyncStatus } from './sync-status.ts';

type Status = ReturnType<typeof createSyncStatus>;
type AnyReplication = RxGraphQLReplicationState<Record<string, unknown>, Checkpoint>;

export interface PushRejection {
  id: string;
  code: string;
  message: string;
}

export interface Replication {
  /** Resolves once every collection has pulled everything the server had when it started. */
  awaitInitialSync(): Promise<void>;
  /** Pull again now (the network came back, or the user asked). */
  resync(): void;
  stop(): Promise<void>;
}

function endpoints(): { http: string; ws: string } {
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { http: `${location.origin}/graphql`, ws: `${wsProtocol}//${location.host}/graphql` };
}

/**
 * The stream reconnects forever (a phone is offline for hours), waiting 0.5–1.5 s and doubling up
 * to about 15 s, with jitter so a school's phones do not all come back in the same instant.
 */
async function reconnectWait(retries: number): Promise<void> {
  const base = Math.min(10_000, 1_000 * 2 ** retries);
  await new Promise((resolve) => setTimeout(resolve, base * (0.5 + Math.random())));
}

function hasCode(error: unknown, code: string): boolean {
  return JSON.stringify(error ?? null).includes(`"code":"${code}"`);
}

/**
 * Replicates every collection of sync/ with the server: pull pages after a (position, id)
 * checkpoint, a WebSocket stream that only says «pull now», and push where the collection allows.
 */
export function startReplication(
  db: PartaDatabase,
  status: Status,
  onRejected: (rejections: PushRejection[]) => void,
): Replication {
  const { http, ws } = endpoints();
  // Every answered request proves the server is reachable; a failed one means we are offline.
  const trackedFetch: typeof fetch = async (input, init) => {
    try {
      const response = await fetch(input, { ...init, credentials: 'same-origin' });
      status.update((s) => (s.online ? s : { ...s, online: true }));
      return response;
    } catch (e) {
      status.update((s) => ({ ...s, online: false }));
      throw e;
    }
  };

  const replications: AnyReplication[] = COLLECTIONS.map((spec: CollectionSpec) => {
    const ops = operationNames(spec);
    const fields = selection(spec);
    const pushable = spec.conflict !== 'server-only';
    return replicateGraphQL<Record<string, unknown>, Checkpoint>({
      collection: db.collections[spec.name as keyof typeof db.collections] as never,
      replicationIdentifier: `parta-${spec.name}-v1`,
      url: { http, ws },
      deletedField: DELETED_FIELD,
      live: true,
      retryTime: 5_000,
      waitForLeadership: true,
      autoStart: true,
      fetch: trackedFetch,
      pull: {
        batchSize: PULL_BATCH_SIZE,
        queryBuilder: (checkpoint, limit) => ({
          query: `query Pull($checkpoint: CheckpointInput, $limit: Int!) {
            ${ops.pull}(checkpoint: $checkpoint, limit: $limit) { documents { ${fields} } checkpoint { pos id } } }`,
          operationName: 'Pull',
          variables: { checkpoint: checkpoint ?? null, limit },
        }),
        streamQueryBuilder: () => ({ query: `subscription Stream { ${ops.stream} { collection } }`, variables: {} }),
        // RxDB already retries every non-fatal close (shouldRetry: () => true); the server closes with
        // 1013 «try again later», never a fatal code, when it cannot serve a stream for a moment.
        wsOptions: { retryAttempts: Number.MAX_SAFE_INTEGER, retryWait: reconnectWait },
        // The stream carries no documents, only «something in your scope changed»: pull from the checkpoint.
        responseModifier: (data, origin) => {
          if (origin === 'stream') return 'RESYNC' as never;
          status.markSynced(Date.now());
          return data;
        },
        modifier: (doc) => stripNulls(doc),
      },
      ...(pushable
        ? {
            push: {
              batchSize: PUSH_BATCH_SIZE,
              queryBuilder: (rows) => ({
                query: `mutation Push($rows: [${spec.typeName}PushRow!]!) {
                  ${ops.push}(rows: $rows) { conflicts { ${fields} } rejected { id code message } } }`,
                operationName: 'Push',
                variables: { rows },
              }),
              responseModifier: (data: { conflicts: Record<string, unknown>[]; rejected: PushRejection[] }) => {
                if (data.rejected.length) onRejected(data.rejected);
                return data.conflicts.map(stripNulls);
              },
            },
          }
        : {}),
    });
  });

  const subscriptions = replications.map((rep) =>
    rep.error$.subscribe((error) => {
      if (hasCode(error, 'UNAUTHENTICATED')) status.update((s) => ({ ...s, sessionExpired: true }));
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
  window.addEventListener('online', goOnline);
  window.addEventListener('offline', goOffline);

  return {
    async awaitInitialSync() {
      await Promise.all(replications.map((r) => r.awaitInitialReplication()));
    },
    resync: goOnline,
    async stop() {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      for (const s of subscriptions) s.unsubscribe();
      await Promise.all(replications.map((r) => r.cancel()));
    },
  };
}
