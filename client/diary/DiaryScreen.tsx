import type { SessionInfo } from '../../sync/index.ts';
import { dateInZone } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { useRoute } from '../app/route.ts';
import { ChildSwitch } from './ChildSwitch.tsx';
import { SubjectView } from './SubjectView.tsx';
import { WeekView } from './WeekView.tsx';

export type DiaryStudent = SessionInfo['diaryStudents'][number];

/** The diary of one student (a parent picks which child): a week, or one subject's marks. */
export function DiaryScreen({ session }: { session: SessionInfo }) {
  const { t } = useT();
  const route = useRoute();
  const students = session.diaryStudents;
  const student = students.find((s) => s.id === route.child) ?? students[0];
  if (!student || !session.school) return <p className="empty">{t('diary.noStudents')}</p>;
  const today = dateInZone(session.school.timeZone);
  const schoolId = session.school.id;
  return (
    <>
      <ChildSwitch students={students} current={student.id} />
      {route.subject ? (
        <SubjectView student={student} schoolId={schoolId} subjectId={route.subject} today={today} />
      ) : (
        <WeekView student={student} schoolId={schoolId} week={route.week ?? today} today={today} />
      )}
    </>
  );
}
