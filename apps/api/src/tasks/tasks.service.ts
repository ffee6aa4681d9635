import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DATABASE } from '@gotong/database/database.module';
import { Prisma } from '@gotong/database/generated/prisma/client';
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

/** One row of the inbox statement: the total, and a task of the page with its relations (none past the end). */
interface InboxRow {
  total: number;
  id: string | null;
  step_key: string | null;
  title: string;
  instructions: string | null;
  form: string | null;
  status: TaskView['status'];
  due_at: Date;
  escalation_level: number;
  reassignment_count: number;
  deadline_extended: boolean;
  result: string | null;
  completed_at: Date | null;
  created_at: Date;
  agency_code: string;
  agency_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  project_id: string;
  project_title: string;
  project_status: TaskView['project']['status'];
  completed_by_id: string | null;
  completed_by_name: string | null;
}

/** The row as TaskView, the shape findMany with `taskView` gives (JSON columns parsed, SQL NULL as null). */
function taskViewOf(row: InboxRow & { id: string }): TaskView {
  return {
    id: row.id,
    stepKey: row.step_key,
    title: row.title,
    instructions: row.instructions,
    form: row.form === null ? null : (JSON.parse(row.form) as Prisma.JsonValue),
    status: row.status,
    dueAt: row.due_at,
    escalationLevel: row.escalation_level,
    reassignmentCount: row.reassignment_count,
    deadlineExtended: row.deadline_extended,
    result: row.result === null ? null : (JSON.parse(row.result) as Prisma.JsonValue),
    completedAt: row.completed_at,
    createdAt: row.created_at,
    agency: { code: row.agency_code, name: row.agency_name },
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, fullName: row.assignee_name! },
    project: { id: row.project_id, title: row.project_title, status: row.project_status },
    completedBy:
      row.completed_by_id === null ? null : { id: row.completed_by_id, fullName: row.completed_by_name! },
  };
}

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
   *
   * One statement for the page, its OPD, assignee, project and completer, and the total: through Prisma's
   * findMany (one query per relation) and count it took six round trips, the larger part of the request at a
   * million task rows (docs/benchmarks.md, P4). The order is the same (status in the enum's order, then the
   * deadline), served by the (agency_id, status) index.
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
    const conditions: Prisma.Sql[] = [
      agencies.length === 1
        ? Prisma.sql`t.agency_id = ${auth.agencyId}::uuid`
        : Prisma.sql`t.agency_id = ANY(${agencies}::uuid[])`,
    ];
    if (query.status) conditions.push(Prisma.sql`t.status = ${query.status}::"TaskStatus"`);
    if (query.overdue) {
      conditions.push(
        Prisma.sql`t.status IN ('ASSIGNED', 'CLAIMED', 'RETURNED') AND t.due_at < ${new Date()}::timestamptz`,
      );
    }
    if (query.dueBefore) conditions.push(Prisma.sql`t.due_at < ${new Date(query.dueBefore)}::timestamptz`);
    if (query.projectId) conditions.push(Prisma.sql`t.project_id = ${query.projectId}::uuid`);
    const where = Prisma.join(conditions, ' AND ');
    const rows = await this.db.$queryRaw<InboxRow[]>`
      WITH total AS (SELECT count(*)::int AS n FROM task t WHERE ${where}),
           page AS (
             SELECT t.* FROM task t WHERE ${where}
             ORDER BY t.status ASC, t.due_at ASC
             LIMIT ${query.pageSize}::int OFFSET ${(query.page - 1) * query.pageSize}::int
           )
      SELECT total.n AS total, page.id, page.step_key, page.title, page.instructions, page.form::text AS form,
             page.status::text AS status, page.due_at, page.escalation_level, page.reassignment_count,
             page.deadline_extended, page.result::text AS result, page.completed_at, page.created_at,
             a.code AS agency_code, a.name AS agency_name, asg.id AS assignee_id, asg.full_name AS assignee_name,
             p.id AS project_id, p.title AS project_title, p.status::text AS project_status,
             cb.id AS completed_by_id, cb.full_name AS completed_by_name
      FROM total
      LEFT JOIN page ON true
      LEFT JOIN agency a ON a.id = page.agency_id
      LEFT JOIN app_user asg ON asg.id = page.assignee_id
      LEFT JOIN joint_project p ON p.id = page.project_id
      LEFT JOIN app_user cb ON cb.id = page.completed_by_id
      ORDER BY page.status ASC, page.due_at ASC`;
    const items = rows.filter((r): r is InboxRow & { id: string } => r.id !== null).map(taskViewOf);
    return { items, page: query.page, pageSize: query.pageSize, total: rows[0]?.total ?? 0 };
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
