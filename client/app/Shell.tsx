import { useEffect, type ReactNode } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { CALLS_PATH } from '../calls/paths.ts';
import { useSyncStatus } from '../data/index.ts';
import { DIARY_PATH } from '../diary/paths.ts';
import { useT } from '../i18n/i18n.ts';
import { LESSONS_PATH } from '../journal/paths.ts';
import { keepsJournal } from '../journal/routes.tsx';
import { OfflineBanner } from '../pwa/OfflineBanner.tsx';
import { Link, useLocation } from '../shared/navigation.ts';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import { SyncIssues } from './SyncIssues.tsx';

/** The signed-in frame: school, language, sign-out, sections, sync state. */
export function Shell({ session, onSignOut, children }: { session: SessionInfo; onSignOut: () => void; children: ReactNode }) {
  const { t } = useT();
  const status = useSyncStatus();
  const [location] = useLocation();
  // The server no longer knows this session (signed out elsewhere, expired): leave, wiping local data.
  useEffect(() => {
    if (status.sessionExpired) onSignOut();
  }, [status.sessionExpired, onSignOut]);
  // Each section's link leads to its start (the diary's: this week), wherever in the section the person is.
  const sections = [
    { path: DIARY_PATH, label: t('nav.diary') },
    { path: CALLS_PATH, label: t('nav.calls') },
    ...(keepsJournal(session) ? [{ path: LESSONS_PATH, label: t('nav.onlineLessons') }] : []),
  ];
  return (
    <div className="shell">
      <header className="topbar">
        <div className="topbar__school">{session.school?.name ?? t('app.name')}</div>
        <div className="topbar__actions">
          <span className="topbar__user">{`${session.firstName} ${session.lastName}`}</span>
          <LanguageSwitch />
          <button type="button" className="button" onClick={onSignOut}>
            {t('signIn.signOut')}
          </button>
        </div>
      </header>
      <nav className="sections" aria-label={t('nav.sections')}>
        {sections.map((s) => (
          <Link key={s.path} to={s.path} className="sections__item" aria-current={location === s.path || location.startsWith(`${s.path}/`) ? 'page' : undefined}>
            {s.label}
          </Link>
        ))}
      </nav>
      <OfflineBanner timeZone={session.school?.timeZone ?? 'Europe/Moscow'} />
      <SyncIssues />
      <main className="content">{children}</main>
    </div>
  );
}
