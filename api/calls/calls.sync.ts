import { calls } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';

/** Calls a person created, and published calls they are a member of (changed by mutations only). */
export const callsSync: ServerCollection = {
  spec: calls,
  view: 'sync_calls',
  keyColumns: { call: 'id' },
  keys: (s) => keysOf('call', s.callIds),
  wakeKeys: (s) => s.callIds,
  // The link lets anyone holding it in: only its admin may see (and share) it.
  present: (doc, s) => (doc.adminId === s.userId ? doc : { ...doc, linkCode: null }),
};
