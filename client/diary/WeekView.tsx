import { useEffect, useMemo } from 'react';
import { addDays, mondayOf } from '../../sync/index.ts';
import { useClassLessons, usePeople, useSchoolStructure, useStudentMarks } from '../data/index.ts';
import { useT } from '../i18n/i18n.ts';
import { formatWeekRange } from '../i18n/format.ts';
import { navigate } from '../app/route.ts';
import { DayCard } from './DayCard.tsx';
import { buildWeek } from './week-model.ts';
import type { DiaryStudent } from './DiaryScreen.tsx';

export function WeekView({ student, schoolId, week, today }: { student: DiaryStudent; schoolId: string; week: string; today: string }) {
  const { t } = useT();
  const monday = mondayOf(week);
  const sunday = addDays(monday, 6);
  const structure = useSchoolStructure(schoolId);
  const people = usePeople();
  const lessons = useClassLessons(student.classId, monday, sunday);
  const marks = useStudentMarks(student.id, monday, sunday);
  const days = useMemo(
    () =>
      buildWeek({
        monday,
        today,
        lessons: lessons.docs,
        marks: marks.docs,
        bells: structure.bells,
        subjects: structure.subjects,
        people,
      }),
    [monday, today, lessons.docs, marks.docs, structure, people],
  );
  const isCurrentWeek = monday === mondayOf(today);
  const rendered = lessons.ready && lessons.docs.length > 0;
  useEffect(() => {
    // «The diary is on screen»: read by the warm-start benchmark (and any real-user monitoring).
    if (rendered && performance.getEntriesByName('parta:diary-rendered').length === 0) performance.mark('parta:diary-rendered');
  }, [rendered]);
  return (
    <>
      <div className="week-nav">
        <button type="button" className="button" onClick={() => navigate({ week: addDays(monday, -7) })} aria-label={t('diary.previousWeek')}>
          ‹
        </button>
        <h1 className="week-nav__title" data-testid="week-title">
          {formatWeekRange(t, monday, addDays(monday, 5))}
        </h1>
        <button type="button" className="button" onClick={() => navigate({ week: addDays(monday, 7) })} aria-label={t('diary.nextWeek')}>
          ›
        </button>
        <button type="button" className="button" disabled={isCurrentWeek} onClick={() => navigate({ week: null })}>
          {t('diary.thisWeek')}
        </button>
      </div>
      {lessons.ready && lessons.docs.length === 0 && <p className="empty">{t('diary.noLessonsThisWeek')}</p>}
      <div className="week">
        {days.map((day) => (
          <DayCard key={day.date} day={day} />
        ))}
      </div>
    </>
  );
}
