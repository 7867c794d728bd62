import type { Db, Queryable } from '../db/database.ts';

/** Scope keys a person holds for one collection, each with the change position it was given at. */
export interface Grants {
  /** key → position at which it was (last) given. */
  active: Map<string, bigint>;
  /** key → position at which it was taken away. */
  revoked: Map<string, bigint>;
}

interface GrantRow {
  key: string;
  active: boolean;
  pos: number | string;
}

/**
 * Brings the recorded grants of (person, collection) in line with the keys their scope holds now,
 * giving each new key and each lost key a fresh change position. Recording lazily, at the pull that
 * first sees the change, is enough: a device's checkpoint is always behind that position, so the
 * pull that follows hands it the history of a gained key (or tombstones for a lost one).
 */
export async function reconcileGrants(
  db: Db,
  userId: string,
  collection: string,
  keys: readonly string[],
  scopeVersion: string | undefined,
): Promise<boolean> {
  const rows = await readGrantRows(db, userId, collection);
  const want = new Set(keys);
  const activeNow = new Set(rows.filter((r) => r.active).map((r) => r.key));
  const gained = keys.filter((k) => !activeNow.has(k));
  const lost = [...activeNow].filter((k) => !want.has(k));
  if (!gained.length && !lost.length) return true;
  return db.tx(async (t) => {
    // The lock the position trigger takes, taken first: writers always lock in the same order
    // (advisory lock, then rows), or an upsert holding its row could deadlock with a push.
    await t.query('SELECT pg_advisory_xact_lock(74201)');
    // A scope loaded before a link changed must not undo what a pull with the newer scope (another
    // device of the same person) recorded: record nothing, the next pull brings the newer scope.
    if (scopeVersion !== undefined) {
      const [row] = await t.query<{ v: number | string }>('SELECT v FROM scope_version');
      if (String(row?.v) !== scopeVersion) return false;
    }
    if (gained.length)
        // A concurrent pull of the same person may have given the key already: keep its position.
        await t.query(
          `INSERT INTO sync_grants (user_id, collection, key, active)
           SELECT $1, $2, k, true FROM unnest($3::text[]) AS k
           ON CONFLICT (user_id, collection, key) DO UPDATE SET active = true WHERE NOT sync_grants.active`,
          [userId, collection, gained],
        );
      if (lost.length)
        await t.query(
          `UPDATE sync_grants SET active = false
            WHERE user_id = $1 AND collection = $2 AND key = ANY($3::text[]) AND active`,
          [userId, collection, lost],
        );
    return true;
  });
}

function readGrantRows(t: Queryable, userId: string, collection: string): Promise<GrantRow[]> {
  return t.query<GrantRow>('SELECT key, active, pos FROM sync_grants WHERE user_id = $1 AND collection = $2', [userId, collection]);
}

/**
 * The grants as recorded: inside the page's snapshot they, not the scope this request loaded, are
 * the truth (another device of the same person may have recorded a newer scope meanwhile; judging
 * its grants by an older scope would purge a chat just joined and then never send its history).
 * A grant recorded after the snapshot has a position above everything the snapshot can return, so
 * the checkpoint never passes over it.
 */
export async function readGrants(t: Queryable, userId: string, collection: string): Promise<Grants> {
  const grants: Grants = { active: new Map(), revoked: new Map() };
  for (const r of await readGrantRows(t, userId, collection)) (r.active ? grants.active : grants.revoked).set(r.key, BigInt(r.pos));
  return grants;
}
