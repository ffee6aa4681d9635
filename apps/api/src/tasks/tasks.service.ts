import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { taskWorkflowId, type TaskSnapshot } from '@gotong/contracts/task';
import { mayRole, readsRegencyWide, worksForAgency } from '@gotong/domain/permissions';
import {
  claimTaskUpdate,
  reassignTaskUpdate,
  reviewContributionUpdate,
  submitContributionUpdate,
} from '@gotong/workflows/task/messages';
import { AccessService } from '../common/access.service';
import { actorOf, type AuthContext } from '../common/auth-context';
import { Idempotency, type Attempt } from '../common/idempotency';
import type { Page } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import { SubmissionCheckService } from '../data/submission-check.service';
import type { InboxQuery, ReassignDto, ReviewDto, SubmitContributionDto } from './tasks.dto';

const taskView = {
  id: true,
  stepKey: true,
  title: true,
  instructions: true,
  form: true,
  status: true,
  dueAt: true,
  escalationLevel: true,
  reassignmentCount: true,
  deadlineExtended: true,
  result: true,
  completedAt: true,
  createdAt: true,
  agency: { select: { code: true, name: true } },
  assignee: { select: { id: true, fullName: true } },
  project: { select: { id: true, title: true, status: true } },
  completedBy: { select: { id: true, fullName: true } },
} satisfies Prisma.TaskSelect;

export type TaskView = Prisma.TaskGetPayload<{ select: typeof taskView }>;

