/** The planning cycle's messages (workflows/planning/planning-cycle.workflow.ts). */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PlanningCycleSnapshot, SetPlanningStagesArgs } from '@gotong/contracts/planning';

/** BAPPEDA moves future stage dates; the validator judges them with stageChangeProblems. */
export const setPlanningStagesUpdate = defineUpdate<PlanningCycleSnapshot, [SetPlanningStagesArgs]>(
  'setPlanningStages',
);
/** A proposal waits for routing (entered after routing began, or assigned by BAPPEDA): route it now. */
export const planningProposalsWaitingSignal = defineSignal('planningProposalsWaiting');
export const planningCycleQuery = defineQuery<PlanningCycleSnapshot>('planningCycle');
