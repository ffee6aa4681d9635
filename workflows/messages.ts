/**
 * Workflow inputs and messages, defined once: the worker registers handlers
 * for them and the API sends them. Only types and @temporalio/workflow here.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../libs/domain/src/roles';
import type { TaskState } from '../libs/domain/src/task-rules';

export interface AgencyTaskInput {
  taskId: string;
  projectId: string;
  agencyId: string;
  title: string;
  instructions: string | null;
  /** Time the OPD has before the task is escalated to its Kepala OPD. */
  slaMs: number;
}

export interface JointProjectInput {
  projectId: string;
  title: string;
  description: string | null;
  lead: Actor;
  tasks: AgencyTaskInput[];
}

export interface CompleteTaskArgs {
  actor: Actor;
  summary: string;
}

export interface TaskSnapshot {
  taskId: string;
  agencyId: string;
  state: TaskState;
  dueAt: string;
  escalationLevel: number;
  completedAt: string | null;
}

export interface ProjectSnapshot {
  projectId: string;
  status: 'ACTIVE' | 'COMPLETED';
  openTasks: number;
}

/** Failure types a refused update carries, mapped to HTTP statuses by the API. */
export const TASK_FORBIDDEN = 'TaskForbidden';
export const TASK_NOT_OPEN = 'TaskNotOpen';

export const completeTaskUpdate = defineUpdate<TaskSnapshot, [CompleteTaskArgs]>('completeTask');
export const taskSnapshotQuery = defineQuery<TaskSnapshot>('taskSnapshot');
export const projectSnapshotQuery = defineQuery<ProjectSnapshot>('projectSnapshot');

export function projectWorkflowId(projectId: string): string {
  return `joint-project-${projectId}`;
}

export function taskWorkflowId(taskId: string): string {
  return `agency-task-${taskId}`;
}
