/**
 * Benchmarks that need the PostgreSQL server get a database of their own (never `test`, which the
 * test suites use), created when missing and emptied at every run.
 */
import pg from 'pg';

/** A connection to the server's maintenance database; PARTA_BENCH_POSTGRES overrides it. */
export const BENCH_POSTGRES_URL = process.env.PARTA_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlOf(database: string): string {
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `database` if it is missing, empties its public schema, and returns its URL. */
export async function freshBenchDatabase(database: string): Promise<string> {
  if (!/^bench_[a-z0-9_]+$/.test(database)) throw new Error(`benchmark databases are named bench_…, not «${database}»`);
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${BENCH_POSTGRES_URL} (${(e as Error).message}); ` +
        'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set PARTA_BENCH_POSTGRES',
      { cause: e },
    );
  }
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length === 0) await admin.query(`CREATE DATABASE ${database}`);
    // Servers of an earlier run that was killed outright may still hold connections (and locks).
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
  } finally {
    await admin.end();
  }
  const url = urlOf(database);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await db.end();
  }
  return url;
}

export interface Backend {
  pid: number;
  /** active, idle, idle in transaction, … */
  state: string | null;
  /** e.g. Lock/advisory: waiting for an advisory lock. */
  waitEvent: string | null;
}

/** The server backends connected to `database` (other than the asking connection), and what they are doing. */
export async function backends(client: pg.Client, database: string): Promise<Backend[]> {
  const { rows } = await client.query<{ pid: number; state: string | null; wait: string | null }>(
    `SELECT pid, state, wait_event_type || '/' || wait_event AS wait
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [database],
  );
  return rows.map((r) => ({ pid: r.pid, state: r.state, waitEvent: r.wait }));
}

/** Transactions committed in `database` so far (each statement outside BEGIN…COMMIT is one). */
export async function committedTransactions(client: pg.Client, database: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1', [database]);
  return Number(rows[0]?.n ?? 0);
}
