import { useTranslation } from 'react-i18next';
import { formatActingDate, useMyActing } from '../acting/acting';
import { currentLang } from '../i18n';

/** Tells the signed-in user they act in a post now: "Anda Plt. Kepala Dinas Kesehatan s.d. 13 Des 2026". */
export function ActingBanner() {
  const { t, i18n } = useTranslation();
  const acting = useMyActing();
  if (acting.length === 0) return null;
  const lang = currentLang(i18n.language);
  return (
    <>
      {acting.map((a) => (
        <p key={a.id} className="notice acting-banner" role="status">
          {t('acting.banner', { label: a.label, until: formatActingDate(a.endsOn, lang) })}
        </p>
      ))}
    </>
  );
}
