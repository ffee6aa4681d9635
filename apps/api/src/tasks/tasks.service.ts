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
  releaseTaskUpdate,
  reviewContributionUpdate,
  submitContributionUpdate,
} from '@gotong/workflows/task/messages';
import { AccessService } from '../common/access.service';
import { actorOf, type AuthContext } from '../common/auth-context';
import { Idempotency, type Attempt } from '../common/idempotency';
import type { Page, PageQuery } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import { SubmissionCheckService } from '../data/submission-check.service';
import type { Role } from '@gotong/domain/roles';
import {
  OPEN_STATUSES,
  type InboxQuery,
  type ReassignDto,
  type ReviewDto,
  type SubmitContributionDto,
} from './tasks.dto';

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

/** A submission waiting for the lead's review (GET /reviews). */
export interface ReviewItem {
  /** The task's id. */
  id: string;
  title: string;
  stepKey: string | null;
  /** The OPD's deadline for the task. */
  dueAt: Date;
  /** When the lead's review is due; null for submissions made before review deadlines were kept. */
  reviewDueAt: Date | null;
  /** The OPD that submitted. */
  agency: { code: string; name: string };
  project: { id: string; title: string };
  /** The version waiting for review (1 for a first submission). */
  version: number | null;
  submittedAt: Date | null;
  submittedBy: { id: string; fullName: string } | null;
}

/** Someone a task can be handed to within its OPD (GET /tasks/:id/handover-candidates). */
export interface HandoverCandidate {
  id: string;
  username: string;
  fullName: string;
  position: string | null;
  role: Role;
}

interface ReviewRow {
  total: number;
  id: string | null;
  title: string | null;
  step_key: string | null;
  due_at: Date | null;
  review_due_at: Date | null;
  project_id: string | null;
  project_title: string | null;
  agency_code: string | null;
  agency_name: string | null;
  version: number | null;
  submitted_at: Date | null;
  submitted_by_id: string | null;
  submitted_by_name: string | null;
}

/**
 * Which states the inbox reads, as two conditions: open work, and finished work (FALSE when not asked). Lists,
 * not ranges: the TaskStatus enum's order in the database is the order its values were added (ASSIGNED,
 * COMPLETED, CANCELLED, CLAIMED, SUBMITTED, RETURNED, CLOSED), not the schema's.
 */
