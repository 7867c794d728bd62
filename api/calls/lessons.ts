/** Online lessons: a teacher creates one for a diary lesson (a draft), then publishes it to the students. */
import type { CallMediaKind } from '../../sync/index.ts';
import { teachesLesson } from '../db/teaching.ts';
import { userError } from '../http/errors.ts';
import { requireUser, type RequestContext } from '../http/context.ts';
import { bestEffort, loadCall, requireAdmin, requireNotEnded } from './access.ts';
import { newCallId } from './ids.ts';
import { log } from '../shared/log.ts';

const logger = log('calls');

/** VideoRoom publishers per lesson: everyone may turn their camera on. */
export const LESSON_PUBLISHERS = 100;
const MAX_STUDENTS = 500;

interface LessonRow {
  id: string;
  school_id: string;
  class_id: string;
  subject_id: string;
  teacher_id: string;
  date: string;
  subject: string;
}

export async function createOnlineLesson(
  ctx: RequestContext,
  args: { lessonId: string; studentIds?: string[] | null; media?: CallMediaKind | null },
): Promise<string> {
  const me = requireUser(ctx);
  const [lesson] = await ctx.db.query<LessonRow>(
    `SELECT l.id, l.school_id, l.class_id, l.subject_id, l.teacher_id, l.date::text AS date, s.name AS subject
       FROM lessons l JOIN subjects s ON s.id = l.subject_id WHERE l.id = $1 AND NOT l.deleted`,
    [args.lessonId],
  );
  if (!lesson) throw userError(ctx.lang, 'NOT_FOUND');
  if (!(await teachesLesson(ctx.db, me, lesson))) throw userError(ctx.lang, 'CALL_NOT_YOUR_LESSON');
  const classStudents = (
    await ctx.db.query<{ user_id: string }>("SELECT user_id FROM memberships WHERE role = 'student' AND class_id = $1", [lesson.class_id])
  ).map((r) => r.user_id);
  const studentIds = args.studentIds ? [...new Set(args.studentIds)] : classStudents;
  if (studentIds.length === 0 || studentIds.length > MAX_STUDENTS) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'studentIds' });
  const inClass = new Set(classStudents);
  if (studentIds.some((id) => !inClass.has(id))) throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'studentIds' });
  const id = newCallId();
  try {
    await ctx.db.tx(async (t) => {
      await t.query(
        `INSERT INTO calls (id, school_id, kind, media, audience, title, lesson_id, class_id, date, admin_id, status, transport)
         VALUES ($1, $2, 'lesson', $3, 'members', $4, $5, $6, $7::date, $8, 'draft', 'sfu')`,
        [id, lesson.school_id, args.media ?? 'video', lesson.subject, lesson.id, lesson.class_id, lesson.date, me],
      );
      await t.query('INSERT INTO call_members (call_id, user_id) SELECT $1, u FROM unnest($2::text[]) AS u', [id, studentIds]);
    });
  } catch (error) {
    // calls_lesson_open: this lesson already has a draft or live online lesson.
    if ((error as { code?: string }).code === '23505') throw userError(ctx.lang, 'CALL_LESSON_EXISTS');
    throw error;
  }
  return id;
}

/**
 * Publishing opens the lesson's SFU room (lessons always run through Janus, for up to 100 people),
 * and only then do its students receive it. Without Janus a lesson cannot be published.
 */
export async function publishOnlineLesson(ctx: RequestContext, callId: string): Promise<boolean> {
  const me = requireUser(ctx);
  const call = await loadCall(ctx, ctx.db, callId);
  requireAdmin(ctx, call, me);
  requireNotEnded(ctx, call);
  if (call.kind !== 'lesson') throw userError(ctx.lang, 'BAD_REQUEST', { detail: 'not a lesson' });
  if (call.status === 'published') return true;
  const { sfu } = ctx.calls;
  if (!sfu.available) throw userError(ctx.lang, 'CALL_NEEDS_SFU');
  let room;
  try {
    room = await sfu.createRoom({ description: call.title, publishers: LESSON_PUBLISHERS, audioOnly: call.media === 'audio' });
  } catch (error) {
    logger.warn('creating an SFU room failed', { callId, error });
    throw userError(ctx.lang, 'CALL_NEEDS_SFU');
  }
  const before = await ctx.db.tx(async (t) => {
    const now = await loadCall(ctx, t, callId, true);
    if (now.status === 'draft')
      await t.query(`UPDATE calls SET status = 'published', published_at = now(), sfu_room = $2, sfu_secret = $3 WHERE id = $1`, [
        callId,
        room.room,
        room.secret,
      ]);
    return now.status;
  });
  if (before === 'draft') return true;
  // Published meanwhile by another request (with its own room), or ended: this room is not needed.
  await bestEffort('destroying a spare SFU room', () => sfu.destroyRoom(room));
  if (before === 'ended') throw userError(ctx.lang, 'CALL_ENDED');
  return true;
}
