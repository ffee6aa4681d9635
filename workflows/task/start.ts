import { patched, workflowInfo } from '@temporalio/workflow';
import type { AgencyTaskStart } from '@gotong/contracts/task';
import { projections as scheduled, type Projections } from '../projections';

/**
 * Agency tasks are started by an activity (startAgencyTasks, activities/task-start.activities.ts), all of a
 * batch side by side, instead of as child workflows, which the server starts one after the other. Histories
 * recorded before this patch start them as children; the call sites keep that code for them.
 */
export const START_TASKS_FROM_ACTIVITY = 'start-tasks-from-activity';

/** Whether this point of the workflow starts its tasks through the activity (records the patch marker). */
export const startsTasksFromActivity = (): boolean => patched(START_TASKS_FROM_ACTIVITY);

/**
 * Starts the tasks, on this workflow's task queue as its children were; returns once all have started. Through
 * the run's own projections (local activities after 'local-projections'), or scheduled ones by default.
 */
export async function startTasksFromActivity(
  starts: AgencyTaskStart[],
  projections: Projections = scheduled,
): Promise<void> {
  await projections.startAgencyTasks({ taskQueue: workflowInfo().taskQueue, starts });
}
