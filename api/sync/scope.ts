import type { Queryable } from '../db/database.ts';

/**
 * What one person may pull, decided on the server. The engine knows only who the person is and
 * which link-change counter the scope reflects; every domain adds the facts its collections are
 * keyed by (sets of ids), by augmenting this interface next to the loader that fills them:
 *
 *   declare module '../sync/scope.ts' { interface Scope { chatIds: string[] } }
 */
export interface Scope {
  userId: string;
  /** The link-change counter (scope_version) read before loading: the links this scope reflects. */
  version?: string;
}

/** A domain's part of a person's scope: the facts it loads, from the person's id alone. */
export interface ScopePart {
  load(db: Queryable, userId: string): Promise<Partial<Scope>>;
  /**
   * Keys of the `scope:` notifications (beyond `user:<id>`, which every stream hears) after which
   * this part must be reloaded, e.g. `school:<id>` when someone joins the person's school.
   */
  notifyKeys?(scope: Scope): string[];
}

/** Loads every domain's part of one person's scope. */
export async function loadScope(db: Queryable, userId: string, parts: readonly ScopePart[]): Promise<Scope> {
  // Complete once every registered part has added its facts.
  const scope = { userId } as Scope;
  // One after another: on PGlite (one connection) parallel loads would queue anyway.
  for (const part of parts) Object.assign(scope, await part.load(db, userId));
  return scope;
}

/** The `scope:` notification keys after which this person's scope must be reloaded. */
export function scopeNotifyKeys(scope: Scope, parts: readonly ScopePart[]): Set<string> {
  return new Set([`user:${scope.userId}`, ...parts.flatMap((part) => part.notifyKeys?.(scope) ?? [])]);
}

/** Sorted, without repeats: scopes compare and cache well. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
