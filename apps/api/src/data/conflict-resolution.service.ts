import {
  BadRequestException,
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { randomUUID } from 'node:crypto';
import {
  conflictResolutionWorkflowId,
  DATA_CONFLICT_NOT_FOUND,
  DATA_RECONCILIATION_NOT_FOUND,
  figureRevisionWorkflowId,
  reconciliationDecisionWorkflowId,
  type ConflictResolution,
  type ConflictResolutionInput,
  type FigureRevision,
  type FigureRevisionInput,
  type ReconciliationDecision,
  type ReconciliationDecisionInput,
} from '@gotong/contracts/data';
import { mayRole } from '@gotong/domain/permissions';
import { checkRevision, expandDecisions, type ReconciliationCell } from '@gotong/domain/data-standard';
import { INVALID_REQUEST, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import type { dataConflictResolutionWorkflow } from '@gotong/workflows/data/conflict-resolution.workflow';
import type {
  dataFigureRevisionWorkflow,
  dataReconciliationDecisionWorkflow,
} from '@gotong/workflows/data/reconciliation-decision.workflow';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { TEMPORAL_CLIENT } from '../infra/temporal';
import { ProjectsService } from '../projects/projects.service';
import { agencyNames, badRequest, userNames } from './data-lookups';
import type { FigureRevisionDto, ReconciliationDecisionDto, ResolveConflictDto } from './data.dto';

/**
 * The walidata's decision on a conflict. The API decides who may decide and whether there is anything left to
 * decide; the decision itself (publish the agreed figure, supersede the OPDs' figures, close the conflict) is
 * the dataConflictResolutionWorkflow's, one run per conflict, whose result the API waits for and returns.
 */
@Injectable()
export class ConflictResolutionService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
    private readonly projects: ProjectsService,
  ) {}

  async resolve(auth: AuthContext, conflictId: string, dto: ResolveConflictDto): Promise<ConflictResolution> {
    this.access.requireRole(auth, 'data.arbiter');
    const conflict = await this.db.dataConflict.findUnique({
      where: { id: conflictId },
      select: { status: true, reconciliationId: true, projectId: true },
    });
    if (!conflict) throw new NotFoundException(`conflict ${conflictId} not found`);
    if (conflict.status !== 'OPEN') throw new ConflictException(`conflict ${conflictId} is already resolved`);
    const input: ConflictResolutionInput = {
      conflictId,
      value: dto.value,
      reasoning: dto.reasoning.trim(),
      actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
    };
    let resolution: ConflictResolution;
    try {
      resolution = await this.temporal.workflow.execute<typeof dataConflictResolutionWorkflow>(
        'dataConflictResolutionWorkflow',
        {
          workflowId: conflictResolutionWorkflowId(conflictId),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args: [input],
          // A refused run leaves the conflict as it was and may be followed by another; a decided one may not.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        },
      );
    } catch (error) {
      throw refusalToHttp(error, `conflict ${conflictId}`);
    }
    await this.closeReconciliation(auth, conflict.reconciliationId, conflict.projectId);
    return resolution;
  }

  /**
   * The walidata's decisions on a reconciliation: cell by cell and/or one OPD's figure for many cells (a bulk
   * decision), with one reasoning; the dataReconciliationDecisionWorkflow publishes them all or none.
   */
  async decide(
    auth: AuthContext,
    reconciliationId: string,
    dto: ReconciliationDecisionDto,
  ): Promise<ReconciliationDecision> {
    this.access.requireRole(auth, 'data.arbiter');
    const found = await this.db.dataReconciliation.findUnique({
      where: { id: reconciliationId },
      include: {
        conflicts: { where: { status: 'OPEN' }, include: { values: { where: { status: 'VERIFIED' } } } },
      },
    });
    if (!found) throw new NotFoundException(`reconciliation ${reconciliationId} not found`);
    if (found.status !== 'OPEN') {
      throw new ConflictException(`reconciliation ${reconciliationId} is already resolved`);
    }
    const agencies = await agencyNames(
      this.db,
      found.conflicts.flatMap((c) => c.values.map((v) => v.agencyId)),
    );
    const cells: ReconciliationCell[] = found.conflicts.map((c) => ({
      conflictId: c.id,
      indicatorCode: c.indicatorCode,
      areaCode: c.areaCode,
      breakdown: c.breakdown,
      published: c.publishedValue === null ? null : Number(c.publishedValue),
      values: c.values.map((v) => ({
        agencyCode: agencies.get(v.agencyId)?.code ?? v.agencyId,
        value: Number(v.value),
      })),
    }));
    const expanded = expandDecisions(
      {
        decisions: dto.decisions ?? [],
        ...(dto.accept
          ? { accept: { agencyCode: dto.accept.agency, conflictIds: dto.accept.conflictIds } }
          : {}),
      },
      cells,
    );
    if (!expanded.ok) throw badRequest(expanded.problems);
    const input: ReconciliationDecisionInput = {
      reconciliationId,
      decisionId: randomUUID(),
      decisions: expanded.decisions,
      reasoning: dto.reasoning.trim(),
      actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
    };
    let decision: ReconciliationDecision;
    try {
      decision = await this.temporal.workflow.execute<typeof dataReconciliationDecisionWorkflow>(
        'dataReconciliationDecisionWorkflow',
        {
          workflowId: reconciliationDecisionWorkflowId(reconciliationId, input.decisionId),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args: [input],
        },
      );
    } catch (error) {
      throw refusalToHttp(error, `reconciliation ${reconciliationId}`);
    }
    await this.closeReconciliation(auth, reconciliationId);
    return decision;
  }

  /**
   * An explicit revision of a published figure, with its reason (the only way a published figure changes
   * without a conflict): the dataFigureRevisionWorkflow keeps the old figure in the history.
   */
  async revise(auth: AuthContext, dto: FigureRevisionDto): Promise<FigureRevision> {
    this.access.requireRole(auth, 'data.arbiter');
    const published = await this.db.publishedFigure.findUnique({
      where: {
        indicatorCode_areaCode_period_breakdown: {
          indicatorCode: dto.indicator,
          areaCode: dto.area,
          period: dto.period,
          breakdown: dto.breakdown ?? '',
        },
      },
      select: { value: true },
    });
    if (!published) {
      throw new NotFoundException(`no published figure for ${dto.indicator} ${dto.area} ${dto.period}`);
    }
    const problems = checkRevision({ value: Number(published.value) }, dto.value, dto.reason);
    if (problems.length > 0) throw badRequest(problems);
    const input: FigureRevisionInput = {
      revisionId: randomUUID(),
      indicatorCode: dto.indicator,
      areaCode: dto.area,
      period: dto.period,
      breakdown: dto.breakdown ?? '',
      value: dto.value,
      reason: dto.reason.trim(),
      actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
    };
    try {
      return await this.temporal.workflow.execute<typeof dataFigureRevisionWorkflow>(
        'dataFigureRevisionWorkflow',
        {
          workflowId: figureRevisionWorkflowId(input.revisionId),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args: [input],
        },
      );
    } catch (error) {
      throw refusalToHttp(error, `${dto.indicator} ${dto.area} ${dto.period}`);
    }
  }

  /** The revisions of published figures (newest first), optionally of one indicator, area or period. */
  async revisions(auth: AuthContext, query: { indicator?: string; area?: string; period?: string }) {
    // Names only for the data's custodians (UU 27/2022); others see that a revision was made, and why.
    const names = mayRole(auth.role, 'data.personal-names');
    const rows = await this.db.publishedFigureRevision.findMany({
      where: {
        ...(query.indicator ? { indicatorCode: query.indicator } : {}),
        ...(query.area ? { areaCode: { startsWith: query.area } } : {}),
        ...(query.period ? { period: query.period } : {}),
      },
      orderBy: { revisedAt: 'desc' },
      take: 500,
    });
    const people = await userNames(
      this.db,
      rows.map((r) => r.revisedById),
    );
    return rows.map((r) => ({
      ...r,
      oldValue: Number(r.oldValue),
      newValue: Number(r.newValue),
      revisedById: names ? r.revisedById : null,
      revisedBy: names ? (people.get(r.revisedById) ?? null) : null,
    }));
  }

  /**
   * A reconciliation with no cell left open has served its purpose: it is RESOLVED (by the decision), and so is
   * its explanation project: the OPDs' tasks still open close as no longer needed (CLOSED, not the OPDs'
   * failure), and their answers stay with the reconciliation and the project.
   */
  private async closeReconciliation(
    auth: AuthContext,
    reconciliationId: string | null,
    legacyProjectId: string | null = null,
  ): Promise<void> {
    let projectId = legacyProjectId;
    if (reconciliationId) {
      // (A conflict opened before reconciliations, without one, had a project of its own: legacyProjectId.)
      const reconciliation = await this.db.dataReconciliation.findUnique({
        where: { id: reconciliationId },
        select: { status: true, projectId: true },
      });
      if (reconciliation?.status !== 'RESOLVED') return;
      projectId = reconciliation.projectId;
    }
    if (!projectId) return;
    const project = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { status: true },
    });
    if (project?.status !== 'ACTIVE') return;
    await this.projects
      .resolve(
        auth,
        projectId,
        'Walidata telah memutuskan setiap sel; tugas yang masih terbuka tidak diperlukan lagi.',
      )
      .catch((error: unknown) => {
        if (!(error instanceof HttpException)) throw error;
      });
  }
}

/** The workflow's refusals as HTTP errors: another decision came first (409), no such conflict (404), bad input (400). */
function refusalToHttp(error: unknown, subject: string): unknown {
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new ConflictException(`${subject} is already decided`);
  }
  if (!(error instanceof WorkflowFailedError) || !(error.cause instanceof ApplicationFailure)) return error;
  switch (error.cause.type ?? '') {
    case TASK_NOT_OPEN:
      return new ConflictException(error.cause.message);
    case DATA_CONFLICT_NOT_FOUND:
    case DATA_RECONCILIATION_NOT_FOUND:
      return new NotFoundException(error.cause.message);
    case INVALID_REQUEST:
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [error.cause.message],
      });
    default:
      return error;
  }
}
