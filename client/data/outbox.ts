import type { RxCollection, RxJsonSchema } from 'rxdb';

/**
 * The device's own record of what it wrote and what became of it: `pending` until the server took
 * it, or `rejected` (the server refused it: reason kept) or `conflict` (someone changed it first: both
 * versions kept) until the person decides. Local only, never replicated; wiped with the database.
 */
export type OutboxState = 'pending' | 'rejected' | 'conflict';

export interface OutboxEntry {
  /** `collection:docId` */
  id: string;
  /** The synced collection (not `collection`: RxDB documents have a property of that name). */
  target: string;
  docId: string;
  state: OutboxState;
  /** Epoch ms of the local write (pending) or of the server's answer (rejected, conflict). */
  at: number;
  /** Error code and the server's reason, in the person's language (rejected). */
  code?: string;
  reason?: string;
  /** The person's version, and the server's (JSON), for rejected and conflict entries. */
  mine?: string;
  theirs?: string;
}

export type Outbox = RxCollection<OutboxEntry>;

export const OUTBOX_SCHEMA: RxJsonSchema<OutboxEntry> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 140 },
    target: { type: 'string', maxLength: 40 },
    docId: { type: 'string', maxLength: 64 },
    state: { type: 'string', maxLength: 16, enum: ['pending', 'rejected', 'conflict'] },
    at: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    code: { type: 'string' },
    reason: { type: 'string' },
    mine: { type: 'string' },
    theirs: { type: 'string' },
  },
  required: ['id', 'target', 'docId', 'state', 'at'],
  indexes: ['state'],
};

export const outboxId = (collection: string, docId: string): string => `${collection}:${docId}`;

/** A local write is on its way. */
export async function markPending(outbox: Outbox, collection: string, docId: string): Promise<void> {
  await outbox.upsert({ id: outboxId(collection, docId), target: collection, docId, state: 'pending', at: Date.now() });
}

/** The server took these (pushed at `pushedAt`): pending entries not written again since are done. */
export async function settle(outbox: Outbox, collection: string, docIds: readonly string[], pushedAt: number): Promise<void> {
  if (!docIds.length) return;
  const entries = await outbox.findByIds(docIds.map((id) => outboxId(collection, id))).exec();
  const done = [...entries.values()].filter((e) => e.state === 'pending' && e.at <= pushedAt);
  if (done.length) await outbox.bulkRemove(done.map((e) => e.id));
}

/** Plain document data, without RxDB's bookkeeping. */
export function plain(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k !== '_meta' && k !== '_rev' && k !== '_attachments') out[k] = v;
  return out;
}

export async function recordIssue(
  outbox: Outbox,
  collection: string,
  entry: { docId: string; state: 'rejected' | 'conflict'; mine: Record<string, unknown>; theirs: Record<string, unknown>; code?: string; reason?: string },
): Promise<void> {
  await outbox.upsert({
    id: outboxId(collection, entry.docId),
    target: collection,
    docId: entry.docId,
    state: entry.state,
    at: Date.now(),
    mine: JSON.stringify(plain(entry.mine)),
    theirs: JSON.stringify(plain(entry.theirs)),
    ...(entry.code ? { code: entry.code } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  });
}
