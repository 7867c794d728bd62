import { Repeater } from 'graphql-yoga';
import {
  COLLECTIONS,
  COMMON_FIELDS,
  PULL_BATCH_MAX,
  PUSH_BATCH_SIZE,
  allFields,
  checkDocument,
  checkField,
  mergeFields,
  operationNames,
  sameContent,
  tombstone,
  type Checkpoint,
  type CollectionSpec,
} from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import { inTurn } from '../http/session-turns.ts';
import type { RequestContext } from '../http/context.ts';
import { invalidField, rejectionMessage } from './checks.ts';
import type { Bind, Doc, Rejection, ServerPolicy } from './policy.ts';
import { readGrants, reconcileGrants } from './grants.ts';
import type { Scope } from './scope.ts';
import { serverPolicies } from './policies.ts';

type Row = Record<string, unknown> & { id: string; pos: number | string; deleted: boolean };

interface PushRow {
  assumedMasterState?: Doc | null;
  newDocumentState: Doc;
}

/** Positions travel as decimal strings: PGlite returns bigint as number, `pg` as string. */
function toDoc(row: Row): Doc {
  return { ...row, pos: String(row.pos) };
}

const MAX_BIGINT = 9223372036854775807n;
function isPosition(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

/** Appends each bound value to `params` and returns its placeholder. */
function binder(params: unknown[]): Bind {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

function requireSession(ctx: RequestContext): void {
  if (!ctx.session) throw userError(ctx.lang, 'UNAUTHENTICATED');
}

/**
 * SQL condition: the row (alias `v`) belongs to one of `keys`. Keys are `prefix:value`; each prefix
 * names a key column of the policy.
 */
function keyCondition(policy: ServerPolicy, keys: Iterable<string>, bind: Bind): string {
  const byPrefix = groupKeys(keys);
  const parts = [...byPrefix].map(([prefix, values]) => `v.${column(policy, prefix)} = ANY(${bind(values)}::text[])`);
  return parts.length ? parts.join(' OR ') : 'false';
}

/**
 * SQL expression: the smallest position among `keyed` (key → position) that the row belongs to, or
 * NULL. Used to place a gained scope's history (and a lost scope's tombstones) at the position of
 * the grant (revocation) in the checkpoint order.
 */
function keyPosition(policy: ServerPolicy, keyed: Map<string, bigint>, bind: Bind): string {
  const parts = [...groupKeys(keyed.keys())].map(([prefix, values]) => {
    const positions = values.map((value) => String(keyed.get(`${prefix}:${value}`)));
    return `(SELECT min(g.pos) FROM unnest(${bind(values)}::text[], ${bind(positions)}::bigint[]) AS g(value, pos)
         WHERE g.value = v.${column(policy, prefix)})`;
  });
  return parts.length ? `LEAST(${parts.join(', ')})` : 'NULL::bigint';
}

function splitKey(k: string): [string, string] {
  const i = k.indexOf(':');
  return [k.slice(0, i), k.slice(i + 1)];
}

function groupKeys(keys: Iterable<string>): Map<string, string[]> {
  const byPrefix = new Map<string, string[]>();
  for (const k of keys) {
    const [prefix, value] = splitKey(k);
    let values = byPrefix.get(prefix);
    if (!values) byPrefix.set(prefix, (values = []));
    values.push(value);
  }
  return byPrefix;
}

function column(policy: ServerPolicy, prefix: string): string {
  const col = policy.keyColumns[prefix];
  if (!col) throw new Error(`${policy.view}: no key column for «${prefix}»`);
  return col;
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
  spec: CollectionSpec,
  policy: ServerPolicy,
  checkpoint: Checkpoint | null | undefined,
  limit: number,
): Promise<{ documents: Doc[]; checkpoint: Checkpoint | null }> {
  requireSession(ctx);
  if (!Number.isInteger(limit) || limit < 1 || limit > PULL_BATCH_MAX)
    throw userError(ctx.lang, 'BAD_REQUEST', { detail: `limit 1..${PULL_BATCH_MAX}` });
  if (checkpoint && !isPosition(checkpoint.pos)) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'checkpoint' });
  const scope = await ctx.scope();
  // Once per scope version (the cache hands out one object per version) and collection.
  const done = reconciled.get(scope) ?? new Set<string>();
  if (!done.has(spec.name) && (await reconcileGrants(ctx.db, scope.userId, spec.name, policy.keys(scope), scope.version))) {
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
          (bind) => `SELECT v.*, v.pos AS eff FROM ${policy.view} v
            WHERE (${keyCondition(policy, held, bind)}) AND (v.pos > $1::bigint OR (v.pos = $1::bigint AND v.id > $2))
            ORDER BY v.pos, v.id LIMIT $3`,
        )
      : [];
    const history = gained.size
      ? await page(
          (bind) => `SELECT * FROM (
              SELECT v.*, GREATEST(v.pos, ${keyPosition(policy, gained, bind)}) AS eff FROM ${policy.view} v
               WHERE (${keyCondition(policy, gained.keys(), bind)}) AND NOT (${keyCondition(policy, held, bind)})
            ) b WHERE ${afterCheckpoint} ORDER BY eff, id LIMIT $3`,
        )
      : [];
    const purged = lost.size
      ? (
          await page(
            (bind) => `SELECT * FROM (
                SELECT v.id, v.pos, true AS deleted, ${keyPosition(policy, lost, bind)} AS eff FROM ${policy.view} v
                 WHERE (${keyCondition(policy, lost.keys(), bind)}) AND NOT (${keyCondition(policy, grants.active.keys(), bind)})
              ) t WHERE ${afterCheckpoint} ORDER BY eff, id LIMIT $3`,
          )
        ).map((r) => ({ ...r, doc: tombstone(spec, r.id, String(r.eff)) as Doc }))
      : [];
    const ranked = [...changed, ...history, ...purged].sort(byRank).slice(0, limit);
    const last = ranked[ranked.length - 1];
    return {
      documents: ranked.map((r) => (policy.present ? policy.present(r.doc, scope) : r.doc)),
      checkpoint: last ? { pos: String(last.eff), id: last.id } : (checkpoint ?? null),
    };
  }));
}

