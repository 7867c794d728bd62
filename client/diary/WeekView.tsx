import { useMemo } from 'react';
import { addDays, mondayOf } from '../../sync/index.ts';
import { useSchoolStructure, useTeacherLessons } from '../shared/school-queries.ts';
import { useClassLessons, usePeople, usePublishedLessonCalls, useStudentMarks } from './queries.ts';
import { WeekLayout } from './WeekLayout.tsx';
import { buildWeek } from './week-model.ts';
import type { DiaryStudent } from './DiaryScreen.tsx';

interface WeekProps {
  schoolId: string;
  week: string;
  today: string;
}

/** A student's week: their class's lessons with their own marks. */
export function StudentWeek({ student, schoolId, week, today }: WeekProps & { student: DiaryStudent }) {
  const monday = mondayOf(week);
  const sunday = addDays(monday, 6);
  const structure = useSchoolStructure(schoolId);
  const people = usePeople();
  const lessons = useClassLessons(student.classId, monday, sunday);
  const marks = useStudentMarks(student.id, monday, sunday);
  const onlineCalls = usePublishedLessonCalls(monday, sunday);
  const days = useMemo(
    () => buildWeek({ monday, today, lessons: lessons.docs, marks: marks.docs, bells: structure.bells, subjects: structure.subjects, people, onlineCalls }),
    [monday, today, lessons.docs, marks.docs, structure, people, onlineCalls],
  );
  return <WeekLayout monday={monday} today={today} days={days} ready={lessons.ready} />;
}

/** A teacher's week: the lessons they give, in every class. */
export function TeacherWeek({ teacherId, schoolId, week, today }: WeekProps & { teacherId: string }) {
  const monday = mondayOf(week);
  const structure = useSchoolStructure(schoolId);
  const people = usePeople();
  const lessons = useTeacherLessons(teacherId, monday, addDays(monday, 6));
  const onlineCalls = usePublishedLessonCalls(monday, addDays(monday, 6));
  const days = useMemo(
    () =>
      buildWeek({
        monday,
        today,
        lessons: lessons.docs,
        marks: [],
        bells: structure.bells,
        subjects: structure.subjects,
        classes: structure.classes,
        people: new Map([...people].filter(([id]) => id !== teacherId)),
        onlineCalls,
      }),
    [monday, today, lessons.docs, structure, people, teacherId, onlineCalls],
  );
  return <WeekLayout monday={monday} today={today} days={days} ready={lessons.ready} />;
}
