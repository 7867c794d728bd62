/**
 * The diary's reads of the device database. UI components use these hooks and get plain typed
 * documents; they never see RxDB.
 */
import { useMemo } from 'react';
import type { CallDoc, LessonDoc, MarkDoc, PersonDoc } from '../../sync/index.ts';
import { useLiveQuery, type QueryResult } from '../data/index.ts';

export function usePeople(): Map<string, PersonDoc> {
  const { docs } = useLiveQuery('people', { selector: {} }, 'people');
  return useMemo(() => new Map(docs.map((p) => [p.id, p])), [docs]);
}

/** A class's lessons between two dates (inclusive, YYYY-MM-DD). */
export function useClassLessons(classId: string, from: string, to: string): QueryResult<LessonDoc> {
  return useLiveQuery(
    'lessons',
    { selector: { classId, date: { $gte: from, $lte: to } }, sort: [{ date: 'asc' }, { number: 'asc' }] },
    `lessons:${classId}:${from}:${to}`,
  );
}

/** A student's marks between two dates (inclusive). */
export function useStudentMarks(studentId: string, from: string, to: string): QueryResult<MarkDoc> {
  return useLiveQuery(
    'marks',
    { selector: { studentId, date: { $gte: from, $lte: to } }, sort: [{ date: 'asc' }] },
    `marks:${studentId}:${from}:${to}`,
  );
}

/** A student's marks in one subject between two dates (a term). */
export function useSubjectMarks(studentId: string, subjectId: string, from: string, to: string): QueryResult<MarkDoc> {
  return useLiveQuery(
    'marks',
    { selector: { studentId, subjectId, date: { $gte: from, $lte: to } }, sort: [{ date: 'asc' }] },
    `marks:${studentId}:${subjectId}:${from}:${to}`,
  );
}

/** Published online lessons by lesson id: the diary shows «Присоединиться к уроку» on them. */
export function usePublishedLessonCalls(from: string, to: string): Map<string, CallDoc> {
  const { docs } = useLiveQuery('calls', { selector: { kind: 'lesson', status: 'published', date: { $gte: from, $lte: to } } }, `lesson-calls:${from}:${to}`);
  return useMemo(() => new Map(docs.filter((c) => c.lessonId).map((c) => [c.lessonId!, c])), [docs]);
}
