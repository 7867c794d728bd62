import { useT } from '../i18n/i18n.ts';
import { Icon } from './icons.tsx';
import { StreamVideo } from './MediaView.tsx';
import type { CallParticipant } from './types.ts';

export interface TileProps {
  participant: CallParticipant;
  stream: MediaStream | null;
  isMe: boolean;
  audioOnly: boolean;
  large?: boolean;
  onPin?: () => void;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

/** One person: their video (or initials while the camera is off), name and state. */
export function ParticipantTile({ participant: p, stream, isMe, audioOnly, large = false, onPin }: TileProps) {
  const { t } = useT();
  const showVideo = !!stream && (p.video || p.screen) && (!audioOnly || isMe);
  const name = isMe ? t('call.you') : p.name;
  return (
    <figure
      className={`tile${large ? ' tile--large' : ''}`}
      data-testid="tile"
      data-participant={p.participantId}
      data-me={isMe ? 'yes' : 'no'}
      data-audio={p.audio ? 'on' : 'off'}
      data-video={p.video || p.screen ? 'on' : 'off'}
      aria-label={name}
    >
      {showVideo ? (
        <StreamVideo stream={stream} mirrored={isMe && !p.screen} testId={isMe ? 'local-video' : 'remote-video'} />
      ) : (
        <div className="tile__avatar" aria-hidden="true">
          {initials(p.name)}
        </div>
      )}
      <figcaption className="tile__caption">
        {p.handRaised && (
          <span className="tile__badge tile__badge--hand" role="img" aria-label={t('call.handRaised')}>
            <Icon name="hand" />
          </span>
        )}
        {!p.audio && (
          <span className="tile__badge" role="img" aria-label={t('call.micOff')}>
            <Icon name="micOff" />
          </span>
        )}
        {!p.video && !p.screen && (
          <span className="tile__badge" role="img" aria-label={t('call.cameraOff')}>
            <Icon name="cameraOff" />
          </span>
        )}
        <span className="tile__name">{name}</span>
        {p.isAdmin && <span className="tile__role">{t('call.admin')}</span>}
      </figcaption>
      {onPin && !isMe && (
        <button type="button" className="tile__pin" onClick={onPin} aria-label={t('call.pin', { name: p.name })} />
      )}
    </figure>
  );
}
