import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { searchAttributesRegistered } from '@gotong/config/search-attributes';
import type { AgencyTaskStart } from '@gotong/contracts/task';
import {
  OPD_ATTRIBUTE,
  OVERDUE_ATTRIBUTE,
  PROJECT_ATTRIBUTE,
  TASK_STATE_ATTRIBUTE,
} from '@gotong/contracts/search-attributes';
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
      // A start that sets search attributes the namespace lacks is refused: register them first (once).
      await searchAttributesRegistered(temporal.temporal);
      // Eager start: a client on this worker's own connection gets each task's first workflow task in the
      // start's answer and runs it here, skipping the server's matching (one poll round trip per task). The
      // server falls back to the task queue when this worker has no free slot.
      const eager = temporal.temporal.connection instanceof NativeConnection;
      await Promise.all(
        input.starts.map(async ({ workflowId, args }) => {
          try {
            await temporal.temporal.workflow.start('agencyTaskWorkflow', {
              workflowId,
              taskQueue: input.taskQueue,
              args: [args],
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
              requestEagerStart: eager,
              // Found in the Temporal UI and CLI by OPD, project and state from the start; the workflow keeps
              // them up to date. The memo shows the step's title beside the id.
              typedSearchAttributes: [
                { key: OPD_ATTRIBUTE, value: args.step.agencyCode },
                { key: PROJECT_ATTRIBUTE, value: args.projectId },
                { key: TASK_STATE_ATTRIBUTE, value: 'ASSIGNED' },
                { key: OVERDUE_ATTRIBUTE, value: false },
              ],
              memo: { title: args.step.title },
            });
          } catch (error) {
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          }
        }),
      );
    },
  };
}
