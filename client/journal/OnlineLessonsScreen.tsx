import { useMemo, useState } from 'react';
import { addDays, isCalendarDate, mondayOf, type CallDoc, type LessonDoc } from '../../sync/index.ts';
import { useSyncStatus } from '../data/index.ts';
import { useSchoolStructure, useTeacherLessons } from '../shared/school-queries.ts';
import { useClassStudents, useMyOnlineLessons } from './queries.ts';
import { ErrorMessage } from '../i18n/ErrorMessage.tsx';
import { formatDayHeading, formatWeekRange } from '../i18n/format.ts';
import { useT } from '../i18n/i18n.ts';
import { callPath, navigate } from '../shared/navigation.ts';
import { toUserError, type UserError } from '../shared/user-error.ts';
import type { OnlineLessonActions } from './online-lesson-actions.ts';
import { lessonsPath, type LessonsPlace } from './paths.ts';

/**
 * «Онлайн-уроки» (the teacher's journal): the week's lessons from the timetable; for each,
 * «Добавить» (students: the whole class by default) → «Опубликовать» (only now do the students
 * see «Присоединиться к уроку») → «Перейти» / «Завершить».
 */
export function OnlineLessonsScreen({
  teacherId,
  schoolId,
  today,
  place,
  actions,
}: {
  teacherId: string;
  schoolId: string;
  today: string;
  place: LessonsPlace;
  actions: OnlineLessonActions;
}) {
  const { t } = useT();
  // A mistyped or truncated link shows this week rather than nothing.
  const monday = mondayOf(place.week && isCalendarDate(place.week) ? place.week : today);
  const toWeek = (next: string): void => navigate(lessonsPath({ week: next }));
  const lessons = useTeacherLessons(teacherId, monday, addDays(monday, 5));
  const structure = useSchoolStructure(schoolId);
  const online = useMyOnlineLessons(teacherId);
  const [adding, setAdding] = useState<string | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const byDate = useMemo(() => {
    const days = new Map<string, LessonDoc[]>();
    for (const l of lessons.docs) days.set(l.date, [...(days.get(l.date) ?? []), l]);
    return [...days];
  }, [lessons.docs]);
  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(toUserError(e));
    }
  };
  return (
    <section className="online-lessons" aria-labelledby="online-lessons-title">
      <h1 id="online-lessons-title" className="online-lessons__title">
        {t('onlineLessons.title')}
      </h1>
      <div className="week-nav">
        <button type="button" className="button" onClick={() => toWeek(addDays(monday, -7))} aria-label={t('diary.previousWeek')}>
          ‹
        </button>
        <h2 className="week-nav__title">{formatWeekRange(t, monday, addDays(monday, 5))}</h2>
        <button type="button" className="button" onClick={() => toWeek(addDays(monday, 7))} aria-label={t('diary.nextWeek')}>
          ›
        </button>
      </div>
      <ErrorMessage error={error} />
      {lessons.ready && byDate.length === 0 && <p className="empty">{t('onlineLessons.empty')}</p>}
      {byDate.map(([date, list]) => (
        <div key={date} className="day">
          <h3 className="day__heading">{formatDayHeading(t, date)}</h3>
          <ul className="lessons">
            {list.map((lesson) => {
              const call = online.get(lesson.id);
              const subject = structure.subjects.get(lesson.subjectId)?.name ?? '';
              const className = structure.classes.get(lesson.classId)?.name ?? '';
              return (
                <li key={lesson.id} className="lesson online-lesson" data-testid="online-lesson" data-lesson-id={lesson.id} data-status={call?.status ?? 'none'}>
                  <div className="lesson__time">
                    <span className="lesson__number">{lesson.number}</span>
                  </div>
                  <div className="lesson__body">
                    <div className="lesson__subject">{`${subject} · ${className}`}</div>
                    <div className="lesson__meta">{call && call.status !== 'ended' ? t(`onlineLessons.status.${call.status}`) : ''}</div>
                    {adding === lesson.id ? (
                      <AddLesson
                        lesson={lesson}
                        onCancel={() => setAdding(null)}
                        onCreate={(studentIds) =>
                          act(async () => {
                            await actions.create(lesson.id, studentIds);
                            setAdding(null);
                          })
                        }
                      />
                    ) : (
                      <LessonActions call={call} onAdd={() => setAdding(lesson.id)} act={act} actions={actions} />
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function LessonActions({
  call,
  onAdd,
  act,
  actions,
}: {
  call: CallDoc | undefined;
  onAdd(): void;
  act(work: () => Promise<unknown>): Promise<void>;
  actions: OnlineLessonActions;
}) {
  const { t } = useT();
  const { online } = useSyncStatus();
  if (!call || call.status === 'ended')
    return (
      <div className="online-lesson__actions">
        {call && <span className="lesson__meta">{t('onlineLessons.status.ended')}</span>}
        <button type="button" className="button" onClick={onAdd}>
          {t('onlineLessons.add')}
        </button>
      </div>
    );
  return (
    <div className="online-lesson__actions">
      {call.status === 'draft' && (
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            if (confirm(t('onlineLessons.confirmPublish'))) void act(() => actions.publish(call.id));
          }}
        >
          {t('onlineLessons.publish')}
        </button>
      )}
      {call.status === 'published' && (
        <>
          {online && (
            <button type="button" className="button button--primary" onClick={() => navigate(callPath(call.id))}>
              {t('onlineLessons.go')}
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              if (confirm(t('onlineLessons.confirmEnd'))) void act(() => actions.end(call.id));
            }}
          >
            {t('onlineLessons.end')}
          </button>
        </>
      )}
    </div>
  );
}

/** Students: the whole class unless the teacher unticks someone. */
function AddLesson({ lesson, onCreate, onCancel }: { lesson: LessonDoc; onCreate(studentIds: string[] | null): Promise<void>; onCancel(): void }) {
  const { t } = useT();
  const students = useClassStudents(lesson.classId);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const toggle = (id: string): void => {
    const next = new Set(excluded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExcluded(next);
  };
  const chosen = students.filter((s) => !excluded.has(s.id));
  return (
    <div className="online-lesson__form" role="group" aria-label={t('onlineLessons.students')}>
      <label className="field--inline">
        <input type="checkbox" checked={excluded.size === 0} onChange={() => setExcluded(excluded.size === 0 ? new Set(students.map((s) => s.id)) : new Set())} />
        {t('onlineLessons.wholeClass')}
      </label>
      <ul className="online-lesson__students">
        {students.map((s) => (
          <li key={s.id}>
            <label className="field--inline">
              <input type="checkbox" checked={!excluded.has(s.id)} onChange={() => toggle(s.id)} />
              {`${s.lastName} ${s.firstName}`}
            </label>
          </li>
        ))}
      </ul>
      <div className="online-lesson__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || (excluded.size > 0 && chosen.length === 0)}
          onClick={() => {
            setBusy(true);
            // The server's own class list is the truth for «whole class»; a choice sends the ids.
            void onCreate(excluded.size === 0 ? null : chosen.map((s) => s.id)).finally(() => setBusy(false));
          }}
        >
          {t('onlineLessons.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('onlineLessons.cancel')}
        </button>
      </div>
    </div>
  );
}
