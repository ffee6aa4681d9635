/**
 * What the joint-project workflow is given and answers (see task.ts for the step plans it runs).
 */
import type { WorkCalendar } from '@gotong/domain/calendar';
import type { Actor } from '@gotong/domain/roles';
import type { StepPlan } from './task';

export function projectWorkflowId(projectId: string): string {
  return `joint-project-${projectId}`;
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
  runs: number;
}

/** RESOLVED: a decision answered the project's question (a reconciliation decided by the walidata). */
export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'RESOLVED';

export interface ProjectSnapshot {
  projectId: string;
  status: ProjectStatus;
  openTasks: number;
  steps?: { key: string; agencyCode: string; taskId: string | null; done: boolean }[];
  runs?: number;
}