@Injectable()
export class TasksService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    private readonly access: AccessService,
    private readonly workflows: WorkflowGateway,
    private readonly submissionCheck: SubmissionCheckService,
  ) {
    this.idempotency = new Idempotency(db, temporal);
  }

  /**
   * Kotak Tugas: the caller's OPD tasks, soonest deadline first among open ones; a Plt./Plh. Kepala OPD also
   * sees the tasks of the OPD they stand in for.
   */
  async inbox(auth: AuthContext, query: InboxQuery): Promise<Page<TaskView>> {
    const agencies = [
      ...new Set([
        auth.agencyId,
        ...(await this.access.actingHats(auth))
          .filter((h) => h.role === 'AGENCY_HEAD')
          .map((h) => h.agencyId),
      ]),
    ];
    const where: Prisma.TaskWhereInput = {
      AND: [
        { agencyId: agencies.length === 1 ? auth.agencyId : { in: agencies } },
        query.status ? { status: query.status } : {},
        query.overdue
          ? { status: { in: ['ASSIGNED', 'CLAIMED', 'RETURNED'] }, dueAt: { lt: new Date() } }
          : {},
        query.dueBefore ? { dueAt: { lt: new Date(query.dueBefore) } } : {},
        query.projectId ? { projectId: query.projectId } : {},
      ],
    };
    const [items, total] = await Promise.all([
      this.db.task.findMany({
        where,
        select: taskView,
        orderBy: [{ status: 'asc' }, { dueAt: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.task.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  async get(auth: AuthContext, taskId: string): Promise<TaskView> {
    await this.access.requireTaskAs(auth, taskId, { action: 'read' });
    const task = await this.db.task.findUniqueOrThrow({ where: { id: taskId }, select: taskView });
    // The accepted values are content (permissions work.content): a reader who may see the task's state but not
    // what the OPD submitted (ADMIN outside its own OPD's work) gets the task without them.
    // Only a regency-wide reader can read a task without its content; for everyone else reading is reading both.
    if (!readsRegencyWide(auth.role) || mayRole(auth.role, 'work.content')) return task;
    const content = await this.access.requireTaskAs(auth, taskId, { action: 'read-content' }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ForbiddenException) return false;
        throw error;
      },
    );
    return content ? task : { ...task, result: null };
  }

  /** The task's timeline, including instructions from leadership and reasons for returns and moves. */
  async history(auth: AuthContext, taskId: string) {
    await this.access.requireTaskAs(auth, taskId, { action: 'read' });
    return this.db.auditEvent.findMany({
      where: { taskId },
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
      select: {
        id: true,
        action: true,
        detail: true,
        occurredAt: true,
        actorUser: { select: { id: true, fullName: true } },
        actorAgency: { select: { code: true, name: true } },
      },
    });
  }

  async contributions(auth: AuthContext, taskId: string) {
    // What the OPD submitted: not for ADMIN outside its own OPD's work (permissions work.content).
    await this.access.requireTaskAs(auth, taskId, { action: 'read-content' });
    return this.db.contribution.findMany({
      where: { taskId },
      orderBy: { version: 'asc' },
      select: {
        id: true,
        version: true,
        status: true,
        values: true,
        submittedAt: true,
        reviewNote: true,
        reviewedAt: true,
        submittedBy: { select: { id: true, fullName: true } },
        reviewedBy: { select: { id: true, fullName: true } },
      },
    });
  }

  /**
   * An action on a task, once per Idempotency-Key: the Update's id comes from the route (task and action), the
   * user and the key, so a retry after a lost answer gets the first outcome instead of 409 (see Idempotency).
   */
  private act(
    auth: AuthContext,
    taskId: string,
    action: string,
    body: unknown,
    key: string | undefined,
    run: (attempt: Attempt) => Promise<TaskSnapshot>,
  ): Promise<TaskSnapshot> {
    return this.idempotency.run({ auth, key, route: `POST /tasks/${taskId}/${action}`, body }, run);
  }

  private send<Arg>(
    attempt: Attempt,
    taskId: string,
    update: UpdateDefinition<TaskSnapshot, [Arg]>,
    arg: Arg,
  ) {
    const workflowId = taskWorkflowId(taskId);
    return this.idempotency.update(attempt, workflowId, (updateId) =>
      this.workflows.update(workflowId, update, arg, { updateId }),
    );
  }

  async claim(auth: AuthContext, taskId: string, key?: string): Promise<TaskSnapshot> {
    return this.act(auth, taskId, 'claim', {}, key, async (attempt) => {
      await this.idempotency.check(attempt, () => this.access.requireTask(auth, taskId, { action: 'claim' }));
      return this.send(attempt, taskId, claimTaskUpdate, { actor: actorOf(auth) });
    });
  }

  /** The contribution is checked against the step's form by the workflow's validator; field errors come back as 400. */
  async submit(
    auth: AuthContext,
    taskId: string,
    dto: SubmitContributionDto,
    key?: string,
  ): Promise<TaskSnapshot> {
    return this.act(auth, taskId, 'contribution', dto, key, async (attempt) => {
      await this.idempotency.check(attempt, () =>
        this.access.requireTask(auth, taskId, { action: 'submit' }),
      );
      // Data requests: figures that jump need a reason; the reasons go with the submission, and the workflow's
      // activity records them once it has accepted it.
      const confirmations = await this.submissionCheck.check(taskId, dto.values, dto.confirmations);
      return this.send(attempt, taskId, submitContributionUpdate, {
        actor: actorOf(auth),
        values: dto.values,
        ...(confirmations ? { confirmations } : {}),
      });
    });
  }

  async review(auth: AuthContext, taskId: string, dto: ReviewDto, key?: string): Promise<TaskSnapshot> {
    const note = dto.note ?? null;
    return this.act(auth, taskId, 'review', dto, key, async (attempt) => {
      await this.idempotency.check(attempt, () =>
        this.access.requireTask(auth, taskId, { action: 'review', decision: dto.decision, note }),
      );
      return this.send(attempt, taskId, reviewContributionUpdate, {
        actor: actorOf(auth),
        decision: dto.decision,
        note,
      });
    });
  }

  /** To another OPD (project lead, counted) or to another staff member of the same OPD (its Kepala OPD). */
  async reassign(auth: AuthContext, taskId: string, dto: ReassignDto, key?: string): Promise<TaskSnapshot> {
    return this.act(auth, taskId, 'reassign', dto, key, (attempt) =>
      this.reassignAs(auth, taskId, dto, attempt),
    );
  }

  private async reassignAs(auth: AuthContext, taskId: string, dto: ReassignDto, attempt: Attempt) {
    if (dto.toUserId !== undefined) {
      // Within the OPD: its Kepala OPD, or whoever stands in for them (Plt./Plh.).
      const { facts, actor } = await this.access.requireTaskAs(auth, taskId, {
        action: 'reassign',
        toUserId: dto.toUserId,
      });
      const user = await this.db.user.findUnique({
        where: { id: dto.toUserId },
        select: { agencyId: true, active: true, role: true },
      });
      if (!user || !user.active || !worksForAgency(user, facts.agencyId)) {
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: ["toUserId: not an active staff member of the task's OPD"],
        });
      }
      return this.send(attempt, taskId, reassignTaskUpdate, {
        actor,
        reason: dto.reason,
        toUserId: dto.toUserId,
      });
    }
    const agency = await this.db.agency.findUnique({
      where: { code: dto.toAgencyCode! },
      select: { id: true, code: true, name: true, active: true },
    });
    if (!agency) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`toAgencyCode: unknown OPD code ${dto.toAgencyCode}`],
      });
    }
    await this.access.requireTask(auth, taskId, { action: 'reassign', toAgencyId: agency.id });
    if (!agency.active) {
      // A deactivated OPD takes no new work (as when starting a project or mobilising, ProjectPlanner).
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`toAgencyCode: ${agency.code} (${agency.name}) is deactivated and takes no new work`],
      });
    }
    return this.send(attempt, taskId, reassignTaskUpdate, {
      actor: actorOf(auth),
      reason: dto.reason,
      toAgencyId: agency.id,
      toAgencyCode: agency.code,
    });
  }
}
