import { useEffect, type ReactNode } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { useSyncStatus } from '../data/index.ts';
import { useT } from '../i18n/i18n.ts';
import { OfflineBanner } from '../pwa/OfflineBanner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { openScreen, type Screen } from './route.ts';
import { SyncIssues } from './SyncIssues.tsx';

/** The signed-in frame: school, language, sign-out, sync state. */
export function Shell({ session, onSignOut, screen, children }: { session: SessionInfo; onSignOut: () => void; screen: Screen['name']; children: ReactNode }) {
  const { t } = useT();
  const status = useSyncStatus();
  // The server no longer knows this session (signed out elsewhere, expired): leave, wiping local data.
  useEffect(() => {
    if (status.sessionExpired) onSignOut();
  }, [status.sessionExpired, onSignOut]);
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
        <button type="button" className="sections__item" aria-current={screen === 'diary' ? 'page' : undefined} onClick={() => openScreen({ name: 'diary' })}>
          {t('nav.diary')}
        </button>
        <button type="button" className="sections__item" aria-current={screen === 'calls' ? 'page' : undefined} onClick={() => openScreen({ name: 'calls' })}>
          {t('nav.calls')}
        </button>
        {session.roles.some((r) => r.role === 'teacher') && (
          <button
            type="button"
            className="sections__item"
            aria-current={screen === 'online-lessons' ? 'page' : undefined}
            onClick={() => openScreen({ name: 'online-lessons' })}
          >
            {t('nav.onlineLessons')}
          </button>
        )}
      </nav>
      <OfflineBanner timeZone={session.school?.timeZone ?? 'Europe/Moscow'} />
      <SyncIssues />
      <main className="content">{children}</main>
    </div>
  );
}
