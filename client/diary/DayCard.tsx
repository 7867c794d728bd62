import { useT } from '../i18n/i18n.ts';
import { formatClock, formatDayHeading } from '../i18n/format.ts';
import { useSyncStatus } from '../data/index.ts';
import { callPath, navigate } from '../shared/navigation.ts';
import { FROM_DIARY, useDiaryPath } from './use-diary-path.ts';
import { MarkBadge } from './MarkBadge.tsx';
import type { DiaryDay } from './week-model.ts';

export function DayCard({ day }: { day: DiaryDay }) {
  const { t, lang } = useT();
  // A call needs the network: offline the lesson offers no way in.
  const { online } = useSyncStatus();
  const heading = formatDayHeading(t, day.date);
  const pathTo = useDiaryPath();
  return (
    <section className={`day${day.isToday ? ' day--today' : ''}`} aria-label={heading} data-testid={`day-${day.date}`}>
      <h2 className="day__heading">
        {heading}
        {day.isToday && <span className="day__today">{t('diary.today')}</span>}
      </h2>
      {day.lessons.length === 0 ? (
        <p className="day__empty">{t('diary.noLessons')}</p>
      ) : (
        <ol className="lessons">
          {day.lessons.map((lesson) => (
            <li key={lesson.id} className="lesson" data-testid="lesson" data-lesson-id={lesson.id}>
              <div className="lesson__time">
                <span className="lesson__number">{lesson.number}</span>
                {lesson.starts && lesson.ends && (
                  <span className="lesson__clock">
                    {formatClock(lang, lesson.starts)}–{formatClock(lang, lesson.ends)}
                  </span>
                )}
              </div>
              <div className="lesson__body">
                <div className="lesson__head">
                  <button type="button" className="lesson__subject link" onClick={() => navigate(pathTo({ view: 'subject', subjectId: lesson.subjectId }), { state: FROM_DIARY })}>
                    {lesson.subjectName}
                  </button>
                  <span className="lesson__marks">
                    {lesson.marks.map((m) => (
                      <MarkBadge key={m.id} mark={m} />
                    ))}
                  </span>
                </div>
                <div className="lesson__meta">
                  {[lesson.className, lesson.room, lesson.teacherName].filter(Boolean).join(' · ')}
                </div>
                {lesson.topic && (
                  <div className="lesson__topic">
                    <span className="lesson__label">{t('diary.topic')}</span> {lesson.topic}
                  </div>
                )}
                {online && lesson.onlineCallId && (
                  <button
                    type="button"
                    className="button button--primary lesson__join"
                    onClick={() => lesson.onlineCallId && navigate(callPath(lesson.onlineCallId))}
                  >
                    {t('diary.joinLesson')}
                  </button>
                )}
                {lesson.homework && (
                  <div className="lesson__homework" data-testid="homework">
                    <span className="lesson__label">{t('diary.homework')}</span> {lesson.homework}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
