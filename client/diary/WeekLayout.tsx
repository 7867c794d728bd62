import { useEffect } from 'react';
import { addDays, mondayOf } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { formatWeekRange } from '../i18n/format.ts';
import { navigate } from '../shared/navigation.ts';
import { THIS_WEEK } from './paths.ts';
import { useDiaryPath } from './use-diary-path.ts';
import { DayCard } from './DayCard.tsx';
import type { DiaryDay } from './week-model.ts';

/** A week on screen: its title, previous / next / this week, and the days. */
export function WeekLayout({ monday, today, days, ready }: { monday: string; today: string; days: DiaryDay[]; ready: boolean }) {
  const { t } = useT();
  const pathTo = useDiaryPath();
  const week = (monday: string) => pathTo({ view: 'week', week: monday });
  const isCurrentWeek = monday === mondayOf(today);
  const hasLessons = days.some((d) => d.lessons.length > 0);
  useEffect(() => {
    // «The diary is on screen»: read by the warm-start benchmark (and any real-user monitoring).
    if (hasLessons && performance.getEntriesByName('parta:diary-rendered').length === 0) performance.mark('parta:diary-rendered');
  }, [hasLessons]);
  return (
    <>
      <div className="week-nav">
        <button type="button" className="button" onClick={() => navigate(week(addDays(monday, -7)))} aria-label={t('diary.previousWeek')}>
          ‹
        </button>
        <h1 className="week-nav__title" data-testid="week-title">
          {formatWeekRange(t, monday, addDays(monday, 5))}
        </h1>
        <button type="button" className="button" onClick={() => navigate(week(addDays(monday, 7)))} aria-label={t('diary.nextWeek')}>
          ›
        </button>
        <button type="button" className="button" disabled={isCurrentWeek} onClick={() => navigate(pathTo(THIS_WEEK))}>
          {t('diary.thisWeek')}
        </button>
      </div>
      {ready && !hasLessons && <p className="empty">{t('diary.noLessonsThisWeek')}</p>}
      <div className="week">
        {days.map((day) => (
          <DayCard key={day.date} day={day} />
        ))}
      </div>
    </>
  );
}
