import type { Queryable } from '../db/database.ts';

/**
 * What one person may pull, decided on the server from their roles:
 * - a student: their own class's lessons and their own marks;
 * - a parent: their children's classes' lessons and their children's marks;
 * - a teacher: lessons and marks of the classes they teach or lead;
 * - everyone: their schools' structure, the people they deal with, the chats they are in, and their
 *   calls (created by them, or published to them).
 */
export interface Scope {
  userId: string;
  schoolIds: string[];
  /** Classes whose lessons this person sees. */
  classIds: string[];
  /** Students whose marks this person sees individually (self, children). */
  studentIds: string[];
  /** Classes whose marks this person sees in full (as their teacher). */
  teacherClassIds: string[];
  /** Profiles this person sees. */
  personIds: string[];
  /** Chats this person is a member of. */
  chatIds: string[];
  /** Calls this person created, and published calls they are a member of. */
  callIds: string[];
  /** The link-change counter (scope_version) read before loading: the links this scope reflects. */
  version?: string;
}

export async function loadScope(db: Queryable, userId: string): Promise<Scope> {
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
  const chatIds = (
    await db.query<{ chat_id: string }>(
      `SELECT m.chat_id FROM chat_members m JOIN chats c ON c.id = m.chat_id WHERE m.user_id = $1 AND NOT c.deleted`,
      [userId],
    )
  ).map((r) => r.chat_id);
  // A draft online lesson is its teacher's alone until published.
  const callIds = (
    await db.query<{ id: string }>(
      `SELECT id FROM calls WHERE admin_id = $1 AND NOT deleted
       UNION SELECT c.id FROM call_members m JOIN calls c ON c.id = m.call_id
        WHERE m.user_id = $1 AND c.published_at IS NOT NULL AND NOT c.deleted`,
      [userId],
    )
  ).map((r) => r.id);
  return {
    userId,
    schoolIds,
    classIds,
    studentIds,
    teacherClassIds: unique(teacherClassIds),
    personIds,
    chatIds: unique(chatIds),
    callIds: unique(callIds),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
