/**
 * Dates as staff read them: always in WIB (Asia/Jakarta), whatever the browser's time zone, e.g.
 * "Kamis, 26 November 2026 07.30 WIB" (Indonesian) or "Thursday, 26 November 2026 07:30 WIB" (English).
 * Pure: built on Intl only.
 */
export type Lang = 'id' | 'en';

export const TIME_ZONE = 'Asia/Jakarta';
const LOCALES: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };

type PartType = Intl.DateTimeFormatPartTypes;

function parts(
  value: Date,
  lang: Lang,
  options: Intl.DateTimeFormatOptions,
): Partial<Record<PartType, string>> {
  const formatter = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone: TIME_ZONE });
  const out: Partial<Record<PartType, string>> = {};
  for (const part of formatter.formatToParts(value)) out[part.type] = part.value;
  return out;
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "Kamis, 26 November 2026" */
export function formatDateWib(value: string | Date, lang: Lang): string {
  const p = parts(toDate(value), lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
}

/** "07.30 WIB" (Indonesian uses a dot between hours and minutes), "07:30 WIB" in English. */
export function formatTimeWib(value: string | Date, lang: Lang): string {
  const p = parts(toDate(value), lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}${lang === 'id' ? '.' : ':'}${p.minute} WIB`;
}

/** "Kamis, 26 November 2026 07.30 WIB" */
export function formatDateTimeWib(value: string | Date, lang: Lang): string {
  return `${formatDateWib(value, lang)} ${formatTimeWib(value, lang)}`;
}

/** The calendar day in WIB as YYYY-MM-DD, `days` days before `now` (0: today). */
export function isoDateWib(now: Date, days = 0): string {
  const shifted = new Date(now.getTime() - days * 86_400_000);
  const p = parts(shifted, 'en', { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** A count in the UI language's number format: 1.234,5 (id) or 1,234.5 (en). */
export function formatNumber(value: number, lang: Lang, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits }).format(value);
}
