import { describe, expect, it } from 'vitest';
import { COLLECTIONS, type CollectionSpec } from '../../sync/index.ts';
import type { ServerCollection } from './policy.ts';
import { registerSyncDomains, scopeParts, serverCollection, type SyncDomain } from './registry.ts';

const served = (spec: CollectionSpec): ServerCollection => ({ spec, view: `sync_${spec.name}`, keyColumns: {}, keys: () => [], wakeKeys: () => [] });

// Each test file has its own module instance, so the registry starts empty here.
describe('the sync registry', () => {
  it('refuses to start while a collection declared in sync/ is served by no domain', () => {
    const [first] = COLLECTIONS;
    expect(() => registerSyncDomains([{ name: 'one', collections: [served(first)] }])).toThrow(/no domain serves/);
  });

  it('refuses a collection two domains claim', () => {
    const [first] = COLLECTIONS;
    expect(() => registerSyncDomains([{ name: 'other', collections: [served(first)] }])).toThrow(/registered twice/);
  });

  it('serves each collection by the domain that declared it, and gathers the domains’ scope parts', () => {
    const part = { load: async () => ({}) };
    const rest: SyncDomain = { name: 'rest', collections: COLLECTIONS.slice(1).map(served), scope: part };
    registerSyncDomains([rest]);
    registerSyncDomains([rest]); // building the schema again registers nothing twice
    for (const spec of COLLECTIONS) expect(serverCollection(spec).spec).toBe(spec);
    expect(scopeParts()).toEqual([part]);
  });
});
