import type { Queryable } from '../db/database.ts';
import { unique, type ScopePart } from '../sync/scope.ts';

/**
 * Who a person is in their schools, from memberships, guardianships and teaching:
 * - a student: their own class's lessons and their own marks;
 * - a parent: their children's classes' lessons and their children's marks;
 * - a teacher: lessons and marks of the classes they teach or lead;
 * - everyone: their schools' structure and the people they deal with.
 * Other domains' collections are keyed by these facts too (lessons, marks).
 */
declare module '../sync/scope.ts' {
  interface Scope {
    schoolIds: string[];
    /** Classes whose lessons this person sees. */
    classIds: string[];
    /** Students whose marks this person sees individually (self, children). */
    studentIds: string[];
    /** Classes whose marks this person sees in full (as their teacher). */
    teacherClassIds: string[];
    /** Profiles this person sees. */
    personIds: string[];
  }
}

async function loadMemberships(db: Queryable, userId: string) {
  const memberships = await db.query<{ school_id: string; role: string; class_id: string | null }>(
    'SELECT school_id, role, class_id FROM memberships WHERE user_id = $1',
    [userId],
  );
  const schoolIds = unique(memberships.map((m) => m.school_id));
  const isStudent = memberships.some((m) => m.role === 'student');
  const children = (
    await db.query<{ child_id: string }>('SELECT child_id FROM guardianships WHERE parent_id = $1', [userId])
  ).map((r) => r.child_id);
  const studentIds = unique([...(isStudent ? [userId] : []), ...children]);
  const studentClasses = studentIds.length
    ? (
        await db.query<{ class_id: string }>(
          `SELECT class_id FROM memberships WHERE role = 'student' AND class_id IS NOT NULL AND user_id = ANY($1::text[])`,
          [studentIds],
        )
      ).map((r) => r.class_id)
    : [];
  const teacherClassIds = (
    await db.query<{ class_id: string }>(
      `SELECT class_id FROM teaching WHERE teacher_id = $1
       UNION SELECT id FROM classes WHERE homeroom_teacher_id = $1`,
      [userId],
    )
  ).map((r) => r.class_id);
  const classIds = unique([...studentClasses, ...teacherClassIds]);
  // Teachers of the school are visible to all its members; a teacher also sees their classes' students.
  const personIds = unique([
    userId,
    ...studentIds,
    ...(
      await db.query<{ user_id: string }>(
        `SELECT user_id FROM memberships
          WHERE (role IN ('teacher', 'admin') AND school_id = ANY($1::text[]))
             OR (role = 'student' AND class_id = ANY($2::text[]))`,
        [schoolIds, teacherClassIds],
      )
    ).map((r) => r.user_id),
  ]);
  return { schoolIds, classIds, studentIds, teacherClassIds: unique(teacherClassIds), personIds };
}

export const membershipScope: ScopePart = {
  load: loadMemberships,
  // Someone joining or leaving one of the person's schools changes whom they see.
  notifyKeys: (scope) => scope.schoolIds.map((id) => `school:${id}`),
};