function inboxStates(query: InboxQuery): { open: Prisma.Sql; finished: Prisma.Sql } {
  const none = Prisma.sql`FALSE`;
  if (query.status) {
    const one = Prisma.sql`t.status = ${query.status}::"TaskStatus"`;
    return (OPEN_STATUSES as readonly string[]).includes(query.status)
      ? { open: one, finished: none }
      : { open: none, finished: one };
  }
  const open = Prisma.sql`t.status IN ('ASSIGNED', 'CLAIMED', 'SUBMITTED', 'RETURNED')`;
  const scope = query.scope ?? (query.projectId ? 'all' : 'open');
  return {
    open,
    finished: scope === 'all' ? Prisma.sql`t.status IN ('COMPLETED', 'CANCELLED', 'CLOSED')` : none,
  };
}

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
   * Kotak Tugas: the caller's OPD tasks; a Plt./Plh. Kepala OPD also sees the tasks of the OPD they stand in
   * for. By default open work only (scope open; all when one project's tasks are asked for); `status` asks
   * for one state, `mine` for the tasks the caller holds.
   *
   * The order: the work the OPD owes (assigned, claimed, returned) by deadline, most urgent first; then what
   * waits for the lead's review (submitted), by deadline; then finished work by state and deadline. A returned
   * task is owed work and never sorts below a submitted one.
   *
   * One statement for the page, its OPD, assignee, project and completer, and the total: through Prisma's
   * findMany (one query per relation) and count it took six round trips, the larger part of the request at a
   * million task rows (docs/benchmarks.md, P4). Open and finished work are read apart, each from the
   * (agency_id, status) index. The open part is small (what an OPD has on its plate: read, counted and sorted
   * whole). The finished part is counted from the index, and its rows are read only when a page reaches past the
   * open work: its LIMIT is 0 otherwise, and PostgreSQL does not run a plan under LIMIT 0.
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
    if (query.mine) conditions.push(Prisma.sql`t.assignee_id = ${auth.userId}::uuid`);
    if (query.overdue) {
      conditions.push(
        Prisma.sql`t.status IN ('ASSIGNED', 'CLAIMED', 'RETURNED') AND t.due_at < ${new Date()}::timestamptz`,
      );
    }
    if (query.dueBefore) conditions.push(Prisma.sql`t.due_at < ${new Date(query.dueBefore)}::timestamptz`);
    if (query.projectId) conditions.push(Prisma.sql`t.project_id = ${query.projectId}::uuid`);
    const where = Prisma.join(conditions, ' AND ');
    const { open, finished } = inboxStates(query);
    const offset = (query.page - 1) * query.pageSize;
    const reach = offset + query.pageSize;
    const rows = await this.db.$queryRaw<InboxRow[]>`
      WITH open_total AS (SELECT count(*)::int AS n FROM task t WHERE ${where} AND ${open}),
           finished_total AS (SELECT count(*)::int AS n FROM task t WHERE ${where} AND ${finished}),
           open_page AS (
             SELECT t.*, row_number() OVER (ORDER BY (t.status = 'SUBMITTED'), t.due_at, t.id) AS rn
             FROM task t WHERE ${where} AND ${open}
             ORDER BY (t.status = 'SUBMITTED'), t.due_at, t.id
             LIMIT ${reach}::int
           ),
           finished_page AS (
             SELECT t.*, (SELECT n FROM open_total) + row_number() OVER (ORDER BY t.status, t.due_at, t.id) AS rn
             FROM task t WHERE ${where} AND ${finished}
             ORDER BY t.status, t.due_at, t.id
             LIMIT GREATEST(0, ${reach}::int - (SELECT n FROM open_total))
           ),
           page AS (
             SELECT * FROM open_page WHERE rn > ${offset}::int
             UNION ALL
             SELECT * FROM finished_page WHERE rn > ${offset}::int
           )
      SELECT (SELECT n FROM open_total) + (SELECT n FROM finished_total) AS total, page.id, page.step_key,
             page.title, page.instructions, page.form::text AS form,
             page.status::text AS status, page.due_at, page.escalation_level, page.reassignment_count,
             page.deadline_extended, page.result::text AS result, page.completed_at, page.created_at,
             a.code AS agency_code, a.name AS agency_name, asg.id AS assignee_id, asg.full_name AS assignee_name,
             p.id AS project_id, p.title AS project_title, p.status::text AS project_status,
             cb.id AS completed_by_id, cb.full_name AS completed_by_name
      FROM (SELECT 1) AS one
      LEFT JOIN page ON true
      LEFT JOIN agency a ON a.id = page.agency_id
      LEFT JOIN app_user asg ON asg.id = page.assignee_id
      LEFT JOIN joint_project p ON p.id = page.project_id
      LEFT JOIN app_user cb ON cb.id = page.completed_by_id
      ORDER BY page.rn`;
    const items = rows.filter((r): r is InboxRow & { id: string } => r.id !== null).map(taskViewOf);
    return { items, page: query.page, pageSize: query.pageSize, total: rows[0]?.total ?? 0 };
  }

  /**
   * Perlu ditinjau: the submissions waiting for the caller's review, in every project the caller leads (the
   * starter, or a LEAD of the lead OPD: permissions isProjectLead); the review due first (then the oldest
   * submission) on top. A submission from before review deadlines were kept has none and comes first: it has
   * waited longest. Read through the (status, review_due_at) index: submitted tasks are few.
   */
  async reviews(auth: AuthContext, query: PageQuery): Promise<Page<ReviewItem>> {
    const leads =
      auth.role === 'LEAD'
        ? Prisma.sql`(p.lead_user_id = ${auth.userId}::uuid OR p.lead_agency_id = ${auth.agencyId}::uuid)`
        : Prisma.sql`p.lead_user_id = ${auth.userId}::uuid`;
    const rows = await this.db.$queryRaw<ReviewRow[]>`
      WITH waiting AS (
             SELECT t.id, t.title, t.step_key, t.due_at, t.review_due_at, t.agency_id, t.project_id,
                    p.title AS project_title
             FROM task t JOIN joint_project p ON p.id = t.project_id
             WHERE t.status = 'SUBMITTED' AND ${leads}
           ),
           total AS (SELECT count(*)::int AS n FROM waiting),
           page AS (
             SELECT w.*, c.version, c.submitted_at, c.submitted_by_id
             FROM waiting w
             LEFT JOIN LATERAL (
               SELECT version, submitted_at, submitted_by_id FROM contribution
               WHERE task_id = w.id ORDER BY version DESC LIMIT 1
             ) c ON true
             ORDER BY w.review_due_at ASC NULLS FIRST, c.submitted_at ASC, w.id
             LIMIT ${query.pageSize}::int OFFSET ${(query.page - 1) * query.pageSize}::int
           )
      SELECT total.n AS total, page.id, page.title, page.step_key, page.due_at, page.review_due_at,
             page.project_id, page.project_title, a.code AS agency_code, a.name AS agency_name,
             page.version, page.submitted_at, sb.id AS submitted_by_id, sb.full_name AS submitted_by_name
      FROM total
      LEFT JOIN page ON true
      LEFT JOIN agency a ON a.id = page.agency_id
      LEFT JOIN app_user sb ON sb.id = page.submitted_by_id
      ORDER BY page.review_due_at ASC NULLS FIRST, page.submitted_at ASC, page.id`;
    const items = rows
      .filter((r): r is ReviewRow & { id: string } => r.id !== null)
      .map((r) => ({
        id: r.id,
        title: r.title!,
        stepKey: r.step_key,
        dueAt: r.due_at!,
        reviewDueAt: r.review_due_at,
        agency: { code: r.agency_code!, name: r.agency_name! },
        project: { id: r.project_id!, title: r.project_title! },
        version: r.version,
        submittedAt: r.submitted_at,
        submittedBy:
          r.submitted_by_id === null ? null : { id: r.submitted_by_id, fullName: r.submitted_by_name! },
      }));
    return { items, page: query.page, pageSize: query.pageSize, total: rows[0]?.total ?? 0 };
  }

  /**
   * Whom the task can be handed to: the active staff and Kepala of the task's OPD, for those who hand tasks
   * over within the OPD (its Kepala OPD or their Plt./Plh.; task-rules reassignRefusal). The current holder is
   * left out.
   */
  async handoverCandidates(auth: AuthContext, taskId: string): Promise<HandoverCandidate[]> {
    // The rule for a hand-over within the OPD (toUserId given); whom to is what this answers, so no one yet.
    const { facts } = await this.access.requireTaskAs(auth, taskId, { action: 'reassign', toUserId: '' });
    return this.db.user.findMany({
      where: {
        agencyId: facts.agencyId,
        active: true,
        role: { in: ['STAFF', 'AGENCY_HEAD'] },
        ...(facts.assigneeId ? { id: { not: facts.assigneeId } } : {}),
      },
      orderBy: [{ fullName: 'asc' }, { username: 'asc' }],
      select: { id: true, username: true, fullName: true, position: true, role: true },
    });
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

  /**
   * A task's workflow id, from its row: readable for tasks projects start since patch 'readable-task-ids'
   * (`task-<OPD>-<project key>-<task key>`), `agency-task-<taskId>` for the others. The row exists for every task
   * the API can name (the access checks read it).
   */
  private async workflowIdOf(taskId: string): Promise<string> {
    const row = await this.db.task.findUnique({ where: { id: taskId }, select: { workflowId: true } });
    return row?.workflowId ?? taskWorkflowId(taskId);
  }

  /**
   * Sends an action's Update to the task's workflow. `checked` is what the access check read of the task's row
   * (its workflow id with the facts); a repeated request whose check was waived (Idempotency.check) has none,
   * and the id is read on its own.
   */
  private async send<Arg>(
    attempt: Attempt,
    taskId: string,
    checked: { workflowId: string } | undefined,
    update: UpdateDefinition<TaskSnapshot, [Arg]>,
    arg: Arg,
  ) {
    const workflowId = checked?.workflowId ?? (await this.workflowIdOf(taskId));
    return this.idempotency.update(attempt, workflowId, (updateId) =>
      this.workflows.update(workflowId, update, arg, { updateId }),
    );
  }

  async claim(auth: AuthContext, taskId: string, key?: string): Promise<TaskSnapshot> {
    return this.act(auth, taskId, 'claim', {}, key, async (attempt) => {
      const checked = await this.idempotency.check(attempt, () =>
        this.access.requireTask(auth, taskId, { action: 'claim' }),
      );
      return this.send(attempt, taskId, checked, claimTaskUpdate, { actor: actorOf(auth) });
    });
  }

  /**
   * The holder gives a claimed task back to the OPD's open work (their Kepala OPD, or its Plt./Plh., may do it
   * for them): nobody holds it any more, and a colleague may claim it.
   */
  async release(auth: AuthContext, taskId: string, key?: string): Promise<TaskSnapshot> {
    return this.act(auth, taskId, 'release', {}, key, async (attempt) => {
      // A repeat of a release that went through is refused by the projection (nobody holds the task now): the
      // Update's id gets it the first outcome, whoever it was sent as.
      const allowed = await this.idempotency.check(attempt, () =>
        this.access.requireTaskAs(auth, taskId, { action: 'release' }),
      );
      return this.send(attempt, taskId, allowed?.facts, releaseTaskUpdate, {
        actor: allowed?.actor ?? actorOf(auth),
      });
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
      const checked = await this.idempotency.check(attempt, () =>
        this.access.requireTask(auth, taskId, { action: 'submit' }),
      );
      // Data requests: figures that jump need a reason; the reasons go with the submission, and the workflow's
      // activity records them once it has accepted it.
      const confirmations = await this.submissionCheck.check(
        checked ?? taskId,
        dto.values,
        dto.confirmations,
      );
      return this.send(attempt, taskId, checked, submitContributionUpdate, {
        actor: actorOf(auth),
        values: dto.values,
        ...(confirmations ? { confirmations } : {}),
      });
    });
  }

  async review(auth: AuthContext, taskId: string, dto: ReviewDto, key?: string): Promise<TaskSnapshot> {
    const note = dto.note ?? null;
    return this.act(auth, taskId, 'review', dto, key, async (attempt) => {
      const checked = await this.idempotency.check(attempt, () =>
        this.access.requireTask(auth, taskId, { action: 'review', decision: dto.decision, note }),
      );
      return this.send(attempt, taskId, checked, reviewContributionUpdate, {
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
      return this.send(attempt, taskId, facts, reassignTaskUpdate, {
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
    const checked = await this.access.requireTask(auth, taskId, {
      action: 'reassign',
      toAgencyId: agency.id,
    });
    if (!agency.active) {
      // A deactivated OPD takes no new work (as when starting a project or mobilising, ProjectPlanner).
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`toAgencyCode: ${agency.code} (${agency.name}) is deactivated and takes no new work`],
      });
    }
    return this.send(attempt, taskId, checked, reassignTaskUpdate, {
      actor: actorOf(auth),
      reason: dto.reason,
      toAgencyId: agency.id,
      toAgencyCode: agency.code,
    });
  }
}
