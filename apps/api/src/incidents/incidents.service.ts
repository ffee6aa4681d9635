import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import { writeIncidentFirstRows } from '@gotong/database/first-rows';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import { incidentSitrepFigures } from '@gotong/database/incident-figures';
import type { Database } from '@gotong/database/prisma';
import { incidentLadder } from '@gotong/domain/escalation-ladder';
import type { FormSchema } from '@gotong/domain/form-schema';
import { kecamatanRefusal, villageRefusalWithin } from '@gotong/domain/region';
import {
  ACKNOWLEDGEMENT_FORM,
  acknowledgementState,
  checkSitrepCorrection,
  correctableSitrepRefusal,
  correctsSitrepOf,
  figuresAsOf,
  reasonProblem,
  INCIDENT_TYPES,
  incidentTimeline,
  resolutionProblems,
  resolvedValue,
  TIMELINE_ACTIONS,
  type SitrepResolution,
  mobilisationFor,
  normalisedDetails,
  owesSitreps,
  resourceRequestDetailProblems,
  rollUpSitreps,
  SEVERITY_POLICY,
  SITREP_FORM,
} from '@gotong/domain/emergency';
import type { incidentWorkflow } from '@gotong/workflows/incident/incident.workflow';
import { KECAMATAN_ATTRIBUTE, OPD_ATTRIBUTE, PROJECT_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import {
  incidentWorkflowId,
  readableIncidentWorkflowId,
  resourceRequestWorkflowId,
  type IncidentInput,
} from '@gotong/contracts/incident';
import {
  assignIncidentTaskUpdate,
  changeIncidentStatusUpdate,
  closeResourceRequestUpdate,
  correctSitrepUpdate,
  mobiliseAgencyUpdate,
  releaseAgencyUpdate,
  requestResourceUpdate,
  resolveSitrepConflictUpdate,
} from '@gotong/workflows/incident/messages';
import { CoverageService } from '../agencies/coverage.service';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { derivedId, Idempotency, type Attempt } from '../common/idempotency';
import type { Page } from '../common/pagination';
import { plannedWorkProblems, resourceRequestProblems, stepProblems } from '@gotong/domain/input-rules';
import { startUnderFreeId, TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import { ProjectPlanner } from '../projects/project-planner';
import type {
  AssignIncidentTaskDto,
  ChangeStatusDto,
  CloseRequestDto,
  CorrectSitrepDto,
  DeclareIncidentDto,
  ListIncidentsQuery,
  MobiliseDto,
  ReleaseDto,
  RequestResourceDto,
  ResolveSitrepConflictDto,
} from './incidents.dto';

/** The sitrep form of an incident: its figures per desa, each desa in one of the affected kecamatan. */
function sitrepFormWithin(kecamatan: string[]): FormSchema {
  return {
    fields: SITREP_FORM.fields.map((f) =>
      f.perArea === 'desa' ? { ...f, withinKecamatan: [...kecamatan] } : { ...f },
    ),
  };
}

const bad = (...message: string[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message });
const actorOf = (auth: AuthContext) => ({ userId: auth.userId, agencyId: auth.agencyId, role: auth.role });

const summary = {
  id: true,
  title: true,
  type: true,
  severity: true,
  status: true,
  affectedKecamatan: true,
  declaredAt: true,
  closedAt: true,
  projectId: true,
} satisfies Prisma.IncidentSelect;

/**
 * Emergencies: BPBD staff or leadership declare an incident; the response
 * matrix mobilises the OPD clusters; acknowledgements, sitreps, tasks and
 * resource requests are agency tasks of the incident's project. A mobilised
 * OPD reads the incident; only the command (BPBD) and leadership change it.
 */
@Injectable()
export class IncidentsService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly planner: ProjectPlanner,
    private readonly workflows: WorkflowGateway,
    private readonly access: AccessService,
    private readonly coverage: CoverageService,
  ) {
    this.idempotency = new Idempotency(db, temporal);
  }

  /**
   * Declares an emergency and answers once its dashboard can be read. One declaration per key: without an
   * Idempotency-Key the user and body make one for a short while (IMPLICIT_KEY_TTL_MS), so a double click
   * does not mobilise every OPD twice.
   */
  async declare(auth: AuthContext, dto: DeclareIncidentDto, key?: string) {
    const commandAgencyId = await this.access.requireIncidentCommand(auth);
    return this.idempotency.run(
      { auth, key, route: 'POST /incidents', body: dto },
      ({ id }) => this.declareAs(auth, dto, commandAgencyId, id),
      { keyFromBody: true },
    );
  }

  private async declareAs(
    auth: AuthContext,
    dto: DeclareIncidentDto,
    commandAgencyId: string,
    incidentId: string,
  ) {
    const found = await this.db.agency.findMany({
      where: { kind: 'KECAMATAN', areaCode: { in: dto.kecamatan } },
      select: { code: true, name: true, areaCode: true },
    });
    // A kecamatan of the regency's reference list (Kepmendagri 2025) with its office.
    const unknown = dto.kecamatan.filter(
      (code) => kecamatanRefusal(code) !== null || !found.some((k) => k.areaCode === code),
    );
    if (unknown.length > 0)
      throw bad(`kecamatan: not a kecamatan of Kabupaten Probolinggo: ${unknown.join(', ')}`);
    // In the order declared (the database returns rows in no particular order): mobilisation and title follow it.
    const kecamatan = dto.kecamatan.map((code) => found.find((k) => k.areaCode === code)!);
    // Each desa a desa or kelurahan of the reference list, in an affected kecamatan.
    const refusals = (dto.desa ?? []).flatMap((code) => {
      const refusal = villageRefusalWithin(code, dto.kecamatan);
      return refusal ? [`desa: ${refusal}`] : [];
    });
    if (refusals.length > 0) throw bad(...refusals);

    const matrixPlan = mobilisationFor(
      dto.type,
      kecamatan.map((k) => k.code),
    );
    const agencies = await this.planner.agenciesByCode(
      matrixPlan.map((p) => p.agencyCode),
      { includeInactive: true },
    );
    // A deactivated OPD the response matrix still names is left out (and named): an emergency is not refused.
    const plan = matrixPlan.filter((p) => agencies.get(p.agencyCode)!.active);
    const left = matrixPlan.filter((p) => !agencies.get(p.agencyCode)!.active);
    const policy = SEVERITY_POLICY[dto.severity];
    const typeLabel = INCIDENT_TYPES.find((t) => t.code === dto.type)!.label;
    const input: IncidentInput = {
      incidentId,
      projectId: derivedId(incidentId, 'incident-project'),
      title: dto.title ?? `${typeLabel} — ${kecamatan.map((k) => k.name).join(', ')}`,
      description: dto.description,
      type: dto.type,
      severity: dto.severity,
      status: dto.status ?? 'TANGGAP_DARURAT',
      declaredBy: actorOf(auth),
      commandAgencyId,
      affectedKecamatan: dto.kecamatan,
      affectedDesa: dto.desa ?? [],
      mobilised: plan.map((p) => ({
        agencyId: agencies.get(p.agencyCode)!.id,
        agencyCode: p.agencyCode,
        clusters: p.clusters,
      })),
      acknowledgeWithin: policy.acknowledgeWithin,
      sitrepEvery: policy.sitrepEvery,
      escalation: incidentLadder(dto.severity),
      acknowledgementForm: ACKNOWLEDGEMENT_FORM,
      sitrepForm: sitrepFormWithin(dto.kecamatan),
      // Emergencies run around the clock.
      calendar: await this.planner.calendar('ALWAYS'),
    };
    // The rules the incident's workflow judges its input by: a 400 here, never a workflow that cannot run.
    const problems = plannedWorkProblems(input);
    if (problems.length > 0) throw bad(...problems);
    // The same declaration repeated (one key) finds it running already.
    const workflowId = await this.startWorkflow(auth, input);
    const [, uncovered] = await Promise.all([
      this.recordDeclared(input, workflowId),
      this.coverage.warningsFor(input.mobilised.map((m) => ({ id: m.agencyId, code: m.agencyCode }))),
    ]);
    return {
      id: incidentId,
      projectId: input.projectId,
      workflowId,
      status: input.status,
      mobilised: plan,
      acknowledgeWithin: policy.acknowledgeWithin,
      sitrepEvery: policy.sitrepEvery,
      warnings: [
        ...left.map((p) => this.coverage.inactiveWarning(agencies.get(p.agencyCode)!)),
        ...uncovered,
      ],
    };
  }

  /**
   * Starts the incident's workflow under a readable id and answers it: `incident-<year>-<type>-<8 hex>`, e.g.
   * `incident-2026-banjir-3f2a1b9c` (readableIncidentWorkflowId; startUnderFreeId: the key, collisions,
   * repeats). A repeat after the rows were written takes the id from the row, so one repeated across the new
   * year in WIB finds the incident too.
   */
  private async startWorkflow(auth: AuthContext, input: IncidentInput): Promise<string> {
    const existing = await this.db.incident.findUnique({
      where: { id: input.incidentId },
      select: { workflowId: true },
    });
    if (existing) return existing.workflowId;
    // The year in WIB (UTC+7), the regency's time.
    const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
    return startUnderFreeId<typeof incidentWorkflow>(this.temporal, 'incidentWorkflow', {
      objectId: input.incidentId,
      projectId: input.projectId,
      workflowIdFor: (key) => readableIncidentWorkflowId(year, input.type, key),
      holderOf: async (workflowId) =>
        (await this.db.incident.findUnique({ where: { workflowId }, select: { id: true } }))?.id ?? null,
      options: {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        typedSearchAttributes: [
          { key: OPD_ATTRIBUTE, value: auth.agencyCode },
          { key: PROJECT_ATTRIBUTE, value: input.projectId },
          { key: KECAMATAN_ATTRIBUTE, value: input.affectedKecamatan },
        ],
        memo: { title: input.title },
      },
    });
  }

  /**
   * The workflow id of a declared incident, from its row: readable since readable ids, `incident-<id>` before.
   * The row exists for every incident the API can name (written before the declaration answers).
   */
  private async workflowIdOf(incidentId: string): Promise<string> {
    const row = await this.db.incident.findUnique({
      where: { id: incidentId },
      select: { workflowId: true },
    });
    return row?.workflowId ?? incidentWorkflowId(incidentId);
  }

  /**
   * The rows the workflow's first activity (recordIncidentDeclared) writes, through the same function, so
   * that the dashboard answers as soon as the declaration has; the audit event stays the activity's. Written
   * after the start: a start Temporal refused leaves nothing behind.
   */
  private async recordDeclared(input: IncidentInput, workflowId: string) {
    await this.db.$transaction((tx) => writeIncidentFirstRows(tx, { ...input, workflowId }, new Date()));
  }

  async list(
    auth: AuthContext,
    query: ListIncidentsQuery,
  ): Promise<Page<Prisma.IncidentGetPayload<{ select: typeof summary }>>> {
    const where: Prisma.IncidentWhereInput = {
      ...this.access.visibleIncidents(auth),
      ...(query.status ? { status: query.status } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.incident.findMany({
        where,
        select: summary,
        orderBy: { declaredAt: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.incident.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  /** The incident dashboard: per-OPD status, sitrep roll-up with conflicts, open requests, the status history. */
  async dashboard(auth: AuthContext, incidentId: string) {
    const { projectId } = await this.access.requireIncident(auth, incidentId, 'read');
    const [incident, tasks, escalations, figures, events, resolutions] = await Promise.all([
      this.db.incident.findUniqueOrThrow({
        where: { id: incidentId },
        select: {
          ...summary,
          description: true,
          affectedDesa: true,
          summary: true,
          declaredById: true,
          statusChanges: {
            orderBy: { at: 'asc' },
            select: { fromStatus: true, toStatus: true, reason: true, at: true, byUserId: true },
          },
          agencies: {
            orderBy: { mobilisedAt: 'asc' },
            select: {
              clusters: true,
              mobilisedAt: true,
              releasedAt: true,
              agency: { select: { id: true, code: true, name: true } },
            },
          },
          requests: {
            orderBy: { requestedAt: 'asc' },
            select: {
              id: true,
              item: true,
              quantity: true,
              unit: true,
              status: true,
              reason: true,
              requestedAt: true,
              updatedAt: true,
              destination: true,
              neededBy: true,
              note: true,
              quantityCommitted: true,
              quantitySent: true,
              quantityReceived: true,
              fromAgency: { select: { code: true } },
              toAgency: { select: { code: true } },
            },
          },
        },
      }),
      this.db.task.findMany({
        where: { projectId },
        select: {
          id: true,
          stepKey: true,
          agencyId: true,
          status: true,
          dueAt: true,
          completedAt: true,
          title: true,
          result: true,
        },
        orderBy: { createdAt: 'asc' },
      }),
      this.db.escalation.findMany({
        where: { projectId, status: { in: ['OPEN', 'ANSWERED'] } },
        select: { agencyId: true, level: true },
      }),
      incidentSitrepFigures(this.db, projectId),
      this.db.auditEvent.findMany({
        where: { projectId, action: { in: [...TIMELINE_ACTIONS] } },
        orderBy: [{ occurredAt: 'asc' }, { position: 'asc' }],
        select: {
          action: true,
          occurredAt: true,
          actorAgencyId: true,
          actorUserId: true,
          taskId: true,
          detail: true,
        },
      }),
      this.resolutionsOf(incidentId),
    ]);
    const now = Date.now();
    const open = (status: string) => !['COMPLETED', 'CANCELLED'].includes(status);
    // Mobilised OPDs with nobody to work their tasks (no active staff or Kepala): the command sees them.
    const covered = await this.coverage.coveredIds(incident.agencies.map((a) => a.agency.id));
    const agencies = incident.agencies.map(({ agency, clusters, mobilisedAt, releasedAt }) => {
      const mine = tasks.filter((t) => t.agencyId === agency.id);
      // The latest acknowledgement task: the first one, or the follow-up after a "not ready".
      const acks = mine.filter((t) => t.stepKey?.startsWith('ack-'));
      const ack = acks.at(-1);
      const ackState = acknowledgementState(acks);
      const sitreps = mine.filter((t) => t.stepKey?.startsWith('sitrep-'));
      const submitted = sitreps.filter((t) => t.status === 'COMPLETED');
      return {
        code: agency.code,
        name: agency.name,
        uncovered: !covered.has(agency.id),
        clusters,
        /**
         * Whether the OPD owes a sitrep every period: one of its clusters has sitrep duty (SITREP_DUTY), or it
         * was given sitreps anyway (an incident declared before clusters had a duty).
         */
        owesSitreps: owesSitreps(clusters) || sitreps.length > 0,
        mobilisedAt,
        releasedAt,
        acknowledgement: ack
          ? {
              taskId: ack.id,
              status: ack.status,
              dueAt: ack.dueAt,
              acknowledgedAt: ackState.acknowledgedAt as Date | null,
              late: open(ack.status) && ack.dueAt.getTime() < now,
              /** true once it said ready; false while its last acknowledgement said "not ready"; null before. */
              ready: ackState.ready,
              /** Follow-up acknowledgements it was given after saying "not ready". */
              followUps: ackState.followUps,
            }
          : null,
        sitreps: {
          submitted: submitted.length,
          overdue: sitreps.filter((t) => open(t.status) && t.dueAt.getTime() < now).length,
          latestAt: submitted.map((t) => t.completedAt!).sort((a, b) => b.getTime() - a.getTime())[0] ?? null,
          current: sitreps
            .filter((t) => open(t.status))
            .map((t) => ({ taskId: t.id, dueAt: t.dueAt, title: t.title })),
        },
        openEscalations: escalations.filter((e) => e.agencyId === agency.id).length,
        highestEscalationLevel: Math.max(
          0,
          ...escalations.filter((e) => e.agencyId === agency.id).map((e) => e.level),
        ),
      };
    });
    const actorAgencies = await this.db.agency.findMany({
      where: { id: { in: [...new Set(events.flatMap((e) => (e.actorAgencyId ? [e.actorAgencyId] : [])))] } },
      select: { id: true, code: true },
    });
    const codeOf = new Map(actorAgencies.map((a) => [a.id, a.code]));
    return {
      ...incident,
      agencies,
      /**
       * What happened, in order: declaration, status changes, mobilisations and releases, sitrep corrections and
       * conflict resolutions, resource requests, closing; each with the reason or note it carries.
       */
      timeline: incidentTimeline(
        events.map((e) => ({
          action: e.action,
          at: e.occurredAt.toISOString(),
          agencyCode: e.actorAgencyId ? (codeOf.get(e.actorAgencyId) ?? null) : null,
          actorUserId: e.actorUserId,
          taskId: e.taskId,
          detail: (e.detail ?? {}) as Record<string, unknown>,
        })),
      ),
      rollUp: rollUpSitreps(figures, resolutions),
      /** The command's resolutions of sitrep conflicts, oldest first (the roll-up counts each cell's latest). */
      resolutions,
      // A partly received request is still open: the rest is on its way or to be closed.
      openRequests: incident.requests.filter((r) =>
        ['REQUESTED', 'COMMITTED', 'SENT', 'PARTIALLY_RECEIVED'].includes(r.status),
      ),
      tasks: tasks
        .filter((t) => !t.stepKey?.startsWith('ack-') && !t.stepKey?.startsWith('sitrep-'))
        .map(({ result: _result, ...t }) => t),
    };
  }

  /** Every sitrep as submitted, and the roll-up as it was known at `asOf`. */
  async sitreps(auth: AuthContext, incidentId: string, asOf?: string) {
    const { projectId } = await this.access.requireIncident(auth, incidentId, 'read');
    const [contributions, figures, resolutions] = await Promise.all([
      this.db.contribution.findMany({
        where: { status: 'ACCEPTED', task: { projectId, stepKey: { startsWith: 'sitrep-' } } },
        orderBy: { submittedAt: 'asc' },
        select: {
          submittedAt: true,
          values: true,
          /** 1 as sent; a higher version is a correction, its reason in `reviewNote`. */
          version: true,
          reviewNote: true,
          submittedBy: { select: { fullName: true } },
          task: { select: { id: true, title: true, agency: { select: { code: true } } } },
        },
      }),
      incidentSitrepFigures(this.db, projectId),
      this.resolutionsOf(incidentId),
    ]);
    const at = asOf ? new Date(asOf).toISOString() : new Date().toISOString();
    const known = resolutions.filter((r) => Date.parse(r.resolvedAt) <= Date.parse(at));
    return { asOf: at, rollUp: rollUpSitreps(figuresAsOf(figures, at), known), sitreps: contributions };
  }

  /** The command's resolutions of the incident's sitrep conflicts, oldest first. */
  private async resolutionsOf(incidentId: string): Promise<SitrepResolution[]> {
    const rows = await this.db.sitrepResolution.findMany({
      where: { incidentId },
      orderBy: { resolvedAt: 'asc' },
      select: { desaCode: true, field: true, value: true, agencyCode: true, note: true, resolvedAt: true },
    });
    return rows.map((r) => ({ ...r, resolvedAt: r.resolvedAt.toISOString() }));
  }

  /**
   * The command resolves a sitrep conflict (once per Idempotency-Key: the key gives the resolution's id):
   * 400 a bad request (each problem named), 409 no open conflict on that figure or an OPD that did not report
   * it. The roll-up counts the figure at once.
   */
  async resolveConflict(auth: AuthContext, incidentId: string, dto: ResolveSitrepConflictDto, key?: string) {
    const { projectId } = await this.access.requireIncident(auth, incidentId, 'command');
    const problems = resolutionProblems(dto);
    if (problems.length > 0) throw bad(...problems);
    const [figures, resolutions] = await Promise.all([
      incidentSitrepFigures(this.db, projectId),
      this.resolutionsOf(incidentId),
    ]);
    const resolved = resolvedValue(dto, rollUpSitreps(figures, resolutions).conflicts);
    if (!resolved.ok) throw new ConflictException(resolved.refusal);
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/conflicts/resolve`, body: dto },
      (attempt) =>
        this.sendUpdate(attempt, incidentId, resolveSitrepConflictUpdate, {
          actor: actorOf(auth),
          resolutionId: attempt.id,
          desaCode: dto.desaCode,
          field: dto.field,
          value: resolved.value,
          agencyCode: dto.agencyCode ?? null,
          note: dto.note?.trim() || null,
        }),
    );
  }

  /**
   * An OPD corrects its latest sent sitrep with a reason (once per Idempotency-Key: the key gives the
   * correction's id). Judged here as the workflow judges it: 404 not a sitrep of this incident, 403 not the
   * caller's OPD's, 409 not sent or not its latest (or the incident closed), 400 no reason or bad values.
   */
  async correctSitrep(
    auth: AuthContext,
    incidentId: string,
    taskId: string,
    dto: CorrectSitrepDto,
    key?: string,
  ) {
    const { projectId } = await this.access.requireIncident(auth, incidentId, 'read');
    const task = await this.db.task.findUnique({
      where: { id: taskId },
      select: { projectId: true, agencyId: true, stepKey: true, status: true, form: true },
    });
    if (!task || task.projectId !== projectId || !task.stepKey?.startsWith('sitrep-'))
      throw new NotFoundException(`sitrep ${taskId} not found in this incident`);
    if (!correctsSitrepOf(auth, task.agencyId))
      throw new ForbiddenException("a sitrep is corrected by its OPD's staff or head");
    const sent = await this.db.task.findMany({
      where: { projectId, agencyId: task.agencyId, stepKey: { startsWith: 'sitrep-' }, status: 'COMPLETED' },
      select: { id: true, completedAt: true },
    });
    const refusal = correctableSitrepRefusal(
      taskId,
      sent.map((t) => ({ taskId: t.id, sentAt: t.completedAt?.getTime() ?? 0 })),
    );
    if (refusal) throw new ConflictException(refusal);
    const checked = checkSitrepCorrection(task.form as unknown as FormSchema, dto);
    if (!checked.ok) throw bad(...checked.problems);
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/sitreps/${taskId}/corrections`, body: dto },
      (attempt) =>
        this.sendUpdate(attempt, incidentId, correctSitrepUpdate, {
          actor: actorOf(auth),
          correctionId: attempt.id,
          taskId,
          agencyId: task.agencyId,
          values: checked.values,
          reason: checked.reason,
        }),
    );
  }

  /**
   * The requester closes a partly received request with a reason (the rest is no longer needed): 404 not a
   * request of this incident, 403 not the requesting OPD's staff or head, 409 not partly received, 400 no
   * reason. Its open send stage is cancelled.
   */
  async closeRequest(
    auth: AuthContext,
    incidentId: string,
    requestId: string,
    dto: CloseRequestDto,
    key?: string,
  ) {
    await this.access.requireIncident(auth, incidentId, 'request-resource');
    const request = await this.db.resourceRequest.findUnique({
      where: { id: requestId },
      select: { incidentId: true, fromAgencyId: true, status: true },
    });
    if (!request || request.incidentId !== incidentId)
      throw new NotFoundException(`request ${requestId} not found in this incident`);
    if (!correctsSitrepOf(auth, request.fromAgencyId))
      throw new ForbiddenException('a request is closed by the requesting OPD');
    if (request.status !== 'PARTIALLY_RECEIVED')
      throw new ConflictException('only a partly received request can be closed');
    const problem = reasonProblem('reason', dto.reason);
    if (problem) throw bad(problem);
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/requests/${requestId}/close`, body: dto },
      (attempt) => {
        const workflowId = resourceRequestWorkflowId(requestId);
        return this.idempotency.update(attempt, workflowId, (updateId) =>
          this.workflows.update(
            workflowId,
            closeResourceRequestUpdate,
            { actor: actorOf(auth), reason: dto.reason.trim() },
            { updateId },
          ),
        );
      },
    );
  }

  /** An Update to the incident's workflow, once per Idempotency-Key (see Idempotency.update). */
  private async sendUpdate<Ret, Arg>(
    attempt: Attempt,
    incidentId: string,
    update: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Ret> {
    const workflowId = await this.workflowIdOf(incidentId);
    return this.idempotency.update(attempt, workflowId, (updateId) =>
      this.workflows.update(workflowId, update, arg, { updateId }),
    );
  }

  async changeStatus(auth: AuthContext, incidentId: string, dto: ChangeStatusDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/status`, body: dto },
      async (attempt) => {
        await this.access.requireIncident(auth, incidentId, 'command');
        return this.sendUpdate(attempt, incidentId, changeIncidentStatusUpdate, {
          actor: actorOf(auth),
          to: dto.status,
          reason: dto.reason?.trim() || null,
        });
      },
    );
  }

  async mobilise(auth: AuthContext, incidentId: string, dto: MobiliseDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/agencies`, body: dto },
      async (attempt) => {
        await this.access.requireIncident(auth, incidentId, 'command');
        const agency = (await this.planner.agenciesByCode([dto.agencyCode])).get(dto.agencyCode)!;
        const snapshot = await this.sendUpdate(attempt, incidentId, mobiliseAgencyUpdate, {
          actor: actorOf(auth),
          agency: { agencyId: agency.id, agencyCode: agency.code, clusters: dto.clusters ?? [] },
        });
        return { ...snapshot, warnings: await this.coverage.warningsFor([agency]) };
      },
    );
  }

  async release(auth: AuthContext, incidentId: string, agencyCode: string, dto: ReleaseDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/agencies/${agencyCode}/release`, body: dto },
      async (attempt) => {
        await this.access.requireIncident(auth, incidentId, 'command');
        // Releasing frees an OPD of work it has: allowed for a deactivated one too.
        const agency = (await this.planner.agenciesByCode([agencyCode], { includeInactive: true })).get(
          agencyCode,
        )!;
        return this.sendUpdate(attempt, incidentId, releaseAgencyUpdate, {
          actor: actorOf(auth),
          agencyId: agency.id,
          reason: dto.reason,
        });
      },
    );
  }

  async assignTask(auth: AuthContext, incidentId: string, dto: AssignIncidentTaskDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/tasks`, body: dto },
      async (attempt) => {
        await this.access.requireIncident(auth, incidentId, 'command');
        const agency = (await this.planner.agenciesByCode([dto.agencyCode])).get(dto.agencyCode)!;
        const step = this.planner.adHocStep('tugas', agency, dto.title, dto.instructions ?? null, dto.sla);
        const problems = stepProblems(step);
        if (problems.length > 0) throw bad(...problems);
        const snapshot = await this.sendUpdate(attempt, incidentId, assignIncidentTaskUpdate, {
          actor: actorOf(auth),
          step,
        });
        return { ...snapshot, warnings: await this.coverage.warningsFor([agency]) };
      },
    );
  }

  /**
   * A resource request, once per Idempotency-Key (the key gives the request's id and the Update's id), answered
   * once the dashboard lists it: its row is written here too, as the request workflow's first activity writes
   * it (insert-if-absent), after the incident's workflow accepted the request.
   */
  async requestResource(auth: AuthContext, incidentId: string, dto: RequestResourceDto, key?: string) {
    await this.access.requireIncident(auth, incidentId, 'request-resource');
    const problems = [...resourceRequestProblems(dto), ...resourceRequestDetailProblems(dto)];
    if (problems.length > 0) throw bad(...problems);
    const details = normalisedDetails(dto);
    return this.idempotency.run(
      { auth, key, route: `POST /incidents/${incidentId}/requests`, body: dto },
      async (attempt) => {
        const to = (await this.planner.agenciesByCode([dto.toAgencyCode])).get(dto.toAgencyCode)!;
        const requestId = attempt.id;
        await this.sendUpdate(attempt, incidentId, requestResourceUpdate, {
          actor: actorOf(auth),
          requestId,
          from: { agencyId: auth.agencyId, agencyCode: auth.agencyCode },
          to: { agencyId: to.id, agencyCode: to.code },
          item: dto.item,
          quantity: dto.quantity,
          unit: dto.unit,
          ...details,
        });
        const at = new Date();
        await this.db.resourceRequest.createMany({
          data: [
            {
              id: requestId,
              incidentId,
              fromAgencyId: auth.agencyId,
              toAgencyId: to.id,
              item: dto.item,
              quantity: dto.quantity,
              unit: dto.unit,
              status: 'REQUESTED',
              requestedById: auth.userId,
              requestedAt: at,
              updatedAt: at,
              destination: details.destination,
              neededBy: details.neededBy ? new Date(details.neededBy) : null,
              note: details.note,
            },
          ],
          skipDuplicates: true,
        });
        return {
          id: requestId,
          status: 'REQUESTED' as const,
          warnings: await this.coverage.warningsFor([to]),
        };
      },
    );
  }
}
