import { useState } from 'react';
import { useSchoolStructure } from '../shared/school-queries.ts';
import { useSubjectMarks } from './queries.ts';
import { useT } from '../i18n/i18n.ts';
import { formatAverage, formatShortDate } from '../i18n/format.ts';
import { navigate } from '../shared/navigation.ts';
import { THIS_WEEK } from './paths.ts';
import { cameFromDiary, useDiaryPath } from './use-diary-path.ts';
import { MarkBadge } from './MarkBadge.tsx';
import { TermSelect } from './TermSelect.tsx';
import { averageGrade, termFor } from './week-model.ts';
import type { DiaryStudent } from './DiaryScreen.tsx';

/** One subject's marks in a term, with the weighted average. */
export function SubjectView({ student, schoolId, subjectId, today }: { student: DiaryStudent; schoolId: string; subjectId: string; today: string }) {
  const { t, lang } = useT();
  const pathTo = useDiaryPath();
  const structure = useSchoolStructure(schoolId);
  const [chosenTerm, setChosenTerm] = useState<string | null>(null);
  const term = structure.terms.find((x) => x.id === chosenTerm) ?? termFor(today, structure.terms);
  const marks = useSubjectMarks(student.id, subjectId, term?.starts ?? '0000-00-00', term?.ends ?? '0000-00-00');
  const grades = marks.docs.filter((m) => m.kind === 'grade');
  const average = averageGrade(marks.docs);
  return (
    <section className="subject" aria-labelledby="subject-title">
      <button type="button" className="link back" onClick={() => (cameFromDiary() ? history.back() : navigate(pathTo(THIS_WEEK)))}>
        ‹ {t('diary.backToWeek')}
      </button>
      <h1 id="subject-title">{structure.subjects.get(subjectId)?.name ?? ''}</h1>
      <TermSelect terms={structure.terms} value={term?.id ?? ''} onChange={setChosenTerm} />
      <p className="subject__summary" data-testid="subject-summary">
        {t('marks.count', { count: grades.length })}
        {average !== null && (
          <>
            {' · '}
            {t('marks.average')}: <strong data-testid="average">{formatAverage(lang, average)}</strong>
          </>
        )}
      </p>
      {marks.ready && marks.docs.length === 0 && <p className="empty">{t('marks.none')}</p>}
      <ul className="subject__marks">
        {marks.docs.map((m) => (
          <li key={m.id} className="subject__mark">
            <span className="subject__date">{formatShortDate(t, m.date)}</span>
            <MarkBadge mark={m} />
            {m.comment && <span className="subject__comment">{m.comment}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
