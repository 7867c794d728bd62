import type { SessionInfo } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { navigate } from '../app/route.ts';

/** A parent's switch between children; hidden when the diary has one student. */
export function ChildSwitch({ students, current }: { students: SessionInfo['diaryStudents']; current: string }) {
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
          onClick={() => navigate({ child: s.id, subject: null })}
        >
          {s.firstName} <span className="child-switch__class">{s.className}</span>
        </button>
      ))}
    </nav>
  );
}
