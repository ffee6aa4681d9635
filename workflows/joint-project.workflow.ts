import { executeChild, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/projection.activities';
import { agencyTaskWorkflow } from './agency-task.workflow';
import {
  projectSnapshotQuery,
  taskWorkflowId,
  type JointProjectInput,
  type ProjectSnapshot,
} from './messages';

const projections = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A joint project: one agency-task child workflow per participating OPD, all
 * in parallel; the project completes when every OPD has completed its task.
 */
export async function jointProjectWorkflow(input: JointProjectInput): Promise<ProjectSnapshot> {
  let openTasks = input.tasks.length;
  let status: ProjectSnapshot['status'] = 'ACTIVE';
  setHandler(projectSnapshotQuery, () => ({ projectId: input.projectId, status, openTasks }));

  await projections.recordProjectStarted({
    projectId: input.projectId,
    workflowId: workflowInfo().workflowId,
    title: input.title,
    description: input.description,
    lead: input.lead,
    agencyIds: input.tasks.map((t) => t.agencyId),
    startedAt: new Date(Date.now()).toISOString(),
  });

  await Promise.all(
    input.tasks.map(async (task) => {
      await executeChild(agencyTaskWorkflow, { workflowId: taskWorkflowId(task.taskId), args: [task] });
      openTasks -= 1;
    }),
  );

  status = 'COMPLETED';
  await projections.recordProjectCompleted({
    projectId: input.projectId,
    completedAt: new Date(Date.now()).toISOString(),
  });
  return { projectId: input.projectId, status, openTasks };
}
