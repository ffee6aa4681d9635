/**
 * The public transparency table's view of GET /public/transparency: which OPDs are shown (those with a citizen
 * report or joint work in the period), in which order, and rates as whole percentages. Pure.
 */
import type { TransparencyAgency } from '../citizen/types';

/**
 * An OPD with nothing to judge in the period is left out of the table (the page says so). One that completed
 * nothing but owes overdue work has a rate (0 %) and stays: the table never hides a late OPD.
 */
export function hasFigures(agency: TransparencyAgency): boolean {
  return (
    agency.citizenReports.received > 0 ||
    agency.citizenReports.onTimeRate !== null ||
    agency.jointWork.tasksCompleted > 0 ||
    agency.jointWork.projectsCompleted > 0 ||
    agency.jointWork.onTimeRate !== null
  );
}

/**
 * The reports whose first response is judged: answered (on time or late) and still open past the deadline, as
 * the API's rate counts them (an open overdue report counts against it, like an open overdue task).
 */
export function judgedReports(agency: TransparencyAgency): number {
  return agency.citizenReports.responded + agency.citizenReports.overdue;
}

/** The last day of a period whose end is exclusive (the next year's first moment). */
export function lastDayOf(period: { to: string }): Date {
  return new Date(new Date(period.to).getTime() - 1);
}

/** Most citizen reports first, then most joint work, then by name: who the public hears from most on top. */
export function tableRows(agencies: readonly TransparencyAgency[]): TransparencyAgency[] {
  return agencies
    .filter(hasFigures)
    .sort(
      (a, b) =>
        b.citizenReports.received - a.citizenReports.received ||
        b.jointWork.tasksCompleted - a.jointWork.tasksCompleted ||
        a.name.localeCompare(b.name, 'id'),
    );
}

/** A 0..1 rate as a whole percentage, or null when there was nothing to rate. */
export function percent(rate: number | null): number | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  return Math.round(Math.min(1, Math.max(0, rate)) * 100);
}

/** The years offered: this year (in WIB) and the two before it. */
export function yearChoices(now: Date): number[] {
  const year = Number(
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(now),
  );
  return [year, year - 1, year - 2];
}
