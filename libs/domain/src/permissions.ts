/**
 * Who may do what: the one home of Gotong's access rules (docs/domain.md, "Roles and offices"). The API
 * (apps/api/src/common/access.service.ts), the workflows' Update validators and the web app's menus all ask
 * these functions; none keeps a role list of its own.
 *
 * Two kinds of rule:
 * - role permissions, which need no object: `mayRole(role, 'project.create')`;
 * - object rules, which compare the actor's OPD with the object's: who works a task, who leads a project,
 *   who commands an incident, who answers an escalation. They only ever compare an actor's `agencyId` with
 *   the object's agency, so they hold for agency ids (API, workflows) and for agency codes (the web app,
 *   which knows the signed-in user's OPD by code) alike, as long as both sides are of the same kind.
 *
 * Pure and deterministic so that Temporal workflow code can import it: no I/O, no clock, no Node built-ins.
 */
import type { Actor, LeadershipOffice, Role } from './roles';

/** The part of an actor the object rules look at. */
export type RoleInAgency = Pick<Actor, 'role' | 'agencyId'>;

// ---------------------------------------------------------------------------------------------------------
// Role permissions

/** Permissions that need no object, only a role. */
export type RolePermission =
  | 'project.create'
  | 'template.write'
  | 'scorecard.read'
  | 'escalation.board'
  | 'notification.admin'
  | 'data.standard'
  | 'data.request'
  | 'data.arbiter'
  | 'data.overview'
  | 'data.all-opd'
  | 'work.content'
  | 'data.personal-names'
  | 'calendar.write'
  | 'agency.admin'
  | 'user.admin'
  | 'temporal.payloads';

/** Which roles hold each role permission (in the order the API names them in a 403). */
export const ROLE_PERMISSIONS: Readonly<Record<RolePermission, readonly Role[]>> = {
  /** Start joint projects. */
  'project.create': ['LEAD', 'LEADERSHIP'],
  /** Define and version joint-work templates. */
  'template.write': ['ADMIN', 'LEAD'],
  /** OPD scorecards (a Kepala OPD sees its own OPD's). */
  'scorecard.read': ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD'],
  /** The escalation board (a Kepala OPD sees its own OPD's, a lead its projects'). */
  'escalation.board': ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD', 'LEAD'],
  /** Failed notification deliveries and their retry. */
  'notification.admin': ['ADMIN'],
  /** Define indicator standards (Satu Data). */
  'data.standard': ['WALIDATA', 'ADMIN'],
  /** Ask the producing OPDs for data. */
  'data.request': ['WALIDATA', 'LEAD'],
  /** Decide conflicting figures. */
  'data.arbiter': ['WALIDATA'],
  /** Completeness, open conflicts and overdue requests across the regency. */
  'data.overview': ['LEADERSHIP', 'WALIDATA', 'ADMIN'],
  /**
   * See every OPD's conflicting figures, reconciliations and data requests (others see those their own OPD's
   * figures or tasks are part of). Not ADMIN: figures an OPD submitted are its work, not configuration.
   */
  'data.all-opd': ['LEADERSHIP', 'WALIDATA'],
  /**
   * Read the content of any OPD's work (contribution values, review notes) regency-wide; everyone else reads it
   * only where their OPD holds the task, takes part in or leads the project. ADMIN administers people, OPDs,
   * templates, calendars, indicators and notifications, and reads the state of work regency-wide (projects,
   * tasks, escalations, scorecards) but not its content: a regency's data-protection officer asks that the
   * operator of the system does not read what OPDs submit (UU 27/2022, data minimisation).
   */
  'work.content': ['LEADERSHIP'],
  /**
   * See who submitted, verified and reconciled a published figure by name and position (the data custodians, who
   * follow a figure up with the person). Everyone else, and the public, see provenance by OPD and role only:
   * UU 27/2022 (personal data protection) asks for no more personal data than the purpose needs.
   */
  'data.personal-names': ['WALIDATA', 'ADMIN'],
  /** Holidays and cuti bersama in the working-day calendar. */
  'calendar.write': ['ADMIN'],
  /** Create, rename and deactivate OPDs (the regency reorganises its offices). */
  'agency.admin': ['ADMIN'],
  /** Manage user accounts: admins every user, a Kepala OPD the staff of their own OPD (managesUser). */
  'user.admin': ['ADMIN', 'AGENCY_HEAD'],
  /** Decrypt and encrypt Temporal payloads through the codec endpoint (the Temporal UI, an operator's). */
  'temporal.payloads': ['ADMIN'],
};

export const ROLE_PERMISSION_NAMES = Object.keys(ROLE_PERMISSIONS) as readonly RolePermission[];

