/**
 * Workflow inputs and messages, defined once: the worker registers handlers
 * for them and the API sends them. Only types and @temporalio/workflow here.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Sla, WorkCalendar } from '../libs/domain/src/calendar';
import type { FormSchema } from '../libs/domain/src/form-schema';
import type { Actor } from '../libs/domain/src/roles';
import type { TaskState } from '../libs/domain/src/task-rules';
import type { EscalationPolicy } from '../libs/domain/src/template';

/**
 * Inputs of the first version (ad-hoc projects with one free-text task per OPD).
 * Kept so that histories started with them still replay; new projects start with
 * ProjectInput / StepTaskInput (`version: 2`).
 */
export interface AgencyTaskInput {
  taskId: string;
  projectId: string;
  agencyId: string;
  title: string;
  instructions: string | null;
  /** Time the OPD has before the task is escalated to its Kepala OPD. */
  slaMs: number;
}

export interface JointProjectInput {
  projectId: string;
  title: string;
  description: string | null;
  lead: Actor;
  tasks: AgencyTaskInput[];
}

export interface CompleteTaskArgs {
  actor: Actor;
  summary: string;
}

/** Failure types a refused update carries, mapped to HTTP statuses by the API. */
export const TASK_FORBIDDEN = 'TaskForbidden';
export const TASK_NOT_OPEN = 'TaskNotOpen';

export const completeTaskUpdate = defineUpdate<TaskSnapshot, [CompleteTaskArgs]>('completeTask');
export const taskSnapshotQuery = defineQuery<TaskSnapshot>('taskSnapshot');
export const projectSnapshotQuery = defineQuery<ProjectSnapshot>('projectSnapshot');

export function projectWorkflowId(projectId: string): string {
  return `joint-project-${projectId}`;
}

export function taskWorkflowId(taskId: string): string {
  return `agency-task-${taskId}`;
}

// ---------------------------------------------------------------------------
// Version 2: template-driven projects (a DAG of steps) and the task lifecycle.
// ---------------------------------------------------------------------------

/** A step with its owner resolved to an OPD: what the project workflow runs. */
export interface StepPlan {
  key: string;
  title: string;
  instructions: string;
  agencyId: string;
  agencyCode: string;
  form: FormSchema;
  sla: Sla;
  dependsOn: string[];
  escalation: EscalationPolicy;
  /** A submission completes the task at once, without review (acknowledgements, sitreps). */
  autoAccept?: boolean;
}

export interface ProjectInput {
  version: 2;
  projectId: string;
  title: string;
  description: string | null;
  lead: Actor;
  templateId: string | null;
  parameters: Record<string, string>;
  steps: StepPlan[];
  /** Office hours and holidays as data, so deadline arithmetic stays deterministic. */
  calendar: WorkCalendar;
  /** Start continue-as-new after this many history events (tests); otherwise when Temporal suggests it. */
  continueAsNewAfterEvents?: number;
  /** Carried across continue-as-new. */
  carried?: ProjectCarriedState;
}

export interface ProjectCarriedState {
  /** stepKey → taskId of every step started so far. */
  started: Record<string, string>;
  done: string[];
  /** Steps added while running (an OPD joined the project). */
  addedSteps: StepPlan[];
  runs: number;
}

export interface StepTaskInput {
  version: 2;
  taskId: string;
  projectId: string;
  projectWorkflowId: string;
  lead: Actor;
  step: StepPlan;
  calendar: WorkCalendar;
}

export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

export interface ProjectSnapshot {
  projectId: string;
  status: ProjectStatus;
  openTasks: number;
  /** Present for version-2 projects. */
  steps?: { key: string; agencyCode: string; taskId: string | null; done: boolean }[];
  runs?: number;
}

export interface TaskSnapshot {
  taskId: string;
  agencyId: string;
  state: TaskState;
  dueAt: string;
  escalationLevel: number;
  completedAt: string | null;
  assigneeId?: string | null;
  contributionVersion?: number;
  reassignmentCount?: number;
  deadlineExtended?: boolean;
  remindersSent?: number;
  /** The accepted contribution, once the task is completed. */
  values?: Record<string, unknown>;
}

export interface ClaimArgs {
  actor: Actor;
}
export interface SubmitArgs {
  actor: Actor;
  values: Record<string, unknown>;
}
export interface ReviewArgs {
  actor: Actor;
  decision: 'ACCEPT' | 'RETURN';
  note: string | null;
}
export interface ReassignArgs {
  actor: Actor;
  reason: string;
  /** Another OPD (project lead) … */
  toAgencyId?: string;
  toAgencyCode?: string;
  /** … or another staff member of the same OPD (its Kepala OPD). The API checks the user belongs to the OPD. */
  toUserId?: string;
}
export interface AnswerEscalationArgs {
  actor: Actor;
  instruction: string;
  /** The escalation answered; refused when it is no longer the task's current one. */
  escalationId?: string;
}
export interface ExtendDeadlineArgs {
  actor: Actor;
  /** The escalation answered by the extension; refused when it is no longer the task's current one. */
  escalationId?: string;
  extension: Sla;
  reason: string;
}
export interface AddAgencyArgs {
  actor: Actor;
  step: StepPlan;
}
export interface CancelProjectArgs {
  actor: Actor;
  reason: string;
}

