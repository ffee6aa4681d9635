import { DateTime } from 'luxon';
import { type Language } from './types';

/**
 * Shared formatting for the rendered texts (messages.ts, digest.ts). Pure: luxon and Intl only.
 *
 * Rendering never throws on odd data: a notification with a raw date or an unknown code in it is better than
 * no notification at all, so unparsable values are shown as they are.
 */

export const WIB_ZONE = 'Asia/Jakarta';

/** Longest title, in characters: fits an email subject line and the first line of a WhatsApp/SMS text. */
export const MAX_TITLE_LENGTH = 140;

const ELLIPSIS = '…';

// Indonesian writes the time with a dot (15.00), English (en-GB) with a colon (15:00).
const DATE_TIME_FORMAT: Record<Language, string> = {
  id: 'cccc, d MMMM yyyy HH.mm',
  en: 'cccc, d MMMM yyyy HH:mm',
};
const DATE_FORMAT = 'cccc, d MMMM yyyy';
const LOCALE: Record<Language, string> = { id: 'id', en: 'en-GB' };

function parseInstant(iso: string): DateTime | null {
  // An ISO string without an offset is read as WIB, so the result never depends on the host's zone.
  const dt = DateTime.fromISO(iso, { zone: WIB_ZONE });
  return dt.isValid ? dt.setZone(WIB_ZONE) : null;
}

/** "Senin, 23 November 2026 15.00 WIB" / "Monday, 23 November 2026 15:00 WIB"; the input itself when unparsable. */
export function formatDateTime(iso: string, language: Language): string {
  const dt = parseInstant(iso);
  if (!dt) return iso;
  return `${dt.setLocale(LOCALE[language]).toFormat(DATE_TIME_FORMAT[language])} WIB`;
}

/** A local date 'YYYY-MM-DD' as "Senin, 23 November 2026" / "Monday, 23 November 2026". */
export function formatDate(isoDate: string, language: Language): string {
  const dt = parseInstant(isoDate);
  if (!dt) return isoDate;
  return dt.setLocale(LOCALE[language]).toFormat(DATE_FORMAT);
}

/** "62,5" / "62.5"; at most one decimal. */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 1 }).format(value);
}

/** "A, B, dan C" / "A, B and C". */
export function formatList(items: readonly string[], language: Language): string {
  return new Intl.ListFormat(LOCALE[language], { type: 'conjunction' }).format(items);
}

/** Collapses every run of white space (newlines included) into one space. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Cuts `value` to at most `max` characters, ending in "…" when cut. Counts code points, so an emoji or other
 * astral character is never split in half.
 */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  if (max <= 0) return '';
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}${ELLIPSIS}`;
}

/** Below this many characters a cut subject says nothing; the whole title is cut instead. */
const MIN_SUBJECT_LENGTH = 20;

/**
 * A one-line title of at most MAX_TITLE_LENGTH characters. `template` places the subject (a task or incident
 * title) in the fixed text; when the result is too long, the subject is shortened first so that the fixed
 * text ("Pengingat: …", "Eskalasi tingkat 2 …") stays readable.
 */
export function fitTitle(template: (subject: string) => string, subject: string): string {
  const clean = oneLine(subject);
  const full = oneLine(template(clean));
  const length = (value: string) => Array.from(value).length;
  if (length(full) <= MAX_TITLE_LENGTH) return full;
  // Measured on the full title (not on template('')), so white space that oneLine would collapse around an
  // empty subject does not skew the room.
  const room = MAX_TITLE_LENGTH - (length(full) - length(clean));
  if (room >= MIN_SUBJECT_LENGTH) {
    const fitted = oneLine(template(truncate(clean, room)));
    if (length(fitted) <= MAX_TITLE_LENGTH) return fitted;
  }
  return truncate(full, MAX_TITLE_LENGTH);
}

/** Escalation ladder of the Pemkab (see TASK_ESCALATED in types.ts). */
const LEVEL_NAMES: Record<Language, Record<number, string>> = {
  id: { 1: 'Kepala OPD', 2: 'Sekretaris Daerah', 3: 'Bupati / Wakil Bupati' },
  en: {
    1: 'Head of agency (Kepala OPD)',
    2: 'Regional Secretary (Sekda)',
    3: 'Regent / Vice Regent (Bupati / Wakil Bupati)',
  },
};

/** "tingkat 2 (Sekretaris Daerah)" / "level 2 – Regional Secretary (Sekda)"; an unknown level has no name. */
export function escalationLevel(level: number, language: Language): string {
  const name = LEVEL_NAMES[language][level];
  if (language === 'id') return name ? `tingkat ${level} (${name})` : `tingkat ${level}`;
  // English names carry their own parentheses, so a dash keeps them from nesting.
  return name ? `level ${level} – ${name}` : `level ${level}`;
}

/** Severities and statuses of libs/domain/src/emergency/; an unknown code is shown as it is. */
const SEVERITY_LABELS: Record<Language, Record<string, string>> = {
  id: { RINGAN: 'Ringan', SEDANG: 'Sedang', BERAT: 'Berat' },
  en: { RINGAN: 'Minor', SEDANG: 'Moderate', BERAT: 'Severe' },
};
const STATUS_LABELS: Record<Language, Record<string, string>> = {
  id: {
    SIAGA_DARURAT: 'Siaga darurat',
    TANGGAP_DARURAT: 'Tanggap darurat',
    TRANSISI_DARURAT: 'Transisi darurat ke pemulihan',
    CLOSED: 'Ditutup',
  },
  en: {
    SIAGA_DARURAT: 'Emergency alert',
    TANGGAP_DARURAT: 'Emergency response',
    TRANSISI_DARURAT: 'Transition to recovery',
    CLOSED: 'Closed',
  },
};

export function severityLabel(severity: string, language: Language): string {
  return SEVERITY_LABELS[language][severity] ?? severity;
}

export function incidentStatusLabel(status: string, language: Language): string {
  return STATUS_LABELS[language][status] ?? status;
}
