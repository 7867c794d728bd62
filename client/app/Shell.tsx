import { useEffect, type ReactNode } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { useSyncStatus } from '../data/index.ts';
import { useT } from '../i18n/i18n.ts';
import { OfflineBanner } from '../pwa/OfflineBanner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SyncIssues } from './SyncIssues.tsx';

/** The signed-in frame: school, language, sign-out, sync state. */
export function Shell({ session, onSignOut, children }: { session: SessionInfo; onSignOut: () => void; children: ReactNode }) {
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
      <OfflineBanner timeZone={session.school?.timeZone ?? 'Europe/Moscow'} />
      <SyncIssues />
      <main className="content">{children}</main>
    </div>
  );
}
