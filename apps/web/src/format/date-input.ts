/**
 * Dates and times as people in the regency type them: day/month/year (31/12/2026; also 31-12-2026 or
 * 31.12.2026) and a 24-hour clock (21:00, or 21.00 as Indonesian writes it), whatever the browser's locale,
 * while the API gets and gives ISO dates (2026-12-31) and HH:mm. date-fns parses and checks the calendar
 * (no 31/02, no 24:00). Pure.
 */
import { format, isValid, parse } from 'date-fns';

/** What a date input shows for an ISO date. */
export const DISPLAY_FORMAT = 'dd/MM/yyyy';
const ISO_FORMAT = 'yyyy-MM-dd';
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Any fixed day: parse needs a reference date for the parts a pattern lacks (there are none here). */
const REFERENCE = new Date(2000, 0, 1);

/** A calendar day as YYYY-MM-DD, if it is one (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && isValid(parse(text, ISO_FORMAT, REFERENCE));
}

/**
 * The ISO date of what a person typed: "7/1/2026", "07-01-2026" and "07.01.2026" are 7 January 2026; an
 * ISO date is taken as it is. Null for anything else, including days the calendar does not have.
 */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const match = DAY_MONTH_YEAR.exec(trimmed);
  if (!match) return null;
  const [, day, month, year] = match;
  const date = parse(`${day}/${month}/${year}`, 'd/M/yyyy', REFERENCE);
  return isValid(date) ? format(date, ISO_FORMAT) : null;
}

/** "2026-12-31" → "31/12/2026"; text that is not an ISO date is shown as it is. */
export function formatDateInput(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  return format(parse(iso, ISO_FORMAT, REFERENCE), DISPLAY_FORMAT);
}

const TIME_TYPED = /^\d{1,2}[:.]\d{2}$/;

/** A 24-hour time as HH:mm: "21:00", "21.00" and "7:30" are read; null for anything else (24:00, 9 pm). */
export function parseTimeInput(text: string): string | null {
  const trimmed = text.trim();
  if (!TIME_TYPED.test(trimmed)) return null;
  const time = parse(trimmed.replace('.', ':'), 'H:mm', REFERENCE);
  return isValid(time) ? format(time, 'HH:mm') : null;
}
