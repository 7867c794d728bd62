import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { MangoQuery, RxCollection } from 'rxdb';
import type { DataSession } from './data-session.ts';
import type { DocTypes } from './database.ts';
import type { SyncStatus } from './sync-status.ts';
import type { OutboxEntry } from './outbox.ts';

export const DataSessionContext = createContext<DataSession | null>(null);

export function useDataSession(): DataSession {
  const data = useContext(DataSessionContext);
  if (!data) throw new Error('useDataSession() outside <DataSessionContext.Provider>');
  return data;
}

export function useSyncStatus(): SyncStatus {
  const { status } = useDataSession();
  return useSyncExternalStore(status.subscribe, status.get);
}

/** Writes that wait for the person: refused by the server, or in conflict with someone's change. */
export function useSyncIssues(): OutboxEntry[] {
  const { issues } = useDataSession();
  return useSyncExternalStore(issues.subscribe, issues.get);
}

/** A query on one collection (selector, sort…), in RxDB's Mango form. */
export type LiveQuery<T> = MangoQuery<T>;

export interface QueryResult<T> {
  docs: T[];
  /** False until the device database has answered once (it answers offline too). */
  ready: boolean;
}

/**
 * A live query on the device database: re-renders whenever matching documents change, whether
 * the change came from this device or from replication. `key` must change when the query does.
 */
export function useLiveQuery<K extends keyof DocTypes>(
  collection: K,
  query: LiveQuery<DocTypes[K]>,
  key: string,
): QueryResult<DocTypes[K]> {
  const { db } = useDataSession();
  const [result, setResult] = useState<QueryResult<DocTypes[K]> & { key: string }>({ docs: [], ready: false, key });
  useEffect(() => {
    const rxCollection = db.collections[collection] as unknown as RxCollection<DocTypes[K]>;
    const subscription = rxCollection.find(query).$.subscribe((docs) => {
      setResult({ docs: docs.map((d) => d.toJSON() as DocTypes[K]), ready: true, key });
    });
    return () => subscription.unsubscribe();
    // `key` stands for `query`, which callers build inline.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, collection, key]);
  // While a new query's first answer is pending, don't show the previous query's documents.
  return result.key === key ? result : { docs: [], ready: false };
}
