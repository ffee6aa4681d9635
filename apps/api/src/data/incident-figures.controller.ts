import {
  ConflictException,
  Controller,
  HttpCode,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import {
  INCIDENT_NOT_FOUND,
  INCIDENT_STILL_OPEN,
  incidentFiguresWorkflowId,
  type IncidentFiguresInput,
  type IncidentFiguresPublication,
} from '@gotong/contracts/incident-figures';
import type { dataIncidentFiguresWorkflow } from '@gotong/workflows/data/incident-figures.workflow';
import { AccessService } from '../common/access.service';
import { Auth, type AuthContext } from '../common/auth-context';
import { TEMPORAL_CLIENT } from '../infra/temporal';

/**
 * A closed incident's sitrep figures, held while it was open, published by the walidata (data.arbiter): the
 * dataIncidentFiguresWorkflow releases them into the normal publication path; the API waits for its answer.
 */
@Injectable()
export class IncidentFiguresService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
  ) {}

  async publish(auth: AuthContext, incidentId: string): Promise<IncidentFiguresPublication> {
    this.access.requireRole(auth, 'data.arbiter');
    const incident = await this.db.incident.findUnique({
      where: { id: incidentId },
      select: { status: true },
    });
    if (!incident) throw new NotFoundException(`incident ${incidentId} not found`);
    if (incident.status !== 'CLOSED') {
      throw new ConflictException(
        `incident ${incidentId} is still open: its sitrep figures are published after it closes`,
      );
    }
    const input: IncidentFiguresInput = {
      incidentId,
      publicationId: randomUUID(),
      actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
    };
    try {
      return await this.temporal.workflow.execute<typeof dataIncidentFiguresWorkflow>(
        'dataIncidentFiguresWorkflow',
        {
          workflowId: incidentFiguresWorkflowId(incidentId, input.publicationId),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args: [input],
        },
      );
    } catch (error) {
      if (error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === INCIDENT_NOT_FOUND) throw new NotFoundException(error.cause.message);
        if (error.cause.type === INCIDENT_STILL_OPEN) throw new ConflictException(error.cause.message);
      }
      throw error;
    }
  }
}

/** Sitrep figures of an incident, published after it closes (WALIDATA). */
@ApiTags('data satu pintu')
@ApiBearerAuth()
@Controller('data/incidents')
export class IncidentFiguresController {
  constructor(private readonly figures: IncidentFiguresService) {}

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: "Publish a closed incident's sitrep figures (disagreements open one reconciliation)",
  })
  publish(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.figures.publish(auth, id);
  }
}
