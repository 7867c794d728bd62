import { useT } from '../i18n/i18n.ts';
import { HOME_PATH, Link } from '../shared/navigation.ts';

const PARTS = [
  ['whatTitle', 'what'],
  ['whereTitle', 'where'],
  ['howLongTitle', 'howLong'],
  ['whoTitle', 'who'],
] as const;

/** The privacy notice, readable signed out (from the sign-in page) and signed in. */
export function PrivacyPage() {
  const { t } = useT();
  return (
    <article className="privacy" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacy.title')}</h1>
      <p className="privacy__lead">{t('privacy.lead')}</p>
      {PARTS.map(([title, text]) => (
        <section key={title}>
          <h2 className="privacy__heading">{t(`privacy.${title}`)}</h2>
          <p>{t(`privacy.${text}`)}</p>
        </section>
      ))}
      <Link to={HOME_PATH} className="privacy__home">
        {t('privacy.home')}
      </Link>
    </article>
  );
}
