/**
 * The diary's reads of the device database. UI components use these hooks and get plain typed
 * documents; they never see RxDB.
 */
import { useMemo } from 'react';
import type { LessonDoc, MarkDoc, PersonDoc, StructureDoc } from '../../sync/index.ts';
import { useLiveQuery, type QueryResult } from './hooks.ts';

export interface SchoolStructure {
  ready: boolean;
  school: StructureDoc | undefined;
  terms: StructureDoc[];
  bells: Map<number, StructureDoc>;
  subjects: Map<string, StructureDoc>;
  classes: Map<string, StructureDoc>;
  /** Weekly timetable slots, by weekday and lesson number. */
  timetable: StructureDoc[];
}

export function useSchoolStructure(schoolId: string): SchoolStructure {
  const { docs, ready } = useLiveQuery('structure', { selector: { schoolId } }, `structure:${schoolId}`);
  return useMemo(() => {
    const byKind = (kind: StructureDoc['kind']): StructureDoc[] => docs.filter((d) => d.kind === kind);
    return {
      ready,
      school: byKind('school')[0],
      terms: byKind('term').sort((a, b) => (a.starts ?? '').localeCompare(b.starts ?? '')),
      bells: new Map(byKind('bell').map((b) => [b.number ?? 0, b])),
      subjects: new Map(byKind('subject').map((s) => [s.id, s])),
      classes: new Map(byKind('class').map((c) => [c.id, c])),
      timetable: byKind('timetable').sort((a, b) => (a.weekday ?? 0) - (b.weekday ?? 0) || (a.number ?? 0) - (b.number ?? 0)),
    };
  }, [docs, ready]);
}

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

/** A teacher's lessons, in every class, between two dates (inclusive). */
export function useTeacherLessons(teacherId: string, from: string, to: string): QueryResult<LessonDoc> {
  return useLiveQuery(
    'lessons',
    { selector: { teacherId, date: { $gte: from, $lte: to } }, sort: [{ date: 'asc' }, { number: 'asc' }] },
    `teacher-lessons:${teacherId}:${from}:${to}`,
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
