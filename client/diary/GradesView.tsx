import { useMemo, useState } from 'react';
import type { MarkDoc } from '../../sync/index.ts';
import { useSchoolStructure } from '../shared/school-queries.ts';
import { useStudentMarks } from './queries.ts';
import { useT } from '../i18n/i18n.ts';
import { formatAverage } from '../i18n/format.ts';
import { navigate } from '../shared/navigation.ts';
import { FROM_DIARY, useDiaryPath } from './use-diary-path.ts';
import { MarkBadge } from './MarkBadge.tsx';
import { TermSelect } from './TermSelect.tsx';
import { averageGrade, termFor } from './week-model.ts';
import type { DiaryStudent } from './DiaryScreen.tsx';

/** The term at a glance: every subject of the class with its grades and average. */
export function GradesView({ student, schoolId, today }: { student: DiaryStudent; schoolId: string; today: string }) {
  const { t, lang } = useT();
  const pathTo = useDiaryPath();
  const structure = useSchoolStructure(schoolId);
  const [chosenTerm, setChosenTerm] = useState<string | null>(null);
  const term = structure.terms.find((x) => x.id === chosenTerm) ?? termFor(today, structure.terms);
  const marks = useStudentMarks(student.id, term?.starts ?? '0000-00-00', term?.ends ?? '0000-00-00');
  const { timetable } = structure;
  const rows = useMemo(() => {
    // The class's subjects in timetable order; a subject with marks but no slot still shows.
    const order = new Map<string, number>();
    for (const slot of timetable) {
      if (slot.classId === student.classId && slot.subjectId && !order.has(slot.subjectId)) order.set(slot.subjectId, order.size);
    }
    const bySubject = new Map<string, MarkDoc[]>();
    for (const m of marks.docs) if (m.kind === 'grade') bySubject.set(m.subjectId, [...(bySubject.get(m.subjectId) ?? []), m]);
    for (const id of bySubject.keys()) if (!order.has(id)) order.set(id, order.size);
    return [...order.keys()].map((subjectId) => {
      const grades = bySubject.get(subjectId) ?? [];
      return { subjectId, name: structure.subjects.get(subjectId)?.name ?? '', grades, average: averageGrade(grades) };
    });
  }, [timetable, marks.docs, structure.subjects, student.classId]);

  return (
    <section aria-labelledby="grades-title">
      <h1 id="grades-title" className="visually-hidden">
        {t('diary.tabGrades')}
      </h1>
      <TermSelect terms={structure.terms} value={term?.id ?? ''} onChange={setChosenTerm} />
      <ul className="grades">
        {rows.map((row) => (
          <li key={row.subjectId} className="grades__row" data-testid="grades-row">
            <button type="button" className="link grades__subject" onClick={() => navigate(pathTo({ view: 'subject', subjectId: row.subjectId }), { state: FROM_DIARY })}>
              {row.name}
            </button>
            <span className="grades__marks">
              {row.grades.length === 0 ? (
                <span className="grades__none">{t('marks.noneYet')}</span>
              ) : (
                row.grades.map((m) => <MarkBadge key={m.id} mark={m} />)
              )}
            </span>
            <span className="grades__average" aria-label={t('marks.average')}>
              {row.average === null ? '—' : formatAverage(lang, row.average)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
