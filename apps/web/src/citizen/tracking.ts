/**
 * The public tracking page's timeline of a report, from what GET /public/reports/:trackingNumber says: received,
 * first response (due by the 5-working-day SLA), followed up as a joint project (with its progress) when it
 * became one, and the end (answered, finished, or rejected with its public reason). Pure.
 */
import { FINAL_REPORT_STATUSES } from '@gotong/domain/citizen/rules';
import type { PublicReport } from './types';

export type StageKey = 'received' | 'responded' | 'project' | 'done';
export type StageState = 'done' | 'current' | 'waiting' | 'overdue' | 'rejected';

export interface Stage {
  key: StageKey;
  state: StageState;
  /** When it happened (done), or by when it is due (the first response still awaited). */
  at: string | null;
}

type Trackable = Pick<
  PublicReport,
  'status' | 'receivedAt' | 'firstResponseDueAt' | 'firstRespondedAt' | 'answers' | 'project' | 'rejection'
>;

/** The moment the report reached its end: its final answer, or (rejected) its first response. */
function endedAt(report: Trackable): string | null {
  const final = report.answers.filter((a) => a.final).at(-1);
  return final?.at ?? report.firstRespondedAt;
}

export function trackingStages(report: Trackable, now: Date): Stage[] {
  const final = FINAL_REPORT_STATUSES.includes(report.status);
  const stages: Stage[] = [{ key: 'received', state: 'done', at: report.receivedAt }];
  if (report.firstRespondedAt) {
    stages.push({ key: 'responded', state: 'done', at: report.firstRespondedAt });
  } else {
    const late = now.getTime() > new Date(report.firstResponseDueAt).getTime();
    stages.push({ key: 'responded', state: late ? 'overdue' : 'current', at: report.firstResponseDueAt });
  }
  if (report.project) {
    // A project ends with the report (CLOSED), or the report is answered while it runs (e.g. cancelled).
    const ended = report.project.status === 'COMPLETED' || final;
    stages.push({ key: 'project', state: ended ? 'done' : 'current', at: null });
  }
  if (report.status === 'REJECTED') stages.push({ key: 'done', state: 'rejected', at: endedAt(report) });
  else if (final) stages.push({ key: 'done', state: 'done', at: endedAt(report) });
  else stages.push({ key: 'done', state: 'waiting', at: null });
  return stages;
}

/** The project's completed tasks as a whole percentage (0 when it has none yet). */
export function progressPercent(project: { tasksTotal: number; tasksDone: number }): number {
  if (project.tasksTotal <= 0) return 0;
  return Math.round((Math.min(project.tasksDone, project.tasksTotal) / project.tasksTotal) * 100);
}

/** The answers newest first, the final one marked by the caller. */
export function answersNewestFirst<T extends { at: string }>(answers: readonly T[]): T[] {
  return [...answers].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
}
