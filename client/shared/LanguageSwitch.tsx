import { LANGUAGE_NAMES, LANGUAGES, setLanguage, useT } from '../i18n/i18n.ts';

export function LanguageSwitch() {
  const { t, lang } = useT();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={lang} onChange={(e) => void setLanguage(e.target.value)} aria-label={t('app.language')}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
