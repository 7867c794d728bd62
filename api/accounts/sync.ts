import type { SyncDomain } from '../sync/registry.ts';
import { peopleSync } from './people.sync.ts';
import { membershipScope } from './scope.ts';
import { structureSync } from './structure.sync.ts';

/** Accounts and school administration: schools' structure, profiles, and who a person is where. */
export const accountsSync: SyncDomain = { name: 'accounts', collections: [structureSync, peopleSync], scope: membershipScope };
