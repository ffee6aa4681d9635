import { workingTimeBetween, type WorkCalendar } from './calendar';

/**
 * OPD performance over a period (docs/domain.md, "Scorecards"). Pure: the API reads the rows, these rules judge
 * them. An OPD is judged by what it controls:
 *
 * - on time by its SUBMISSION: a completed task is on time when the accepted contribution was submitted by the
 *   deadline in force at that submission and the deadline was never extended while the OPD held the task (an
 *   extension is only granted to an escalated, already late task). The lead's review time never counts;
 * - a task the OPD still owes past its deadline is late: onTimeRate = on time / (completed + open overdue);
 * - its own time: working hours from when it got the task (assignment or move) to its first submission, in
 *   the task's calendar; time another OPD held the task before a move is that OPD's;
 * - revisions (contributions returned to it), extensions, reassignments away, escalations of its work
 *   (kind OPD, per level). Escalations of the lead's late review (kind REVIEW) count for the lead's OPD as
 *   "reviews late", never against the task's OPD.
 */
export interface OpdScorecard {
  agencyCode: string;
  agencyName: string;
  /** Tasks of the OPD completed (accepted) in the period. */
  completed: number;
  /** Completed tasks submitted by the deadline in force at submission, never extended while the OPD held them. */
  completedOnTime: number;
  /** Completed tasks submitted after the deadline in force at submission (and not extended). */
  completedLate: number;
  /** Completed tasks whose deadline was extended while the OPD held them: not on time. */
  completedExtended: number;
  /** completedOnTime / (completed + openOverdue), null when both are 0. */
  onTimeRate: number | null;
  /** Median working hours from when the OPD got the task to its first submission, null when none. */
  medianWorkingHoursToSubmit: number | null;
  /** Tasks the OPD owes now (assigned, claimed, returned) past their deadline. */
  openOverdue: number;
  /** Contributions of the OPD returned for revision in the period. */
  revisions: number;
  reassignmentsAway: number;
  /** Escalations of the OPD's own late work (kind OPD) opened in the period. */
  escalationsReceived: number;
  escalationsByLevel: Record<1 | 2 | 3, number>;
  /** Deadlines of the OPD's tasks extended in the period (each by someone outside the OPD, with a reason). */
  deadlinesExtended: number;
  /** As a project's lead OPD: contributions reviewed (accepted or returned by a person) in the period. */
  reviewsDone: number;
  /** Median working hours from submission to the lead's review, null when none. */
  medianReviewHours: number | null;
  /** Escalations of the lead OPD's late reviews (kind REVIEW) opened in the period. */
  reviewsLate: number;
}

export type TaskJudgement = 'ON_TIME' | 'LATE' | 'EXTENDED' | 'OPEN_OVERDUE';

/** States in which the OPD owes work (OPD_WORKING_STATES of task-rules.ts). */
const OWED = new Set(['ASSIGNED', 'CLAIMED', 'RETURNED']);

export interface ContributionFacts {
  version: number;
  status: 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
  submittedAt: Date;
  /** The deadline in force at submission; null for contributions recorded before it was kept. */
  dueAt: Date | null;
}

/** What the rules need of one task. */
export interface TaskFacts {
  agencyId: string;
  status: string;
  dueAt: Date;
  /** When the current OPD got the task (assignment, or its move from another OPD). */
  holderSince: Date;
  completedAt: Date | null;
  contributions: readonly ContributionFacts[];
  /** When the task's deadline was extended (DEADLINE_EXTENDED events). */
  extendedAt: readonly Date[];
  /** The task's calendar (24/7 for emergencies, office hours otherwise). */
  calendar: WorkCalendar;
}

/** The accepted contribution of a completed task (its latest accepted version). */
function acceptedOf(task: TaskFacts): ContributionFacts | undefined {
  return [...task.contributions]
    .filter((c) => c.status === 'ACCEPTED')
    .sort((a, b) => b.version - a.version)[0];
}

