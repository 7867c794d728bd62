import type { CollectionName, ErrorCode } from '../../sync/index.ts';
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
}

export interface PushPolicy {
  /** Checks one pushed document against the domain rules and the pusher's rights. */
  check(doc: Doc, current: Doc | undefined, ctx: RequestContext, t: Queryable): Promise<Rejection | null>;
  /** Writes one accepted document (the position trigger stamps it). */
  write(doc: Doc, ctx: RequestContext, t: Queryable): Promise<void>;
}

/** The server half of a collection declared in sync/: where its rows are and who sees them. */
export interface ServerPolicy {
  /** A view whose columns are the document's fields plus `pos` and `deleted`. */
  view: string;
  /** SQL condition selecting the rows this scope may pull. */
  where(scope: Scope, bind: Bind): string;
  /** Scope keys whose change notifications wake this person's stream (see the notify triggers). */
  wakeKeys(scope: Scope, db: Queryable): Promise<string[]> | string[];
  push?: PushPolicy;
}

export type ServerPolicies = Record<CollectionName, ServerPolicy>;
