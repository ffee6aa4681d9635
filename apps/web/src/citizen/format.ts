/**
 * Days as the citizen pages show them: "Senin, 14/12/2026" (dd/mm/yyyy, in WIB whatever the browser's zone). Pure.
 */
import { TIME_ZONE, type Lang } from '../format/datetime';

export function formatDayWib(value: string | Date, lang: Lang): string {
  const date = value instanceof Date ? value : new Date(value);
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  const formatter = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: TIME_ZONE,
  });
  for (const part of formatter.formatToParts(date)) out[part.type] = part.value;
  return `${out.weekday}, ${out.day}/${out.month}/${out.year}`;
}
