import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  startChild,
  ParentClosePolicy,
} from '@temporalio/workflow';
import type { Activities } from '@gotong/activities';
import { INVALID_REQUEST } from '@gotong/contracts/failures';
import {
  PLANNING_NOT_ACTIONABLE,
  type PlanningCycleInput,
  type PlanningCyclePhase,
  type PlanningCycleSnapshot,
} from '@gotong/contracts/planning';
import { projectWorkflowId, type ProjectSnapshot } from '@gotong/contracts/project';
import {
  normalisedStageCalendar,
  planningYearProblems,
  stageCalendarProblems,
  stageChangeProblems,
  stageEnd,
  stageStart,
  type PlanningStage,
  type StageCalendar,
} from '@gotong/domain/planning';
import { PROJECTION_OPTIONS } from '../projections';
import { planningCycleQuery, planningProposalsWaitingSignal, setPlanningStagesUpdate } from './messages';

const {
  routePlanningProposals: routeOnce,
  recordLatePlanningDecisions,
  planPlanningConsolidation: planConsolidationOnce,
  recordPlanningStages,
  closePlanningYear,
} = proxyActivities<Activities>(PROJECTION_OPTIONS);

/** How long the cycle waits before it tries again what its data did not allow (PLANNING_NOT_ACTIONABLE). */
const BLOCKED_RETRY = '1 hour';

const notActionable = (error: unknown): string | null =>
  error instanceof ActivityFailure &&
  error.cause instanceof ApplicationFailure &&
  error.cause.type === PLANNING_NOT_ACTIONABLE
    ? error.cause.message
    : null;

/**
 * One RKPD year's planning cycle (Permendagri 86/2017), workflow id planning-cycle-<year>-<short key> (libs/contracts/src/planning.ts). It sleeps to each
 * stage boundary of the year's calendar (data; BAPPEDA may move future dates with the setPlanningStages
 * Update): when Musrenbang kecamatan ends it routes the proposals to their OPDs (an activity starts one joint
 * project per proposal, one decision task per OPD, due at the end of the Forum Perangkat Daerah; the ordinary
 * ladder escalates a stalled decision), and routes any proposal entered or assigned later as it is signalled;
 * when the Forum Perangkat Daerah ends it records the decisions still open; when the penetapan stage begins it
 * runs BAPPEDA's consolidation project as its one child, and closes the year when that completes. The
 * proposals' projects live on their own (started by an activity), so the history stays small however many
 * proposals a year has.
 */
export async function planningCycleWorkflow(input: PlanningCycleInput): Promise<PlanningCycleSnapshot> {
  const problems = [...planningYearProblems(input.year), ...stageCalendarProblems(input.year, input.stages)];
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `the planning year cannot run: ${problems.join('; ')}`,
      INVALID_REQUEST,
    );
  }
  const year = input.year;
  let stages: StageCalendar = normalisedStageCalendar(input.stages);
  let phase: PlanningCyclePhase = 'COLLECTING';
  let waitingFor: PlanningCycleSnapshot['waitingFor'] = null;
  let stagesChanged = false;
  let proposalsWaiting = false;
  let routingBegun = false;

  let blocked: string | null = null;
  const snapshot = (): PlanningCycleSnapshot => ({
    year,
    phase,
    stages,
    waitingFor,
    ...(blocked === null ? {} : { blocked }),
  });

  /**
   * A step the year's data does not allow yet (no active BAPPEDA LEAD, the template missing) does not fail a
   * cycle that runs for months: it is shown in the query (`blocked`) and tried again every hour, or at once
   * when a proposal is signalled, until an administrator has fixed the data.
   */
  async function whenActionable<T>(step: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const result = await step();
        blocked = null;
        return result;
      } catch (error) {
        const reason = notActionable(error);
        if (reason === null) throw error;
        blocked = reason;
        proposalsWaiting = false;
        await condition(() => proposalsWaiting, BLOCKED_RETRY);
      }
    }
  }
  const routePlanningProposals = (args: { year: number }) => whenActionable(() => routeOnce(args));
  const planPlanningConsolidation = (args: { year: number }) =>
    whenActionable(() => planConsolidationOnce(args));
  setHandler(planningCycleQuery, snapshot);
  setHandler(planningProposalsWaitingSignal, () => {
    proposalsWaiting = true;
  });
  setHandler(
    setPlanningStagesUpdate,
    async ({ stages: next }) => {
      stages = normalisedStageCalendar(next);
      stagesChanged = true;
      await recordPlanningStages({ year, stages });
      return snapshot();
    },
    {
      validator: ({ stages: next }) => {
        if (phase === 'CONSOLIDATING' || phase === 'CLOSED') {
          throw ApplicationFailure.nonRetryable('the stages have all passed', INVALID_REQUEST);
        }
        const refused = stageChangeProblems(year, stages, next, Date.now());
        if (refused.length > 0) throw ApplicationFailure.nonRetryable(refused.join('; '), INVALID_REQUEST);
      },
    },
  );

  /** Routes what waits, once routing has begun. */
  const routeWaiting = async () => {
    while (routingBegun && proposalsWaiting) {
      proposalsWaiting = false;
      await routePlanningProposals({ year });
    }
  };

  /** Sleeps until a stage boundary (following moved dates), routing late proposals meanwhile. */
  const reach = async (stage: PlanningStage, edge: 'start' | 'end') => {
    waitingFor = { stage, edge };
    for (;;) {
      const at = edge === 'start' ? stageStart(stages, stage) : stageEnd(stages, stage);
      const left = at - Date.now();
      if (left <= 0) break;
      stagesChanged = false;
      await condition(() => stagesChanged || (routingBegun && proposalsWaiting), left);
      await routeWaiting();
    }
    waitingFor = null;
  };

  await reach('MUSRENBANG_KECAMATAN', 'end');
  phase = 'DECIDING';
  routingBegun = true;
  proposalsWaiting = false;
  await routePlanningProposals({ year });
  await routeWaiting();

  await reach('FORUM_PERANGKAT_DAERAH', 'end');
  phase = 'CLOSING_STAGES';
  await recordLatePlanningDecisions({ year });

  await reach('PENETAPAN_RKPD', 'start');
  phase = 'CONSOLIDATING';
  const consolidation = await planPlanningConsolidation({ year });
  const child = await startChild('jointProjectWorkflow', {
    workflowId: projectWorkflowId(consolidation.projectId),
    args: [consolidation],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  let consolidated = false;
  const result = (child.result() as Promise<ProjectSnapshot>).finally(() => {
    consolidated = true;
  });
  for (;;) {
    await condition(() => consolidated || proposalsWaiting);
    await routeWaiting();
    if (consolidated) break;
  }
  await result;

  phase = 'CLOSED';
  await closePlanningYear({ year, closedAt: new Date(Date.now()).toISOString() });
  return snapshot();
}
