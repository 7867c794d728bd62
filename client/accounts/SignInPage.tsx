import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../sync/index.ts';
import { useT } from '../i18n/i18n.ts';
import { LanguageSwitch } from '../shared/LanguageSwitch.tsx';
import { ErrorMessage } from '../i18n/ErrorMessage.tsx';
import { Link } from '../shared/navigation.ts';
import { toUserError, type UserError } from '../shared/user-error.ts';
import { signIn } from './api.ts';
import { PRIVACY_PATH } from './paths.ts';
import { formatTypedPhone, loadPhoneRules } from './phone-format.ts';
import { log, noted } from '../shared/log.ts';

const logger = log('sign-in');

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const { t } = useT();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);

  /** Shows the number back with its country code once the person leaves the field, unless they typed on meanwhile. */
  async function tidyPhone(typed: string): Promise<void> {
    const shown = await formatTypedPhone(typed);
    if (shown) setPhone((current) => (current === typed ? shown : current));
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(phone, password));
    } catch (e) {
      setError(toUserError(e));
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
            onFocus={() => void loadPhoneRules().catch(noted(logger, 'preloading phone rules', 'debug'))}
            onBlur={(e) => void tidyPhone(e.target.value)}
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
        <ErrorMessage error={error} />
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