/** The current holder's contributions, oldest first: submitted at or after it got the task. */
function holderContributions(task: TaskFacts): ContributionFacts[] {
  return task.contributions
    .filter((c) => c.submittedAt.getTime() >= task.holderSince.getTime())
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}

/** True when the deadline was extended while the current OPD held the task. */
export function extendedForHolder(task: TaskFacts): boolean {
  return task.extendedAt.some((at) => at.getTime() >= task.holderSince.getTime());
}

/**
 * The judgement of one task, or null when it does not count (open but not overdue, or waiting for the lead's
 * review, or ended without being completed).
 */
export function judgeTask(task: TaskFacts, now: Date): TaskJudgement | null {
  if (task.status === 'COMPLETED') {
    if (extendedForHolder(task)) return 'EXTENDED';
    const accepted = acceptedOf(task);
    const submittedAt = accepted?.submittedAt ?? task.completedAt ?? now;
    const deadline = accepted?.dueAt ?? task.dueAt;
    return submittedAt.getTime() <= deadline.getTime() ? 'ON_TIME' : 'LATE';
  }
  if (OWED.has(task.status) && task.dueAt.getTime() < now.getTime()) return 'OPEN_OVERDUE';
  return null;
}

/** Working hours the current OPD took from getting the task to its first submission; null before one. */
export function holderWorkingHours(task: TaskFacts): number | null {
  const first = holderContributions(task)[0];
  if (!first) return null;
  return workingTimeBetween(task.holderSince.getTime(), first.submittedAt.getTime(), task.calendar) / HOUR;
}

/** How many of the current holder's contributions were returned for revision. */
export function holderRevisions(task: TaskFacts): number {
  return holderContributions(task).filter((c) => c.status === 'RETURNED').length;
}

/**
 * Which OPD held a task at an instant, from its current OPD and its moves to other OPDs: before a move the
 * task was the moving OPD's.
 */
