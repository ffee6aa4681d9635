import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@gotong/config/config';
import { planningCycleWorkflowId, type PlanningCycleInput } from '@gotong/contracts/planning';
import { OPD_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import { audit } from '@gotong/database/audit';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import {
  assignsPlanningProposals,
  currentStage,
  decisionOf,
  isEscalated,
  isLate,
  managesPlanningYear,
  normalisedStageCalendar,
  planningOverview,
  PLANNING_TOPICS,
  proposalFilingRefusal,
  proposalProblems,
  proposalStatus,
  readsProposal,
  seesAllPlanning,
  stageCalendarProblems,
  stageChangeProblems,
  stageEnd,
  topicAgencies,
  type DecisionFacts,
  type PlanningCaller,
  type PlanningDecision,
  type ProposalFigures,
  type ProposalStatus,
  type StageCalendar,
  type StagePosition,
} from '@gotong/domain/planning';
import { areaName } from '@gotong/domain/region';
import type { planningCycleWorkflow } from '@gotong/workflows/planning/planning-cycle.workflow';
import { planningProposalsWaitingSignal, setPlanningStagesUpdate } from '@gotong/workflows/planning/messages';
import type { AuthContext } from '../common/auth-context';
import { Idempotency } from '../common/idempotency';
import type { Page } from '../common/pagination';
import { startOnce, TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import type {
  AssignProposalDto,
  CreatePlanningYearDto,
  FileProposalDto,
  ListProposalsQuery,
  SetPlanningStagesDto,
} from './planning.dto';

const bad = (...message: string[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message });

const OPEN_TASK = new Set(['ASSIGNED', 'CLAIMED', 'SUBMITTED', 'RETURNED']);

export interface PlanningTopicView {
  key: string;
  label: string;
  /** The OPDs (codes) that decide a proposal of the topic; empty: BAPPEDA assigns. */
  agencies: string[];
}

export interface PlanningYearView {
  year: number;
  status: 'OPEN' | 'CONSOLIDATING' | 'CLOSED';
  currentStage: StagePosition;
  stages: StageCalendar;
  workflowId: string;
  routedAt: Date | null;
  closedAt: Date | null;
  consolidationProjectId: string | null;
  createdAt: Date;
  createdBy: { id: string; fullName: string };
  /** How many proposals the year has. */
  proposals: number;
}

export interface PlanningAgencyRef {
  code: string;
  name: string;
}

export interface PlanningKecamatanRef {
  code: string;
  name: string;
  areaCode: string;
}

export interface PlanningProposalSummary {
  id: string;
  year: number;
  title: string;
  topic: string;
  priority: number;
  status: ProposalStatus;
  kecamatan: PlanningKecamatanRef;
  desa: { code: string; name: string };
  /** The OPDs (codes) it is routed to. */
  agencies: string[];
  accepted: number;
  declined: number;
  open: number;
  late: number;
  escalated: number;
  projectId: string | null;
  createdAt: Date;
}

export interface PlanningDecisionView {
  agency: PlanningAgencyRef;
  taskId: string;
  taskStatus: string;
  dueAt: Date;
  escalationLevel: number;
  /** Open past its due date. */
  late: boolean;
  decision: PlanningDecision['decision'] | null;
  program: string | null;
  kegiatan: string | null;
  subKegiatan: string | null;
  kodeRekening: string | null;
  /** Rupiah. */
  pagu: number | null;
  reason: string | null;
  decidedAt: Date | null;
}

export interface PlanningProposalDetail extends PlanningProposalSummary {
  problem: string;
  proposedActivity: string;
  createdBy: { id: string; fullName: string };
  routedAt: Date | null;
  /** The end of the Forum Perangkat Daerah: when the OPDs' decisions are due. */
  decisionDueAt: Date;
  /** OPDs whose decision was still open at the Renja deadline. */
  lateAgencies: string[];
  decisions: PlanningDecisionView[];
}

export interface PlanningOverviewView {
  year: number;
  asOf: Date;
  decisionDueAt: Date;
  totals: ProposalFigures;
  perKecamatan: (ProposalFigures & { kecamatan: PlanningKecamatanRef })[];
  perOpd: {
    agency: PlanningAgencyRef;
    decisions: number;
    accepted: number;
    declined: number;
    open: number;
    late: number;
    escalated: number;
    paguAccepted: number;
  }[];
}

const proposalInclude = {
  kecamatanAgency: { select: { code: true, name: true, areaCode: true } },
  createdBy: { select: { id: true, fullName: true } },
  project: {
    select: {
      tasks: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          status: true,
          dueAt: true,
          escalationLevel: true,
          result: true,
          completedAt: true,
          agency: { select: { code: true, name: true } },
        },
      },
    },
  },
} satisfies Prisma.PlanningProposalInclude;

