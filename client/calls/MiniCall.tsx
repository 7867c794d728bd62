import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n.ts';
import type { CallSession, CallView } from './call-session.ts';
import { Icon } from './icons.tsx';
import { RemoteAudio, StreamVideo } from './MediaView.tsx';
import { log, noted } from '../shared/log.ts';

const logger = log('calls');

/**
 * The call minimised: a small floating window over the rest of the app (the sound goes on), with
 * «expand», the microphone, leave, and the browser's own picture-in-picture where it has one.
 */
export function MiniCall({ session, view, title, speakerId, onExpand }: { session: CallSession; view: CallView; title: string; speakerId: string | null; onExpand(): void }) {
  const { t } = useT();
  const box = useRef<HTMLDivElement>(null);
  const speaker = view.speaker.current ?? [...view.remote.keys()][0] ?? null;
  const stream = speaker ? (view.remote.get(speaker) ?? null) : null;
  const pipSupported = typeof document !== 'undefined' && document.pictureInPictureEnabled;
  // Expanding the call (or its end) removes the small window: its picture-in-picture goes too,
  // or the browser would keep floating a copy of what the call screen shows.
  useEffect(() => {
    const el = box.current;
    return () => {
      const pip = document.pictureInPictureElement;
      if (pip && el?.contains(pip)) void document.exitPictureInPicture().catch(noted(logger, 'leaving picture-in-picture'));
    };
  }, []);
  const enterPip = async (): Promise<void> => {
    const video = box.current?.querySelector('video');
    if (video && video.readyState >= 1) await video.requestPictureInPicture().catch(noted(logger, 'opening picture-in-picture'));
  };
  return (
    <div className="mini-call" ref={box} role="region" aria-label={t('call.minimised')} data-testid="mini-call">
      <button type="button" className="mini-call__view" onClick={onExpand} aria-label={t('call.expand')}>
        {stream ? <StreamVideo stream={stream} /> : <span className="mini-call__title">{title}</span>}
      </button>
      <div className="mini-call__bar">
        <button type="button" className="control control--small control--media" aria-label={t('call.microphone')} aria-pressed={view.flags.audio} onClick={() => void session.toggleMicrophone()}>
          <Icon name={view.flags.audio ? 'mic' : 'micOff'} />
        </button>
        {pipSupported && stream && (
          <button type="button" className="control control--small" aria-label={t('call.pip')} onClick={() => void enterPip()}>
            <Icon name="pip" />
          </button>
        )}
        <button type="button" className="control control--small" aria-label={t('call.expand')} onClick={onExpand}>
          <Icon name="expand" />
        </button>
        <button type="button" className="control control--small control--danger" aria-label={t('call.leave')} onClick={() => void session.leave()}>
          <Icon name="leave" />
        </button>
      </div>
      <RemoteAudio streams={view.remote} speakerId={speakerId} />
    </div>
  );
}
