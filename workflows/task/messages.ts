/** The task workflow's messages: the Updates that move a task and the signal it sends its parent. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TaskSnapshot } from '@gotong/contracts/task';
import type { Sla } from '@gotong/domain/calendar';
import type { Actor } from '@gotong/domain/roles';

export interface ClaimArgs {
  actor: Actor;
}
export interface ReleaseArgs {
  actor: Actor;
}
export interface SubmitArgs {
  actor: Actor;
  values: Record<string, unknown>;
  /** Data requests: the producer's reason per figure that jumps from the previous period (the API checked them). */
  confirmations?: Record<string, string>;
}
export interface ReviewArgs {
  actor: Actor;
  decision: 'ACCEPT' | 'RETURN';
  note: string | null;
}
export interface ReassignArgs {
  actor: Actor;
  reason: string;
  /** Another OPD (project lead) … */
  toAgencyId?: string;
  toAgencyCode?: string;
  /** … or another staff member of the same OPD (its Kepala OPD). The API checks the user belongs to the OPD. */
  toUserId?: string;
}
export interface AnswerEscalationArgs {
  actor: Actor;
  instruction: string;
  /** The escalation answered; refused when it is no longer the task's current one. */
  escalationId?: string;
}
export interface ExtendDeadlineArgs {
  actor: Actor;
  /** The escalation answered by the extension; refused when it is no longer the task's current one. */
  escalationId?: string;
  extension: Sla;
  reason: string;
}

export const claimTaskUpdate = defineUpdate<TaskSnapshot, [ClaimArgs]>('claimTask');
export const releaseTaskUpdate = defineUpdate<TaskSnapshot, [ReleaseArgs]>('releaseTask');
export const submitContributionUpdate = defineUpdate<TaskSnapshot, [SubmitArgs]>('submitContribution');
export const reviewContributionUpdate = defineUpdate<TaskSnapshot, [ReviewArgs]>('reviewContribution');
export const reassignTaskUpdate = defineUpdate<TaskSnapshot, [ReassignArgs]>('reassignTask');
export const answerEscalationUpdate = defineUpdate<TaskSnapshot, [AnswerEscalationArgs]>('answerEscalation');
export const extendDeadlineUpdate = defineUpdate<TaskSnapshot, [ExtendDeadlineArgs]>('extendDeadline');
export const taskSnapshotQuery = defineQuery<TaskSnapshot>('taskSnapshot');
/**
 * Sent by the project just before it cancels the task when a decision made the task unnecessary: the
 * cancellation that follows ends the task CLOSED with this reason instead of CANCELLED.
 */
export const noLongerNeededSignal = defineSignal<[{ reason: string }]>('taskNoLongerNeeded');
/** Sent by a step's task workflow to its parent (project, incident, request) when it is done or cancelled. */
export const stepFinishedSignal =
  defineSignal<[{ stepKey: string; taskId: string; outcome: 'DONE' | 'CANCELLED' }]>('stepFinished');
