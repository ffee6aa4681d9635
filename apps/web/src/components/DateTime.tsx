import { useTranslation } from 'react-i18next';
import { formatDateTimeWib, formatDateWib } from '../format/datetime';
import { currentLang } from '../i18n';

/** A moment in WIB, e.g. "Kamis, 26 November 2026 07.30 WIB", machine-readable in dateTime. */
export function DateTime({ value, dateOnly = false }: { value: string; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  return (
    <time dateTime={value}>{dateOnly ? formatDateWib(value, lang) : formatDateTimeWib(value, lang)}</time>
  );
}