type ProposalRow = Prisma.PlanningProposalGetPayload<{ include: typeof proposalInclude }>;

/**
 * The annual planning cycle (RKPD): BAPPEDA opens a year with its stage calendar (planningCycleWorkflow runs
 * it), kecamatan offices enter their Musrenbang proposals, the workflow routes them to the OPDs whose decision
 * tasks are ordinary agency tasks, and leadership and BAPPEDA read the figures. Rules: @gotong/domain/planning.
 */
@Injectable()
export class PlanningService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly workflows: WorkflowGateway,
  ) {
    this.idempotency = new Idempotency(db, temporal);
  }

  topics(): PlanningTopicView[] {
    return PLANNING_TOPICS.map((t) => ({ key: t.key, label: t.label, agencies: topicAgencies(t.key) }));
  }

  private async caller(auth: AuthContext): Promise<PlanningCaller> {
    const agency = await this.db.agency.findUnique({
      where: { id: auth.agencyId },
      select: { kind: true, areaCode: true },
    });
    return {
      role: auth.role,
      agencyCode: auth.agencyCode,
      kecamatanAreaCode: agency?.kind === 'KECAMATAN' ? (agency.areaCode ?? null) : null,
    };
  }

  private async yearRow(year: number) {
    const row = await this.db.planningYear.findUnique({
      where: { year },
      include: {
        createdBy: { select: { id: true, fullName: true } },
        _count: { select: { proposals: true } },
      },
    });
    if (!row) throw new NotFoundException(`no planning year ${year}`);
    return { ...row, stages: row.stages as unknown as StageCalendar };
  }

  private yearView(row: Awaited<ReturnType<PlanningService['yearRow']>>): PlanningYearView {
    return {
      year: row.year,
      status: row.status,
      currentStage: currentStage(row.stages, Date.now()),
      stages: row.stages,
      workflowId: row.workflowId,
      routedAt: row.routedAt,
      closedAt: row.closedAt,
      consolidationProjectId: row.consolidationProjectId,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      proposals: row._count.proposals,
    };
  }

  async createYear(auth: AuthContext, dto: CreatePlanningYearDto): Promise<PlanningYearView> {
    if (!managesPlanningYear(await this.caller(auth))) {
      throw new ForbiddenException('only a LEAD or the head of BAPPEDA, or an admin, opens a planning year');
    }
    const problems = stageCalendarProblems(dto.year, dto.stages);
    if (problems.length > 0) throw bad(...problems);
    const stages = normalisedStageCalendar(dto.stages);
    if (await this.db.planningYear.findUnique({ where: { year: dto.year } })) {
      throw new ConflictException(`the planning year ${dto.year} exists already`);
    }
    const workflowId = planningCycleWorkflowId(dto.year, randomUUID().slice(0, 8));
    const input: PlanningCycleInput = { year: dto.year, stages };
    await this.db.$transaction(async (tx) => {
      await tx.planningYear.create({
        data: {
          year: dto.year,
          stages: stages as unknown as Prisma.InputJsonValue,
          workflowId,
          createdById: auth.userId,
        },
      });
      await audit(tx, {
        eventKey: `planning:${dto.year}:opened`,
        action: 'PLANNING_YEAR_OPENED',
        actorUserId: auth.userId,
        actorAgencyId: auth.agencyId,
        detail: { year: dto.year, stages: stages as unknown as Prisma.InputJsonValue },
        occurredAt: new Date(),
      });
      // Inside the transaction: a year whose workflow did not start is not recorded either.
      await startOnce<typeof planningCycleWorkflow>(this.temporal, 'planningCycleWorkflow', {
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: OPD_ATTRIBUTE, value: 'BAPPEDA' }],
        memo: { title: `Siklus perencanaan RKPD ${dto.year}` },
      });
    });
    return this.yearView(await this.yearRow(dto.year));
  }

  async listYears(): Promise<PlanningYearView[]> {
    const rows = await this.db.planningYear.findMany({
      orderBy: { year: 'desc' },
      include: {
        createdBy: { select: { id: true, fullName: true } },
        _count: { select: { proposals: true } },
      },
    });
    return rows.map((row) => this.yearView({ ...row, stages: row.stages as unknown as StageCalendar }));
  }

  async getYear(year: number): Promise<PlanningYearView> {
    return this.yearView(await this.yearRow(year));
  }

  async setStages(auth: AuthContext, year: number, dto: SetPlanningStagesDto): Promise<PlanningYearView> {
    if (!managesPlanningYear(await this.caller(auth))) {
      throw new ForbiddenException('only a LEAD or the head of BAPPEDA, or an admin, moves stage dates');
    }
    const row = await this.yearRow(year);
    if (row.status !== 'OPEN') throw new ConflictException(`the planning year ${year} is ${row.status}`);
    const problems = stageChangeProblems(year, row.stages, dto.stages, Date.now());
    if (problems.length > 0) throw bad(...problems);
    // The workflow judges the change again (its own clock) and records it before answering.
    await this.workflows.update(row.workflowId, setPlanningStagesUpdate, {
      stages: normalisedStageCalendar(dto.stages),
    });
    return this.getYear(year);
  }

  async fileProposal(
    auth: AuthContext,
    year: number,
    dto: FileProposalDto,
    key: string | undefined,
  ): Promise<PlanningProposalDetail> {
    const refusal = proposalFilingRefusal(await this.caller(auth), dto.kecamatan);
    if (refusal) throw new ForbiddenException(refusal);
    const problems = proposalProblems({ ...dto });
    if (problems.length > 0) throw bad(...problems);
    const row = await this.yearRow(year);
    if (row.status !== 'OPEN' || Date.now() >= stageEnd(row.stages, 'FORUM_PERANGKAT_DAERAH')) {
      throw new ConflictException(
        `proposals for RKPD ${year} closed with the end of the Forum Perangkat Daerah`,
      );
    }
    return this.idempotency.run(
      { auth, key, route: 'POST /planning/years/:year/proposals', body: { year, ...dto } },
      async ({ id }) => {
        await this.db.$transaction(async (tx) => {
          await tx.planningProposal.createMany({
            data: [
              {
                id,
                year,
                kecamatanAgencyId: auth.agencyId,
                kecamatanCode: dto.kecamatan,
                desaCode: dto.desa,
                title: dto.title.trim(),
                problem: dto.problem.trim(),
                proposedActivity: dto.proposedActivity.trim(),
                topic: dto.topic,
                priority: dto.priority,
                createdById: auth.userId,
              },
            ],
            skipDuplicates: true,
          });
          await audit(tx, {
            eventKey: `planning:${year}:proposal:${id}:filed`,
            action: 'PLANNING_PROPOSAL_FILED',
            actorUserId: auth.userId,
            actorAgencyId: auth.agencyId,
            detail: { year, proposalId: id, desa: dto.desa, topic: dto.topic, priority: dto.priority },
            occurredAt: new Date(),
          });
        });
        // Routing has begun: this one goes straight to its OPDs.
        if (row.routedAt) await this.signalWaiting(row.workflowId);
        return this.proposalDetail(await this.proposalRow(year, id));
      },
      { keyFromBody: true },
    );
  }

  private async signalWaiting(workflowId: string): Promise<void> {
    await this.temporal.workflow.getHandle(workflowId).signal(planningProposalsWaitingSignal);
  }

  private async proposalRow(year: number, id: string): Promise<ProposalRow> {
    const row = await this.db.planningProposal.findFirst({ where: { id, year }, include: proposalInclude });
    if (!row) throw new NotFoundException(`no proposal ${id} in ${year}`);
    return row;
  }

  async listProposals(
    auth: AuthContext,
    year: number,
    query: ListProposalsQuery,
  ): Promise<Page<PlanningProposalSummary>> {
    const caller = await this.caller(auth);
    await this.yearRow(year); // 404 for an unknown year
    const visible = seesAllPlanning(caller)
      ? {}
      : {
          OR: [
            ...(caller.kecamatanAreaCode ? [{ kecamatanCode: caller.kecamatanAreaCode }] : []),
            { agencyCodes: { has: caller.agencyCode } },
          ],
        };
    const rows = await this.db.planningProposal.findMany({
      where: {
        year,
        ...visible,
        ...(query.kecamatan ? { kecamatanCode: query.kecamatan } : {}),
        ...(query.opd ? { agencyCodes: { has: query.opd } } : {}),
      },
      include: proposalInclude,
      orderBy: [{ kecamatanCode: 'asc' }, { priority: 'asc' }, { createdAt: 'asc' }],
    });
    const summaries = rows
      .map((r) => this.summary(r))
      .filter((s) => !query.status || s.status === query.status);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    return {
      items: summaries.slice((page - 1) * pageSize, page * pageSize),
      page,
      pageSize,
      total: summaries.length,
    };
  }

  async getProposal(auth: AuthContext, year: number, id: string): Promise<PlanningProposalDetail> {
    const caller = await this.caller(auth);
    const proposal = await this.proposalRow(year, id);
    if (!readsProposal(caller, proposal)) {
      throw new ForbiddenException(
        'a proposal is read by its kecamatan, the OPDs it is routed to, BAPPEDA and leadership',
      );
    }
    return this.proposalDetail(proposal);
  }

  async assign(
    auth: AuthContext,
    year: number,
    id: string,
    dto: AssignProposalDto,
  ): Promise<PlanningProposalDetail> {
    if (!assignsPlanningProposals(await this.caller(auth))) {
      throw new ForbiddenException('only BAPPEDA (or an admin) assigns a proposal to OPDs');
    }
    const row = await this.yearRow(year);
    const proposal = await this.proposalRow(year, id);
    if (row.status === 'CLOSED') throw new ConflictException(`the planning year ${year} is closed`);
    if (proposal.status !== 'UNOWNED') {
      throw new ConflictException(`only an unowned proposal is assigned; this one is ${proposal.status}`);
    }
    const agencies = await this.db.agency.findMany({
      where: { code: { in: dto.agencies } },
      select: { code: true, kind: true, active: true },
    });
    const problems = dto.agencies.flatMap((code) => {
      const a = agencies.find((x) => x.code === code);
      if (!a) return [`agencies: ${code} is not an OPD`];
      if (a.kind === 'KECAMATAN') return [`agencies: ${code} is a kecamatan office, not an OPD that plans`];
      if (!a.active) return [`agencies: ${code} is deactivated and takes no new work`];
      return [];
    });
    if (problems.length > 0) throw bad(...problems);
    const updated = await this.db.$transaction(async (tx) => {
      const changed = await tx.planningProposal.updateMany({
        where: { id, status: 'UNOWNED' },
        data: { status: 'SUBMITTED', assignedAgencies: dto.agencies },
      });
      if (changed.count === 1) {
        await audit(tx, {
          eventKey: `planning:${year}:proposal:${id}:assigned`,
          action: 'PLANNING_PROPOSAL_ASSIGNED',
          actorUserId: auth.userId,
          actorAgencyId: auth.agencyId,
          detail: { year, proposalId: id, agencies: dto.agencies },
          occurredAt: new Date(),
        });
      }
      return changed;
    });
    if (updated.count === 1) await this.signalWaiting(row.workflowId);
    return this.proposalDetail(await this.proposalRow(year, id));
  }

  async overview(auth: AuthContext, year: number): Promise<PlanningOverviewView> {
    if (!seesAllPlanning(await this.caller(auth))) {
      throw new ForbiddenException('the planning figures are for BAPPEDA and leadership');
    }
    const row = await this.yearRow(year);
    const rows = await this.db.planningProposal.findMany({ where: { year }, include: proposalInclude });
    const now = Date.now();
    const figures = planningOverview(
      rows.map((r) => ({ kecamatanCode: r.kecamatanCode, stored: r.status, decisions: facts(r) })),
      now,
    );
    const kecamatan = await this.db.agency.findMany({
      where: { kind: 'KECAMATAN', areaCode: { in: figures.perKecamatan.map((k) => k.kecamatanCode) } },
      select: { code: true, name: true, areaCode: true },
    });
    const opds = await this.db.agency.findMany({
      where: { code: { in: figures.perOpd.map((o) => o.agencyCode) } },
      select: { code: true, name: true },
    });
    return {
      year,
      asOf: new Date(now),
      decisionDueAt: new Date(stageEnd(row.stages, 'FORUM_PERANGKAT_DAERAH')),
      totals: figures.totals,
      perKecamatan: figures.perKecamatan.map(({ kecamatanCode, ...f }) => {
        const k = kecamatan.find((x) => x.areaCode === kecamatanCode);
        return {
          kecamatan: {
            code: k?.code ?? kecamatanCode,
            name: k?.name ?? kecamatanCode,
            areaCode: kecamatanCode,
          },
          ...f,
        };
      }),
      perOpd: figures.perOpd.map(({ agencyCode, ...f }) => ({
        agency: { code: agencyCode, name: opds.find((o) => o.code === agencyCode)?.name ?? agencyCode },
        ...f,
      })),
    };
  }

  private summary(r: ProposalRow): PlanningProposalSummary {
    const decisions = facts(r);
    const now = Date.now();
    return {
      id: r.id,
      year: r.year,
      title: r.title,
      topic: r.topic,
      priority: r.priority,
      status: proposalStatus(r.status, decisions),
      kecamatan: {
        code: r.kecamatanAgency.code,
        name: r.kecamatanAgency.name,
        areaCode: r.kecamatanCode,
      },
      desa: { code: r.desaCode, name: areaName(r.desaCode) ?? r.desaCode },
      agencies: r.agencyCodes,
      accepted: decisions.filter((d) => d.decision?.decision === 'ACCEPTED').length,
      declined: decisions.filter((d) => d.decision?.decision === 'DECLINED').length,
      open: decisions.filter((d) => d.open).length,
      late: decisions.filter((d) => isLate(d, now)).length,
      escalated: decisions.filter(isEscalated).length,
      projectId: r.projectId,
      createdAt: r.createdAt,
    };
  }

  private async proposalDetail(r: ProposalRow): Promise<PlanningProposalDetail> {
    const year = await this.yearRow(r.year);
    const now = Date.now();
    return {
      ...this.summary(r),
      problem: r.problem,
      proposedActivity: r.proposedActivity,
      createdBy: r.createdBy,
      routedAt: r.routedAt,
      decisionDueAt: new Date(stageEnd(year.stages, 'FORUM_PERANGKAT_DAERAH')),
      lateAgencies: r.lateAgencies,
      // In the order the proposal names its OPDs (its topic's order, or BAPPEDA's).
      decisions: [...(r.project?.tasks ?? [])]
        .sort((a, b) => rank(r.agencyCodes, a.agency.code) - rank(r.agencyCodes, b.agency.code))
        .map((t) => {
          const decision = t.status === 'COMPLETED' ? decisionOf(t.result) : null;
          const open = OPEN_TASK.has(t.status);
          return {
            agency: t.agency,
            taskId: t.id,
            taskStatus: t.status,
            dueAt: t.dueAt,
            escalationLevel: t.escalationLevel,
            late: open && t.dueAt.getTime() < now,
            decision: decision?.decision ?? null,
            program: decision?.program ?? null,
            kegiatan: decision?.kegiatan ?? null,
            subKegiatan: decision?.subKegiatan ?? null,
            kodeRekening: decision?.kodeRekening ?? null,
            pagu: decision?.pagu ?? null,
            reason: decision?.reason ?? null,
            decidedAt: decision ? t.completedAt : null,
          };
        }),
    };
  }
}

function rank(codes: readonly string[], code: string): number {
  const i = codes.indexOf(code);
  return i < 0 ? codes.length : i;
}

/** A proposal's decisions as the figures count them (its project's tasks, one per OPD). */
function facts(r: ProposalRow): DecisionFacts[] {
  return (r.project?.tasks ?? []).map((t) => ({
    agencyCode: t.agency.code,
    open: OPEN_TASK.has(t.status),
    dueAtMs: t.dueAt.getTime(),
    escalationLevel: t.escalationLevel,
    decision: t.status === 'COMPLETED' ? decisionOf(t.result) : null,
  }));
}
