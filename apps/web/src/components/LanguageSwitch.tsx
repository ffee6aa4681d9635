import { useTranslation } from 'react-i18next';
import { currentLang, LANGUAGES, setLanguage } from '../i18n';

/** ID / EN as two toggle buttons; the choice is remembered. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = currentLang(i18n.language);
  return (
    <div className="language-switch" role="group" aria-label={t('header.language')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={active === lang}
          onClick={() => void setLanguage(lang)}
        >
          {lang.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
