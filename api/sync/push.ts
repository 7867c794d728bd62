import { COMMON_FIELDS, PUSH_BATCH_SIZE, checkDocument, checkField, mergeFields, sameContent, tombstone } from '../../sync/index.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { invalidField, rejectionMessage } from './checks.ts';
import { binder, keyCondition, toDoc, type Row } from './keys-sql.ts';
import type { Doc, Rejection, ServerCollection } from './policy.ts';

export interface PushRow {
  assumedMasterState?: Doc | null;
  newDocumentState: Doc;
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
export async function push(ctx: RequestContext, collection: ServerCollection, rows: PushRow[]) {
  requireUser(ctx);
  const { spec } = collection;
  const pushPolicy = collection.push;
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
    const inScope = keyCondition(collection, collection.keys(scope), binder(params));
    const stored = await t.query<Row & { in_scope: boolean }>(
      `SELECT v.*, (${inScope}) AS in_scope FROM ${collection.view} v WHERE v.id = ANY($1::text[])`,
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
      const stored = await t.query<Row>(`SELECT v.* FROM ${collection.view} v WHERE v.id = ANY($1::text[])`, [taken]);
      for (const row of stored) conflicts.push(toDoc(row));
    }
    return { conflicts, rejected };
  });
}
