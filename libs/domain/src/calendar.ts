import { DateTime, FixedOffsetZone, type Zone } from 'luxon';

/**
 * Working-time calendar for SLAs (docs/domain.md, "Calendars").
 *
 * Everything here is pure and deterministic so that Temporal workflow code can call it: no I/O, no clock
 * (`Date.now()`), no randomness, no Node built-ins. Luxon is used for time-zone arithmetic; it relies on
 * `Intl` only. Every instant is a number of epoch milliseconds.
 *
 * Office hours are one continuous window per local day, [start, end): the opening instant is office time,
 * the closing instant is not. There is no lunch break. A day has no office hours when its weekday has no
 * entry in `officeHours` or its local date is listed in `holidays` (libur nasional or cuti bersama).
 *
 * Iteration is per local day, never per minute, so large SLAs (60 working days, thousands of working hours)
 * cost a few hundred luxon operations at most.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface Holiday {
  /** Local date, YYYY-MM-DD. */
  date: string;
  name: string;
  kind: 'NATIONAL_HOLIDAY' | 'CUTI_BERSAMA';
}

export interface OfficeHours {
  /** Local opening time, 'HH:mm'. */
  start: string;
  /** Local closing time, 'HH:mm', later than `start` on the same day. */
  end: string;
}

export interface WorkCalendar {
  /** IANA zone, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /**
   * WORKING: SLAs in working units count office time only.
   * ALWAYS: 24/7 (emergency declarations); every duration is calendar time.
   */
  mode: 'WORKING' | 'ALWAYS';
  /** Office hours per ISO weekday; an absent day is closed. */
  officeHours: Partial<Record<Weekday, OfficeHours>>;
  /** Local dates with no office hours. */
  holidays: Holiday[];
}

export type SlaUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'workingHours' | 'workingDays';

export interface Sla {
  amount: number;
  unit: SlaUnit;
}

/** Office hours of the Pemerintah Kabupaten Probolinggo: Mon–Thu 07:30–16:00, Fri 07:30–16:30, Sat/Sun closed. */
export const DEFAULT_OFFICE_HOURS: Readonly<Partial<Record<Weekday, Readonly<OfficeHours>>>> = Object.freeze({
  1: Object.freeze({ start: '07:30', end: '16:00' }),
  2: Object.freeze({ start: '07:30', end: '16:00' }),
  3: Object.freeze({ start: '07:30', end: '16:00' }),
  4: Object.freeze({ start: '07:30', end: '16:00' }),
  5: Object.freeze({ start: '07:30', end: '16:30' }),
});

export const JAKARTA_TIME_ZONE = 'Asia/Jakarta';

/** A WIB calendar with the Pemkab office hours and the given holidays (libur nasional and cuti bersama). */
export function workCalendar(holidays: Holiday[], mode: 'WORKING' | 'ALWAYS' = 'WORKING'): WorkCalendar {
  const officeHours: Partial<Record<Weekday, OfficeHours>> = {};
  for (const weekday of WEEKDAYS) {
    const hours = DEFAULT_OFFICE_HOURS[weekday];
    if (hours) officeHours[weekday] = { start: hours.start, end: hours.end };
  }
  return { timeZone: JAKARTA_TIME_ZONE, mode, officeHours, holidays: [...holidays] };
}

/** True when the instant lies in office hours ([opening, closing) of an open day). Always true in ALWAYS mode. */
export function isWorkingInstant(ms: number, cal: WorkCalendar): boolean {
  assertInstant(ms, 'ms');
  if (cal.mode === 'ALWAYS') return true;
  const ctx = contextFor(cal);
  const window = windowOf(dayOf(ms, ctx), ctx);
  return window !== null && window.open <= ms && ms < window.close;
}

/**
 * The earliest instant at which `workingMs` of office time has elapsed after `startMs`. Nights, weekends,
 * holidays and cuti bersama are skipped; a start outside office hours begins counting at the next opening.
 * When the time runs out exactly at a closing time, the result is that closing time (not the next opening).
 * `workingMs` = 0 returns `startMs` unchanged. ALWAYS mode: `startMs + workingMs`.
 */
