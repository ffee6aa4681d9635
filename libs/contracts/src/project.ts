/**
 * What the joint-project workflow is given and answers (see task.ts for the step plans it runs).
 */
import type { WorkCalendar } from '@gotong/domain/calendar';
import type { Actor } from '@gotong/domain/roles';
import type { StepPlan } from './task';

/**
 * The workflow id of a project started elsewhere than through the API (data collection, planning, citizen
 * reports, reconciliation: they choose the project id and start it again under the same id), and of every
 * project the API started before readable ids. Readers never compute it: they read `JointProject.workflowId`.
 */
export function projectWorkflowId(projectId: string): string {
  return `joint-project-${projectId}`;
}

/** How many hex digits a readable id's short key has. */
export const SHORT_KEY_LENGTH = 8;

/**
 * The short key of an id: its first 8 hex digits (of a random UUID: 32 random bits), lower case. An id with
 * fewer hex digits gives what it has.
 */
export function shortKey(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .slice(0, SHORT_KEY_LENGTH);
}

/**
 * The workflow id of a project the API starts: `project-<lead OPD code>-<8 hex>`, e.g.
 * `project-BAPPEDA-3f2a1b9c`. The key is normally the project id's short key (see ProjectsService.start for
 * collisions); the id is stored on the project's row, where every reader takes it from.
 */
export function readableProjectWorkflowId(leadAgencyCode: string, key: string): string {
  return `project-${leadAgencyCode}-${key}`;
}

/**
 * The short key a project's tasks carry in their ids: the key of a readable project id, else (a project with
 * an id of the older form, or started elsewhere) the project id's short key.
 */
export function projectKeyOf(projectWorkflowId: string, projectId: string): string {
  const readable = /^project-.+-([0-9a-f]{8})$/.exec(projectWorkflowId);
  return readable ? readable[1]! : shortKey(projectId);
}

export interface ProjectInput {
  projectId: string;
  title: string;
  description: string | null;
  lead: Actor;
  templateId: string | null;
  parameters: Record<string, string>;
  steps: StepPlan[];
  /** Office hours and holidays as data, so deadline arithmetic stays deterministic. */
  calendar: WorkCalendar;
  /** Start continue-as-new after this many history events (tests); otherwise when Temporal suggests it. */
  continueAsNewAfterEvents?: number;
  /** Carried across continue-as-new. */
  carried?: ProjectCarriedState;
}

export interface ProjectCarriedState {
  /** stepKey → taskId of every step started so far. */
  started: Record<string, string>;
  done: string[];
  /** Steps added while running (an OPD joined the project). */
  addedSteps: StepPlan[];
  /**
   * stepKey → keys of steps added while running that the step was made to wait for (an OPD added `before`
   * it). Absent in runs continued before issue 17, and when no step was made to wait.
   */
  addedDependsOn?: Record<string, string[]>;
  /**
   * stepKey → workflow id of the steps' tasks started with a readable id (patch 'readable-task-ids'). Absent in
   * runs continued before it: a step without an entry has the task `agency-task-<taskId>`.
   */
  taskWorkflowIds?: Record<string, string>;
  runs: number;
}

/** RESOLVED: a decision answered the project's question (a reconciliation decided by the walidata). */
export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'RESOLVED';

export interface ProjectSnapshot {
  projectId: string;
  status: ProjectStatus;
  openTasks: number;
  /** workflowId: the step's task's workflow id (absent in answers of workers from before readable ids). */
  steps?: {
    key: string;
    agencyCode: string;
    taskId: string | null;
    workflowId?: string | null;
    done: boolean;
  }[];
  runs?: number;
}
