import { BadRequestException, Controller, Get, Inject, Injectable, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { JAKARTA_TIME_ZONE } from '@gotong/domain/calendar';
import { buildScorecards } from '@gotong/domain/scorecard';
import { DateTime } from 'luxon';
import { AccessService } from '../common/access.service';
import { IsDateOrInstant } from '../common/hostile-input';
import { Auth, type AuthContext } from '../common/auth-context';

/** A date (2026-11-01) is that day's start in WIB, as users mean it; a full timestamp keeps its offset. */
export function wib(value: string): Date {
  return DateTime.fromISO(value, { zone: JAKARTA_TIME_ZONE }).toJSDate();
}

export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'Start of the period (default: 30 days ago)' })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'End of the period, exclusive (default: now)' })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}

@Injectable()
export class ScorecardsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /**
   * Per OPD over the period: on-time rate, median time to complete, open overdue, reassignments, escalations,
   * deadlines extended.
   */
  async scorecards(auth: AuthContext, query: PeriodQuery) {
    this.access.requireRole(auth, 'scorecard.read');
    const to = query.to ? wib(query.to) : new Date();
    const from = query.from ? wib(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['from must be before to'],
      });
    const own = this.access.ownAgencyOnly(auth);
    const agencyFilter = own ? { agencyId: own } : {};
    const [agencies, completedTasks, openOverdueTasks, reassignments, escalations, extensions] =
      await Promise.all([
        this.db.agency.findMany({
          where: own ? { id: own } : { kind: { not: 'KECAMATAN' } },
          select: { id: true, code: true, name: true },
          orderBy: { code: 'asc' },
        }),
        this.db.task.findMany({
          where: { ...agencyFilter, status: 'COMPLETED', completedAt: { gte: from, lt: to } },
          select: { agencyId: true, createdAt: true, dueAt: true, completedAt: true },
        }),
        this.db.task.findMany({
          where: {
            ...agencyFilter,
            status: { in: ['ASSIGNED', 'CLAIMED', 'RETURNED'] },
            dueAt: { lt: new Date() },
          },
          select: { agencyId: true },
        }),
        this.db.reassignment.findMany({
          where: { ...(own ? { fromAgencyId: own } : {}), kind: 'OTHER_OPD', at: { gte: from, lt: to } },
          select: { fromAgencyId: true },
        }),
        this.db.escalation.findMany({
          where: { ...agencyFilter, openedAt: { gte: from, lt: to } },
          select: { agencyId: true, level: true },
        }),
        // Deadlines extended in the period, counted for the OPD that holds the task (separation of duties: an
        // extension is someone else's decision, and the scorecard shows it).
        this.db.auditEvent
          .findMany({
            where: {
              action: 'DEADLINE_EXTENDED',
              occurredAt: { gte: from, lt: to },
              ...(own ? { task: { agencyId: own } } : {}),
            },
            select: { task: { select: { agencyId: true } } },
          })
          .then((rows) => rows.flatMap((r) => (r.task ? [{ agencyId: r.task.agencyId }] : []))),
      ]);
    // Kecamatan offices appear when they had work in the period (a task moved away from them counts).
    const active = new Set([
      ...[...completedTasks, ...openOverdueTasks, ...escalations].map((r) => r.agencyId),
      ...reassignments.map((r) => r.fromAgencyId),
    ]);
    const kecamatan = own
      ? []
      : await this.db.agency.findMany({
          where: { kind: 'KECAMATAN', id: { in: [...active] } },
          select: { id: true, code: true, name: true },
        });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      opd: buildScorecards({
        agencies: [...agencies, ...kecamatan],
        completedTasks: completedTasks.map((t) => ({ ...t, completedAt: t.completedAt! })),
        openOverdueTasks,
        reassignments,
        escalations,
        extensions,
      }),
    };
  }
}

@ApiTags('leadership')
@ApiBearerAuth()
@Controller('scorecards')
export class ScorecardsController {
  constructor(private readonly scorecards: ScorecardsService) {}

  @Get()
  @ApiOkResponse({ description: 'OPD scorecards over a period (own OPD only for a Kepala OPD)' })
  @ApiForbiddenResponse({ description: 'LEADERSHIP, ADMIN and AGENCY_HEAD only' })
  @ApiOperation({ summary: 'OPD scorecards over a period' })
  get(@Auth() auth: AuthContext, @Query() query: PeriodQuery) {
    return this.scorecards.scorecards(auth, query);
  }
}
