import type { SessionInfo } from '../../sync/index.ts';
import { dateInZone, isCalendarDate } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { useRoute } from '../app/route.ts';
import { ChildSwitch } from './ChildSwitch.tsx';
import { GradesView } from './GradesView.tsx';
import { SubjectView } from './SubjectView.tsx';
import { navigate } from '../app/route.ts';
import { StudentWeek, TeacherWeek } from './WeekView.tsx';

export type DiaryStudent = SessionInfo['diaryStudents'][number];

/** The diary of one student (a parent picks which child): a week, or one subject's marks. */
export function DiaryScreen({ session }: { session: SessionInfo }) {
  const { t } = useT();
  const route = useRoute();
  const students = session.diaryStudents;
  const student = students.find((s) => s.id === route.child) ?? students[0];
  if (!session.school) return <p className="empty">{t('diary.noStudents')}</p>;
  const today = dateInZone(session.school.timeZone);
  const schoolId = session.school.id;
  // A mistyped or truncated shared link shows this week rather than nothing.
  const week = route.week && isCalendarDate(route.week) ? route.week : today;
  if (!student) {
    // A teacher without children of their own sees the lessons they give.
    if (session.roles.some((r) => r.role === 'teacher'))
      return <TeacherWeek teacherId={session.userId} schoolId={schoolId} week={week} today={today} />;
    return <p className="empty">{t('diary.noStudents')}</p>;
  }
  return (
    <>
      <ChildSwitch students={students} current={student.id} />
      {!route.subject && (
        <nav className="tabs" aria-label={t('diary.views')}>
          <button type="button" className="tabs__item" aria-pressed={route.view !== 'grades'} onClick={() => navigate({ view: null })}>
            {t('diary.tabWeek')}
          </button>
          <button type="button" className="tabs__item" aria-pressed={route.view === 'grades'} onClick={() => navigate({ view: 'grades' })}>
            {t('diary.tabGrades')}
          </button>
        </nav>
      )}
      {route.subject ? (
        <SubjectView student={student} schoolId={schoolId} subjectId={route.subject} today={today} />
      ) : route.view === 'grades' ? (
        <GradesView student={student} schoolId={schoolId} today={today} />
      ) : (
        <StudentWeek student={student} schoolId={schoolId} week={week} today={today} />
      )}
    </>
  );
}
