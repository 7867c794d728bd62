import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { LanguageSwitch } from '../app/LanguageSwitch.tsx';
import { Link } from '../shared/navigation.ts';
import { ApiError, signIn } from './api.ts';
import { PRIVACY_PATH } from './paths.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const { t } = useT();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(phone, password));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('signIn.networkError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <div className="sign-in__lang">
        <LanguageSwitch />
      </div>
      <h1 className="sign-in__title">{t('app.name')}</h1>
      <p className="sign-in__lead">{t('signIn.lead')}</p>
      <form className="sign-in__form" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span className="field__label">{t('signIn.phone')}</span>
          <input
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="username"
            placeholder={t('signIn.phonePlaceholder')}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field__label">{t('signIn.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <p className="sign-in__footer">
        <Link to={PRIVACY_PATH}>{t('signIn.privacy')}</Link>
      </p>
    </main>
  );
}
