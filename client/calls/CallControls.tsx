import { useT } from '../i18n/i18n.ts';
import { Icon, type IconName } from './icons.tsx';
import type { CallView } from './call-session.ts';

export type Panel = 'chat' | 'participants' | 'settings' | null;

interface Props {
  view: CallView;
  panel: Panel;
  unread: number;
  canShare: boolean;
  onMic(): void;
  onCamera(): void;
  onScreen(): void;
  onHand(): void;
  onAudioOnly(): void;
  onPanel(panel: Panel): void;
  onMinimise(): void;
  onLeave(): void;
}

function Control({ icon, label, pressed, onClick, danger = false, media = false, badge }: { icon: IconName; label: string; pressed?: boolean; onClick(): void; danger?: boolean; media?: boolean; badge?: number }) {
  return (
    <button
      type="button"
      className={`control${danger ? ' control--danger' : ''}${media ? ' control--media' : ''}`}
      aria-label={label}
      title={label}
      {...(pressed === undefined ? {} : { 'aria-pressed': pressed })}
      onClick={onClick}
    >
      <Icon name={icon} />
      {badge ? <span className="control__badge">{badge}</span> : null}
    </button>
  );
}

/** The call's bar: large touch targets, one row that wraps on a narrow phone. */
export function CallControls({ view, panel, unread, canShare, onMic, onCamera, onScreen, onHand, onAudioOnly, onPanel, onMinimise, onLeave }: Props) {
  const { t } = useT();
  const toggle = (p: Exclude<Panel, null>) => () => onPanel(panel === p ? null : p);
  return (
    <div className="call__controls" role="toolbar" aria-label={t('call.controls')}>
      <Control icon={view.flags.audio ? 'mic' : 'micOff'} label={t('call.microphone')} pressed={view.flags.audio} onClick={onMic} media />
      <Control icon={view.camera ? 'camera' : 'cameraOff'} label={t('call.camera')} pressed={!!view.camera} onClick={onCamera} media />
      {canShare && <Control icon="screen" label={t('call.screen')} pressed={!!view.screen} onClick={onScreen} />}
      <Control icon="audioOnly" label={t('call.audioOnly')} pressed={view.audioOnly} onClick={onAudioOnly} />
      <Control icon="hand" label={t('call.hand')} pressed={view.handRaised} onClick={onHand} />
      <Control icon="chat" label={t('call.chat')} pressed={panel === 'chat'} onClick={toggle('chat')} badge={unread} />
      <Control icon="people" label={t('call.participants')} pressed={panel === 'participants'} onClick={toggle('participants')} />
      <Control icon="settings" label={t('call.settings')} pressed={panel === 'settings'} onClick={toggle('settings')} />
      <Control icon="minimise" label={t('call.minimise')} onClick={onMinimise} />
      <Control icon="leave" label={t('call.leave')} onClick={onLeave} danger />
    </div>
  );
}
