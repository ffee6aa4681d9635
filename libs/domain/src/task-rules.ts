import { TASK_WORKER_ROLES, type Actor } from './roles';

export type TaskState = 'ASSIGNED' | 'CLAIMED' | 'SUBMITTED' | 'RETURNED' | 'COMPLETED' | 'CANCELLED';

/** Why a caller may not complete a task; null when they may. Shared by the API and the workflow validator. */
export type CompletionRefusal =
  { kind: 'NOT_OPEN'; message: string } | { kind: 'FORBIDDEN'; message: string };

export function completionRefusal(
  task: { agencyId: string; state: TaskState },
  actor: Actor,
): CompletionRefusal | null {
  if (!TASK_WORKER_ROLES.includes(actor.role)) {
    return { kind: 'FORBIDDEN', message: `role ${actor.role} does not complete OPD tasks` };
  }
  if (actor.agencyId !== task.agencyId) {
    return { kind: 'FORBIDDEN', message: 'this task belongs to another OPD' };
  }
  if (task.state !== 'ASSIGNED') {
    return { kind: 'NOT_OPEN', message: `task is already ${task.state.toLowerCase()}` };
  }
  return null;
}
