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
  type TaskSnapshot,
} from './messages';

const projections = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One OPD's task in a joint project: assigned → completed. Completion arrives
 * as an Update, refused by its validator when the caller's OPD does not own the
 * task or the task is no longer open. A task still open at its deadline is
 * escalated to level 1 (Kepala OPD) and keeps waiting.
 */
export async function agencyTaskWorkflow(input: AgencyTaskInput): Promise<TaskSnapshot> {
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
