import { useT } from '../i18n/i18n.ts';
import type { CallSession } from './call-session.ts';
import type { CallParticipant } from './types.ts';

interface Props {
  participants: CallParticipant[];
  me: string | null;
  amAdmin: boolean;
  admin: CallSession['admin'];
}

/** Everyone in the call; the admin can mute, lower a hand, remove, mute all and end the call. */
export function ParticipantsPanel({ participants, me, amAdmin, admin }: Props) {
  const { t } = useT();
  const sorted = [...participants].sort((a, b) => Number(b.handRaised) - Number(a.handRaised) || a.name.localeCompare(b.name));
  return (
    <section className="call-panel" aria-label={t('call.participants')}>
      <h2 className="call-panel__title">{t('call.participantsCount', { count: participants.length })}</h2>
      {amAdmin && (
        <div className="call-panel__actions">
          <button type="button" className="button" onClick={() => void admin.mute()}>
            {t('call.muteAll')}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => {
              if (confirm(t('call.confirmEnd'))) void admin.endForAll();
            }}
          >
            {t('call.endForAll')}
          </button>
        </div>
      )}
      <ul className="people">
        {sorted.map((p) => (
          <li key={p.participantId} className="people__row" data-testid="participant" data-participant={p.participantId}>
            <span className="people__name">
              {p.name}
              {p.participantId === me && ` (${t('call.you')})`}
              {p.isAdmin && <span className="tile__role">{t('call.admin')}</span>}
            </span>
            <span className="people__state">
              {p.handRaised && <span className="people__flag">{t('call.handRaised')}</span>}
              {!p.audio && <span className="people__flag">{t('call.micOff')}</span>}
            </span>
            {amAdmin && p.participantId !== me && (
              <span className="people__actions">
                {p.handRaised && (
                  <button type="button" className="button" onClick={() => void admin.lowerHand(p.userId)} aria-label={t('call.lowerHandOf', { name: p.name })}>
                    {t('call.lowerHand')}
                  </button>
                )}
                {p.audio && (
                  <button type="button" className="button" onClick={() => void admin.mute(p.userId)} aria-label={t('call.muteOne', { name: p.name })}>
                    {t('call.mute')}
                  </button>
                )}
                <button
                  type="button"
                  className="button"
                  aria-label={t('call.removeOne', { name: p.name })}
                  onClick={() => {
                    if (confirm(t('call.confirmRemove', { name: p.name }))) void admin.remove(p.userId);
                  }}
                >
                  {t('call.remove')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
