import type { CollectionSpec, ErrorCode } from '../../sync/index.ts';
import type { Queryable } from '../db/database.ts';
import type { RequestContext } from '../http/context.ts';
import type { Scope } from './scope.ts';

/** Binds a value as the next SQL parameter and returns its placeholder (`$4`). */
export type Bind = (value: unknown) => string;

export type Doc = Record<string, unknown> & { id: string };

/** Why a pushed document was refused: an error code and a locales/ key for the detail. */
export interface Rejection {
  code: ErrorCode;
  reason: string;
  params?: Record<string, string | number>;
  /** The field at fault: its label (`sync.fields.<field>`) fills the reason's `{{field}}`. */
  field?: string;
}

export interface PushPolicy {
  /**
   * Checks one pushed document against the domain rules and the pusher's rights. `current` is the
   * stored version (absent for a new document); for a `mergeable` collection `doc` is the merge.
   */
  check(doc: Doc, current: Doc | undefined, ctx: RequestContext, t: Queryable): Promise<Rejection | null>;
  /** Writes one accepted document (the position trigger stamps it). */
  write(doc: Doc, ctx: RequestContext, t: Queryable): Promise<void>;
}

/**
 * The server half of a collection declared in sync/: where its rows are and who sees them. Each
 * domain declares its own in `api/<domain>/<name>.sync.ts` and registers it (api/sync/registry.ts).
 *
 * Visibility is expressed as scope keys `prefix:value` (`class:7a`, `student:u1`, `chat:c1`): a
 * person holds a set of keys, and a document belongs to the keys formed from its key columns. The
 * engine records when each key was given or taken away (api/sync/grants.ts), which is what lets a
 * device receive the history of a scope it gains and purge a scope it loses.
 */
export interface ServerCollection {
  /** The declaration in sync/collections/. */
  spec: CollectionSpec;
  /** A view whose columns are the document's fields plus `pos` and `deleted`. */
  view: string;
  /** Key prefix → the view column (quoted SQL) holding the value, e.g. `{ class: '"classId"' }`. */
  keyColumns: Readonly<Record<string, string>>;
  /** The keys this person holds for this collection. */
  keys(scope: Scope): string[];
  /** Keys of the change notifications (see the notify triggers) that wake this person's stream. */
  wakeKeys(scope: Scope): string[];
  /**
   * Shapes a pulled document for this person (hides fields meant for others); default: as stored.
   * Applied to pulls only: push answers carry stored rows, so only `server-only` collections use it.
   */
  present?(doc: Doc, scope: Scope): Doc;
  /** How pushed documents are checked and written; absent: the collection is `server-only`. */
  push?: PushPolicy;
}

/** `class:7a` from prefix and value. */
export const key = (prefix: string, value: string): string => `${prefix}:${value}`;
export const keysOf = (prefix: string, values: readonly string[]): string[] => values.map((v) => key(prefix, v));
