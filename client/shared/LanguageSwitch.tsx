import { LANGUAGES, setLanguage, useT, type Lang } from '../i18n/i18n.ts';

export function LanguageSwitch() {
  const { t, lang } = useT();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={lang} onChange={(e) => void setLanguage(e.target.value as Lang)} aria-label={t('app.language')}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
