/**
 * What the browser shows and offers for a task, from the same domain rules the API and the workflows
 * use (libs/domain). The API still has the final word on every action. Pure.
 */
import { isProjectLead, managesProject, worksForAgency } from '@gotong/domain/permissions';
import type { Role } from '@gotong/domain/roles';
import {
  OPD_WORKING_STATES,
  reassignRefusal,
  releaseRefusal,
  type TaskFacts,
  type TaskState,
} from '@gotong/domain/task-rules';

export type { Role } from '@gotong/domain/roles';
export type { TaskState } from '@gotong/domain/task-rules';

export const TASK_STATES: readonly TaskState[] = [
  'ASSIGNED',
  'CLAIMED',
  'SUBMITTED',
  'RETURNED',
  'COMPLETED',
  'CANCELLED',
  'CLOSED',
];

/** The OPD still owes the work and its deadline has passed. */
export function isOverdue(task: { status: TaskState; dueAt: string }, now: Date): boolean {
  return OPD_WORKING_STATES.includes(task.status) && new Date(task.dueAt).getTime() < now.getTime();
}

interface Worker {
  role: Role;
  agencyCode: string;
}
interface TaskOfOpd {
  status: TaskState;
  agency: { code: string };
  /** Who holds the task (claimed it or was handed it); absent or null when nobody does. */
  assignee?: { id: string } | null;
}

// The browser knows OPDs by code: the permission rules compare the user's OPD with the object's, so codes on
// both sides stand in for ids (libs/domain/src/permissions.ts).

function worksFor(user: Worker, task: TaskOfOpd): boolean {
  return worksForAgency({ role: user.role, agencyId: user.agencyCode }, task.agency.code);
}

/**
 * Staff or the Kepala of the task's OPD, while nobody holds the task: assigned, or returned after its holder
 * released it (libs/domain claimRefusal).
 */
export function mayClaim(user: Worker, task: TaskOfOpd): boolean {
  return worksFor(user, task) && (task.status === 'ASSIGNED' || task.status === 'RETURNED') && !task.assignee;
}

/** The task's facts as the domain rules read them, by OPD code (the lead does not matter to these rules). */
function factsOf(task: TaskOfOpd): TaskFacts {
  return {
    agencyId: task.agency.code,
    state: task.status,
    escalationLevel: 0,
    deadlineExtended: false,
    lead: { userId: '', agencyId: '' },
    assigneeId: task.assignee?.id ?? null,
  };
}

type Person = Worker & { id: string };

/** The holder, or the Kepala of the task's OPD (also a Plt./Plh. among `hats`), releases a claim. */
export function mayRelease(user: Person, task: TaskOfOpd, hats: readonly Worker[] = []): boolean {
  return [user, ...hats].some(
    (a) => releaseRefusal(factsOf(task), { userId: user.id, role: a.role, agencyId: a.agencyCode }) === null,
  );
}

/** The Kepala of the task's OPD (or their Plt./Plh.) hands an open task over to someone else of the OPD. */
export function mayHandOver(user: Person, task: TaskOfOpd, hats: readonly Worker[] = []): boolean {
  return [user, ...hats].some(
    (a) =>
      reassignRefusal(
        factsOf(task),
        { userId: user.id, role: a.role, agencyId: a.agencyCode },
        { toUserId: '' },
      ) === null,
  );
}

/** Someone else of the OPD holds the task: only they submit it (libs/domain submitRefusal). */
export function heldByAnother(user: { id: string }, task: TaskOfOpd): boolean {
  return Boolean(task.assignee) && task.assignee!.id !== user.id && OPD_WORKING_STATES.includes(task.status);
}

/** Staff or the Kepala of the task's OPD, while the OPD owes the work (assigned, claimed or returned). */
export function maySubmit(user: Worker, task: TaskOfOpd): boolean {
  return worksFor(user, task) && OPD_WORKING_STATES.includes(task.status);
}

type ProjectUser = { id: string; role: Role; agencyCode: string };
type LedProject = { leadUser: { id: string }; leadAgency: { code: string } };

const actorOf = (user: ProjectUser) => ({ userId: user.id, role: user.role, agencyId: user.agencyCode });
const leadOf = (project: LedProject) => ({ userId: project.leadUser.id, agencyId: project.leadAgency.code });

/** The project's lead: whoever started it, or a LEAD of the lead OPD (libs/domain isProjectLead, by code). */
export function isLeadOf(user: ProjectUser, project: LedProject): boolean {
  return isProjectLead(actorOf(user), leadOf(project));
}

/** The lead, and leadership, may cancel a running project. */
export function mayCancel(user: ProjectUser, project: LedProject & { status: string }): boolean {
  return project.status === 'ACTIVE' && managesProject(actorOf(user), leadOf(project), 'cancel');
}