export function mayRole(role: Role, permission: RolePermission): boolean {
  return ROLE_PERMISSIONS[permission].includes(role);
}

// ---------------------------------------------------------------------------------------------------------
// Role groups

/** Roles that work an OPD's tasks: its staff and its head (Kepala OPD). */
export const TASK_WORKER_ROLES: readonly Role[] = ['STAFF', 'AGENCY_HEAD'];
/** Roles that see every project, incident, escalation and scorecard in the regency. */
export const REGENCY_WIDE_READ_ROLES: readonly Role[] = ['LEADERSHIP', 'ADMIN'];

/** Staff or the head of some OPD: someone who works tasks (of their own OPD only; see worksForAgency). */
export function isTaskWorker(role: Role): boolean {
  return TASK_WORKER_ROLES.includes(role);
}

/** Leadership and admins read everything; everyone else what their OPD takes part in. */
export function readsRegencyWide(role: Role): boolean {
  return REGENCY_WIDE_READ_ROLES.includes(role);
}

// ---------------------------------------------------------------------------------------------------------
// Object rules

/** Works the tasks of this OPD: its staff or its head. */
export function worksForAgency(actor: RoleInAgency, agencyId: string): boolean {
  return isTaskWorker(actor.role) && actor.agencyId === agencyId;
}

/** The Kepala OPD of this OPD. */
export function headsAgency(actor: RoleInAgency, agencyId: string): boolean {
  return actor.role === 'AGENCY_HEAD' && actor.agencyId === agencyId;
}

/** The project's lead: the user who started it, or a LEAD of the lead OPD. */
export function isProjectLead(
  actor: Pick<Actor, 'userId' | 'role' | 'agencyId'>,
  lead: { userId: string; agencyId: string },
): boolean {
  return actor.userId === lead.userId || (actor.role === 'LEAD' && actor.agencyId === lead.agencyId);
}

/**
 * Changes a running project: its lead adds OPDs; its lead or leadership cancels it; its lead or a walidata
 * (`data.arbiter`) ends it as resolved when their decision answered its question (a reconciliation's project).
 */
export function managesProject(
  actor: Pick<Actor, 'userId' | 'role' | 'agencyId'>,
  lead: { userId: string; agencyId: string },
  what: 'add-agency' | 'cancel' | 'resolve',
): boolean {
  return (
    isProjectLead(actor, lead) ||
    (what === 'cancel' && actor.role === 'LEADERSHIP') ||
    (what === 'resolve' && mayRole(actor.role, 'data.arbiter'))
  );
}

/**
 * Declares and steers an emergency (status, mobilisation, release, tasks): leadership, or the staff and head
 * of the command OPD (BPBD, COMMAND_AGENCY in ./emergency).
 */
export function commandsIncident(actor: RoleInAgency, commandAgencyId: string): boolean {
  return actor.role === 'LEADERSHIP' || worksForAgency(actor, commandAgencyId);
}

/** Asks another mobilised OPD for resources on behalf of `fromAgencyId`: that OPD's staff or head. */
export function requestsResourcesFor(actor: RoleInAgency, fromAgencyId: string): boolean {
  return worksForAgency(actor, fromAgencyId);
}

/** The offices that answer each level above the first (a higher office answers a lower level too). */
export const ESCALATION_LEVEL_OFFICES: Readonly<Record<2 | 3, readonly LeadershipOffice[]>> = {
  2: ['SEKDA', 'BUPATI', 'WAKIL_BUPATI'],
  3: ['BUPATI', 'WAKIL_BUPATI'],
};

/**
 * The offices above every OPD: the Bupati and Wakil Bupati have no one above them in the regency, so the own-OPD
 * rule does not apply to them (their users sit in SETDA, whose tasks would otherwise have no one to answer).
 */
const TOP_OFFICES: readonly LeadershipOffice[] = ESCALATION_LEVEL_OFFICES[3];

/** An escalation as the answer rule sees it: its level, the OPD holding the task, the project's lead. */
export interface EscalationFacts {
  level: number;
  /** The OPD that holds (owes) the task. */
  agencyId: string;
  lead: { userId: string; agencyId: string };
}