export const claimTaskUpdate = defineUpdate<TaskSnapshot, [ClaimArgs]>('claimTask');
export const submitContributionUpdate = defineUpdate<TaskSnapshot, [SubmitArgs]>('submitContribution');
export const reviewContributionUpdate = defineUpdate<TaskSnapshot, [ReviewArgs]>('reviewContribution');
export const reassignTaskUpdate = defineUpdate<TaskSnapshot, [ReassignArgs]>('reassignTask');
export const answerEscalationUpdate = defineUpdate<TaskSnapshot, [AnswerEscalationArgs]>('answerEscalation');
export const extendDeadlineUpdate = defineUpdate<TaskSnapshot, [ExtendDeadlineArgs]>('extendDeadline');
export const addAgencyUpdate = defineUpdate<ProjectSnapshot, [AddAgencyArgs]>('addAgency');
export const cancelProjectUpdate = defineUpdate<ProjectSnapshot, [CancelProjectArgs]>('cancelProject');
/** Sent by a step's task workflow to its project when the step is done (accepted) or cancelled. */
export const stepFinishedSignal =
  defineSignal<[{ stepKey: string; taskId: string; outcome: 'DONE' | 'CANCELLED' }]>('stepFinished');

/** Failure types of refused updates, mapped to HTTP statuses by the API. */
export const INVALID_CONTRIBUTION = 'InvalidContribution';
export const INVALID_REQUEST = 'InvalidRequest';

// ---------------------------------------------------------------------------
// Emergencies: an incident mobilises OPDs, collects sitreps and resource
// requests, all as agency tasks (the same lifecycle, ladder and projections).
// ---------------------------------------------------------------------------

export type IncidentStatus = 'SIAGA_DARURAT' | 'TANGGAP_DARURAT' | 'TRANSISI_DARURAT' | 'CLOSED';

export interface MobilisedAgency {
  agencyId: string;
  agencyCode: string;
  clusters: string[];
}

export interface IncidentInput {
  incidentId: string;
  projectId: string;
  title: string;
  description: string | null;
  type: string;
  severity: 'RINGAN' | 'SEDANG' | 'BERAT';
  status: IncidentStatus;
  declaredBy: Actor;
  /** The command OPD (BPBD): with leadership, it changes status, mobilises and assigns. */
  commandAgencyId: string;
  affectedKecamatan: string[];
  affectedDesa: string[];
  mobilised: MobilisedAgency[];
  acknowledgeWithin: Sla;
  sitrepEvery: Sla;
  escalation: EscalationPolicy;
  acknowledgementForm: FormSchema;
  sitrepForm: FormSchema;
  calendar: WorkCalendar;
  continueAsNewAfterEvents?: number;
  carried?: IncidentCarriedState;
}

export interface IncidentAgencyState extends MobilisedAgency {
  mobilisedAt: number;
  released: boolean;
  acknowledged: boolean;
  sitrepsStarted: number;
}

export interface IncidentCarriedState {
  status: IncidentStatus;
  agencies: IncidentAgencyState[];
  /** Workflow ids of tasks and requests still open, cancelled when the incident closes. */
  open: string[];
  /** workflowId → agencyId of open tasks (absent in runs carried before it existed). */
  openOwners?: Record<string, string>;
  runs: number;
  taskSeq: number;
}

export interface IncidentSnapshot {
  incidentId: string;
  status: IncidentStatus;
  agencies: IncidentAgencyState[];
  openWork: number;
  runs: number;
}

export interface ChangeIncidentStatusArgs {
  actor: Actor;
  to: IncidentStatus;
  reason: string | null;
}
export interface MobiliseArgs {
  actor: Actor;
  agency: MobilisedAgency;
}
export interface ReleaseArgs {
  actor: Actor;
  agencyId: string;
  reason: string;
}
export interface AssignIncidentTaskArgs {
  actor: Actor;
  step: StepPlan;
}
export interface RequestResourceArgs {
  actor: Actor;
  requestId: string;
  from: { agencyId: string; agencyCode: string };
  to: { agencyId: string; agencyCode: string };
  item: string;
  quantity: number;
  unit: string;
}

export const changeIncidentStatusUpdate = defineUpdate<IncidentSnapshot, [ChangeIncidentStatusArgs]>(
  'changeIncidentStatus',
);
export const mobiliseAgencyUpdate = defineUpdate<IncidentSnapshot, [MobiliseArgs]>('mobiliseAgency');
export const releaseAgencyUpdate = defineUpdate<IncidentSnapshot, [ReleaseArgs]>('releaseAgency');
export const assignIncidentTaskUpdate = defineUpdate<IncidentSnapshot, [AssignIncidentTaskArgs]>(
  'assignIncidentTask',
);
export const requestResourceUpdate = defineUpdate<IncidentSnapshot, [RequestResourceArgs]>('requestResource');
export const incidentSnapshotQuery = defineQuery<IncidentSnapshot>('incidentSnapshot');

export interface ResourceRequestInput {
  requestId: string;
  incidentId: string;
  projectId: string;
  incidentWorkflowId: string;
  lead: Actor;
  requestedBy: Actor;
  from: { agencyId: string; agencyCode: string };
  to: { agencyId: string; agencyCode: string };
  item: string;
  quantity: number;
  unit: string;
  respondWithin: Sla;
  deliverWithin: Sla;
  escalation: EscalationPolicy;
  calendar: WorkCalendar;
}

export type ResourceRequestStatus = 'REQUESTED' | 'COMMITTED' | 'SENT' | 'RECEIVED' | 'REFUSED' | 'CANCELLED';

export function incidentWorkflowId(incidentId: string): string {
  return `incident-${incidentId}`;
}

export function resourceRequestWorkflowId(requestId: string): string {
  return `resource-request-${requestId}`;
}
