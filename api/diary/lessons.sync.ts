import { lessons } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';

/** Lessons of the classes a person studies in, has children in, or teaches. */
export const lessonsSync: ServerCollection = {
  spec: lessons,
  view: 'sync_lessons',
  keyColumns: { class: '"classId"' },
  keys: (s) => keysOf('class', s.classIds),
  wakeKeys: (s) => s.classIds,
};
