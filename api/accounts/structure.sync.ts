import { structure } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';

/** A school's structure (classes, subjects…): everyone in the school sees it. */
export const structureSync: ServerCollection = {
  spec: structure,
  view: 'sync_structure',
  keyColumns: { school: '"schoolId"' },
  keys: (s) => keysOf('school', s.schoolIds),
  wakeKeys: (s) => s.schoolIds,
};
