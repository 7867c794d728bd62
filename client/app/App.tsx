import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { fetchMe, signOutOnServer } from '../accounts/api.ts';
import { clearStoredSession, loadStoredSession, storeSession } from '../accounts/session-store.ts';
import { SignInPage } from '../accounts/SignInPage.tsx';
import { DataSessionContext, openDataSession, wipeUserData, type DataSession } from '../data/index.ts';
import { DiaryScreen } from '../diary/DiaryScreen.tsx';
import { useT } from '../i18n/i18n.ts';
import { UpdatePrompt } from '../pwa/UpdatePrompt.tsx';
import { Shell } from './Shell.tsx';

/**
 * Opens the signed-in person's device database straight away, from the session stored on the
 * device, so the diary shows with no network; the server's word on the session comes after.
 */
export function App() {
  const { t } = useT();
  const [session, setSession] = useState<SessionInfo | null>(loadStoredSession);
  const [data, setData] = useState<DataSession | null>(null);
  const userId = session?.userId ?? null;

  useEffect(() => {
    if (!session) return;
    let cancelled = false;
    let opened: DataSession | null = null;
    void openDataSession(session).then((d) => {
      opened = d;
      if (cancelled) void d.close();
      else setData(d);
    });
    return () => {
      cancelled = true;
      setData(null);
      void opened?.close();
    };
    // Reopen only when the person changes, not when their profile is refreshed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);

  const signOut = useCallback(async () => {
    if (!userId) return;
    await data?.stopSync();
    await signOutOnServer().catch(() => undefined); // offline: the local wipe still happens
    clearStoredSession();
    if (data && !data.db.closed) await data.wipe();
    else await wipeUserData(userId);
    setSession(null);
  }, [userId, data]);

  // Refresh the profile (children, classes) and learn whether the server still knows this session.
  useEffect(() => {
    if (!userId) return;
    void fetchMe()
      .then((me) => {
        if (me === 'offline') return;
        if (me === null) void signOut();
        else {
          storeSession(me);
          setSession(me);
        }
      })
      .catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);

  return (
    <>
      <UpdatePrompt />
      {!session ? (
        <SignInPage
          onSignedIn={(s) => {
            storeSession(s);
            setSession(s);
          }}
        />
      ) : !data ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <DataSessionContext.Provider value={data}>
          <Shell session={session} onSignOut={() => void signOut()}>
            <DiaryScreen session={session} />
          </Shell>
        </DataSessionContext.Provider>
      )}
    </>
  );
}