export function holderAt(
  currentAgencyId: string,
  moves: readonly { at: Date; fromAgencyId: string }[],
  at: Date,
): string {
  const later = moves
    .filter((m) => m.at.getTime() > at.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  return later ? later.fromAgencyId : currentAgencyId;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ScorecardInput {
  agencies: { id: string; code: string; name: string }[];
  /** Tasks completed in the period and tasks owed now; other tasks are ignored. */
  tasks: readonly TaskFacts[];
  /** Moves to another OPD in the period. */
  reassignments: readonly { fromAgencyId: string }[];
  /** Escalations opened in the period; kind absent = OPD. */
  escalations: readonly { agencyId: string; level: number; kind?: 'OPD' | 'REVIEW' }[];
  /** One entry per deadline extended in the period, for the OPD holding the task then. */
  extensions?: readonly { agencyId: string }[];
  /** One entry per contribution returned in the period, for the OPD that submitted it. */
  revisions?: readonly { agencyId: string }[];
  /** Reviews by a person in the period, for the project's lead OPD, with the working hours they took. */
  reviews?: readonly { agencyId: string; workingHours: number }[];
  now: Date;
}

const HOUR = 3_600_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundOrNull = (value: number | null) => (value === null ? null : round(value, 2));

export function buildScorecards(input: ScorecardInput): OpdScorecard[] {
  return input.agencies.map((agency) => {
    const judged = input.tasks
      .filter((t) => t.agencyId === agency.id)
      .map((task) => ({ task, judgement: judgeTask(task, input.now) }));
    const count = (j: TaskJudgement) => judged.filter((t) => t.judgement === j).length;
    const onTime = count('ON_TIME');
    const completed = onTime + count('LATE') + count('EXTENDED');
    const openOverdue = count('OPEN_OVERDUE');
    const hours = judged
      .filter((t) => t.task.status === 'COMPLETED')
      .flatMap((t) => {
        const h = holderWorkingHours(t.task);
        return h === null ? [] : [h];
      });
    const escalations = input.escalations.filter(
      (e) => e.agencyId === agency.id && (e.kind ?? 'OPD') === 'OPD',
    );
    const reviews = (input.reviews ?? []).filter((r) => r.agencyId === agency.id);
    const of = (rows: readonly { agencyId: string }[] | undefined) =>
      (rows ?? []).filter((r) => r.agencyId === agency.id).length;
    return {
      agencyCode: agency.code,
      agencyName: agency.name,
      completed,
      completedOnTime: onTime,
      completedLate: count('LATE'),
      completedExtended: count('EXTENDED'),
      onTimeRate: completed + openOverdue === 0 ? null : round(onTime / (completed + openOverdue), 3),
      medianWorkingHoursToSubmit: roundOrNull(median(hours)),
      openOverdue,
      revisions: of(input.revisions),
      reassignmentsAway: input.reassignments.filter((r) => r.fromAgencyId === agency.id).length,
      escalationsReceived: escalations.length,
      escalationsByLevel: {
        1: escalations.filter((e) => e.level === 1).length,
        2: escalations.filter((e) => e.level === 2).length,
        3: escalations.filter((e) => e.level === 3).length,
      },
      deadlinesExtended: of(input.extensions),
      reviewsDone: reviews.length,
      medianReviewHours: roundOrNull(median(reviews.map((r) => r.workingHours))),
      reviewsLate: input.escalations.filter((e) => e.agencyId === agency.id && e.kind === 'REVIEW').length,
    };
  });
}

/** Working hours the lead took to review a submission, in the task's calendar. */
export function reviewWorkingHours(submittedAt: Date, reviewedAt: Date, calendar: WorkCalendar): number {
  return workingTimeBetween(submittedAt.getTime(), reviewedAt.getTime(), calendar) / HOUR;
}

/** One task of an OPD's drill-down (GET /scorecards/:agencyCode/tasks). */
export interface ScorecardTaskRow {
  taskId: string;
  projectId: string;
  projectTitle: string;
  title: string;
  status: string;
  judgement: TaskJudgement;
  dueAt: string;
  /** The deadline the accepted contribution was judged by (null for open tasks). */
  judgedDueAt: string | null;
  holderSince: string;
  submittedAt: string | null;
  completedAt: string | null;
  /** Working hours from holderSince to the OPD's first submission (null before one). */
  holderWorkingHours: number | null;
  /** The OPD's contributions returned for revision. */
  revisions: number;
  deadlineExtended: boolean;
  escalationLevel: number;
}

/** The leadership home (GET /leadership/overview). */
export interface LeadershipOverview {
  generatedAt: string;
  overdue: {
    taskId: string;
    projectId: string;
    projectTitle: string;
    title: string;
    agencyCode: string;
    agencyName: string;
    status: string;
    overdueSince: string;
    escalationLevel: number;
    holder: { userId: string; fullName: string } | null;
    lastWord: LastWord | null;
  }[];
  lateReviews: {
    escalationId: string;
    taskId: string;
    projectId: string;
    projectTitle: string;
    title: string;
    level: number;
    leadAgencyCode: string;
    leadAgencyName: string;
    lead: { userId: string; fullName: string };
    opdCode: string;
    opdName: string;
    waitingSince: string;
    reviewDueAt: string | null;
  }[];
  perOpd: { agencyCode: string; agencyName: string; openOverdue: number; lateReviews: number }[];
}

/** "What was said" about a task: the latest escalation instruction, review note or comment. */
export interface LastWord {
  kind: 'INSTRUCTION' | 'REVIEW_NOTE' | 'COMMENT';
  text: string;
  by: string | null;
  at: string;
}

/** The latest of the candidates (null when there is none). */
export function latestWord(candidates: readonly (LastWord | null | undefined)[]): LastWord | null {
  let best: LastWord | null = null;
  for (const c of candidates) {
    if (c && (!best || Date.parse(c.at) > Date.parse(best.at))) best = c;
  }
  return best;
}
