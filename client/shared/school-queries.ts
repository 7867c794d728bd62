/**
 * Reads of the device database more than one domain needs (the school's structure, a teacher's
 * lessons). A domain's own reads live in its folder; all of them go through client/data/index.ts.
 */
import { useMemo } from 'react';
import type { LessonDoc, StructureDoc } from '../../sync/index.ts';
import { useLiveQuery, type QueryResult } from '../data/index.ts';

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

/** A teacher's lessons, in every class, between two dates (inclusive). */
export function useTeacherLessons(teacherId: string, from: string, to: string): QueryResult<LessonDoc> {
  return useLiveQuery(
    'lessons',
    { selector: { teacherId, date: { $gte: from, $lte: to } }, sort: [{ date: 'asc' }, { number: 'asc' }] },
    `teacher-lessons:${teacherId}:${from}:${to}`,
  );
}
