import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { areaName } from '@gotong/domain/region';
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

/** An incident with held sitrep figures, as GET /data/incidents/held lists it. */
export interface HeldIncidentFigures {
  id: string;
  projectId: string;
  title: string;
  status: string;
  kecamatan: { code: string; name: string }[];
  declaredAt: string;
  closedAt: string | null;
  /** Sitrep figures recorded HELD, waiting for publication. */
  heldFigures: number;
  /** The indicators they name. */
  indicators: string[];
  /** Closed: the walidata may publish them now (POST /data/incidents/:id/publish). */
  publishable: boolean;
}

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

  /**
   * The incidents whose sitrep figures are held, publishable ones (closed) first: what the walidata's
   * "Angka sitrep" panel lists. `publishable` narrows to closed (true) or still open (false) incidents.
   */
  async held(auth: AuthContext, publishableParam?: string): Promise<HeldIncidentFigures[]> {
    this.access.requireRole(auth, 'data.arbiter');
    if (publishableParam !== undefined && publishableParam !== 'true' && publishableParam !== 'false') {
      throw new BadRequestException('publishable must be true or false');
    }
    const publishable = publishableParam === undefined ? undefined : publishableParam === 'true';
    const groups = await this.db.dataValue.groupBy({
      by: ['projectId', 'indicatorCode'],
      where: { status: 'HELD' },
      _count: { _all: true },
    });
    if (groups.length === 0) return [];
    const incidents = await this.db.incident.findMany({
      where: {
        projectId: { in: [...new Set(groups.map((g) => g.projectId))] },
        ...(publishable === undefined
          ? {}
          : publishable
            ? { status: 'CLOSED' }
            : { status: { not: 'CLOSED' } }),
      },
      select: {
        id: true,
        projectId: true,
        title: true,
        status: true,
        affectedKecamatan: true,
        declaredAt: true,
        closedAt: true,
        // The close is recorded at once; closedAt is written with the after-action summary a moment later.
        statusChanges: {
          where: { toStatus: 'CLOSED' },
          orderBy: { at: 'desc' },
          take: 1,
          select: { at: true },
        },
      },
    });
    return incidents
      .map((incident) => {
        const mine = groups.filter((g) => g.projectId === incident.projectId);
        return {
          id: incident.id,
          projectId: incident.projectId,
          title: incident.title,
          status: incident.status,
          kecamatan: incident.affectedKecamatan.map((code) => ({ code, name: areaName(code) ?? code })),
          declaredAt: incident.declaredAt.toISOString(),
          closedAt:
            incident.status === 'CLOSED'
              ? ((incident.closedAt ?? incident.statusChanges[0]?.at)?.toISOString() ?? null)
              : null,
          heldFigures: mine.reduce((sum, g) => sum + g._count._all, 0),
          indicators: mine.map((g) => g.indicatorCode).sort(),
          publishable: incident.status === 'CLOSED',
        };
      })
      .sort(
        (a, b) =>
          Number(b.publishable) - Number(a.publishable) ||
          (b.closedAt ?? b.declaredAt).localeCompare(a.closedAt ?? a.declaredAt),
      );
  }

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

  @Get('held')
  @ApiOperation({
    summary: 'Incidents with held sitrep figures: how many, which indicators, publishable once closed',
  })
  @ApiQuery({ name: 'publishable', required: false, enum: ['true', 'false'] })
  held(@Auth() auth: AuthContext, @Query('publishable') publishable?: string) {
    return this.figures.held(auth, publishable);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: "Publish a closed incident's sitrep figures (disagreements open one reconciliation)",
  })
  publish(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.figures.publish(auth, id);
  }
}
