import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AgencyTaskStart } from '@gotong/contracts/task';
import type { ReconciliationDeps } from './data-reconciliation';

/**
 * Starts agency-task workflows for a project or an incident, all at once. Started as child workflows they
 * went out one after the other: the server records each child's start in the parent's history under the
 * parent's lock, about 0.3 s apart on this machine, so the 11th OPD of a flood heard of it 3+ s after the
 * first. Independent starts do not wait for one another (11 take about 0.15 s). Nothing relied on the
 * parent–child link: tasks were already abandoned on the parent's close, report back by signal and are
 * cancelled through their workflow id.
 *
 * Idempotent: a retried activity finds the tasks it already started (running or finished, as a task id is
 * never reused) and leaves them alone.
 */
export function createTaskStartActivities(temporal: ReconciliationDeps | undefined) {
  return {
    async startAgencyTasks(input: { taskQueue: string; starts: AgencyTaskStart[] }): Promise<void> {
      // A worker without a client cannot start anything: retried until one that has one picks it up.
      if (!temporal) throw new Error('the worker has no Temporal client to start agency tasks with');
      await Promise.all(
        input.starts.map(async ({ workflowId, args }) => {
          try {
            await temporal.temporal.workflow.start('agencyTaskWorkflow', {
              workflowId,
              taskQueue: input.taskQueue,
              args: [args],
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
          } catch (error) {
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          }
        }),
      );
    },
  };
}