export function addWorkingTime(startMs: number, workingMs: number, cal: WorkCalendar): number {
  assertInstant(startMs, 'startMs');
  if (!Number.isFinite(workingMs) || workingMs < 0) {
    throw new RangeError(`workingMs must be a finite number >= 0, got ${workingMs}`);
  }
  if (workingMs === 0) return startMs;
  if (cal.mode === 'ALWAYS') return startMs + workingMs;
  const ctx = contextFor(cal);
  let remaining = workingMs;
  let day = dayOf(startMs, ctx);
  let closedRun = 0;
  for (;;) {
    const window = windowOf(day, ctx);
    if (window) {
      closedRun = 0;
      const from = Math.max(window.open, startMs);
      if (from < window.close) {
        const available = window.close - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
    } else if (++closedRun > MAX_CLOSED_DAYS) {
      throw noOfficeHours(cal);
    }
    day = day.plus({ days: 1 });
  }
}

/** Office time, in ms, inside [fromMs, toMs); 0 when `toMs <= fromMs`. ALWAYS mode: `toMs - fromMs`. */
export function workingTimeBetween(fromMs: number, toMs: number, cal: WorkCalendar): number {
  assertInstant(fromMs, 'fromMs');
  assertInstant(toMs, 'toMs');
  if (toMs <= fromMs) return 0;
  if (cal.mode === 'ALWAYS') return toMs - fromMs;
  const ctx = contextFor(cal);
  let total = 0;
  for (let day = dayOf(fromMs, ctx); day.toMillis() < toMs; day = day.plus({ days: 1 })) {
    const window = windowOf(day, ctx);
    if (window) total += Math.max(0, Math.min(window.close, toMs) - Math.max(window.open, fromMs));
  }
  return total;
}

/**
 * The deadline of an SLA that starts at `startMs`. Throws a RangeError when `validateSla` refuses the SLA.
 *
 * - seconds, minutes, hours: elapsed calendar time.
 * - days: calendar days in the calendar's zone (the same local clock time N days later; WIB has no DST, but
 *   zone arithmetic is used anyway). Weekends and holidays are not skipped.
 * - workingHours: N hours of office time (see `addWorkingTime`), skipping nights, weekends, holidays and
 *   cuti bersama.
 * - workingDays: the same local clock time N working days later. A start outside office hours counts from the
 *   next opening (assigned Friday 17:00 → 1 working day → Tuesday 07:30). When that clock time is outside the
 *   target day's office hours it is clamped into them: after closing gives the closing time (Friday 16:15 → 1
 *   working day → Monday 16:00), before opening gives the opening time.
 * - ALWAYS mode: every unit is calendar time (workingDays = days, workingHours = hours).
 */
export function deadlineFor(startMs: number, sla: Sla, cal: WorkCalendar): number {
  assertInstant(startMs, 'startMs');
  const refusal = validateSla(sla);
  if (refusal) throw new RangeError(refusal);
  const { amount, unit } = sla;
  const always = cal.mode === 'ALWAYS';
  switch (unit) {
    case 'seconds':
      return startMs + Math.round(amount * SECOND);
    case 'minutes':
      return startMs + Math.round(amount * MINUTE);
    case 'hours':
      return startMs + Math.round(amount * HOUR);
    case 'workingHours': {
      const ms = Math.round(amount * HOUR);
      return always ? startMs + ms : addWorkingTime(startMs, ms, cal);
    }
    case 'days':
      return plusCalendarDays(startMs, amount, cal);
    case 'workingDays':
      return always ? plusCalendarDays(startMs, amount, cal) : addWorkingDays(startMs, amount, cal);
  }
}

/**
 * The instant at which `fraction` (0…1) of the working time between start and deadline has elapsed, e.g.
 * 0.5 and 0.75 for reminders. Fraction 0 gives `startMs`, fraction 1 gives `deadlineMs` (a workingDays
 * deadline may lie after the last office minute, e.g. Tuesday 07:30). When there is no office time between
 * the two (a calendar-unit SLA that runs over a weekend, or ALWAYS mode), calendar time is interpolated.
 * For SLAs in calendar units (`isWorkingUnit(unit)` false) pass an ALWAYS calendar to get calendar-time
 * reminders. A deadline at or before the start gives `startMs`.
 */
export function pointInSla(startMs: number, deadlineMs: number, fraction: number, cal: WorkCalendar): number {
  assertInstant(startMs, 'startMs');
  assertInstant(deadlineMs, 'deadlineMs');
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new RangeError(`fraction must be between 0 and 1, got ${fraction}`);
  }
  if (deadlineMs <= startMs || fraction === 0) return startMs;
  if (fraction === 1) return deadlineMs;
  const working = workingTimeBetween(startMs, deadlineMs, cal);
  if (working === 0) return startMs + Math.round((deadlineMs - startMs) * fraction);
  const target = Math.round(working * fraction);
  return target === 0 ? startMs : addWorkingTime(startMs, target, cal);
}

