import type { SessionInfo } from '../../sync/index.ts';
import { CALLS_PATH } from '../calls/paths.ts';
import { DIARY_PATH } from '../diary/paths.ts';

/**
 * Where `/` leads a signed-in person: students, parents and teachers to the diary (a teacher's
 * shows the lessons they give); anyone else — a school administrator — to the calls, the one
 * section that has something for them yet.
 */
export function homePath(session: SessionInfo): string {
  return session.diaryStudents.length > 0 || session.roles.some((r) => r.role === 'teacher') ? DIARY_PATH : CALLS_PATH;
}
