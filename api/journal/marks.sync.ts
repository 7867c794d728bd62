import { marks } from '../../sync/index.ts';
import { keysOf, type ServerCollection } from '../sync/policy.ts';
import { marksPushPolicy } from './marks-push.ts';

/** Marks: teachers write them in the journal; students and parents read them in the diary. */
export const marksSync: ServerCollection = {
  spec: marks,
  view: 'sync_marks',
  // A student or parent sees only their own (children's) marks; a teacher all marks of their classes.
  keyColumns: { student: '"studentId"', class: '"classId"' },
  keys: (s) => [...keysOf('student', s.studentIds), ...keysOf('class', s.teacherClassIds)],
  wakeKeys: (s) => s.classIds,
  push: marksPushPolicy,
};
