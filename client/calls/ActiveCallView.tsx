import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useSyncStatus } from '../data/index.ts';
import { useCallDoc } from './queries.ts';
import { ErrorMessage } from '../i18n/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.ts';
import { HOME_PATH, navigate } from '../shared/navigation.ts';
import { activeCall, type ActiveCall } from './active-call.ts';
import { CallScreen } from './CallScreen.tsx';
import { MiniCall } from './MiniCall.tsx';
import { callPath, CALLS_PATH, joinPath } from './paths.ts';
import { loadPrefs } from './prefs.ts';

const OVER = new Set(['ended', 'removed', 'left', 'moved', 'refused']);

/** The active call, full screen on its route and minimised anywhere else. */
export function ActiveCallView({ active, full, userId }: { active: ActiveCall; full: boolean; userId: string }) {
  const { t } = useT();
  const { session } = active;
  const view = useSyncExternalStore(session.view.subscribe, session.view.get);
  const doc = useCallDoc(view.callId);
  const { online } = useSyncStatus();
  const [speakerId, setSpeakerId] = useState<string | null>(() => loadPrefs().speakerId);
  const over = OVER.has(view.phase);
  const audioApplied = useRef(false);

  // A call created as «audio» starts without cameras (the person can still turn theirs on).
  useEffect(() => {
    if (doc?.media !== 'audio' || view.phase !== 'live' || audioApplied.current) return;
    audioApplied.current = true;
    if (!view.audioOnly) void session.setAudioOnly(true);
  }, [doc?.media, view.phase, view.audioOnly, session]);

  // A minimised call that ended leaves nothing behind.
  useEffect(() => {
    if (!full && over) activeCall.close();
  }, [full, over]);

  const callId = view.callId;
  const title = doc?.title ?? t('call.untitled');
  if (!full) {
    if (over || view.phase === 'joining') return null;
    return <MiniCall session={session} view={view} title={title} speakerId={speakerId} onExpand={() => callId && navigate(callPath(callId))} />;
  }
  if (view.phase === 'joining')
    return (
      <div className="call-card" role="status" data-testid="call-joining">
        <p>{t('call.joining')}</p>
      </div>
    );
  if (over)
    return (
      <div className="call-card" data-testid="call-over" data-phase={view.phase}>
        <h1 className="call-card__title">{t(`call.over.${view.phase}`)}</h1>
        <ErrorMessage error={view.error} />
        <div className="call-card__actions">
          {online && (view.phase === 'left' || view.phase === 'moved') && callId && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                activeCall.close();
                activeCall.ensure({ callId });
              }}
            >
              {t('call.rejoin')}
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              activeCall.close();
              navigate(CALLS_PATH);
            }}
          >
            {t('call.backToCalls')}
          </button>
        </div>
      </div>
    );
  // The admin shares the join link (its code reaches only the admin's device, with the synced call);
  // anyone else shares the call's own address, which works for its members. Until the call has
  // synced there is nothing right to copy.
  const callLink = callId ? `${location.origin}${callPath(callId)}` : null;
  const link = !doc ? null : doc.linkCode ? `${location.origin}${joinPath(doc.linkCode)}` : doc.adminId === userId && doc.kind !== 'lesson' ? null : callLink;
  return (
    <CallScreen
      session={session}
      view={view}
      title={title}
      link={link}
      myUserId={userId}
      speakerId={speakerId}
      onSpeaker={(id) => setSpeakerId(id || null)}
      onMinimise={() => navigate(HOME_PATH)}
    />
  );
}
