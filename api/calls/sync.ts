import type { Queryable } from '../db/database.ts';
import type { SyncDomain } from '../sync/registry.ts';
import { unique } from '../sync/scope.ts';
import { callsSync } from './calls.sync.ts';

declare module '../sync/scope.ts' {
  interface Scope {
    /** Calls this person created, and published calls they are a member of. */
    callIds: string[];
  }
}

async function loadCallIds(db: Queryable, userId: string) {
  // A draft online lesson is its teacher's alone until published.
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM calls WHERE admin_id = $1 AND NOT deleted
     UNION SELECT c.id FROM call_members m JOIN calls c ON c.id = m.call_id
      WHERE m.user_id = $1 AND c.published_at IS NOT NULL AND NOT c.deleted`,
    [userId],
  );
  return { callIds: unique(rows.map((r) => r.id)) };
}

/** Calls and online lessons: the calls a person may see. */
export const callsSyncDomain: SyncDomain = { name: 'calls', collections: [callsSync], scope: { load: loadCallIds } };
