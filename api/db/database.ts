/**
 * The one place that knows whether we talk to PGlite (embedded, default) or a PostgreSQL server
 * (DATABASE_URL). Everything else sees `Db`: parameterised SQL, transactions and notifications.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client as PgClient, Pool as PgPool } from 'pg';
import { backoffWait, type Backoff } from '../../sync/backoff.ts';
import { log } from '../shared/log.ts';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.ts';

const logger = log('db');
/** A dropped LISTEN connection comes back after 250 ms, doubling to 10 s (exact: one listener per process). */
const LISTEN_RECONNECT: Backoff = { baseMs: 250, maxMs: 10_000, jitter: false };

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  tx<T>(fn: (t: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` read-only in ONE snapshot (REPEATABLE READ) on one connection: everything it reads is
   * as of the same instant (a sync page and the grants it is built from must agree).
   */
  snapshot<T>(fn: (t: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel`; resolves to an unsubscribe. If the listening
   * connection drops, it is re-established and `onGap` is called: notifications may have been lost.
   */
  listen(channel: string, onPayload: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /** Runs `fn` holding a database-wide lock (e.g. migrations at start, when several processes start at once). */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… — use a PostgreSQL server. */
  databaseUrl?: string | undefined;
  /** Data directory; PGlite keeps its files in `<dataDir>/pglite`. `memory://` for a throwaway. */
  dataDir?: string;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ?? './data');
}

async function openPostgres(url: string): Promise<Db> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client that loses its connection emits 'error'; without a handler that kills the process.
  pool.on('error', (error) => logger.error('idle client error', { error: error.message }));
  const listeners = new Set<PgClient>();
  const wrap = (c: { query: PgPool['query'] }): Queryable => ({
    query: async <Row,>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as Row[],
    exec: async (sql: string) => {
      await c.query(sql);
    },
  });
  const inTransaction = async <T,>(begin: string, fn: (t: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await fn(wrap(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      // The transaction's own error is the one to throw; a failed ROLLBACK only means a broken connection.
      await client.query('ROLLBACK').catch((error: unknown) => logger.warn('rollback failed', { error }));
      throw e;
    } finally {
      client.release();
    }
  };
  return {
    kind: 'postgres',
    ...wrap(pool),
    tx: (fn) => inTransaction('BEGIN', fn),
    snapshot: (fn) => inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn),
    async listen(channel, onPayload, onGap) {
      // LISTEN needs a connection of its own that stays open; pool clients come and go. When it
      // drops (server restart, failover, network), reconnect with backoff and report the gap.
      let stopped = false;
      let current: PgClient | null = null;
      const connect = async (): Promise<PgClient> => {
        const client = new pg.Client({ connectionString: url });
        client.on('error', (error) => logger.error('listener error', { error: error.message }));
        client.on('notification', (n) => {
          if (n.channel === channel) onPayload(n.payload ?? '');
        });
        client.on('end', () => {
          if (!stopped) void reconnect();
        });
        await client.connect();
        await client.query(`LISTEN ${quoteIdent(channel)}`);
        listeners.add(client);
        return client;
      };
      const reconnect = async (): Promise<void> => {
        if (current) listeners.delete(current);
        for (let attempt = 0; !stopped; attempt++) {
          await backoffWait(attempt, LISTEN_RECONNECT);
          try {
            current = await connect();
            onGap?.();
            return;
          } catch (err) {
            logger.error('listener reconnect failed', { attempt, error: (err as Error).message });
          }
        }
      };
      current = await connect();
      return async () => {
        stopped = true;
        if (current) {
          listeners.delete(current);
          await current.end().catch((error: unknown) => logger.debug('closing the listener failed', { error }));
        }
      };
    },
    async withStartupLock(fn) {
      // A key of its own: `fn` runs on other pool connections, and migrate() takes 74200 there;
      // holding that same key here would make the start wait for itself.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(74199)');
        return await fn();
      } finally {
        // A failed unlock is released with the connection anyway.
        await client.query('SELECT pg_advisory_unlock(74199)').catch((error: unknown) => logger.warn('releasing the startup lock failed', { error }));
        client.release();
      }
    },
    async close() {
      await Promise.all([...listeners].map((c) => c.end().catch((error: unknown) => logger.debug('closing a listener failed', { error }))));
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  let lock: DirectoryLock | null = null;
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(dataDir, { recursive: true });
    // PGlite does not lock its directory; a second process would open it and corrupt it.
    lock = acquireDirectoryLock(dataDir);
    location = path.join(dataDir, 'pglite');
  }
  const pgl = await PGlite.create(location);
  const wrap = (c: Pick<typeof pgl, 'query' | 'exec'>): Queryable => ({
    query: async <Row,>(sql: string, params?: unknown[]) => (await c.query<Row>(sql, params)).rows,
    exec: async (sql: string) => {
      await c.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pgl),
    tx: (fn) => pgl.transaction((t) => fn(wrap(t))),
    // One connection, and a transaction holds it: nothing else runs in between.
    snapshot: (fn) => pgl.transaction((t) => fn(wrap(t))),
    async listen(channel, onPayload) {
      // In-process: the connection cannot drop, so there is never a gap to report.
      const unsubscribe = await pgl.listen(channel, onPayload);
      return unsubscribe;
    },
    // The directory lock already makes this process the only one.
    withStartupLock: (fn) => fn(),
    async close() {
      await pgl.close();
      lock?.release();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
