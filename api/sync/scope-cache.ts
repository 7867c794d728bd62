import type { Queryable } from '../db/database.ts';
import { scopeParts } from './registry.ts';
import { loadScope, type Scope } from './scope.ts';

const MAX_ENTRIES = 50_000;

/**
 * Scopes per person, kept in this process while the links that shape them stay the same. Loading a
 * scope is several queries (one or more per domain); a device pulls six collections on every wake-up, so without this a busy
 * server spends most of its SQL re-reading the same links. Every change to those links bumps
 * `scope_version` in its own transaction (004_scope_version.sql); a request reads the counter (one
 * cheap query) and re-loads the scope when it moved. Reading the counter before loading makes a
 * race harmless: a change landing in between only causes one more load later, never a stale scope.
 */
export class ScopeCache {
  private readonly entries = new Map<string, { scope: Promise<Scope>; version: string }>();

  constructor(private readonly db: Queryable) {}

  async get(userId: string): Promise<Scope> {
    const [row] = await this.db.query<{ v: number | string }>('SELECT v FROM scope_version');
    const version = String(row?.v ?? '');
    const cached = this.entries.get(userId);
    if (cached?.version === version) return cached.scope;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const entry = { scope: loadScope(this.db, userId, scopeParts()).then((scope) => ({ ...scope, version })), version };
    this.entries.set(userId, entry);
    entry.scope.catch(() => {
      if (this.entries.get(userId) === entry) this.entries.delete(userId);
    });
    return entry.scope;
  }
}
