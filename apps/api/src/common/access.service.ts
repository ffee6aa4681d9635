import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { appointmentsInForce } from '@gotong/database/acting';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { actingHat } from '@gotong/domain/acting';
import { COMMAND_AGENCY } from '@gotong/domain/emergency';
import {
  commandsIncident,
  isProjectLead,
  managesProject,
  managesUser,
  mayRole,
  readsRegencyWide,
  ROLE_PERMISSIONS,
  versionsTemplate,
  type RolePermission,
} from '@gotong/domain/permissions';
import { DEFAULT_TEMPLATE_OWNER } from '@gotong/domain/template';
import {
  claimRefusal,
  releaseRefusal,
  escalationAnswerRefusal,
  extensionRefusal,
  FINISHED_STATES,
  reassignRefusal,
  reviewRefusal,
  submitRefusal,
  type Refusal,
  type TaskFacts,
} from '@gotong/domain/task-rules';
import type { Actor, Role } from '@gotong/domain/roles';
import { actorOf, type AuthContext } from './auth-context';

/** Permissions that need no object, only a role (the table: libs/domain/src/permissions.ts). */
export type { RolePermission } from '@gotong/domain/permissions';

/** What a caller wants to do to one task (with the details the rules need). */
export type TaskAction =
  | { action: 'read' }
  /** Read what the OPD submitted (contribution values, review notes): permission work.content. */
  | { action: 'read-content' }
  | { action: 'claim' }
  | { action: 'release' }
  | { action: 'submit' }
  | { action: 'review'; decision: 'ACCEPT' | 'RETURN'; note: string | null }
  | { action: 'reassign'; toAgencyId?: string; toUserId?: string }
  | { action: 'answer-escalation' }
  | { action: 'extend-deadline' };

/**
 * What a caller wants to do to one incident: read it (its dashboard and sitreps), steer it (status,
 * mobilisation, release, tasks), or ask another OPD for resources during it. For a resource request the API
 * checks read access only: that the caller is staff or head of a mobilised requesting OPD
 * (permissions requestsResourcesFor) is checked by the incident workflow's validator, after it has checked
 * that the incident is still open.
 */
export type IncidentAction = 'read' | 'command' | 'request-resource';

/** A refusal from the domain rules as the HTTP error the caller gets. */
export function refusalToHttp(refusal: Refusal): Error {
  switch (refusal.kind) {
    case 'FORBIDDEN':
      return new ForbiddenException(refusal.message);
    case 'NOT_OPEN':
      return new ConflictException(refusal.message);
    case 'INVALID':
      return new BadRequestException({ message: [refusal.message], error: 'Bad Request', statusCode: 400 });
  }
}

/**
 * Object-level authorisation, one explicit call at the top of each service
 * method. An OPD sees its own tasks; a participant OPD (one with a task in the
 * project, or added to it) and the project's lead read the project and its
 * tasks (read-only); leadership and admins read everything. A mobilised OPD
 * reads an incident; the command (BPBD) and leadership steer it. Unknown ids
 * are 404, known but foreign ones 403, finished work 409. The rules themselves
 * live in libs/domain/src/permissions.ts (roles, who works, leads, commands,
 * answers) and libs/domain/src/task-rules.ts (actions on tasks); the workflows'
 * Update validators use the same functions, checked here against the
 * projection and there against the workflow state.
 */
