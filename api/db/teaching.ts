/**
 * «Who teaches this lesson», asked by more than one domain (the journal's marks, online lessons):
 * the teacher it is given to, or anyone who teaches that subject to that class (a substitute, a
 * second teacher of a split class). One answer, so the domains cannot drift apart on it.
 */
import type { Queryable } from './database.ts';

/** The lesson columns the answer depends on (a `lessons` row). */
export interface TaughtLesson {
  class_id: string;
  subject_id: string;
  teacher_id: string;
}

export async function teachesLesson(db: Queryable, userId: string | undefined, lesson: TaughtLesson): Promise<boolean> {
  if (!userId) return false;
  if (lesson.teacher_id === userId) return true;
  const rows = await db.query('SELECT 1 FROM teaching WHERE teacher_id = $1 AND class_id = $2 AND subject_id = $3', [
    userId,
    lesson.class_id,
    lesson.subject_id,
  ]);
  return rows.length > 0;
}
