import { useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n/i18n.ts';
import { CallChat } from './CallChat.tsx';
import { CallControls, type Panel } from './CallControls.tsx';
import type { CallSession, CallView } from './call-session.ts';
import { DeviceSettings } from './DeviceSettings.tsx';
import { Icon } from './icons.tsx';
import { RemoteAudio } from './MediaView.tsx';
import { ParticipantTile } from './ParticipantTile.tsx';
import { ParticipantsPanel } from './ParticipantsPanel.tsx';
import type { CallParticipant } from './types.ts';
import { log, noted } from '../shared/log.ts';

const logger = log('calls');

export interface CallScreenProps {
  session: CallSession;
  view: CallView;
  title: string;
  /** What «copy link» copies: the join link for the admin, the call's own address for others; null until known. */
  link: string | null;
  myUserId: string;
  speakerId: string | null;
  onSpeaker(id: string): void;
  onMinimise(): void;
}

/** The local stream as a participant tile shows it (camera, or the screen being shared). */
export function useLocalStream(view: CallView): MediaStream | null {
  const track = view.screen ?? view.camera;
  return useMemo(() => (track ? new MediaStream([track]) : null), [track]);
}

export function CallScreen({ session, view, title, link, myUserId, speakerId, onSpeaker, onMinimise }: CallScreenProps) {
  const { t } = useT();
  const [panel, setPanel] = useState<Panel>(null);
  const [layout, setLayout] = useState<'grid' | 'speaker'>('grid');
  const [copied, setCopied] = useState(false);
  const local = useLocalStream(view);
  const unread = Math.max(0, view.chat.length - view.chatSeen);
  const me = view.participants.find((p) => p.participantId === view.me);
  const amAdmin = me?.isAdmin ?? false;
  const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);

  // Until the room says who I am, show me from local state so the screen is never empty.
  const participants: CallParticipant[] = me
    ? view.participants
    : [{ participantId: view.me ?? 'me', userId: myUserId, name: t('call.you'), isAdmin: false, ...view.flags, handRaised: view.handRaised }, ...view.participants];
  const streamOf = (p: CallParticipant): MediaStream | null => (p.participantId === view.me ? local : (view.remote.get(p.participantId) ?? null));
  const tile = (p: CallParticipant, large = false) => (
    <ParticipantTile
      key={p.participantId}
      participant={p}
      stream={streamOf(p)}
      isMe={p.participantId === view.me}
      audioOnly={view.audioOnly}
      large={large}
      onPin={() => {
        session.pin(p.participantId);
        setLayout('speaker');
      }}
    />
  );
  const speaker = participants.find((p) => p.participantId === view.speaker.current) ?? participants.find((p) => p.participantId !== view.me) ?? participants[0];

  const copyLink = async (): Promise<void> => {
    if (!link) return;
    await navigator.clipboard?.writeText(link).catch(noted(logger, 'copying the call link'));
    setCopied(true);
  };

  return (
    <div className={`call${panel ? ' call--with-panel' : ''}`} role="region" aria-label={t('call.region')} data-testid="call-screen" data-transport={view.transport ?? ''}>
      <header className="call__head">
        <h1 className="call__title">{title}</h1>
        <span className="call__count">{t('call.participantsCount', { count: participants.length })}</span>
        <div className="call__head-actions">
          <button type="button" className="control control--small" onClick={() => setLayout(layout === 'grid' ? 'speaker' : 'grid')} aria-label={layout === 'grid' ? t('call.speakerView') : t('call.gridView')}>
            <Icon name={layout === 'grid' ? 'speaker' : 'grid'} />
          </button>
          <button type="button" className="control control--small" onClick={() => void copyLink()} aria-label={t('call.copyLink')} disabled={!link}>
            <Icon name="link" />
          </button>
        </div>
      </header>
      {view.banner !== 'none' && (
        <p className={`call__banner call__banner--${view.banner}`} role="status" data-testid="call-banner">
          {t(`call.banner.${view.banner}`)}
        </p>
      )}
      {copied && (
        <p className="call__toast" role="status">
          {t('call.linkCopied')}
        </p>
      )}
      {view.mutedByAdmin && (
        <p className="call__toast" role="alert">
          {t('call.mutedByAdmin')}{' '}
          <button type="button" className="link" onClick={() => session.dismissMuted()}>
            {t('call.ok')}
          </button>
        </p>
      )}
      <div className="call__body">
        {layout === 'speaker' && speaker ? (
          <div className="stage stage--speaker" data-testid="speaker-view">
            {tile(speaker, true)}
            <div className="stage__strip">{participants.filter((p) => p !== speaker).map((p) => tile(p))}</div>
          </div>
        ) : (
          <div className={`stage stage--grid stage--n${Math.min(participants.length, 9)}`} data-testid="grid-view">
            {participants.map((p) => tile(p))}
          </div>
        )}
        {participants.length < 2 && <p className="call__alone">{t('call.alone')}</p>}
        {panel && (
          <aside className="call__panel">
            <button type="button" className="call__panel-close control control--small" onClick={() => setPanel(null)} aria-label={t('call.closePanel')}>
              <Icon name="close" />
            </button>
            {panel === 'chat' && <CallChat lines={view.chat} myUserId={myUserId} onSend={session.sendChat} onSeen={session.markChatSeen} />}
            {panel === 'participants' && <ParticipantsPanel participants={participants} me={view.me} amAdmin={amAdmin} admin={session.admin} />}
            {panel === 'settings' && <DeviceSettings onDevice={(kind, id) => void session.chooseDevice(kind, id)} onSpeaker={onSpeaker} />}
          </aside>
        )}
      </div>
      <CallControls
        view={view}
        panel={panel}
        unread={unread}
        canShare={canShare}
        onMic={() => void session.toggleMicrophone()}
        onCamera={() => void session.toggleCamera()}
        onScreen={() => void session.toggleScreen()}
        onHand={() => void session.toggleHand()}
        onAudioOnly={() => void session.setAudioOnly(!view.audioOnly)}
        onPanel={setPanel}
        onMinimise={onMinimise}
        onLeave={() => void session.leave()}
      />
      <RemoteAudio streams={view.remote} speakerId={speakerId} />
    </div>
  );
}
