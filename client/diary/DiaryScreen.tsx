import { useEffect, useSyncExternalStore } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { dateInZone, isCalendarDate } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { navigate, useSearch } from '../shared/navigation.ts';
import { createStore } from '../shared/store.ts';
import { ChildSwitch } from './ChildSwitch.tsx';
import { GradesView } from './GradesView.tsx';
import { childOf, diaryPath, THIS_WEEK, type DiaryPlace } from './paths.ts';
import { SubjectView } from './SubjectView.tsx';
import { StudentWeek, TeacherWeek } from './WeekView.tsx';

export type DiaryStudent = SessionInfo['diaryStudents'][number];

/** The child last looked at: an address without one (the «Дневник» tab) shows the same child. */
const lastChild = createStore<string | null>(null);

/** The diary of one student (a parent picks which child): a week, the term's grades, or one subject's marks. */
export function DiaryScreen({ session, place }: { session: SessionInfo; place: DiaryPlace }) {
  const { t } = useT();
  const named = childOf(useSearch());
  const remembered = useSyncExternalStore(lastChild.subscribe, lastChild.get);
  const students = session.diaryStudents;
  const student = students.find((s) => s.id === (named ?? remembered)) ?? students[0];
  const several = students.length > 1;

  useEffect(() => {
    if (!student) return;
    lastChild.set(student.id);
    // A parent's address always names the child on screen, so a reload or a shared link shows the same one.
    if (several && named !== student.id) navigate(diaryPath(place, student.id), { replace: true, state: history.state });
  }, [student, several, named, place]);

  if (!session.school) return <p className="empty">{t('diary.noStudents')}</p>;
  const today = dateInZone(session.school.timeZone);
  const schoolId = session.school.id;
  // A mistyped or truncated shared link shows this week rather than nothing.
  const week = place.view === 'week' && place.week && isCalendarDate(place.week) ? place.week : today;
  if (!student) {
    // A teacher without children of their own sees the lessons they give.
    if (session.roles.some((r) => r.role === 'teacher'))
      return <TeacherWeek teacherId={session.userId} schoolId={schoolId} week={week} today={today} />;
    return <p className="empty">{t('diary.noStudents')}</p>;
  }
  const child = several ? student.id : null;
  return (
    <>
      <ChildSwitch students={students} current={student.id} place={place} />
      {place.view !== 'subject' && (
        <nav className="tabs" aria-label={t('diary.views')}>
          <button type="button" className="tabs__item" aria-pressed={place.view === 'week'} onClick={() => navigate(diaryPath(place.view === 'week' ? place : THIS_WEEK, child))}>
            {t('diary.tabWeek')}
          </button>
          <button type="button" className="tabs__item" aria-pressed={place.view === 'grades'} onClick={() => navigate(diaryPath({ view: 'grades' }, child))}>
            {t('diary.tabGrades')}
          </button>
        </nav>
      )}
      {place.view === 'subject' ? (
        <SubjectView student={student} schoolId={schoolId} subjectId={place.subjectId} today={today} />
      ) : place.view === 'grades' ? (
        <GradesView student={student} schoolId={schoolId} today={today} />
      ) : (
        <StudentWeek student={student} schoolId={schoolId} week={week} today={today} />
      )}
    </>
  );
}
