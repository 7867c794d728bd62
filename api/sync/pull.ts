import { PULL_BATCH_MAX, tombstone, type Checkpoint } from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { inTurn } from '../http/session-turns.ts';
import { readGrants, reconcileGrants } from './grants.ts';
import { binder, keyCondition, keyPosition, toDoc, type Row } from './keys-sql.ts';
import type { Bind, Doc, ServerCollection } from './policy.ts';
import type { Scope } from './scope.ts';

const MAX_BIGINT = 9223372036854775807n;
function isPosition(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

/** Scopes whose grants were recorded, per collection. */
const reconciled = new WeakMap<Scope, Set<string>>();

type Ranked = { eff: bigint; id: string; doc: Doc };
const byRank = (a: Ranked, b: Ranked): number => (a.eff < b.eff ? -1 : a.eff > b.eff ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Reads the next page after the checkpoint within the caller's scope. Documents are ordered by
 * their «effective position»: their own change position, except that a scope key the person gained
 * after the checkpoint brings its older documents at the position of the grant, and a key they lost
 * brings tombstones (id only, deleted) at the position of the revocation. So one (position, id)
 * checkpoint covers changes, gained history and purges alike, and never skips any of them.
 */
export async function pullPage(
  ctx: RequestContext,
  collection: ServerCollection,
  checkpoint: Checkpoint | null | undefined,
  limit: number,
): Promise<{ documents: Doc[]; checkpoint: Checkpoint | null }> {
  requireUser(ctx);
  const { spec } = collection;
  if (!Number.isInteger(limit) || limit < 1 || limit > PULL_BATCH_MAX)
    throw userError(ctx.lang, 'BAD_REQUEST', { detail: `limit 1..${PULL_BATCH_MAX}` });
  if (checkpoint && !isPosition(checkpoint.pos)) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'checkpoint' });
  const scope = await ctx.scope();
  // Once per scope version (the cache hands out one object per version) and collection.
  const done = reconciled.get(scope) ?? new Set<string>();
  if (!done.has(spec.name) && (await reconcileGrants(ctx.db, scope.userId, spec.name, collection.keys(scope), scope.version))) {
    done.add(spec.name);
    reconciled.set(scope, done);
  }
  // The grants and the page come from one snapshot (see readGrants): with separate reads, a page
  // could be cut from several instants and its checkpoint pass a change another part did not see.
  // One page at a time per request (api/http/session-turns.ts).
  return inTurn(ctx, () => ctx.db.snapshot(async (t) => {
    const grants = await readGrants(t, scope.userId, spec.name);
    const after = BigInt(checkpoint?.pos ?? '0');
    const afterId = checkpoint?.id ?? '';
    // Keys given before the checkpoint: the device has their history, it needs what changed since.
    const held = [...grants.active].filter(([, p]) => p < after).map(([k]) => k);
    // Keys given at or after it (all of them on a first pull): their whole history is due.
    const gained = new Map([...grants.active].filter(([, p]) => p >= after));
    const lost = new Map([...grants.revoked].filter(([, p]) => p >= after));

    const page = async (build: (bind: Bind) => string): Promise<Ranked[]> => {
      const params: unknown[] = [String(after), afterId, limit];
      const rows = await t.query<Row & { eff: number | string }>(build(binder(params)), params);
      return rows.map(({ eff, ...row }) => ({ eff: BigInt(eff), id: row.id, doc: toDoc(row as Row) }));
    };
    const afterCheckpoint = '(eff > $1::bigint OR (eff = $1::bigint AND id > $2))';
    // One connection: the three parts run one after another, in the same snapshot.
    const changed = held.length
      ? await page(
          (bind) => `SELECT v.*, v.pos AS eff FROM ${collection.view} v
            WHERE (${keyCondition(collection, held, bind)}) AND (v.pos > $1::bigint OR (v.pos = $1::bigint AND v.id > $2))
            ORDER BY v.pos, v.id LIMIT $3`,
        )
      : [];
    const history = gained.size
      ? await page(
          (bind) => `SELECT * FROM (
              SELECT v.*, GREATEST(v.pos, ${keyPosition(collection, gained, bind)}) AS eff FROM ${collection.view} v
               WHERE (${keyCondition(collection, gained.keys(), bind)}) AND NOT (${keyCondition(collection, held, bind)})
            ) b WHERE ${afterCheckpoint} ORDER BY eff, id LIMIT $3`,
        )
      : [];
    const purged = lost.size
      ? (
          await page(
            (bind) => `SELECT * FROM (
                SELECT v.id, v.pos, true AS deleted, ${keyPosition(collection, lost, bind)} AS eff FROM ${collection.view} v
                 WHERE (${keyCondition(collection, lost.keys(), bind)}) AND NOT (${keyCondition(collection, grants.active.keys(), bind)})
              ) t WHERE ${afterCheckpoint} ORDER BY eff, id LIMIT $3`,
          )
        ).map((r) => ({ ...r, doc: tombstone(spec, r.id, String(r.eff)) as Doc }))
      : [];
    const ranked = [...changed, ...history, ...purged].sort(byRank).slice(0, limit);
    const last = ranked[ranked.length - 1];
    return {
      documents: ranked.map((r) => (collection.present ? collection.present(r.doc, scope) : r.doc)),
      checkpoint: last ? { pos: String(last.eff), id: last.id } : (checkpoint ?? null),
    };
  }));
}
