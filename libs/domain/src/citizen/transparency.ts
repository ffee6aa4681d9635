/**
 * The public transparency figures of an OPD's citizen reports (GET /public/transparency), pure so that the rule
 * is tested on its own: first responses judged by judgeFirstResponse (./rules.ts), and the on-time rate counted
 * as the scorecard counts tasks (../scorecard.ts): on time / (responded + still open past the deadline), null
 * when there is nothing to rate.
 */
import { judgeFirstResponse, type CitizenReportStatus } from './rules';

export interface CitizenReportFigures {
  received: number;
  responded: number;
  respondedOnTime: number;
  onTimeRate: number | null;
  /** Not final yet: RECEIVED or IN_PROGRESS. */
  open: number;
  /** No first response and past its deadline. */
  overdue: number;
}

/** A share rounded to three decimals, or null of nothing. */
export const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

export function citizenReportFigures(
  reports: readonly {
    status: CitizenReportStatus;
    firstResponseDueAt: Date;
    firstRespondedAt: Date | null;
  }[],
  now: Date,
): CitizenReportFigures {
  const judged = reports.map((r) => judgeFirstResponse(r, now));
  const onTime = judged.filter((j) => j === 'ON_TIME').length;
  const late = judged.filter((j) => j === 'LATE').length;
  const overdue = judged.filter((j) => j === 'OPEN_OVERDUE').length;
  return {
    received: reports.length,
    responded: onTime + late,
    respondedOnTime: onTime,
    onTimeRate: share(onTime, onTime + late + overdue),
    open: reports.filter((r) => r.status === 'RECEIVED' || r.status === 'IN_PROGRESS').length,
    overdue,
  };
}