/**
 * Why this actor may not answer (instruct) or extend this escalation, or null when they may. Separation of
 * duties (issue #15):
 *
 * - nobody of the task's own OPD: its staff, its Kepala, a Plt./Plh. of its Kepala post (who acts with that
 *   OPD), nor a leadership user or LEAD whose OPD it is; the Bupati and Wakil Bupati excepted (TOP_OFFICES);
 * - level 1 (Kepala OPD): since the holder's own Kepala is out, the project's lead OPD (the user who started
 *   the project, its LEADs, its Kepala) or leadership;
 * - level 2 (Sekda): the Sekda (or a Plt./Plh. of the post), the Bupati or the Wakil Bupati;
 * - level 3 (Bupati / Wakil Bupati): the Bupati or the Wakil Bupati only.
 *
 * Notifications are not this rule: the holder's Kepala is still told of a level-1 escalation and acts inside the
 * OPD (hand-over, reassignment).
 */
export function escalationAnswerProblem(
  actor: Pick<Actor, 'userId' | 'role' | 'agencyId' | 'office'>,
  escalation: EscalationFacts,
): string | null {
  const office = actor.role === 'LEADERSHIP' ? (actor.office ?? null) : null;
  const top = office !== null && TOP_OFFICES.includes(office);
  if (actor.agencyId === escalation.agencyId && !top) {
    return "separation of duties: nobody of the task's own OPD answers or extends its escalation";
  }
  if (escalation.level <= 1) {
    const leadOpd = isProjectLead(actor, escalation.lead) || headsAgency(actor, escalation.lead.agencyId);
    return actor.role === 'LEADERSHIP' || leadOpd
      ? null
      : "a level-1 escalation is answered by the project's lead OPD (its LEAD or Kepala) or by leadership";
  }
  const offices = ESCALATION_LEVEL_OFFICES[escalation.level >= 3 ? 3 : 2];
  if (office !== null && offices.includes(office)) return null;
  return escalation.level >= 3
    ? `a level-${escalation.level} escalation is answered by the Bupati or the Wakil Bupati`
    : `a level-${escalation.level} escalation is answered by the Sekda (or their Plt./Plh.), the Bupati or the Wakil Bupati`;
}

/** Answers (instructs) or extends an escalation: escalationAnswerProblem finds nothing. */
export function answersEscalation(
  actor: Pick<Actor, 'userId' | 'role' | 'agencyId' | 'office'>,
  escalation: EscalationFacts,
): boolean {
  return escalationAnswerProblem(actor, escalation) === null;
}

/**
 * The rule before separation of duties (level 1 the Kepala of the task's OPD or leadership, levels 2 and 3
 * leadership): kept only so the task workflow's handlers replay histories recorded before it (patched
 * 'escalation-separation-of-duties'); nothing else may use it.
 */
export function answersEscalationBeforeSeparation(
  actor: RoleInAgency,
  escalation: { level: number; agencyId: string },
): boolean {
  return actor.role === 'LEADERSHIP' || (escalation.level === 1 && headsAgency(actor, escalation.agencyId));
}

/**
 * Publishes a new version of a template: an ADMIN, or a LEAD of the template's owning OPD (a template without
 * an owner only an ADMIN). A template version changes every project started from it afterwards.
 */
export function versionsTemplate(actor: RoleInAgency, template: { ownerAgencyId: string | null }): boolean {
  if (actor.role === 'ADMIN') return true;
  return (
    actor.role === 'LEAD' && template.ownerAgencyId !== null && actor.agencyId === template.ownerAgencyId
  );
}

/**
 * Reads a data conflict or reconciliation: those who see every OPD's figures (data.all-opd), or an OPD whose
 * own figures are part of it.
 */
export function readsDataDispute(actor: RoleInAgency, agencyIds: readonly string[]): boolean {
  return mayRole(actor.role, 'data.all-opd') || agencyIds.includes(actor.agencyId);
}

/**
 * Manages a user account (creates, edits, deactivates, resets its password): an admin any account; a Kepala
 * OPD the STAFF of their own OPD only. For a change, ask it for the account as it is and as it will be, so a
 * Kepala OPD can neither promote staff nor move them to another OPD.
 */
export function managesUser(actor: RoleInAgency, target: Pick<Actor, 'role' | 'agencyId'>): boolean {
  if (actor.role === 'ADMIN') return true;
  return target.role === 'STAFF' && headsAgency(actor, target.agencyId);
}

/**
 * Appoints a Plt. or Plh. (./acting.ts) to a post: an admin to any post; a Kepala OPD to their own post (while
 * they are away); the Bupati to the Sekda's post.
 */
export function appointsActing(
  actor: RoleInAgency & { office?: string | null },
  post: { kind: 'AGENCY_HEAD'; agencyId: string } | { kind: 'SEKDA' },
): boolean {
  if (actor.role === 'ADMIN') return true;
  if (post.kind === 'SEKDA') return actor.role === 'LEADERSHIP' && actor.office === 'BUPATI';
  return headsAgency(actor, post.agencyId);
}