/**
 * Takes the lock every writer of synced rows takes (see the position trigger in 001_foundation.sql)
 * before reading, so read → compare → write is atomic against other writers, and writers always
 * lock in the same order (advisory lock, then rows): no deadlock between two pushes.
 */
const WRITE_LOCK_SQL = 'SELECT pg_advisory_xact_lock(74201)';

/**
 * Applies pushed documents by the collection's conflict rule. Answers with `conflicts` — RxDB's
 * name for «the server's version, take it»: the stored version of every document (taken as pushed,
 * merged, kept as first stored, or in conflict) — and `rejected` (refused, with a reason in the
 * user's language; the real state, or a tombstone for a refused new document, is in `conflicts`,
 * so the device's copy matches the server while it keeps the refused version aside as «not sent»).
 * Each document is checked against its declaration in sync/ before any domain rule, so a bad one
 * is refused alone and never fails the batch.
 */
async function push(ctx: RequestContext, spec: CollectionSpec, policy: ServerPolicy, rows: PushRow[]) {
  requireSession(ctx);
  const pushPolicy = policy.push;
  if (!pushPolicy) throw userError(ctx.lang, 'FORBIDDEN');
  if (rows.length > PUSH_BATCH_SIZE * 4) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'too many rows' });
  const scope = await ctx.scope();
  const now = Date.now();
  // An id the database cannot take (a NUL in it) would fail the lookup of the whole batch below:
  // such a row is refused without being looked up.
  const idRefusals = rows.map((r) => checkField(COMMON_FIELDS.id, r.newDocumentState.id, now));
  return ctx.db.tx(async (t) => {
    await t.query(WRITE_LOCK_SQL);
    const params: unknown[] = [rows.filter((_, i) => !idRefusals[i]).map((r) => r.newDocumentState.id)];
    const inScope = keyCondition(policy, policy.keys(scope), binder(params));
    const stored = await t.query<Row & { in_scope: boolean }>(
      `SELECT v.*, (${inScope}) AS in_scope FROM ${policy.view} v WHERE v.id = ANY($1::text[])`,
      params,
    );
    // Only documents in the pusher's scope are ever read back to them (as conflicts).
    const current = new Map<string, Doc>();
    const elsewhere = new Set<string>();
    for (const { in_scope, ...row } of stored) {
      if (in_scope) current.set(row.id, toDoc(row as Row));
      else elsewhere.add(row.id);
    }
    const conflicts: Doc[] = [];
    /** Ids written or found already as pushed. */
    const taken: string[] = [];
    const rejected: { id: string; code: string; message: string }[] = [];
    const refuse = (doc: Doc, rejection: Rejection): void => {
      rejected.push({ id: doc.id, code: rejection.code, message: rejectionMessage(ctx.lang, rejection) });
      const real = current.get(doc.id);
      conflicts.push(real ?? (tombstone(spec, doc.id, '0') as Doc));
    };
    for (const [i, { assumedMasterState: assumed, newDocumentState: pushed }] of rows.entries()) {
      const idRefusal = idRefusals[i];
      if (idRefusal) {
        refuse(pushed, invalidField({ field: 'id', ...idRefusal }));
        continue;
      }
      // The id belongs to a document this person may not see: never overwrite it, never show it.
      if (elsewhere.has(pushed.id)) {
        refuse(pushed, { code: 'FORBIDDEN', reason: 'push.idTaken' });
        continue;
      }
      const real = current.get(pushed.id);
      let doc = pushed;
      if (real && !(assumed && sameContent(spec, assumed, real))) {
        // Someone else changed it since this device last saw it.
        if (spec.conflict === 'manual') {
          conflicts.push(real);
          continue;
        }
        if (spec.conflict === 'mergeable') doc = { ...mergeFields(spec, assumed, pushed, real), id: pushed.id };
      }
      if (real && spec.conflict === 'append-only') {
        // Created before (this push repeats one whose answer was lost, or the id is someone else's):
        // the stored version stands.
        const rejection = await pushPolicy.check(pushed, real, ctx, t);
        if (rejection) refuse(pushed, rejection);
        else conflicts.push(real);
        continue;
      }
      if (real && sameContent(spec, doc, real)) {
        taken.push(pushed.id);
        continue;
      }
      // What is about to be written, field by field (values kept from the stored version pass), before
      // any domain rule looks anything up with it.
      const fieldRefusal = checkDocument(spec, doc, { stored: real, now });
      const rejection = fieldRefusal ? invalidField(fieldRefusal) : await pushPolicy.check(doc, real, ctx, t);
      if (rejection) {
        refuse(pushed, rejection);
        continue;
      }
      await pushPolicy.write(doc, ctx, t);
      taken.push(pushed.id);
    }
    // The stored version of everything taken goes back too: what the server set (position, place
    // in a chat, author) and what a merge kept reach the device with the answer. Otherwise a pull
    // served while the push was under way — which the device skips, its own write being unconfirmed
    // — would leave the device with its own copy for good.
    if (taken.length) {
      const stored = await t.query<Row>(`SELECT v.* FROM ${policy.view} v WHERE v.id = ANY($1::text[])`, [taken]);
      for (const row of stored) conflicts.push(toDoc(row));
    }
    return { conflicts, rejected };
  });
}

