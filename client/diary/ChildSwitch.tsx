import type { SessionInfo } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { navigate } from '../shared/navigation.ts';
import { diaryPath, THIS_WEEK, type DiaryPlace } from './paths.ts';

/** A parent's switch between children, on the same view (a subject may not be the other child's: their week); hidden when the diary has one student. */
export function ChildSwitch({ students, current, place }: { students: SessionInfo['diaryStudents']; current: string; place: DiaryPlace }) {
  const { t } = useT();
  if (students.length < 2) return null;
  return (
    <nav className="child-switch" aria-label={t('diary.children')}>
      {students.map((s) => (
        <button
          key={s.id}
          type="button"
          className="child-switch__item"
          aria-pressed={s.id === current}
          onClick={() => navigate(diaryPath(place.view === 'subject' ? THIS_WEEK : place, s.id))}
        >
          {s.firstName} <span className="child-switch__class">{s.className}</span>
        </button>
      ))}
    </nav>
  );
}
