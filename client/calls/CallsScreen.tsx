import { useState, type FormEvent } from 'react';
import { useSyncStatus } from '../data/index.ts';
import { useMyCalls } from './queries.ts';
import { ErrorMessage } from '../i18n/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.ts';
import { formatDayHeading } from '../i18n/format.ts';
import { navigate } from '../shared/navigation.ts';
import { toUserError, type UserError } from '../shared/user-error.ts';
import { createLinkCall } from './api.ts';
import { callPath } from './paths.ts';

/**
 * «Видеоконференции»: the calls this person takes part in, «Перейти» while one is live, and a new
 * call by link. Offline there is no way into a call, and the screen says so instead.
 */
export function CallsScreen() {
  const { t } = useT();
  const { docs, ready } = useMyCalls();
  const { online } = useSyncStatus();
  const [creating, setCreating] = useState(false);
  return (
    <section className="calls" aria-labelledby="calls-title">
      <div className="calls__head">
        <h1 id="calls-title" className="calls__title">
          {t('calls.title')}
        </h1>
        {online && !creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('calls.createLink')}
          </button>
        )}
      </div>
      {!online && (
        <p className="calls__offline" role="status">
          {t('calls.offline')}
        </p>
      )}
      {creating && <CreateLinkCall online={online} onCancel={() => setCreating(false)} />}
      {ready && docs.length === 0 && <p className="empty">{t('calls.empty')}</p>}
      <ul className="call-list">
        {docs.map((c) => {
          const live = c.live && c.status !== 'ended';
          return (
            <li key={c.id} className="call-list__item" data-testid="call-item" data-call-id={c.id}>
              <div className="call-list__body">
                <span className="call-list__title">{c.title}</span>
                <span className="call-list__meta">
                  {[t(`calls.kind.${c.kind}`), c.date ? formatDayHeading(t, c.date) : '', t(`calls.media.${c.media}`)].filter(Boolean).join(' · ')}
                </span>
              </div>
              <span className={`call-list__state${live ? ' call-list__state--live' : ''}`}>
                {live ? t('calls.live') : t(`calls.status.${c.status}`)}
              </span>
              {online && c.status !== 'ended' && c.status !== 'draft' && (
                <button
                  type="button"
                  className={`button${live ? ' button--primary' : ''}`}
                  onClick={() => navigate(callPath(c.id))}
                  aria-label={t('calls.goTo', { title: c.title })}
                >
                  {t('calls.go')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** «Создать звонок по ссылке»: title, audio or video, who may join; the creator becomes the admin. */
function CreateLinkCall({ online, onCancel }: { online: boolean; onCancel(): void }) {
  const { t } = useT();
  const [title, setTitle] = useState('');
  const [media, setMedia] = useState<'AUDIO' | 'VIDEO'>('VIDEO');
  const [audience, setAudience] = useState<'SCHOOL' | 'LINK'>('SCHOOL');
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    // Enter in the title submits even with the button gone.
    if (!online) return;
    setBusy(true);
    setError(null);
    try {
      const callId = await createLinkCall({ title: title.trim() || t('calls.defaultTitle'), media, audience });
      navigate(callPath(callId));
    } catch (err) {
      setError(toUserError(err));
      setBusy(false);
    }
  };
  return (
    <form className="call-form" onSubmit={(e) => void submit(e)} aria-label={t('calls.createLink')}>
      <label className="field">
        <span className="field__label">{t('calls.form.title')}</span>
        <input value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} placeholder={t('calls.defaultTitle')} />
      </label>
      <fieldset className="call-form__group">
        <legend className="field__label">{t('calls.form.media')}</legend>
        <label className="field--inline">
          <input type="radio" name="media" checked={media === 'VIDEO'} onChange={() => setMedia('VIDEO')} />
          {t('calls.form.video')}
        </label>
        <label className="field--inline">
          <input type="radio" name="media" checked={media === 'AUDIO'} onChange={() => setMedia('AUDIO')} />
          {t('calls.form.audio')}
        </label>
      </fieldset>
      <fieldset className="call-form__group">
        <legend className="field__label">{t('calls.form.audience')}</legend>
        <label className="field--inline">
          <input type="radio" name="audience" checked={audience === 'SCHOOL'} onChange={() => setAudience('SCHOOL')} />
          {t('calls.form.school')}
        </label>
        <label className="field--inline">
          <input type="radio" name="audience" checked={audience === 'LINK'} onChange={() => setAudience('LINK')} />
          {t('calls.form.link')}
        </label>
      </fieldset>
      <ErrorMessage error={error} />
      <div className="call-form__actions">
        {online && (
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('calls.form.start')}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel}>
          {t('calls.form.cancel')}
        </button>
      </div>
    </form>
  );
}
