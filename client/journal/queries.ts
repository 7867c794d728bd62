/** The teacher's online-lessons screen's reads of the device database. */
import { useMemo } from 'react';
import type { CallDoc, PersonDoc } from '../../sync/index.ts';
import { useLiveQuery } from '../data/index.ts';
import { sortCalls } from '../shared/call-order.ts';

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
