import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import { writeProjectFirstRows } from '@gotong/database/first-rows';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { readsRegencyWide } from '@gotong/domain/permissions';
import { FINISHED_STATES, OPD_WORKING_STATES } from '@gotong/domain/task-rules';
import type { TemplateDefinition } from '@gotong/domain/template';
import { addedStepProblems } from '@gotong/domain/added-step';
import type { Sla } from '@gotong/domain/calendar';
import { formWithinProjectArea, type FormSchema } from '@gotong/domain/form-schema';
import type { jointProjectWorkflow } from '@gotong/workflows/project/project.workflow';
import { OPD_ATTRIBUTE, PROJECT_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import { projectWorkflowId, readableProjectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { type StepPlan } from '@gotong/contracts/task';
import {
  addAgencyUpdate,
  cancelProjectUpdate,
  resolveProjectUpdate,
} from '@gotong/workflows/project/messages';
import { CoverageService } from '../agencies/coverage.service';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { Idempotency, type Attempt } from '../common/idempotency';
import type { Page } from '../common/pagination';
import { plannedWorkProblems, stepProblems } from '@gotong/domain/input-rules';
import { startUnderFreeId, TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import { ProjectPlanner } from './project-planner';
import type {
  AddAgencyDto,
  CancelProjectDto,
  CreateFromTemplateDto,
  CreateProjectDto,
  ListProjectsQuery,
} from './projects.dto';

const projectSummary = {
  id: true,
  title: true,
  description: true,
  status: true,
  createdAt: true,
  completedAt: true,
  cancelledAt: true,
  leadUser: { select: { id: true, fullName: true } },
  leadAgency: { select: { code: true, name: true } },
  template: { select: { code: true, version: true, name: true } },
} satisfies Prisma.JointProjectSelect;

const taskInProject = {
  id: true,
  stepKey: true,
  title: true,
  status: true,
  dueAt: true,
  escalationLevel: true,
  reassignmentCount: true,
  completedAt: true,
  createdAt: true,
  agency: { select: { code: true, name: true } },
} satisfies Prisma.TaskSelect;

@Injectable()
export class ProjectsService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
    private readonly planner: ProjectPlanner,
    private readonly workflows: WorkflowGateway,
    private readonly coverage: CoverageService,
  ) {
    this.idempotency = new Idempotency(db, temporal);
  }

  /** An ad-hoc project: one step per named OPD, all in parallel, each reporting in free text. */
  async create(auth: AuthContext, dto: CreateProjectDto, key?: string) {
    this.access.requireRole(auth, 'project.create');
    return this.idempotency.run({ auth, key, route: 'POST /projects', body: dto }, ({ id }) =>
      this.createAdHoc(auth, dto, id),
    );
  }

  private async createAdHoc(auth: AuthContext, dto: CreateProjectDto, projectId: string) {
    const agencies = await this.planner.agenciesByCode(dto.agencyCodes).catch((error: unknown) => {
      throw prefixMessages(error, 'agencyCodes');
    });
    const steps = dto.agencyCodes.map((code) => {
      const agency = agencies.get(code)!;
      return this.planner.adHocStep(
        code.toLowerCase(),
        agency,
        dto.taskTitle ?? `${dto.title} — ${agency.name}`,
        dto.instructions ?? null,
        dto.sla,
      );
    });
    return this.start(auth, {
      title: dto.title,
      description: dto.description ?? null,
      templateId: null,
      parameters: {},
      steps,
      emergency: false,
      projectId,
    });
  }

  /** A project from a template version: its DAG, forms, SLAs and escalation policies, owners resolved to OPDs. */
  async createFromTemplate(auth: AuthContext, dto: CreateFromTemplateDto, key?: string) {
    this.access.requireRole(auth, 'project.create');
    return this.idempotency.run({ auth, key, route: 'POST /projects/from-template', body: dto }, ({ id }) =>
      this.createFromTemplateAs(auth, dto, id),
    );
  }

  private async createFromTemplateAs(auth: AuthContext, dto: CreateFromTemplateDto, projectId: string) {
    const template = await this.db.template.findFirst({
      where: { code: dto.templateCode, ...(dto.templateVersion ? { version: dto.templateVersion } : {}) },
      orderBy: { version: 'desc' },
    });
    if (!template) throw new NotFoundException(`template ${dto.templateCode} not found`);
    const def = template.definition as unknown as TemplateDefinition;
    const parameters = Object.fromEntries(
      Object.entries(dto.parameters).map(([k, v]) => [k, String(v).trim()]),
    );
    const steps = await this.planner.fromTemplate(def, parameters);
    const kecamatan = parameters.kecamatan
      ? await this.db.agency.findFirst({ where: { areaCode: parameters.kecamatan }, select: { name: true } })
      : null;
    return this.start(auth, {
      title: dto.title ?? `${template.name}${kecamatan ? ` — ${kecamatan.name}` : ''}`,
      description: dto.description ?? template.description,
      templateId: template.id,
      parameters,
      steps,
      emergency: template.category === 'EMERGENCY',
      projectId,
    });
  }

  /**
   * Starts a planned project (templates, ad-hoc lists, data requests) as a jointProjectWorkflow, and answers
   * once the project can be read: its row and OPDs are written here too, by the function the workflow's
   * first activity writes them with (insert-if-absent both times), so a GET right after the answer finds
   * it. A project id that already runs is this same request repeated (Idempotency-Key): it is not started
   * twice. Its workflow id is readable, `project-<lead OPD>-<8 hex>` (startWorkflow).
   */
  async start(
    auth: AuthContext,
    plan: {
      title: string;
      description: string | null;
      templateId: string | null;
      parameters: Record<string, string>;
      steps: StepPlan[];
      emergency: boolean;
      /**
       * Chosen by the caller when it must record something under the project id first (data requests), or
       * given by the request's Idempotency-Key.
       */
      projectId?: string;
    },
  ) {
    const projectId = plan.projectId ?? randomUUID();
    const input: ProjectInput = {
      projectId,
      title: plan.title,
      description: plan.description,
      lead: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
      templateId: plan.templateId,
      parameters: plan.parameters,
      steps: plan.steps,
      // Emergencies run on a 24/7 calendar; everything else counts office hours.
      calendar: await this.planner.calendar(plan.emergency ? 'ALWAYS' : 'WORKING'),
    };
    // The rules the project's workflow judges its input by: a 400 here, never a workflow that cannot run.
    const problems = plannedWorkProblems(input);
    if (problems.length > 0) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
    }
    const workflowId = await this.startWorkflow(auth, input);
    // After the start, so that a start Temporal refused leaves no project behind that nothing runs.
    const recorded = this.db.$transaction((tx) =>
      writeProjectFirstRows(tx, { ...input, workflowId }, new Date()),
    );
    // The work has started; an OPD nobody works for is named so that the starter can see to it.
    const [, warnings] = await Promise.all([
      recorded,
      this.coverage.warningsFor(plan.steps.map((s) => ({ id: s.agencyId, code: s.agencyCode }))),
    ]);
    return {
      id: projectId,
      workflowId,
      status: 'ACTIVE' as const,
      steps: plan.steps.map((s) => ({ key: s.key, agencyCode: s.agencyCode })),
      warnings,
    };
  }

  /**
   * Starts the project's workflow under a readable id and answers it: `project-<lead OPD>-<8 hex>`, e.g.
   * `project-BAPPEDA-3f2a1b9c` (startUnderFreeId: the key, collisions, repeats).
   */
  private async startWorkflow(auth: AuthContext, input: ProjectInput): Promise<string> {
    const { projectId } = input;
    // The same request repeated after its rows were written: started already.
    const existing = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { workflowId: true },
    });
    if (existing) return existing.workflowId;
    return startUnderFreeId<typeof jointProjectWorkflow>(this.temporal, 'jointProjectWorkflow', {
      objectId: projectId,
      projectId,
      workflowIdFor: (key) => readableProjectWorkflowId(auth.agencyCode, key),
      holderOf: async (workflowId) =>
        (await this.db.jointProject.findUnique({ where: { workflowId }, select: { id: true } }))?.id ?? null,
      options: {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        typedSearchAttributes: [
          { key: OPD_ATTRIBUTE, value: auth.agencyCode },
          { key: PROJECT_ATTRIBUTE, value: projectId },
        ],
        memo: { title: input.title },
      },
    });
  }

  /**
   * The workflow id of an existing project, from its row: readable for projects the API started since readable
   * ids, `joint-project-<id>` for older ones and for projects started elsewhere. A project whose row its
   * workflow has not written yet (started by an activity) can only have the latter.
   */
  private async workflowIdOf(projectId: string): Promise<string> {
    const row = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { workflowId: true },
    });
    return row?.workflowId ?? projectWorkflowId(projectId);
  }

  async list(
    auth: AuthContext,
    query: ListProjectsQuery,
  ): Promise<Page<Prisma.JointProjectGetPayload<{ select: typeof projectSummary }>>> {
    const visible: Prisma.JointProjectWhereInput = readsRegencyWide(auth.role)
      ? {}
      : {
          OR: [
            { leadUserId: auth.userId },
            { leadAgencyId: auth.agencyId },
            { participants: { some: { agencyId: auth.agencyId } } },
          ],
        };
    const where: Prisma.JointProjectWhereInput = {
      AND: [visible, query.status ? { status: query.status } : {}],
    };
    const [items, total] = await Promise.all([
      this.db.jointProject.findMany({
        where,
        select: projectSummary,
        orderBy: { createdAt: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.jointProject.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  /** The project with its DAG: every step with its OPD, dependencies, task state and whether it is late. */
  async get(auth: AuthContext, projectId: string) {
    await this.access.requireProjectRead(auth, projectId);
    const project = await this.db.jointProject.findUniqueOrThrow({
      where: { id: projectId },
      select: {
        ...projectSummary,
        workflowId: true,
        parameters: true,
        steps: true,
        cancelReason: true,
        tasks: { orderBy: { createdAt: 'asc' }, select: taskInProject },
        participants: { select: { addedAt: true, agency: { select: { code: true, name: true } } } },
      },
    });
    const now = Date.now();
    const steps = (project.steps as unknown as StepPlan[]).map((step) => {
      const task = project.tasks.filter((t) => t.stepKey === step.key).at(-1) ?? null;
      // Late means the OPD still owes the work past its deadline (a submission waiting for review is the lead's).
      const owed = task !== null && OPD_WORKING_STATES.includes(task.status);
      return {
        key: step.key,
        title: step.title,
        dependsOn: step.dependsOn,
        plannedAgency: step.agencyCode,
        sla: step.sla,
        status: task?.status ?? (project.status === 'ACTIVE' ? 'WAITING' : 'NOT_STARTED'),
        late: owed && task.dueAt.getTime() < now,
        task,
      };
    });
    const { steps: _definition, ...rest } = project;
    // A resolved project says who ended it and why (its open tasks were closed as no longer needed).
    const resolved =
      project.status === 'RESOLVED'
        ? await this.db.auditEvent.findFirst({
            where: { projectId, action: 'PROJECT_RESOLVED' },
            select: {
              detail: true,
              occurredAt: true,
              actorAgency: { select: { code: true, name: true } },
            },
          })
        : null;
    const resolution = resolved
      ? {
          reason: (resolved.detail as { reason?: string } | null)?.reason ?? null,
          at: resolved.occurredAt,
          agency: resolved.actorAgency,
        }
      : null;
    return { ...rest, steps, resolution };
  }

  async auditTrail(auth: AuthContext, projectId: string) {
    await this.access.requireProjectRead(auth, projectId);
    return this.db.auditEvent.findMany({
      where: { projectId },
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
      select: {
        id: true,
        action: true,
        taskId: true,
        detail: true,
        occurredAt: true,
        actorUser: { select: { id: true, fullName: true } },
        actorAgency: { select: { code: true, name: true } },
      },
    });
  }

  /** "One has the work, the others join in": a running project gains a step for another OPD. */
  async addAgency(auth: AuthContext, projectId: string, dto: AddAgencyDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /projects/${projectId}/agencies`, body: dto },
      (attempt) => this.addAgencyAs(auth, projectId, dto, attempt),
    );
  }

  private async addAgencyAs(auth: AuthContext, projectId: string, dto: AddAgencyDto, attempt: Attempt) {
    await this.idempotency.check(attempt, () =>
      this.access.requireProjectManage(auth, projectId, 'add-agency'),
    );
    const agency = (
      await this.planner.agenciesByCode([dto.agencyCode]).catch((error: unknown) => {
        throw prefixMessages(error, 'agencyCode');
      })
    ).get(dto.agencyCode)!;
    const existing = await this.db.jointProject.findUniqueOrThrow({
      where: { id: projectId },
      select: {
        steps: true,
        parameters: true,
        template: { select: { definition: true } },
        tasks: { select: { stepKey: true } },
      },
    });
    const projectSteps = existing.steps as unknown as StepPlan[];
    const taken = new Set(projectSteps.map((s) => s.key));
    let key = `tambahan-${dto.agencyCode.toLowerCase()}`;
    for (let n = 2; taken.has(key); n++) key = `tambahan-${dto.agencyCode.toLowerCase()}-${n}`;
    const from = this.formOfAddedStep(dto, existing);
    const step = this.planner.adHocStep(
      key,
      agency,
      dto.title,
      dto.instructions ?? from?.instructions ?? null,
      dto.sla ?? from?.sla,
      dto.dependsOn ?? [],
      (from?.form ?? dto.form) as FormSchema | undefined,
    );
    const before = dto.before ?? [];
    // The rules the workflow's addAgency validator judges by (it has the last word: it knows which steps
    // started this instant).
    const started = new Set(existing.tasks.map((t) => t.stepKey).filter((k): k is string => k !== null));
    const problems = [
      ...stepProblems(step),
      ...addedStepProblems(step, before, {
        steps: projectSteps,
        started,
        done: new Set(),
      }),
    ];
    if (problems.length > 0) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
    }
    const workflowId = await this.workflowIdOf(projectId);
    const snapshot = await this.idempotency.update(attempt, workflowId, (updateId) =>
      this.workflows.update(
        workflowId,
        addAgencyUpdate,
        {
          actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
          step,
          ...(before.length > 0 ? { before } : {}),
        },
        { updateId },
      ),
    );
    return { ...snapshot, warnings: await this.coverage.warningsFor([agency]) };
  }

  /**
   * The template step an added OPD's step takes its form (fitted to the project's area), instructions and SLA
   * from (`fromStep`), or null when the lead gave a form or none. 400 when both are given, the project has no
   * template, or its template version has no such step.
   */
  private formOfAddedStep(
    dto: AddAgencyDto,
    project: { parameters: unknown; template: { definition: unknown } | null },
  ): { form: FormSchema; instructions: string; sla: Sla } | null {
    if (dto.fromStep === undefined) return null;
    const refuse = (message: string) =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
    if (dto.form !== undefined) throw refuse('form and fromStep: give one of them, not both');
    if (!project.template)
      throw refuse(`fromStep: the project has no template to take the step "${dto.fromStep}" from`);
    const def = project.template.definition as TemplateDefinition;
    const templateStep = def.steps.find((s) => s.key === dto.fromStep);
    if (!templateStep) {
      throw refuse(
        `fromStep: the project's template has no step "${dto.fromStep}" (its steps: ${def.steps.map((s) => s.key).join(', ')})`,
      );
    }
    return {
      form: formWithinProjectArea(
        templateStep.form,
        def.parameters,
        (project.parameters ?? {}) as Record<string, string>,
      ),
      instructions: templateStep.instructions,
      sla: templateStep.sla,
    };
  }

  async cancel(auth: AuthContext, projectId: string, dto: CancelProjectDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /projects/${projectId}/cancel`, body: dto },
      async (attempt) => {
        await this.idempotency.check(attempt, () =>
          this.access.requireProjectManage(auth, projectId, 'cancel'),
        );
        const workflowId = await this.workflowIdOf(projectId);
        return this.idempotency.update(attempt, workflowId, (updateId) =>
          this.workflows.update(
            workflowId,
            cancelProjectUpdate,
            { actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role }, reason: dto.reason },
            { updateId },
          ),
        );
      },
    );
  }

  /**
   * Ends a project whose question a decision answered (a reconciliation decided by the walidata) as RESOLVED;
   * its open tasks close as no longer needed. Not an endpoint: the decision's service calls it for the decider,
   * and the workflow's validator applies managesProject(…, 'resolve') (the lead or a walidata).
   */
  async resolve(auth: AuthContext, projectId: string, reason: string) {
    return this.workflows.update(await this.workflowIdOf(projectId), resolveProjectUpdate, {
      actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
      reason,
    });
  }

  /** For leadership: how many projects run, finished or stopped, with their open and late work. */
  async overview(auth: AuthContext) {
    this.access.requireRole(auth, 'scorecard.read');
    const own = this.access.ownAgencyOnly(auth);
    const projectWhere: Prisma.JointProjectWhereInput = own
      ? { participants: { some: { agencyId: own } } }
      : {};
    const taskWhere: Prisma.TaskWhereInput = own ? { agencyId: own } : {};
    const [byStatus, openTasks, overdueTasks, openEscalations] = await Promise.all([
      this.db.jointProject.groupBy({ by: ['status'], where: projectWhere, _count: { _all: true } }),
      this.db.task.count({ where: { ...taskWhere, status: { notIn: [...FINISHED_STATES] } } }),
      this.db.task.count({
        where: {
          ...taskWhere,
          status: { in: ['ASSIGNED', 'CLAIMED', 'RETURNED'] },
          dueAt: { lt: new Date() },
        },
      }),
      this.db.escalation.count({
        where: { ...(own ? { agencyId: own } : {}), status: { in: ['OPEN', 'ANSWERED'] } },
      }),
    ]);
    const projects = Object.fromEntries(['ACTIVE', 'COMPLETED', 'CANCELLED', 'RESOLVED'].map((s) => [s, 0]));
    for (const row of byStatus) projects[row.status] = row._count._all;
    return { projects, openTasks, overdueTasks, openEscalations };
  }
}

/** Names the body field in messages from the planner (e.g. "agencyCodes: unknown OPD code(s): X"). */
function prefixMessages(error: unknown, field: string): unknown {
  const response = (error as { getResponse?: () => unknown }).getResponse?.() as
    { message?: string[] } | undefined;
  if (response?.message) response.message = response.message.map((m) => `${field}: ${m}`);
  return error;
}
