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
import {
  conflictResolutionWorkflowId,
  DATA_CONFLICT_NOT_FOUND,
  type ConflictResolution,
  type ConflictResolutionInput,
} from '@gotong/contracts/data';
import { INVALID_REQUEST, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import type { dataConflictResolutionWorkflow } from '@gotong/workflows/data/conflict-resolution.workflow';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { TEMPORAL_CLIENT } from '../infra/temporal';
import { ProjectsService } from '../projects/projects.service';
import type { ResolveConflictDto } from './data.dto';

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
      select: { status: true, projectId: true },
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
      throw refusalToHttp(error, conflictId);
    }
    await this.stopReconciliation(auth, conflict.projectId, dto.value);
    return resolution;
  }

  /** The reconciliation tasks have served their purpose: the project stops if its lead decided. */
  private async stopReconciliation(
    auth: AuthContext,
    projectId: string | null,
    value: number,
  ): Promise<void> {
    if (!projectId) return;
    const project = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { status: true },
    });
    if (project?.status !== 'ACTIVE') return;
    await this.projects
      .cancel(auth, projectId, { reason: `Diputuskan walidata: ${value}` })
      .catch((error: unknown) => {
        if (!(error instanceof HttpException)) throw error;
      });
  }
}

/** The workflow's refusals as HTTP errors: another decision came first (409), no such conflict (404), bad input (400). */
function refusalToHttp(error: unknown, conflictId: string): unknown {
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new ConflictException(`conflict ${conflictId} is already resolved`);
  }
  if (!(error instanceof WorkflowFailedError) || !(error.cause instanceof ApplicationFailure)) return error;
  switch (error.cause.type ?? '') {
    case TASK_NOT_OPEN:
      return new ConflictException(error.cause.message);
    case DATA_CONFLICT_NOT_FOUND:
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
