import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { dateInZone, type SessionInfo } from '../../sync/index.ts';
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
import { DataSessionContext, openDataSession, wipeUserData, type DataSession } from '../data/index.ts';
import { DiaryScreen } from '../diary/DiaryScreen.tsx';
import { useT } from '../i18n/i18n.ts';
import { UpdatePrompt } from '../pwa/UpdatePrompt.tsx';
import { useScreen } from './route.ts';
import { Shell } from './Shell.tsx';

// Calls are their own chunk (PeerJS and Janus in further chunks still), fetched when first needed.
const calls = () => import('../calls/lazy.ts');
const CallsOverlay = lazy(() => calls().then((m) => ({ default: m.CallsOverlay })));
const CallsScreen = lazy(() => calls().then((m) => ({ default: m.CallsScreen })));
const OnlineLessonsScreen = lazy(() => calls().then((m) => ({ default: m.OnlineLessonsScreen })));

/** Ends on the server a session whose sign-out happened offline (see markPendingSignOut). */
async function finishPendingSignOut(): Promise<void> {
  if (!hasPendingSignOut()) return;
  try {
    await signOutOnServer();
    clearPendingSignOut();
  } catch {
    // still offline: next time
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
  const userId = session?.userId ?? null;
  const screen = useScreen();
  const inCall = screen.name === 'call' || screen.name === 'join';
  // Once a call was opened, its overlay stays mounted: the call goes on, minimised, elsewhere in the app.
  const [callsUsed, setCallsUsed] = useState(false);
  if (inCall && !callsUsed) setCallsUsed(true);

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
      console.error('[app] sign-out could not wipe local data:', e);
    } finally {
      signingOut.current = false;
      setSession(null);
    }
  }, [userId]);

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
        <SignInPage
          onSignedIn={(s) => {
            clearPendingSignOut();
            storeSession(s);
            setSession(s);
          }}
        />
      ) : !data ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <DataSessionContext.Provider value={data}>
          <Shell session={session} onSignOut={() => void signOut()} screen={screen.name}>
            <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
              {screen.name === 'calls' ? (
                <CallsScreen />
              ) : screen.name === 'online-lessons' && session.school ? (
                <OnlineLessonsScreen teacherId={session.userId} schoolId={session.school.id} today={dateInZone(session.school.timeZone)} />
              ) : inCall ? null : (
                <DiaryScreen session={session} />
              )}
            </Suspense>
            {callsUsed && (
              <Suspense fallback={null}>
                <CallsOverlay screen={screen} userId={session.userId} />
              </Suspense>
            )}
          </Shell>
        </DataSessionContext.Provider>
      )}
    </>
  );
}