/** True for the units that count office time (in WORKING mode). */
export function isWorkingUnit(unit: SlaUnit): boolean {
  return unit === 'workingHours' || unit === 'workingDays';
}

/** Indonesian label: '3 hari kerja', '4 jam kerja', '30 menit', '2 hari', '10 detik', '1,5 jam'. */
export function slaToString(sla: Sla): string {
  const amount = String(sla.amount).replace('.', ',');
  return `${amount} ${UNIT_LABELS[sla.unit]}`;
}

/**
 * Null when `sla` is a valid SLA, otherwise why not: `amount` a finite number > 0 (a whole number for days
 * and workingDays) and at most about ten years, `unit` one of the known units.
 */
export function validateSla(sla: unknown): string | null {
  if (typeof sla !== 'object' || sla === null || Array.isArray(sla)) {
    return 'sla must be an object { amount, unit }';
  }
  const { amount, unit } = sla as { amount?: unknown; unit?: unknown };
  if (typeof unit !== 'string' || !isSlaUnit(unit)) {
    return `sla.unit must be one of ${SLA_UNITS.join(', ')}`;
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return 'sla.amount must be a finite number';
  }
  if (amount <= 0) return 'sla.amount must be greater than 0';
  if ((unit === 'days' || unit === 'workingDays') && !Number.isInteger(amount)) {
    return `sla.amount must be a whole number for ${unit}`;
  }
  const max = MAX_AMOUNT[unit];
  if (amount > max) return `sla.amount must be at most ${max} for ${unit} (about ten years)`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const SLA_UNITS: readonly SlaUnit[] = ['seconds', 'minutes', 'hours', 'days', 'workingHours', 'workingDays'];

const UNIT_LABELS: Record<SlaUnit, string> = {
  seconds: 'detik',
  minutes: 'menit',
  hours: 'jam',
  days: 'hari',
  workingHours: 'jam kerja',
  workingDays: 'hari kerja',
};

/** Upper bounds (about ten years) so that a typo cannot make deterministic workflow code loop for long. */
const MAX_AMOUNT: Record<SlaUnit, number> = {
  seconds: 315_360_000,
  minutes: 5_256_000,
  hours: 87_600,
  days: 3_650,
  workingHours: 21_000,
  workingDays: 2_500,
};

/** A calendar whose office days are this far apart is treated as having no office hours at all. */
const MAX_CLOSED_DAYS = 366;

function isSlaUnit(unit: string): unit is SlaUnit {
  return (SLA_UNITS as readonly string[]).includes(unit);
}

function assertInstant(ms: number, name: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite number of epoch ms, got ${ms}`);
}

function noOfficeHours(cal: WorkCalendar): Error {
  return new RangeError(`calendar ${cal.timeZone} has no office hours within ${MAX_CLOSED_DAYS} days`);
}

interface ClockTime {
  hour: number;
  minute: number;
}

interface CalendarContext {
  zone: Zone | string;
  hours: Partial<Record<Weekday, { open: ClockTime; close: ClockTime }>>;
  closedDates: Set<string>;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseClock(value: string, what: string): ClockTime {
  const match = CLOCK.exec(value);
  if (!match) throw new RangeError(`${what} must be 'HH:mm', got '${value}'`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Validates the calendar once per call and prepares the lookups. */
function contextFor(cal: WorkCalendar): CalendarContext {
  if (!DateTime.fromMillis(0, { zone: cal.timeZone }).isValid) {
    throw new RangeError(`unknown time zone '${cal.timeZone}'`);
  }
  const hours: CalendarContext['hours'] = {};
  for (const weekday of WEEKDAYS) {
    const entry = cal.officeHours[weekday];
    if (!entry) continue;
    const open = parseClock(entry.start, `officeHours[${weekday}].start`);
    const close = parseClock(entry.end, `officeHours[${weekday}].end`);
    if (close.hour * 60 + close.minute <= open.hour * 60 + open.minute) {
      throw new RangeError(`officeHours[${weekday}] must end after it starts (${entry.start}–${entry.end})`);
    }
    hours[weekday] = { open, close };
  }
  const closedDates = new Set<string>();
  for (const holiday of cal.holidays) {
    if (!ISO_DATE.test(holiday.date)) {
      throw new RangeError(`holiday '${holiday.name}' has date '${holiday.date}', expected YYYY-MM-DD`);
    }
    closedDates.add(holiday.date);
  }
  return { zone: zoneOf(cal.timeZone), hours, closedDates };
}

/**
 * Indonesia's zones keep one offset all year and have since before 1990 (IANA tz database: Asia/Jakarta and
 * Asia/Pontianak UTC+7, WIB; Asia/Makassar UTC+8, WITA; Asia/Jayapura UTC+9, WIT; no daylight saving). For
 * them luxon gets a fixed offset instead of asking `Intl` for the zone's offset at every step: the same
 * answers (calendar.spec.ts compares the two from 1990 to 2100), for a fraction of the CPU — every deadline,
 * reminder and ladder step of every task workflow goes through here. Other zones keep their IANA rules.
 */
const FIXED_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  'Asia/Jakarta': 7 * 60,
  'Asia/Pontianak': 7 * 60,
  'Asia/Makassar': 8 * 60,
  'Asia/Jayapura': 9 * 60,
};

/** The luxon zone for a calendar's IANA zone name (see FIXED_OFFSET_MINUTES). */
export function zoneOf(timeZone: string): Zone | string {
  const minutes = FIXED_OFFSET_MINUTES[timeZone];
  return minutes === undefined ? timeZone : FixedOffsetZone.instance(minutes);
}

/** Local midnight of the day that contains `ms`. */
function dayOf(ms: number, ctx: CalendarContext): DateTime {
  return DateTime.fromMillis(ms, { zone: ctx.zone }).startOf('day');
}

/** Office window of a local day (given at its midnight) as epoch ms, or null when the office is closed. */
function windowOf(day: DateTime, ctx: CalendarContext): { open: number; close: number } | null {
  const hours = ctx.hours[day.weekday as Weekday];
  if (!hours || ctx.closedDates.has(day.toISODate() ?? '')) return null;
  return {
    open: day.set({ hour: hours.open.hour, minute: hours.open.minute }).toMillis(),
    close: day.set({ hour: hours.close.hour, minute: hours.close.minute }).toMillis(),
  };
}

/** The earliest office instant at or after `ms` on the given day, or null when there is none. */
function officeInstantOn(day: DateTime, ms: number, ctx: CalendarContext): number | null {
  const window = windowOf(day, ctx);
  return window && ms < window.close ? Math.max(ms, window.open) : null;
}

function plusCalendarDays(startMs: number, days: number, cal: WorkCalendar): number {
  const start = DateTime.fromMillis(startMs, { zone: zoneOf(cal.timeZone) });
  if (!start.isValid) throw new RangeError(`unknown time zone '${cal.timeZone}'`);
  return start.plus({ days }).toMillis();
}

/** See `deadlineFor`, unit workingDays (WORKING mode). */
function addWorkingDays(startMs: number, days: number, cal: WorkCalendar): number {
  const ctx = contextFor(cal);
  // The anchor: the start itself when it is office time, otherwise the next opening.
  let day = dayOf(startMs, ctx);
  let anchor = officeInstantOn(day, startMs, ctx);
  for (let closedRun = 0; anchor === null; anchor = officeInstantOn(day, startMs, ctx)) {
    if (++closedRun > MAX_CLOSED_DAYS) throw noOfficeHours(cal);
    day = day.plus({ days: 1 });
  }
  const clock = DateTime.fromMillis(anchor, { zone: ctx.zone });
  // Walk `days` open days forward from the anchor's day.
  let window: { open: number; close: number } | null = null;
  for (let counted = 0, closedRun = 0; counted < days;) {
    day = day.plus({ days: 1 });
    window = windowOf(day, ctx);
    if (window) {
      counted += 1;
      closedRun = 0;
    } else if (++closedRun > MAX_CLOSED_DAYS) {
      throw noOfficeHours(cal);
    }
  }
  if (!window) throw new RangeError(`workingDays must be at least 1, got ${days}`);
  const sameClock = day
    .set({ hour: clock.hour, minute: clock.minute, second: clock.second, millisecond: clock.millisecond })
    .toMillis();
  return Math.min(Math.max(sameClock, window.open), window.close);
}
