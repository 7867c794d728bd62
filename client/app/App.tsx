import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { fetchMe, signOutOnServer } from '../accounts/api.ts';
import {
  clearPendingSignOut,
  clearStoredSession,
  hasPendingSignOut,
  loadStoredSession,
  markPendingSignOut,
  onStoredSessionChange,
  storeSession,
} from '../accounts/session-store.ts';
import { SignInPage } from '../accounts/SignInPage.tsx';
import { CallsLayer } from '../calls/routes.tsx';
import { DataSessionContext, openDataSession, wipeUserData, type DataSession } from '../data/index.ts';
import { useT } from '../i18n/i18n.ts';
import { UpdatePrompt } from '../pwa/UpdatePrompt.tsx';
import { HOME_PATH, navigate, Redirect, Route, Switch } from '../shared/navigation.ts';
import { homePath } from './home.ts';
import { appRoutes, publicRoutes } from './routes.ts';
import { Shell } from './Shell.tsx';
import { log, noted } from '../shared/log.ts';

const logger = log('app');

/** Ends on the server a session whose sign-out happened offline (see markPendingSignOut). */
async function finishPendingSignOut(): Promise<void> {
  if (!hasPendingSignOut()) return;
  try {
    await signOutOnServer();
    clearPendingSignOut();
  } catch (e) {
    // Still offline: next start tries again.
    logger.debug('finishing an offline sign-out on the server failed', e);
  }
}

/**
 * Opens the signed-in person's device database straight away, from the session stored on the
 * device, so the diary shows with no network; the server's word on the session comes after.
 */
export function App() {
  const { t } = useT();
  const [session, setSession] = useState<SessionInfo | null>(loadStoredSession);
  const [data, setData] = useState<DataSession | null>(null);
  const dataRef = useRef<DataSession | null>(null);
  useEffect(() => {
    dataRef.current = data;
  }, [data]);
  const signingOut = useRef(false);
  const leaveAddress = useRef(false);
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

  // One sign-out at a time: the server's «no session» can arrive from several places at once.
  const signOut = useCallback(async () => {
    if (!userId || signingOut.current) return;
    signingOut.current = true;
    try {
      await dataRef.current?.stopSync();
      await signOutOnServer().catch(markPendingSignOut); // offline: the local wipe still happens now
      clearStoredSession();
      const open = dataRef.current;
      if (open && !open.db.closed) await open.wipe();
      else await wipeUserData(userId);
    } catch (e) {
      logger.error('sign-out could not wipe local data', e);
    } finally {
      signingOut.current = false;
      leaveAddress.current = true;
      setSession(null);
    }
  }, [userId]);

  // Once signed out (not before: the signed-in screens must not render again over a wiped database),
  // the next person on this device starts at the sign-in page, not at this person's last address.
  useEffect(() => {
    if (session || !leaveAddress.current) return;
    leaveAddress.current = false;
    navigate(HOME_PATH, { replace: true });
  }, [session]);

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
      .catch(noted(logger, 'checking the session'));
  }, [userId, signOut]);

  // Another tab signed out, or signed someone else in: this tab must not keep showing this diary.
  useEffect(() => onStoredSessionChange((stored) => stored !== userId && location.reload()), [userId]);

  useEffect(() => {
    void finishPendingSignOut();
    const retry = (): void => void finishPendingSignOut();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, []);

  return (
    <>
      <UpdatePrompt />
      {!session ? (
        // Signed out: the public pages, and the sign-in form at every other address (which then opens).
        <Switch>
          {publicRoutes.map((route) => (
            <Route key={route.path} path={route.path}>
              {(params) => (
                <main className="page">
                  <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>{route.render(params)}</Suspense>
                </main>
              )}
            </Route>
          ))}
          <Route>
            <SignInPage
              onSignedIn={(s) => {
                clearPendingSignOut();
                storeSession(s);
                setSession(s);
              }}
            />
          </Route>
        </Switch>
      ) : !data ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <DataSessionContext.Provider value={data}>
          <Shell session={session} onSignOut={() => void signOut()}>
            <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
              <Switch>
                {publicRoutes.map((route) => (
                  <Route key={route.path} path={route.path}>
                    {(params) => route.render(params)}
                  </Route>
                ))}
                {appRoutes.map((route) => (
                  <Route key={route.path} path={route.path}>
                    {(params) => route.render(params, session)}
                  </Route>
                ))}
                {/* `/` and any address the app does not know: the person's home. */}
                <Route>
                  <Redirect to={homePath(session)} replace />
                </Route>
              </Switch>
            </Suspense>
            <CallsLayer userId={session.userId} />
          </Shell>
        </DataSessionContext.Provider>
      )}
    </>
  );
}
