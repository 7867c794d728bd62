import { COLLECTIONS, type CollectionSpec } from '../../sync/index.ts';
import type { ServerCollection } from './policy.ts';
import type { ScopePart } from './scope.ts';

/**
 * A domain's server side of sync: the collections it owns (each declared in sync/collections/ and
 * given its view, keys and rules in `api/<domain>/<name>.sync.ts`) and its part of a person's scope.
 */
export interface SyncDomain {
  name: string;
  collections: readonly ServerCollection[];
  scope?: ScopePart;
}

const domains = new Set<SyncDomain>();
const byName = new Map<string, ServerCollection>();

/**
 * Hands the domains' declarations to the engine (api/schema.ts does, when it builds the schema,
 * before any request is served). Registering the same domain again changes nothing; two domains
 * claiming one collection, or a collection of sync/ nobody serves, stop the server at start.
 */
export function registerSyncDomains(list: readonly SyncDomain[]): void {
  for (const domain of list) {
    if (domains.has(domain)) continue;
    for (const collection of domain.collections) {
      const name = collection.spec.name;
      if (byName.has(name)) throw new Error(`sync: collection «${name}» is registered twice (${domain.name})`);
      byName.set(name, collection);
    }
    domains.add(domain);
  }
  const missing = COLLECTIONS.filter((spec) => !byName.has(spec.name)).map((spec) => spec.name);
  if (missing.length) throw new Error(`sync: no domain serves ${missing.join(', ')}`);
}

/** The registered server side of a collection declared in sync/. */
export function serverCollection(spec: CollectionSpec): ServerCollection {
  const collection = byName.get(spec.name);
  if (!collection) throw new Error(`sync: no domain serves «${spec.name}»`);
  return collection;
}

/** Every registered domain's part of a person's scope. */
export function scopeParts(): ScopePart[] {
  return [...domains].flatMap((domain) => (domain.scope ? [domain.scope] : []));
}
