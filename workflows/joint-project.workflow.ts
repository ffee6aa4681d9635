import { executeChild, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/projection.activities';
import { agencyTaskWorkflow } from './agency-task.workflow';
import {
  projectSnapshotQuery,
  taskWorkflowId,
  type JointProjectInput,
  type ProjectInput,
  type ProjectSnapshot,
} from './messages';
import { projectDag } from './project-dag';

const projections = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A joint project. Version-2 input (a template's steps) runs the step DAG in
 * project-dag.ts; the first version's input keeps its original code below, so
 * histories started with it still replay.
 */
export async function jointProjectWorkflow(
  input: JointProjectInput | ProjectInput,
): Promise<ProjectSnapshot> {
  return (input as Partial<ProjectInput>).version === 2
    ? projectDag(input as ProjectInput)
    : firstVersionProject(input as JointProjectInput);
}

/**
 * Version 1: one agency-task child per OPD, all in parallel; completes when every
 * OPD has completed its task. Do not change: running histories depend on it.
 */
async function firstVersionProject(input: JointProjectInput): Promise<ProjectSnapshot> {
  let openTasks = input.tasks.length;
  let status: 'ACTIVE' | 'COMPLETED' = 'ACTIVE';
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
