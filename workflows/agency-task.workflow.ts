import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/projection.activities';
import { completionRefusal, type TaskState } from '../libs/domain/src/task-rules';
import {
  completeTaskUpdate,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
  taskSnapshotQuery,
  type AgencyTaskInput,
  type CompleteTaskArgs,
  type StepTaskInput,
  type TaskSnapshot,
} from './messages';
import { taskLifecycle } from './task-lifecycle';

const projections = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One OPD's task in a joint project. Version-2 input (template steps) runs the
 * full lifecycle in task-lifecycle.ts; the first version's input keeps its
 * original code below, so histories started with it still replay.
 */
export async function agencyTaskWorkflow(input: AgencyTaskInput | StepTaskInput): Promise<TaskSnapshot> {
  return isStepTaskInput(input) ? taskLifecycle(input) : firstVersionTask(input);
}

function isStepTaskInput(input: AgencyTaskInput | StepTaskInput): input is StepTaskInput {
  return (input as Partial<StepTaskInput>).version === 2;
}

/**
 * Version 1: assigned → completed through the `completeTask` Update; escalated
 * once to the Kepala OPD at the deadline. Do not change: running histories
 * depend on this exact sequence of commands.
 */
async function firstVersionTask(input: AgencyTaskInput): Promise<TaskSnapshot> {
  const assignedAt = Date.now();
  const dueAt = new Date(assignedAt + input.slaMs).toISOString();
  let state: TaskState = 'ASSIGNED';
  let escalationLevel = 0;
  let completedAt: string | null = null;
  /** Set while a completion is being recorded, so a concurrent second one is refused. */
  let completing = false;

  const snapshot = (): TaskSnapshot => ({
    taskId: input.taskId,
    agencyId: input.agencyId,
    state,
    dueAt,
    escalationLevel,
    completedAt,
  });

  setHandler(taskSnapshotQuery, snapshot);
  setHandler(
    completeTaskUpdate,
    async ({ actor, summary }) => {
      completing = true;
      const at = new Date(Date.now()).toISOString();
      try {
        await projections.recordTaskCompleted({
          taskId: input.taskId,
          projectId: input.projectId,
          actor,
          summary,
          completedAt: at,
        });
      } finally {
        completing = false;
      }
      state = 'COMPLETED';
      completedAt = at;
      return snapshot();
    },
    {
      validator: ({ actor, summary }: CompleteTaskArgs) => {
        const refusal = completionRefusal({ agencyId: input.agencyId, state }, actor);
        if (!refusal && completing) {
          throw ApplicationFailure.nonRetryable(
            'another completion of this task is being recorded',
            TASK_NOT_OPEN,
          );
        }
        if (refusal) {
          throw ApplicationFailure.nonRetryable(
            refusal.message,
            refusal.kind === 'FORBIDDEN' ? TASK_FORBIDDEN : TASK_NOT_OPEN,
          );
        }
        if (typeof summary !== 'string' || summary.trim() === '') {
          throw ApplicationFailure.nonRetryable('summary must not be empty', 'InvalidContribution');
        }
      },
    },
  );

  await projections.recordTaskAssigned({
    taskId: input.taskId,
    projectId: input.projectId,
    agencyId: input.agencyId,
    title: input.title,
    instructions: input.instructions,
    assignedAt: new Date(assignedAt).toISOString(),
    dueAt,
  });

  const completedInTime = await condition(() => state === 'COMPLETED', input.slaMs);
  if (!completedInTime) {
    escalationLevel = 1;
    await projections.recordTaskEscalated({
      taskId: input.taskId,
      projectId: input.projectId,
      agencyId: input.agencyId,
      level: escalationLevel,
      dueAt,
      escalatedAt: new Date(Date.now()).toISOString(),
    });
    await condition(() => state === 'COMPLETED');
  }
  // Let the completing Update return its result before the workflow closes.
  await condition(allHandlersFinished);
  return snapshot();
}