@Injectable()
export class AccessService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  requireRole(auth: AuthContext, permission: RolePermission): void {
    if (!mayRole(auth.role, permission)) {
      throw new ForbiddenException(`this needs one of the roles: ${ROLE_PERMISSIONS[permission].join(', ')}`);
    }
  }

  /**
   * Managing an account as it is or will be (role and OPD): admins every account, a Kepala OPD the STAFF of
   * their own OPD (permissions managesUser).
   */
  requireUserManage(auth: AuthContext, target: { role: Role; agencyId: string }): void {
    this.requireRole(auth, 'user.admin');
    if (!managesUser(auth, target)) {
      throw new ForbiddenException(
        `a Kepala OPD manages only the STAFF of their own OPD (${auth.agencyCode})`,
      );
    }
  }

  /** Managing one existing account; returns it (404 unknown). */
  async requireUserAccount(auth: AuthContext, userId: string) {
    this.requireRole(auth, 'user.admin');
    const user = await this.db.user.findUnique({
      where: { id: userId },
      select: { id: true, username: true, role: true, agencyId: true, active: true },
    });
    if (!user) throw new NotFoundException(`user ${userId} not found`);
    this.requireUserManage(auth, user);
    return user;
  }

  /** The accounts a caller may list: every one for admins, its own OPD's for a Kepala OPD. */
  manageableUsers(auth: AuthContext): Prisma.UserWhereInput {
    this.requireRole(auth, 'user.admin');
    return auth.role === 'ADMIN' ? {} : { agencyId: auth.agencyId };
  }

  /**
   * Publishing a new version of an existing template: an ADMIN, or a LEAD of the template's owning OPD
   * (permissions versionsTemplate). Returns the owner the new version keeps.
   */
  async requireTemplateVersion(
    auth: AuthContext,
    code: string,
    ownerAgencyId: string | null,
  ): Promise<string | null> {
    this.requireRole(auth, 'template.write');
    if (!versionsTemplate(auth, { ownerAgencyId })) {
      const owner = ownerAgencyId
        ? await this.db.agency.findUnique({ where: { id: ownerAgencyId }, select: { code: true } })
        : null;
      throw new ForbiddenException(
        owner
          ? `template ${code} belongs to ${owner.code}: only a LEAD of ${owner.code} or an ADMIN publishes a new version`
          : `template ${code} has no owning OPD: only an ADMIN publishes a new version`,
      );
    }
    return ownerAgencyId;
  }

  /** The owner of a new template code: the creating LEAD's OPD, or (created by an ADMIN) the planning agency. */
  async newTemplateOwner(auth: AuthContext): Promise<string | null> {
    this.requireRole(auth, 'template.write');
    if (auth.role !== 'ADMIN') return auth.agencyId;
    const planning = await this.db.agency.findUnique({
      where: { code: DEFAULT_TEMPLATE_OWNER },
      select: { id: true },
    });
    return planning?.id ?? null;
  }

  /** Read access to a project; returns its lead for further checks. */
  async requireProjectRead(
    auth: AuthContext,
    projectId: string,
    content = false,
  ): Promise<{ userId: string; agencyId: string }> {
    const project = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { leadUserId: true, leadAgencyId: true },
    });
    if (!project) throw new NotFoundException(`project ${projectId} not found`);
    const lead = { userId: project.leadUserId, agencyId: project.leadAgencyId };
    // Reading content (contribution values, notes) regency-wide is leadership's only (work.content), not ADMIN's.
    const regencyWide = content ? mayRole(auth.role, 'work.content') : readsRegencyWide(auth.role);
    if (regencyWide || isProjectLead(auth, lead)) return lead;
    if (project.leadAgencyId === auth.agencyId) return lead;
    const participant = await this.db.projectAgency.count({ where: { projectId, agencyId: auth.agencyId } });
    if (participant === 0) {
      throw new ForbiddenException(
        content && readsRegencyWide(auth.role)
          ? `reading what an OPD submitted (contribution values, notes) needs one of the roles: ${ROLE_PERMISSIONS['work.content'].join(', ')}, or an OPD taking part`
          : 'your OPD does not take part in this project',
      );
    }
    return lead;
  }

  /** Changing a project (adding an OPD, cancelling): its lead, and for cancelling also leadership. */
  async requireProjectManage(
    auth: AuthContext,
    projectId: string,
    what: 'add-agency' | 'cancel',
  ): Promise<void> {
    const lead = await this.requireProjectRead(auth, projectId);
    if (!managesProject(auth, lead, what)) {
      throw new ForbiddenException(
        what === 'cancel'
          ? 'only the project lead or leadership cancels a project'
          : 'only the project lead adds an OPD',
      );
    }
    const { status } = await this.db.jointProject.findUniqueOrThrow({
      where: { id: projectId },
      select: { status: true },
    });
    if (status !== 'ACTIVE') throw new ConflictException(`the project is ${status.toLowerCase()}`);
  }

  /** Access to one task for an action; returns the facts the check used. */
  async requireTask(
    auth: AuthContext,
    taskId: string,
    wanted: TaskAction,
  ): Promise<TaskFacts & { projectId: string; workflowId: string }> {
    const task = await this.db.task.findUnique({
      where: { id: taskId },
      select: {
        workflowId: true,
        agencyId: true,
        projectId: true,
        status: true,
        escalationLevel: true,
        deadlineExtended: true,
        assigneeId: true,
        project: { select: { leadUserId: true, leadAgencyId: true } },
      },
    });
    if (!task) throw new NotFoundException(`task ${taskId} not found`);
    const facts = {
      projectId: task.projectId,
      // Where the API sends the action, read with the facts rather than by one more statement (TasksService.send).
      workflowId: task.workflowId,
      agencyId: task.agencyId,
      state: task.status,
      escalationLevel: task.escalationLevel,
      deadlineExtended: task.deadlineExtended,
      lead: { userId: task.project.leadUserId, agencyId: task.project.leadAgencyId },
      assigneeId: task.assigneeId,
    };
    // Whoever acts on a task must at least be able to read it: own OPD, participant, lead, leadership.
    if (task.agencyId !== auth.agencyId) {
      const content = wanted.action === 'read-content';
      await this.requireProjectRead(auth, task.projectId, content).catch((error: unknown) => {
        throw error instanceof ForbiddenException && !(content && readsRegencyWide(auth.role))
          ? new ForbiddenException('this task belongs to another OPD')
          : error;
      });
    }
    const refusal = this.taskRefusal(facts, auth, wanted);
    if (refusal) throw refusalToHttp(refusal);
    return facts;
  }

  /**
   * Access to one task for an action, as the caller or, when that is refused, in a post the caller stands in
   * for (a Plt./Plh. appointment in force, libs/domain/src/acting.ts). Returns the facts and the actor that
   * was allowed: the one to pass to the workflow, whose validator checks it again.
   */
  async requireTaskAs(
    auth: AuthContext,
    taskId: string,
    wanted: TaskAction,
  ): Promise<{ facts: TaskFacts & { projectId: string; workflowId: string }; actor: Actor }> {
    try {
      return { facts: await this.requireTask(auth, taskId, wanted), actor: actorOf(auth) };
    } catch (refused) {
      if (!(refused instanceof ForbiddenException)) throw refused;
      for (const hat of await this.actingHats(auth)) {
        try {
          return { facts: await this.requireTask({ ...auth, ...hat }, taskId, wanted), actor: hat };
        } catch (error) {
          if (!(error instanceof ForbiddenException)) throw error;
        }
      }
      throw refused;
    }
  }

  /**
   * The actors the caller may act as now besides themself: one per Plt./Plh. appointment in force (the
   * Kepala OPD of that OPD, or leadership for the Sekda), each carrying `acting` for the audit.
   */
  async actingHats(auth: Pick<AuthContext, 'userId' | 'agencyId'>, at = new Date()): Promise<Actor[]> {
    const appointments = await appointmentsInForce(this.db, { actingUserId: auth.userId }, at);
    return appointments.map((a) => actingHat(a, auth, a.postName));
  }

  /** The caller and every post they stand in for now. */
  async actorsOf(auth: AuthContext): Promise<Actor[]> {
    return [actorOf(auth), ...(await this.actingHats(auth))];
  }

  private taskRefusal(facts: TaskFacts, auth: AuthContext, wanted: TaskAction): Refusal | null {
    switch (wanted.action) {
      case 'read':
      case 'read-content':
        return null;
      case 'claim':
        return claimRefusal(facts, auth);
      case 'release':
        return releaseRefusal(facts, auth);
      case 'submit':
        return submitRefusal(facts, auth);
      case 'review':
        return reviewRefusal(facts, auth, wanted.decision, wanted.note);
      case 'reassign':
        return reassignRefusal(facts, auth, wanted);
      case 'answer-escalation':
        return escalationAnswerRefusal(facts, auth);
      case 'extend-deadline':
        return extensionRefusal(facts, auth);
    }
  }

  /**
   * Access to one incident for an action; returns what the check read. Read: leadership and admins, the
   * declarer, and every OPD ever mobilised for it (404 unknown, 403 otherwise). Command: read access, then
   * the command (BPBD) staff and head or leadership (permissions commandsIncident).
   */
  async requireIncident(auth: AuthContext, incidentId: string, action: IncidentAction) {
    const incident = await this.db.incident.findUnique({
      where: { id: incidentId },
      select: { id: true, projectId: true, declaredById: true, status: true },
    });
    if (!incident) throw new NotFoundException(`incident ${incidentId} not found`);
    if (!readsRegencyWide(auth.role) && incident.declaredById !== auth.userId) {
      const mobilised = await this.db.incidentAgency.count({
        where: { incidentId, agencyId: auth.agencyId },
      });
      if (mobilised === 0) throw new ForbiddenException('your OPD is not mobilised for this incident');
    }
    switch (action) {
      case 'read':
      case 'request-resource':
        return incident;
      case 'command':
        await this.requireIncidentCommand(auth);
        return incident;
    }
  }

  /** Declaring (and steering) an emergency: the command (BPBD) staff and head, or leadership. Returns BPBD's id. */
  async requireIncidentCommand(auth: AuthContext): Promise<string> {
    const command = await this.commandAgencyId();
    if (!commandsIncident(auth, command)) {
      throw new ForbiddenException('only BPBD (the command) or leadership declare and steer an emergency');
    }
    return command;
  }

  /** The incidents a caller may list: the same readers as requireIncident's. */
  visibleIncidents(auth: AuthContext): Prisma.IncidentWhereInput {
    return readsRegencyWide(auth.role)
      ? {}
      : { OR: [{ declaredById: auth.userId }, { agencies: { some: { agencyId: auth.agencyId } } }] };
  }

  /** The id of the OPD that commands every emergency (COMMAND_AGENCY, BPBD). */
  private async commandAgencyId(): Promise<string> {
    const command = await this.db.agency.findUniqueOrThrow({
      where: { code: COMMAND_AGENCY },
      select: { id: true },
    });
    return command.id;
  }

  /** Where a caller's view of escalations and scorecards is limited to its own OPD. */
  ownAgencyOnly(auth: AuthContext): string | null {
    return readsRegencyWide(auth.role) ? null : auth.agencyId;
  }

  isOpen(state: TaskFacts['state']): boolean {
    return !FINISHED_STATES.includes(state);
  }
}
