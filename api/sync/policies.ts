import { marksPushPolicy } from '../diary/marks-push.ts';
import type { ServerPolicies } from './policy.ts';

/** Who sees what of each collection in sync/. Adding a collection means adding its entry here. */
export const serverPolicies: ServerPolicies = {
  structure: {
    view: 'sync_structure',
    where: (s, bind) => `"schoolId" = ANY(${bind(s.schoolIds)}::text[])`,
    wakeKeys: (s) => s.schoolIds,
  },
  people: {
    view: 'sync_people',
    where: (s, bind) => `id = ANY(${bind(s.personIds)}::text[])`,
    wakeKeys: (s) => s.personIds,
  },
  lessons: {
    view: 'sync_lessons',
    where: (s, bind) => `"classId" = ANY(${bind(s.classIds)}::text[])`,
    wakeKeys: (s) => s.classIds,
  },
  marks: {
    view: 'sync_marks',
    // A student or parent sees only their own (children's) marks; a teacher all marks of their classes.
    where: (s, bind) =>
      `("studentId" = ANY(${bind(s.studentIds)}::text[]) OR "classId" = ANY(${bind(s.teacherClassIds)}::text[]))`,
    wakeKeys: (s) => s.classIds,
    push: marksPushPolicy,
  },
};
