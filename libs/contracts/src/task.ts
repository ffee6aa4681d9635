/**
 * What the task workflow is given and answers: shared by the workflows that run it, the activities that
 * project it and the API that starts and reads it. Types and pure id helpers only (no Temporal import), so
 * every floor may depend on it. See docs/architecture.md.
 */
import type { Sla, WorkCalendar } from '@gotong/domain/calendar';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import type { TaskState } from '@gotong/domain/task-rules';
import type { EscalationPolicy, ReviewPolicy } from '@gotong/domain/template';

const TASK_WORKFLOW_PREFIX = 'agency-task-';

export function taskWorkflowId(taskId: string): string {
  return `${TASK_WORKFLOW_PREFIX}${taskId}`;
}

export function isTaskWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(TASK_WORKFLOW_PREFIX);
}

export function taskIdOfWorkflow(workflowId: string): string {
  return workflowId.slice(TASK_WORKFLOW_PREFIX.length);
}

/** A step with its owner resolved to an OPD: what the project workflow runs. */
export interface StepPlan {
  key: string;
  title: string;
  instructions: string;
  agencyId: string;
  agencyCode: string;
  form: FormSchema;
  sla: Sla;
  dependsOn: string[];
  escalation: EscalationPolicy;
  /** A submission completes the task at once, without review (acknowledgements, sitreps). */
  autoAccept?: boolean;
  /**
   * The lead's review clock and the OPD's revision window (stepReview). Absent in plans made before fair clocks:
   * the task workflow then takes DEFAULT_REVIEW.
   */
  review?: ReviewPolicy;
}

export interface StepTaskInput {
  taskId: string;
  projectId: string;
  projectWorkflowId: string;
  lead: Actor;
  step: StepPlan;
  calendar: WorkCalendar;
}

/** One agency task a project or incident starts: the workflow id (from the task id it chose) and the input. */
export interface AgencyTaskStart {
  workflowId: string;
  args: StepTaskInput;
}

export interface TaskSnapshot {
  taskId: string;
  agencyId: string;
  state: TaskState;
  dueAt: string;
  escalationLevel: number;
  completedAt: string | null;
  assigneeId?: string | null;
  contributionVersion?: number;
  reassignmentCount?: number;
  deadlineExtended?: boolean;
  remindersSent?: number;
  /** While a submission waits for the lead (fair clocks): when the review is due. */
  reviewDueAt?: string;
  /** The accepted contribution, once the task is completed. */
  values?: Record<string, unknown>;
}
