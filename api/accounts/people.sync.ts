import { people } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';

/** Profiles: oneself, one's children, the school's teachers and, for a teacher, their students. */
export const peopleSync: ServerCollection = {
  spec: people,
  view: 'sync_people',
  keyColumns: { person: 'id' },
  keys: (s) => keysOf('person', s.personIds),
  wakeKeys: (s) => s.personIds,
};
