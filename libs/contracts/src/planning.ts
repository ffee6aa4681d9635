/**
 * What the annual planning cycle's workflow is given and answers (workflows/planning), shared with the
 * activities that project it and the API that starts it. Types and pure id helpers only.
 */
import type { PlanningStage, StageCalendar } from '@gotong/domain/planning';

/**
 * Readable (issue #16): the kind, the human key (the RKPD year) and a short key chosen when the year is opened
 * (8 hex characters), e.g. `planning-cycle-2027-3f2a9c1d`. The short key keeps the id unique in a Temporal
 * namespace that outlives a database (a restored or second database opening the same year, the test files
 * that share one dev server); the id is stored on the year's row, and everything else reads it from there.
 */
export function planningCycleWorkflowId(year: number, key: string): string {
  return `planning-cycle-${year}-${key}`;
}

export interface PlanningCycleInput {
  /** The RKPD year (tahun rencana). */
  year: number;
  stages: StageCalendar;
}

/** Where the cycle's workflow is: waiting for a stage boundary, routing, consolidating, or closed. */
export type PlanningCyclePhase = 'COLLECTING' | 'DECIDING' | 'CLOSING_STAGES' | 'CONSOLIDATING' | 'CLOSED';

export interface PlanningCycleSnapshot {
  year: number;
  phase: PlanningCyclePhase;
  stages: StageCalendar;
  /** The stage boundary the workflow waits for next, if any. */
  waitingFor: { stage: PlanningStage; edge: 'start' | 'end' } | null;
  /**
   * Why the cycle cannot go on (no active BAPPEDA LEAD, the proposal template missing), while it waits to try
   * again; absent when nothing blocks it.
   */
  blocked?: string;
}

/**
 * The failure type of a planning activity that cannot act until someone fixes the data (an administrator
 * activates a BAPPEDA LEAD, the template is seeded): the cycle waits and tries again, it does not fail.
 */
export const PLANNING_NOT_ACTIONABLE = 'PlanningNotActionable';

export interface SetPlanningStagesArgs {
  stages: StageCalendar;
}

/** What routing did in one pass (activities/planning.activities.ts). */
export interface PlanningRoutingResult {
  routed: number;
  unowned: number;
}
