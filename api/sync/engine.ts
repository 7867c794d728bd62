import { Repeater } from 'graphql-yoga';
import {
  COLLECTIONS,
  PULL_BATCH_MAX,
  PUSH_BATCH_SIZE,
  allFields,
  operationNames,
  type Checkpoint,
  type CollectionSpec,
} from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import type { RequestContext } from '../http/context.ts';
import { translate } from '../i18n/messages.ts';
import type { Bind, Doc, Rejection, ServerPolicy } from './policy.ts';
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

/** Reads the next page after the checkpoint, in position order, within the caller's scope. */
export async function pullPage(
  ctx: RequestContext,
  policy: ServerPolicy,
  checkpoint: Checkpoint | null | undefined,
  limit: number,
): Promise<{ documents: Doc[]; checkpoint: Checkpoint | null }> {
  requireSession(ctx);
  if (!Number.isInteger(limit) || limit < 1 || limit > PULL_BATCH_MAX)
    throw userError(ctx.lang, 'BAD_REQUEST', { detail: `limit 1..${PULL_BATCH_MAX}` });
  if (checkpoint && !isPosition(checkpoint.pos)) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'checkpoint' });
  const scope = await ctx.scope();
  const params: unknown[] = [checkpoint?.pos ?? '0', checkpoint?.id ?? '', limit];
  const where = policy.where(scope, binder(params));
  const rows = await ctx.db.query<Row>(
    `SELECT * FROM ${policy.view}
      WHERE (${where}) AND (pos > $1::bigint OR (pos = $1::bigint AND id > $2))
      ORDER BY pos, id LIMIT $3`,
    params,
  );
  const documents = rows.map(toDoc);
  const last = documents[documents.length - 1];
  return { documents, checkpoint: last ? { pos: String(last.pos), id: last.id } : (checkpoint ?? null) };
}

/**
 * Takes the lock every writer of synced rows takes (see the position trigger in 001_foundation.sql)
 * before reading, so read → compare → write is atomic against other writers, and writers always
 * lock in the same order (advisory lock, then rows): no deadlock between two pushes.
 */
const WRITE_LOCK_SQL = 'SELECT pg_advisory_xact_lock(74201)';

/** Applies pushed documents: conflicts come back as the real master state, refusals with a reason. */
async function push(ctx: RequestContext, policy: ServerPolicy, rows: PushRow[]) {
  requireSession(ctx);
  const pushPolicy = policy.push;
  if (!pushPolicy) throw userError(ctx.lang, 'FORBIDDEN');
  if (rows.length > PUSH_BATCH_SIZE * 4) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'too many rows' });
  const scope = await ctx.scope();
  return ctx.db.tx(async (t) => {
    await t.query(WRITE_LOCK_SQL);
    const params: unknown[] = [rows.map((r) => r.newDocumentState.id)];
    const stored = await t.query<Row & { in_scope: boolean }>(
      `SELECT *, (${policy.where(scope, binder(params))}) AS in_scope FROM ${policy.view} WHERE id = ANY($1::text[])`,
      params,
    );
    // Only documents in the pusher's scope are ever read back to them (as conflicts).
    const current = new Map(
      stored
        .filter((r) => r.in_scope)
        .map((r) => {
          const doc = toDoc(r);
          delete doc.in_scope;
          return [doc.id, doc];
        }),
    );
    const elsewhere = new Set(stored.filter((r) => !r.in_scope).map((r) => r.id));
    const conflicts: Doc[] = [];
    const rejected: { id: string; code: string; message: string }[] = [];
    const refuse = (id: string, rejection: Rejection): void => {
      rejected.push({ id, code: rejection.code, message: translate(ctx.lang, rejection.reason, rejection.params) });
    };
    for (const { assumedMasterState: assumed, newDocumentState: doc } of rows) {
      // The id belongs to a document this person may not see: never overwrite it, never show it.
      if (elsewhere.has(doc.id)) {
        refuse(doc.id, { code: 'FORBIDDEN', reason: 'push.idTaken' });
        continue;
      }
      const real = current.get(doc.id);
      // The client's idea of the master state is stale: hand back the real one.
      if (real && (!assumed || String(assumed.pos) !== real.pos)) {
        conflicts.push(real);
        continue;
      }
      const rejection = await pushPolicy.check(doc, real, ctx, t);
      if (rejection) {
        refuse(doc.id, rejection);
        continue;
      }
      await pushPolicy.write(doc, ctx, t);
    }
    return { conflicts, rejected };
  });
}

/** A live stream of wake-ups for one collection, one per change in the subscriber's scope. */
function stream(ctx: RequestContext, spec: CollectionSpec, policy: ServerPolicy) {
  requireSession(ctx);
  return new Repeater<{ [op: string]: { collection: string } }>(async (pushSignal, stop) => {
    const op = operationNames(spec).stream;
    const signal = { [op]: { collection: spec.name } };
    let unsubscribe = (): void => undefined;
    try {
      const keys = new Set(await policy.wakeKeys(await ctx.scope(), ctx.db));
      // Coalesce bursts: a teacher saving a column of marks is many transactions; one wake-up per
      // tick is enough, the client pulls everything after its checkpoint anyway.
      let scheduled = false;
      unsubscribe = ctx.hub.subscribe(spec.name, keys, () => {
        if (scheduled) return;
        scheduled = true;
        setTimeout(() => {
          scheduled = false;
          void pushSignal(signal);
        }, 20);
      });
      // The client pulled when it connected, but a change may have committed between that pull and
      // this subscription: one wake-up now closes the gap.
      void pushSignal(signal);
    } catch (error) {
      console.error('[sync] stream setup failed:', error);
      ctx.onStreamFailure?.();
      stop();
    }
    await stop;
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
      pullPage(ctx, policy, args.checkpoint, args.limit);
    Subscription[ops.stream] = {
      subscribe: (_: unknown, __: unknown, ctx: RequestContext) => stream(ctx, spec, policy),
    };
    if (spec.conflict !== 'server-only') {
      Mutation[ops.push] = (_: unknown, args: { rows: PushRow[] }, ctx: RequestContext) => push(ctx, policy, args.rows);
    }
  }
  return { Query, Mutation, Subscription };
}

/** Field names of a collection's documents, for checks that a view matches its declaration. */
export function declaredFields(spec: CollectionSpec): string[] {
  return Object.keys(allFields(spec));
}
