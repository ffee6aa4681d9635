/**
 * Data for the scorecard's second and third charts: how long OPDs take to submit their work (their own
 * working hours, not the lead's review or a previous OPD's time), and where
 * work gets stuck (escalations received per ladder level, tasks moved away to another OPD). Pure.
 */
import type { OpdScorecard } from '@gotong/domain/scorecard';

export interface CompletionBar {
  code: string;
  name: string;
  /** Median working hours from getting the task to the first submission, one decimal. */
  hours: number;
  completed: number;
}

/** OPDs that completed something, slowest first (leadership asks who is slow, not who is fast). */
export function completionBars(rows: readonly OpdScorecard[]): CompletionBar[] {
  return rows
    .filter((row) => row.medianWorkingHoursToSubmit !== null && row.completed > 0)
    .map((row) => ({
      code: row.agencyCode,
      name: row.agencyName,
      hours: Math.round((row.medianWorkingHoursToSubmit ?? 0) * 10) / 10,
      completed: row.completed,
    }))
    .sort((a, b) => b.hours - a.hours || a.code.localeCompare(b.code));
}

export interface PressureBar {
  code: string;
  name: string;
  level1: number;
  level2: number;
  level3: number;
  reassignments: number;
  total: number;
}

/** OPDs with escalations or reassignments in the period, most first; a stacked bar per OPD. */
export function pressureBars(rows: readonly OpdScorecard[]): PressureBar[] {
  return rows
    .map((row) => {
      const level1 = row.escalationsByLevel[1];
      const level2 = row.escalationsByLevel[2];
      const level3 = row.escalationsByLevel[3];
      return {
        code: row.agencyCode,
        name: row.agencyName,
        level1,
        level2,
        level3,
        reassignments: row.reassignmentsAway,
        total: level1 + level2 + level3 + row.reassignmentsAway,
      };
    })
    .filter((bar) => bar.total > 0)
    .sort((a, b) => b.total - a.total || b.level3 - a.level3 || a.code.localeCompare(b.code));
}
