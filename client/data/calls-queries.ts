/**
 * Reads of the `calls` collection (calls and online lessons a person may see) and the class lists
 * the teacher's «Онлайн-уроки» screen needs. Who is in a call right now is not here: the call
 * screen follows the room subscription.
 */
import { useMemo } from 'react';
import type { CallDoc, PersonDoc } from '../../sync/index.ts';
import { useLiveQuery, type QueryResult } from './hooks.ts';

const STATUS_ORDER: Record<CallDoc['status'], number> = { published: 0, draft: 1, ended: 2 };

/** Live calls first, then published, drafts, ended; newest date first within each. */
export function sortCalls(calls: readonly CallDoc[]): CallDoc[] {
  return [...calls].sort(
    (a, b) =>
      Number(b.live && b.status !== 'ended') - Number(a.live && a.status !== 'ended') ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (b.date ?? '').localeCompare(a.date ?? '') ||
      a.title.localeCompare(b.title),
  );
}

/** Every call this person takes part in or created («Видеоконференции»). */
export function useMyCalls(): QueryResult<CallDoc> {
  const result = useLiveQuery('calls', { selector: {} }, 'calls:all');
  return useMemo(() => ({ docs: sortCalls(result.docs), ready: result.ready }), [result]);
}

export function useCallDoc(callId: string | null): CallDoc | undefined {
  const { docs } = useLiveQuery('calls', { selector: { id: callId ?? '' } }, `call:${callId ?? ''}`);
  return docs[0];
}

/** Published online lessons by lesson id: the diary shows «Присоединиться к уроку» on them. */
export function usePublishedLessonCalls(from: string, to: string): Map<string, CallDoc> {
  const { docs } = useLiveQuery('calls', { selector: { kind: 'lesson', status: 'published', date: { $gte: from, $lte: to } } }, `lesson-calls:${from}:${to}`);
  return useMemo(() => new Map(docs.filter((c) => c.lessonId).map((c) => [c.lessonId!, c])), [docs]);
}

/** The online lessons a teacher created (drafts too), by lesson id. */
export function useMyOnlineLessons(adminId: string): Map<string, CallDoc> {
  const { docs } = useLiveQuery('calls', { selector: { kind: 'lesson', adminId } }, `my-lessons:${adminId}`);
  return useMemo(() => {
    // An ended lesson can be followed by a new one for the same lesson: the newest open one wins.
    const byLesson = new Map<string, CallDoc>();
    for (const c of sortCalls(docs)) if (c.lessonId && !byLesson.has(c.lessonId)) byLesson.set(c.lessonId, c);
    return byLesson;
  }, [docs]);
}

/**
 * The students of a class as a teacher's device knows them: the device has their profiles but no
 * class list, so class membership is read off the class's marks (a teacher receives every mark of
 * their classes). A lesson created with the default «whole class» is decided by the server's list.
 */
export function useClassStudents(classId: string): PersonDoc[] {
  const marks = useLiveQuery('marks', { selector: { classId } }, `class-marks:${classId}`);
  const people = useLiveQuery('people', { selector: {} }, 'people');
  return useMemo(() => {
    const ids = new Set(marks.docs.map((m) => m.studentId));
    return people.docs.filter((p) => ids.has(p.id)).sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName));
  }, [marks.docs, people.docs]);
}
