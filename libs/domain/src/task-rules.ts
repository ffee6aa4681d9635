import { deadlineFor, type Sla, type WorkCalendar } from './calendar';
import {
  answersEscalationBeforeSeparation,
  escalationAnswerProblem,
  headsAgency,
  isProjectLead,
  isTaskWorker,
} from './permissions';
import type { Actor } from './roles';

/** Who leads a project is a permission rule (./permissions); re-exported for the workflows that import it here. */
export { isProjectLead };

/**
 * CANCELLED: the project was cancelled, the incident closed or the OPD released. CLOSED: the task is no longer
 * needed because its question was answered without it (the walidata decided the reconciliation it explains):
 * neither the OPD's failure nor work it delivered.
 */
export type TaskState =
  'ASSIGNED' | 'CLAIMED' | 'SUBMITTED' | 'RETURNED' | 'COMPLETED' | 'CANCELLED' | 'CLOSED';

/** Why a caller may not complete a task; null when they may. Shared by the API and the workflow validator. */
export type CompletionRefusal =
  { kind: 'NOT_OPEN'; message: string } | { kind: 'FORBIDDEN'; message: string };

export function completionRefusal(
  task: { agencyId: string; state: TaskState },
  actor: Actor,
): CompletionRefusal | null {
  if (!isTaskWorker(actor.role)) {
    return { kind: 'FORBIDDEN', message: `role ${actor.role} does not complete OPD tasks` };
  }
  if (actor.agencyId !== task.agencyId) {
    return { kind: 'FORBIDDEN', message: 'this task belongs to another OPD' };
  }
  if (task.state !== 'ASSIGNED') {
    return { kind: 'NOT_OPEN', message: `task is already ${task.state.toLowerCase()}` };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Version 2: the task lifecycle of template-driven projects. Each rule says why
// an actor may not take an action on a task (null when they may). The API
// checks them against the projection before calling the workflow, and the
// workflow's Update validators check them again against the workflow's own
// state, which is the truth.
// ---------------------------------------------------------------------------

export type RefusalKind = 'FORBIDDEN' | 'NOT_OPEN' | 'INVALID';
export interface Refusal {
  kind: RefusalKind;
  message: string;
}

export interface TaskFacts {
  agencyId: string;
  state: TaskState;
  escalationLevel: number;
  deadlineExtended: boolean;
  lead: { userId: string; agencyId: string };
  /** The staff member who claimed the task (or was handed it); null or absent when nobody holds it. */
  assigneeId?: string | null;
}

/** States in which the OPD owes work: reminders and the escalation ladder run only here. */
export const OPD_WORKING_STATES: readonly TaskState[] = ['ASSIGNED', 'CLAIMED', 'RETURNED'];
export const FINISHED_STATES: readonly TaskState[] = ['COMPLETED', 'CANCELLED', 'CLOSED'];

const forbidden = (message: string): Refusal => ({ kind: 'FORBIDDEN', message });
const notOpen = (message: string): Refusal => ({ kind: 'NOT_OPEN', message });
const invalid = (message: string): Refusal => ({ kind: 'INVALID', message });

/** The task's own OPD works it (permissions worksForAgency), refused with the reason that applies. */
function ownOpdWorker(task: TaskFacts, actor: Actor): Refusal | null {
  if (!isTaskWorker(actor.role)) return forbidden(`role ${actor.role} does not work OPD tasks`);
  if (actor.agencyId !== task.agencyId) return forbidden('this task belongs to another OPD');
  return null;
}

function finished(task: TaskFacts): Refusal | null {
  return FINISHED_STATES.includes(task.state) ? notOpen(`task is already ${task.state.toLowerCase()}`) : null;
}

/** Nobody holds the task: an assigned one, or a returned one whose holder released it. */
const unheld = (task: TaskFacts): boolean =>
  (task.state === 'ASSIGNED' || task.state === 'RETURNED') && !task.assigneeId;

export function claimRefusal(task: TaskFacts, actor: Actor): Refusal | null {
  return (
    ownOpdWorker(task, actor) ??
    finished(task) ??
    (unheld(task)
      ? null
      : task.assigneeId === actor.userId
        ? notOpen('you have already claimed this task')
        : task.assigneeId
          ? notOpen(
              'another staff member has claimed this task; ask them to release it or your Kepala OPD to hand it over',
            )
          : notOpen(`only an assigned task can be claimed (it is ${task.state.toLowerCase()})`))
  );
}

/**
 * A claim is exclusive: once a staff member holds the task, only they submit it. Their Kepala OPD hands it to
 * someone else (reassign within the OPD), or they release it.
 */
export function submitRefusal(task: TaskFacts, actor: Actor): Refusal | null {
  return (
    submitRefusalBeforeExclusiveClaims(task, actor) ??
    (task.assigneeId && task.assigneeId !== actor.userId
      ? forbidden(
          'another staff member has claimed this task; ask them to release it or your Kepala OPD to hand it over',
        )
      : null)
  );
}

/**
 * The submit rule before claims were exclusive, for the task workflow's handler replaying histories recorded
 * before patch 'exclusive-claims'. Nothing else may use it.
 */
export function submitRefusalBeforeExclusiveClaims(task: TaskFacts, actor: Actor): Refusal | null {
  return (
    ownOpdWorker(task, actor) ??
    finished(task) ??
    (OPD_WORKING_STATES.includes(task.state)
      ? null
      : notOpen('a contribution is already waiting for review by the project lead'))
  );
}

/** The holder gives a claimed task back to the OPD's open work; their Kepala OPD may release it for them. */
export function releaseRefusal(task: TaskFacts, actor: Actor): Refusal | null {
  const own = ownOpdWorker(task, actor);
  if (own && !headsAgency(actor, task.agencyId)) return own;
  const done = finished(task);
  if (done) return done;
  if (task.state === 'SUBMITTED') return notOpen('the contribution is already submitted');
  if (!task.assigneeId) return notOpen('nobody has claimed this task');
  if (task.assigneeId !== actor.userId && !headsAgency(actor, task.agencyId))
    return forbidden('only the staff member who claimed the task, or their Kepala OPD, releases it');
  return null;
}

export function reviewRefusal(
  task: TaskFacts,
  actor: Actor,
  decision: 'ACCEPT' | 'RETURN',
  note: string | null,
): Refusal | null {
  if (!isProjectLead(actor, task.lead))
    return forbidden('only the project lead accepts or returns contributions');
  const done = finished(task);
  if (done) return done;
  if (task.state !== 'SUBMITTED') return notOpen('there is no submitted contribution to review');
  if (decision === 'RETURN' && !note?.trim()) return invalid('a returned contribution needs a reason (note)');
  return null;
}

export function reassignRefusal(
  task: TaskFacts,
  actor: Actor,
  to: { toAgencyId?: string | undefined; toUserId?: string | undefined },
): Refusal | null {
  const done = finished(task);
  if (to.toAgencyId !== undefined) {
    if (!isProjectLead(actor, task.lead))
      return forbidden('only the project lead moves a task to another OPD');
    if (done) return done;
    if (to.toAgencyId === task.agencyId) return invalid('the task already belongs to that OPD');
    if (task.state === 'SUBMITTED')
      return notOpen('review the submitted contribution before moving the task');
    return null;
  }
  if (to.toUserId !== undefined) {
    if (!headsAgency(actor, task.agencyId)) {
      return forbidden("only the task's Kepala OPD reassigns it within the OPD");
    }
    if (done) return done;
    if (task.state === 'SUBMITTED') return notOpen('the contribution is already submitted');
    return null;
  }
  return invalid('name the OPD (toAgencyCode) or the staff member (toUserId) to reassign to');
}

/**
 * Who answers (instructs) an escalation: permissions escalationAnswerProblem (separation of duties: never the
 * task's own OPD; level 1 the project's lead OPD or leadership, level 2 the Sekda or above, level 3 the Bupati
 * or Wakil Bupati).
 */
export function escalationAnswerRefusal(task: TaskFacts, actor: Actor): Refusal | null {
  if (task.escalationLevel < 1) return notOpen('the task is not escalated');
  const problem = escalationAnswerProblem(actor, {
    level: task.escalationLevel,
    agencyId: task.agencyId,
    lead: task.lead,
  });
  if (problem) return forbidden(problem);
  return finished(task);
}

/** Extends the deadline of an escalated task: the same people as answer it, once per task. */
export function extensionRefusal(task: TaskFacts, actor: Actor): Refusal | null {
  const refusal = escalationAnswerRefusal(task, actor);
  if (refusal) return refusal;
  if (task.deadlineExtended) return notOpen('the deadline of this task was already extended once');
  return null;
}

/**
 * The rules before separation of duties, for the task workflow's handlers replaying histories recorded before
 * it (patched 'escalation-separation-of-duties'). Nothing else may use them.
 */
export function escalationAnswerRefusalBeforeSeparation(task: TaskFacts, actor: Actor): Refusal | null {
  if (task.escalationLevel < 1) return notOpen('the task is not escalated');
  if (!answersEscalationBeforeSeparation(actor, { level: task.escalationLevel, agencyId: task.agencyId })) {
    return forbidden(
      task.escalationLevel === 1
        ? 'a level-1 escalation is answered by the Kepala OPD of the task or by leadership'
        : `a level-${task.escalationLevel} escalation is answered by leadership (Sekda, Bupati)`,
    );
  }
  return finished(task);
}

export function extensionRefusalBeforeSeparation(task: TaskFacts, actor: Actor): Refusal | null {
  const refusal = escalationAnswerRefusalBeforeSeparation(task, actor);
  if (refusal) return refusal;
  if (task.deadlineExtended) return notOpen('the deadline of this task was already extended once');
  return null;
}

/**
 * Why an extension of the deadline is too long, or null: an extension gives the OPD at most the step's original
 * SLA again, measured in the task's calendar from `fromMs` (the instant it would start), whatever unit it is
 * written in. Call it only with SLAs that pass validateSla.
 */
export function extensionLengthProblem(
  extension: Sla,
  original: Sla,
  fromMs: number,
  calendar: WorkCalendar,
): string | null {
  if (deadlineFor(fromMs, extension, calendar) <= deadlineFor(fromMs, original, calendar)) return null;
  return `extension: at most the step's original SLA (${original.amount} ${original.unit}); ${extension.amount} ${extension.unit} is longer`;
}
