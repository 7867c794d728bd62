import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies `migrations/NNN_name.sql` in order, each in its own transaction, once.
 * A transaction-scoped advisory lock keeps two API processes from migrating at the same time.
 */
export async function migrate(db: Db): Promise<string[]> {
  // Callers starting several processes at once hold db.withStartupLock around this (main.ts does).
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text COLLATE "C" PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    const done = await db.tx(async (t) => {
      await t.query('SELECT pg_advisory_xact_lock(74200)');
      const seen = await t.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
      if (seen.length) return false;
      await t.exec(sql);
      await t.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
