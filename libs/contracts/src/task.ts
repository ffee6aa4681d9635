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

/**
 * The workflow id of a task started by an incident, a resource request or a policy draft, and of every task
 * a project started before patch 'readable-task-ids'. The API never computes it: it reads `Task.workflowId`.
 */
export function taskWorkflowId(taskId: string): string {
  return `${TASK_WORKFLOW_PREFIX}${taskId}`;
}

/**
 * The workflow id of a task a project starts (patch 'readable-task-ids'): `task-<OPD code>-<project key>-<task
 * key>`, e.g. `task-DINSOS-3f2a1b9c-7d41e0aa`: the OPD it is given to (a task moved to another OPD keeps its
 * id; GotongOpd names the holder), the project's short key (its workflow id
 * ends with it) and the first 8 hex digits of the task id. Unique in the namespace: two tasks of one OPD share
 * an id only if their projects' keys and their own random keys (uuid4, 32 bits each) both coincide.
 */
export function readableTaskWorkflowId(agencyCode: string, projectKey: string, taskId: string): string {
  return `task-${agencyCode}-${projectKey}-${taskId
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .slice(0, 8)}`;
}

/** Whether a workflow id is of the form `agency-task-<taskId>` (incidents, resource requests, policy drafts). */
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