const WAKE_WINDOW_MS = 20;

/**
 * A live stream of wake-ups for one collection, one per change in the subscriber's scope. When a
 * link that shapes the scope changes (a child linked, a chat joined or left: `scope:` notifications),
 * the stream recomputes the scope, listens to the new keys, and wakes the device so it pulls the
 * gained history or the tombstones of what it lost.
 */
function stream(ctx: RequestContext, spec: CollectionSpec, policy: ServerPolicy) {
  requireSession(ctx);
  const userId = ctx.session?.userId ?? '';
  return new Repeater<{ [op: string]: { collection: string } }>(async (pushSignal, stop) => {
    const op = operationNames(spec).stream;
    const signal = { [op]: { collection: spec.name } };
    // The first change wakes the device at once; more within the next 20 ms (a teacher saving a
    // column of marks is many transactions) make one more wake-up at the end: the device pulls
    // everything after its checkpoint anyway.
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const send = (): void => {
      last = Date.now();
      void pushSignal(signal);
    };
    const wake = (): void => {
      if (trailing) return;
      const wait = last + WAKE_WINDOW_MS - Date.now();
      if (wait <= 0) send();
      else
        trailing = setTimeout(() => {
          trailing = null;
          send();
        }, wait);
    };
    let unsubscribe = (): void => undefined;
    let stopped = false;
    const listen = (scope: Scope): void => {
      unsubscribe();
      const offChanges = ctx.hub.subscribe(spec.name, new Set(policy.wakeKeys(scope)), wake);
      const offScope = ctx.hub.subscribe('scope', new Set([`user:${userId}`, ...scope.schoolIds.map((id) => `school:${id}`)]), () =>
        void ctx.scopes.get(userId).then(
          (fresh) => {
            if (stopped) return;
            listen(fresh);
            wake();
          },
          (error: unknown) => {
            console.error('[sync] scope reload failed:', error);
            ctx.onStreamFailure?.();
            stop();
          },
        ),
      );
      unsubscribe = () => {
        offChanges();
        offScope();
      };
    };
    try {
      listen(await ctx.scope());
      // The client pulled when it connected, but a change may have committed between that pull and
      // this subscription: one wake-up now closes the gap.
      void pushSignal(signal);
    } catch (error) {
      console.error('[sync] stream setup failed:', error);
      ctx.onStreamFailure?.();
      stop();
    }
    await stop;
    stopped = true;
    if (trailing) clearTimeout(trailing);
    unsubscribe();
  });
}

/** GraphQL resolvers for every collection's pull, push and stream, generated from sync/. */
export function syncResolvers() {
  const Query: Record<string, unknown> = {};
  const Mutation: Record<string, unknown> = {};
  const Subscription: Record<string, unknown> = {};
  for (const spec of COLLECTIONS) {
    const policy = serverPolicies[spec.name];
    const ops = operationNames(spec);
    Query[ops.pull] = (_: unknown, args: { checkpoint?: Checkpoint | null; limit: number }, ctx: RequestContext) =>
      pullPage(ctx, spec, policy, args.checkpoint, args.limit);
    Subscription[ops.stream] = {
      subscribe: (_: unknown, __: unknown, ctx: RequestContext) => stream(ctx, spec, policy),
    };
    if (spec.conflict !== 'server-only') {
      Mutation[ops.push] = (_: unknown, args: { rows: PushRow[] }, ctx: RequestContext) => push(ctx, spec, policy, args.rows);
    }
  }
  return { Query, Mutation, Subscription };
}

/** Field names of a collection's documents, for checks that a view matches its declaration. */
export function declaredFields(spec: CollectionSpec): string[] {
  return Object.keys(allFields(spec));
}
