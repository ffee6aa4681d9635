import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import {
  PROJECT_STARTER_ROLES,
  REGENCY_WIDE_READ_ROLES,
  TEMPLATE_AUTHOR_ROLES,
  type Role,
} from '@gotong/domain/roles';
import {
  claimRefusal,
  escalationAnswerRefusal,
  extensionRefusal,
  FINISHED_STATES,
  isProjectLead,
  reassignRefusal,
  reviewRefusal,
  submitRefusal,
  type Refusal,
  type TaskFacts,
} from '@gotong/domain/task-rules';
import type { AuthContext } from './auth-context';

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
  | 'data.overview';

/** What a caller wants to do to one task (with the details the rules need). */
export type TaskAction =
  | { action: 'read' }
  | { action: 'claim' }
  | { action: 'submit' }
  | { action: 'review'; decision: 'ACCEPT' | 'RETURN'; note: string | null }
  | { action: 'reassign'; toAgencyId?: string; toUserId?: string }
  | { action: 'answer-escalation' }
  | { action: 'extend-deadline' };

const ROLE_PERMISSIONS: Record<RolePermission, readonly Role[]> = {
  'project.create': PROJECT_STARTER_ROLES,
  'template.write': TEMPLATE_AUTHOR_ROLES,
  'scorecard.read': ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD'],
  'escalation.board': ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD', 'LEAD'],
  'notification.admin': ['ADMIN'],
  'data.standard': ['WALIDATA', 'ADMIN'],
  'data.request': ['WALIDATA', 'LEAD'],
  'data.arbiter': ['WALIDATA'],
  'data.overview': ['LEADERSHIP', 'WALIDATA', 'ADMIN'],
};

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
 * tasks (read-only); leadership and admins read everything. Unknown ids are
 * 404, known but foreign ones 403, finished work 409. Actions on tasks use the
 * same rules as the workflows' Update validators (libs/domain/src/task-rules),
 * checked here against the projection and there against the workflow state.
 */
@Injectable()
export class AccessService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  requireRole(auth: AuthContext, permission: RolePermission): void {
    const roles = ROLE_PERMISSIONS[permission];
    if (!roles.includes(auth.role)) {
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    }
  }

  /** Read access to a project; returns its lead for further checks. */
  async requireProjectRead(
    auth: AuthContext,
    projectId: string,
  ): Promise<{ userId: string; agencyId: string }> {
    const project = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { leadUserId: true, leadAgencyId: true },
    });
    if (!project) throw new NotFoundException(`project ${projectId} not found`);
    const lead = { userId: project.leadUserId, agencyId: project.leadAgencyId };
    if (REGENCY_WIDE_READ_ROLES.includes(auth.role) || isProjectLead(auth, lead)) return lead;
    if (project.leadAgencyId === auth.agencyId) return lead;
    const participant = await this.db.projectAgency.count({ where: { projectId, agencyId: auth.agencyId } });
    if (participant === 0) throw new ForbiddenException('your OPD does not take part in this project');
    return lead;
  }

  /** Changing a project (adding an OPD, cancelling): its lead, and for cancelling also leadership. */
  async requireProjectManage(
    auth: AuthContext,
    projectId: string,
    what: 'add-agency' | 'cancel',
  ): Promise<void> {
    const lead = await this.requireProjectRead(auth, projectId);
    const mayCancel = what === 'cancel' && auth.role === 'LEADERSHIP';
    if (!isProjectLead(auth, lead) && !mayCancel) {
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
  ): Promise<TaskFacts & { projectId: string }> {
    const task = await this.db.task.findUnique({
      where: { id: taskId },
      select: {
        agencyId: true,
        projectId: true,
        status: true,
        escalationLevel: true,
        deadlineExtended: true,
        project: { select: { leadUserId: true, leadAgencyId: true } },
      },
    });
    if (!task) throw new NotFoundException(`task ${taskId} not found`);
    const facts = {
      projectId: task.projectId,
      agencyId: task.agencyId,
      state: task.status,
      escalationLevel: task.escalationLevel,
      deadlineExtended: task.deadlineExtended,
      lead: { userId: task.project.leadUserId, agencyId: task.project.leadAgencyId },
    };
    // Whoever acts on a task must at least be able to read it: own OPD, participant, lead, leadership.
    if (task.agencyId !== auth.agencyId) {
      await this.requireProjectRead(auth, task.projectId).catch((error: unknown) => {
        throw error instanceof ForbiddenException
          ? new ForbiddenException('this task belongs to another OPD')
          : error;
      });
    }
    const refusal = this.taskRefusal(facts, auth, wanted);
    if (refusal) throw refusalToHttp(refusal);
    return facts;
  }

  private taskRefusal(facts: TaskFacts, auth: AuthContext, wanted: TaskAction): Refusal | null {
    switch (wanted.action) {
      case 'read':
        return null;
      case 'claim':
        return claimRefusal(facts, auth);
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

  /** Where a caller's view of escalations and scorecards is limited to its own OPD. */
  ownAgencyOnly(auth: AuthContext): string | null {
    return REGENCY_WIDE_READ_ROLES.includes(auth.role) ? null : auth.agencyId;
  }

  isOpen(state: TaskFacts['state']): boolean {
    return !FINISHED_STATES.includes(state);
  }
}
