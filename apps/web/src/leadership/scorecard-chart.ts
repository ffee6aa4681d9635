/**
 * The scorecard chart's data: on-time rate per OPD (GET /scorecards), as percentages, best first. Tasks still
 * open past their deadline count as late, so an OPD that completed nothing but owes overdue work is drawn at
 * 0 %; OPDs with neither have no rate and are listed apart rather than drawn as 0 %. Pure.
 */
import type { OpdScorecard } from '@gotong/domain/scorecard';

export type { OpdScorecard } from '@gotong/domain/scorecard';

export type Tone = 'good' | 'fair' | 'poor';

export interface OnTimeBar {
  code: string;
  name: string;
  /** 0–100, one decimal. */
  percent: number;
  completed: number;
  completedOnTime: number;
  openOverdue: number;
  tone: Tone;
}

/** At least 80 % on time is good, at least 50 % fair, below that poor. */
export function toneOf(percent: number): Tone {
  return percent >= 80 ? 'good' : percent >= 50 ? 'fair' : 'poor';
}

export function onTimeBars(rows: readonly OpdScorecard[]): OnTimeBar[] {
  return rows
    .filter((row) => row.onTimeRate !== null)
    .map((row) => {
      const percent = Math.round((row.onTimeRate ?? 0) * 1000) / 10;
      return {
        code: row.agencyCode,
        name: row.agencyName,
        percent,
        completed: row.completed,
        completedOnTime: row.completedOnTime,
        openOverdue: row.openOverdue,
        tone: toneOf(percent),
      };
    })
    .sort((a, b) => b.percent - a.percent || b.completed - a.completed || a.code.localeCompare(b.code));
}

/** OPDs with nothing completed in the period and nothing overdue (no rate to draw). */
export function withoutCompletedWork(rows: readonly OpdScorecard[]): OpdScorecard[] {
  return rows.filter((row) => row.onTimeRate === null);
}

/** Rows that need attention first: open overdue work, then escalations received. */
export function byAttention(rows: readonly OpdScorecard[]): OpdScorecard[] {
  return [...rows].sort(
    (a, b) =>
      b.openOverdue - a.openOverdue ||
      b.escalationsReceived - a.escalationsReceived ||
      a.agencyCode.localeCompare(b.agencyCode),
  );
}
