import { isValidMarkValue } from '../../sync/index.ts';
import { teachesLesson } from '../db/teaching.ts';
import { forbidden, ID_PATTERN, invalid as reject, str } from '../sync/checks.ts';
import type { PushPolicy } from '../sync/policy.ts';

/**
 * A teacher gives or corrects a mark. The lesson decides the class, subject and date (the
 * client's copies are not trusted); only a teacher of that class and subject may write it. (Kind and
 * comment are checked against their declaration in sync/ before this.)
 */
export const marksPushPolicy: PushPolicy = {
  async check(doc, current, ctx, t) {
    if (!ID_PATTERN.test(doc.id)) return reject('push.badId');
    const kind = str(doc.kind);
    const value = str(doc.value);
    if (!isValidMarkValue(kind, value)) return reject('push.markValue', { value });
    const weight = doc.weight;
    if (weight !== null && weight !== undefined && !(Number.isInteger(weight) && Number(weight) >= 1 && Number(weight) <= 5))
      return reject('push.markWeight');
    if (current && (current.lessonId !== doc.lessonId || current.studentId !== doc.studentId))
      return reject('push.markMoved');

    const [lesson] = await t.query<{ class_id: string; subject_id: string; teacher_id: string }>(
      'SELECT class_id, subject_id, teacher_id FROM lessons WHERE id = $1 AND NOT deleted',
      [str(doc.lessonId)],
    );
    if (!lesson) return reject('push.noLesson');
    if (!(await teachesLesson(t, ctx.session?.userId, lesson))) return forbidden('push.notYourLesson');
    const inClass = await t.query(
      `SELECT 1 FROM memberships WHERE user_id = $1 AND role = 'student' AND class_id = $2`,
      [str(doc.studentId), lesson.class_id],
    );
    if (!inClass.length) return reject('push.notInClass');
    return null;
  },

  async write(doc, ctx, t) {
    await t.query(
      `INSERT INTO marks (id, school_id, lesson_id, student_id, class_id, subject_id, date, kind, value, weight, comment, author_id, deleted)
       SELECT $1, l.school_id, l.id, $2, l.class_id, l.subject_id, l.date, $3, $4, $5, $6, $7, $8
         FROM lessons l WHERE l.id = $9
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, value = EXCLUDED.value, weight = EXCLUDED.weight,
         comment = EXCLUDED.comment, author_id = EXCLUDED.author_id, deleted = EXCLUDED.deleted`,
      [
        doc.id,
        str(doc.studentId),
        str(doc.kind),
        str(doc.value),
        doc.weight ?? null,
        doc.comment ?? null,
        ctx.session?.userId,
        doc.deleted === true,
        str(doc.lessonId),
      ],
    );
  },
};

