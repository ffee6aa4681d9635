/**
 * Recurring data collections (docs/domain.md, "Data satu pintu"): the periods a collection opens, when each
 * opens (the instant its period ends, in WIB) and its deadline (N working days after the period ends). Pure
 * and deterministic: the collection workflow derives its period from the schedule's nominal time here.
 */
import { deadlineFor, type WorkCalendar } from '../calendar';
import { periodOf, previousPeriod, validatePeriod } from './periods';
import type { Periodicity } from './standard';

/** How often a collection opens a request; each of its indicators must have this periodicity. */
export const COLLECTION_PERIODICITIES = ['MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
export type CollectionPeriodicity = (typeof COLLECTION_PERIODICITIES)[number];

const PERIODICITY: Record<CollectionPeriodicity, Periodicity> = {
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  YEARLY: 'yearly',
};

/** The indicator periodicity a collection's periodicity stands for ('MONTHLY' → 'monthly'). */
export function indicatorPeriodicity(periodicity: CollectionPeriodicity): Periodicity {
  return PERIODICITY[periodicity];
}

export function isCollectionPeriodicity(value: unknown): value is CollectionPeriodicity {
  return typeof value === 'string' && (COLLECTION_PERIODICITIES as readonly string[]).includes(value);
}

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const MONTHS: Record<CollectionPeriodicity, number> = { MONTHLY: 1, QUARTERLY: 3, YEARLY: 12 };

/** First month (1-12) and year of a period; throws a RangeError when malformed. */
function firstMonth(periodicity: CollectionPeriodicity, period: string): { year: number; month: number } {
  const refusal = validatePeriod(PERIODICITY[periodicity], period);
  if (refusal) throw new RangeError(`period "${period}" ${refusal}`);
  const year = Number(period.slice(0, 4));
  if (periodicity === 'YEARLY') return { year, month: 1 };
  if (periodicity === 'QUARTERLY') return { year, month: (Number(period.slice(6)) - 1) * 3 + 1 };
  return { year, month: Number(period.slice(5)) };
}

/** Midnight WIB at the start of the given month (month may run past 12). */
function wibMonthStart(year: number, month: number): number {
  return Date.UTC(year, month - 1, 1) - WIB_OFFSET_MS;
}

/**
 * The period's bounds in epoch ms, [start, end): from 00:00 WIB on its first day to 00:00 WIB on the first
 * day of the next period ('2026-01' → 2025-12-31T17:00Z to 2026-01-31T17:00Z).
 */
export function periodBounds(
  periodicity: CollectionPeriodicity,
  period: string,
): { startMs: number; endMs: number } {
  const { year, month } = firstMonth(periodicity, period);
  return { startMs: wibMonthStart(year, month), endMs: wibMonthStart(year, month + MONTHS[periodicity]) };
}

/** The period after: '2026-12' → '2027-01', '2026-Q4' → '2027-Q1', '2026' → '2027'. */
export function nextPeriod(periodicity: CollectionPeriodicity, period: string): string {
  return periodOf(periodBounds(periodicity, period).endMs, PERIODICITY[periodicity]);
}

/**
 * The period a collection opens at an instant: the last one that has ended by then. A schedule fires when a
 * period ends (00:00 WIB on the first day of the next one), so 2026-02-01 00:00 WIB opens '2026-01'; a trigger
 * on 2026-02-17 opens '2026-01' too.
 */
export function periodEndedBy(instantMs: number, periodicity: CollectionPeriodicity): string {
  const current = periodOf(instantMs, PERIODICITY[periodicity]);
  return previousPeriod(PERIODICITY[periodicity], current);
}

/** The instant a collection opens the period: when the period ends. */
export function periodOpensAt(periodicity: CollectionPeriodicity, period: string): number {
  return periodBounds(periodicity, period).endMs;
}

/**
 * The deadline rule "N working days after the period ends": the period ends at midnight WIB, so counting
 * starts at the next opening of office hours (holidays and cuti bersama skipped, libs/domain/src/calendar.ts).
 */
export function collectionDeadline(
  periodicity: CollectionPeriodicity,
  period: string,
  workingDays: number,
  cal: WorkCalendar,
): number {
  return deadlineFor(periodOpensAt(periodicity, period), { amount: workingDays, unit: 'workingDays' }, cal);
}

/** Every period from `first` to `last`, both included (empty when last is before first), at most `limit`. */
export function periodsFromTo(
  periodicity: CollectionPeriodicity,
  first: string,
  last: string,
  limit = 1300,
): string[] {
  const out: string[] = [];
  const end = periodBounds(periodicity, last).startMs;
  for (
    let p = first;
    periodBounds(periodicity, p).startMs <= end && out.length < limit;
    p = nextPeriod(periodicity, p)
  ) {
    out.push(p);
  }
  return out;
}

export type CollectionPeriodStatus = 'OPENED' | 'MISSED' | 'UPCOMING';

export interface CollectionPeriodView {
  period: string;
  status: CollectionPeriodStatus;
  /** When the period opens (opened) by the schedule: the end of the period. */
  opensAt: number;
  /** The deadline by the collection's rule. */
  deadline: number;
}

/**
 * What a collection has done and will do as of `nowMs`: every period from its first that has ended is
 * OPENED (a request exists) or MISSED (none: the schedule was paused, down or failed), plus the next
 * `upcoming` periods, which open when they end. Newest first.
 */
export function collectionTimeline(options: {
  periodicity: CollectionPeriodicity;
  firstPeriod: string;
  nowMs: number;
  opened: ReadonlySet<string>;
  workingDays: number;
  calendar: WorkCalendar;
  upcoming?: number;
}): CollectionPeriodView[] {
  const { periodicity, firstPeriod, nowMs, opened, workingDays, calendar } = options;
  const lastEnded = periodEndedBy(nowMs, periodicity);
  const view = (period: string, status: CollectionPeriodStatus): CollectionPeriodView => ({
    period,
    status,
    opensAt: periodOpensAt(periodicity, period),
    deadline: collectionDeadline(periodicity, period, workingDays, calendar),
  });
  const past = periodsFromTo(periodicity, firstPeriod, lastEnded).map((p) =>
    view(p, opened.has(p) ? 'OPENED' : 'MISSED'),
  );
  // A period opened ahead of its end (not by the schedule) still shows as opened.
  const future: CollectionPeriodView[] = [];
  const started =
    periodBounds(periodicity, firstPeriod).startMs <= periodBounds(periodicity, lastEnded).startMs;
  let next = started ? nextPeriod(periodicity, lastEnded) : firstPeriod;
  for (let i = 0; i < (options.upcoming ?? 1); i++, next = nextPeriod(periodicity, next)) {
    future.push(view(next, opened.has(next) ? 'OPENED' : 'UPCOMING'));
  }
  return [...future.reverse(), ...past.reverse()];
}
