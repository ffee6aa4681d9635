import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { JAKARTA_TIME_ZONE } from '@gotong/domain/calendar';
import {
  buildScorecards,
  holderAt,
  holderRevisions,
  holderWorkingHours,
  judgeTask,
  reviewWorkingHours,
  type OpdScorecard,
  type ScorecardTaskRow,
  type TaskJudgement,
} from '@gotong/domain/scorecard';
import { DateTime } from 'luxon';
import { AccessService } from '../common/access.service';
import { IsDateOrInstant } from '../common/hostile-input';
import { Auth, type AuthContext } from '../common/auth-context';
import { calendars, OWED_STATES, TASK_FACTS_SELECT, taskFacts } from './scorecard-facts';

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

/** The order of the drill-down: what is still owed first, then what was late, then the rest. */
const JUDGEMENT_ORDER: Record<TaskJudgement, number> = { OPEN_OVERDUE: 0, LATE: 1, EXTENDED: 2, ON_TIME: 3 };

@Injectable()
export class ScorecardsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  private period(query: PeriodQuery): { from: Date; to: Date } {
    const to = query.to ? wib(query.to) : new Date();
    const from = query.from ? wib(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['from must be before to'],
      });
    return { from, to };
  }

  /** Tasks completed in the period, and tasks owed now past their deadline (of one OPD, or all). */
  private judgedTasks(agencyId: string | null, from: Date, to: Date, now: Date) {
    const agency = agencyId ? { agencyId } : {};
    return this.db.task.findMany({
      where: {
        OR: [
          { ...agency, status: 'COMPLETED', completedAt: { gte: from, lt: to } },
          { ...agency, status: { in: [...OWED_STATES] }, dueAt: { lt: now } },
        ],
      },
      select: TASK_FACTS_SELECT,
    });
  }

  /**
   * Per OPD over the period: on time by submission (open overdue tasks count as late), the OPD's own working
   * hours to submit, revisions, open overdue, reassignments, escalations of its work, deadlines extended; as a
   * lead OPD its reviews (done, median hours, late).
   */
  async scorecards(
    auth: AuthContext,
    query: PeriodQuery,
  ): Promise<{ from: string; to: string; opd: OpdScorecard[] }> {
    this.access.requireRole(auth, 'scorecard.read');
    const { from, to } = this.period(query);
    const now = new Date();
    const own = this.access.ownAgencyOnly(auth);
    const agencyFilter = own ? { agencyId: own } : {};
    // Rows of tasks the OPD held at some point (now, or before a move away).
    const heldBy = own
      ? {
          OR: [
            { agencyId: own },
            { reassignments: { some: { kind: 'OTHER_OPD' as const, fromAgencyId: own } } },
          ],
        }
      : {};
    const moves = { where: { kind: 'OTHER_OPD' as const }, select: { at: true, fromAgencyId: true } };
    const [agencies, tasks, reassignments, escalations, extensionRows, returnedRows, reviewRows, cal] =
      await Promise.all([
        this.db.agency.findMany({
          where: own ? { id: own } : { kind: { not: 'KECAMATAN' } },
          select: { id: true, code: true, name: true },
          orderBy: { code: 'asc' },
        }),
        this.judgedTasks(own, from, to, now),
        this.db.reassignment.findMany({
          where: { ...(own ? { fromAgencyId: own } : {}), kind: 'OTHER_OPD', at: { gte: from, lt: to } },
          select: { fromAgencyId: true },
        }),
        this.db.escalation.findMany({
          where: { ...agencyFilter, openedAt: { gte: from, lt: to } },
          select: { agencyId: true, level: true, kind: true },
        }),
        // Deadlines extended in the period, for the OPD that held the task then (an extension is always
        // someone else's decision, and the scorecard shows it).
        this.db.auditEvent.findMany({
          where: { action: 'DEADLINE_EXTENDED', occurredAt: { gte: from, lt: to }, task: heldBy },
          select: { occurredAt: true, task: { select: { agencyId: true, reassignments: moves } } },
        }),
        // Contributions returned for revision in the period, for the OPD that submitted them.
        this.db.contribution.findMany({
          where: { status: 'RETURNED', reviewedAt: { gte: from, lt: to }, task: heldBy },
          select: { submittedAt: true, task: { select: { agencyId: true, reassignments: moves } } },
        }),
        // Reviews a person made in the period, for the project's lead OPD.
        this.db.contribution.findMany({
          where: {
            reviewedAt: { gte: from, lt: to },
            reviewedById: { not: null },
            ...(own ? { task: { project: { leadAgencyId: own } } } : {}),
          },
          select: {
            submittedAt: true,
            reviewedAt: true,
            task: {
              select: {
                project: {
                  select: {
                    leadAgencyId: true,
                    template: { select: { category: true } },
                    incident: { select: { id: true } },
                  },
                },
              },
            },
          },
        }),
        calendars(this.db),
      ]);
    const extensions = extensionRows.flatMap((r) =>
      r.task ? [{ agencyId: holderAt(r.task.agencyId, r.task.reassignments, r.occurredAt) }] : [],
    );
    const revisions = returnedRows.map((r) => ({
      agencyId: holderAt(r.task.agencyId, r.task.reassignments, r.submittedAt),
    }));
    const reviews = reviewRows.map((r) => {
      const project = r.task.project;
      const emergency = project.incident !== null || project.template?.category === 'EMERGENCY';
      return {
        agencyId: project.leadAgencyId,
        workingHours: reviewWorkingHours(r.submittedAt, r.reviewedAt!, emergency ? cal.always : cal.office),
      };
    });
    // Kecamatan offices appear when they had work in the period (a task moved away from them counts).
    const active = new Set([
      ...[...tasks, ...escalations, ...extensions, ...revisions, ...reviews].map((r) => r.agencyId),
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
        tasks: tasks.map((t) => taskFacts(t, cal)),
        reassignments,
        escalations,
        extensions,
        revisions,
        reviews,
        now,
      }),
    };
  }

  /**
   * The tasks behind one OPD's on-time rate over the period: each completed task with its judgement (on time,
   * late, extended) and each task it owes past its deadline now, with the OPD's own time and revisions.
   */
  async tasks(
    auth: AuthContext,
    agencyCode: string,
    query: PeriodQuery,
  ): Promise<{
    from: string;
    to: string;
    agencyCode: string;
    agencyName: string;
    items: ScorecardTaskRow[];
  }> {
    this.access.requireRole(auth, 'scorecard.read');
    const { from, to } = this.period(query);
    const agency = await this.db.agency.findUnique({
      where: { code: agencyCode },
      select: { id: true, code: true, name: true },
    });
    if (!agency) throw new NotFoundException(`agency ${agencyCode} not found`);
    const own = this.access.ownAgencyOnly(auth);
    if (own && own !== agency.id) throw new ForbiddenException("only your own OPD's scorecard can be read");
    const now = new Date();
    const [rows, cal] = await Promise.all([this.judgedTasks(agency.id, from, to, now), calendars(this.db)]);
    const items = rows.flatMap((row): ScorecardTaskRow[] => {
      const facts = taskFacts(row, cal);
      const judgement = judgeTask(facts, now);
      if (!judgement) return [];
      const accepted = row.contributions
        .filter((c) => c.status === 'ACCEPTED')
        .sort((a, b) => b.version - a.version)[0];
      const hours = holderWorkingHours(facts);
      return [
        {
          taskId: row.id,
          projectId: row.projectId,
          projectTitle: row.project.title,
          title: row.title,
          status: row.status,
          judgement,
          dueAt: row.dueAt.toISOString(),
          judgedDueAt: accepted ? (accepted.dueAt ?? row.dueAt).toISOString() : null,
          holderSince: facts.holderSince.toISOString(),
          submittedAt: accepted?.submittedAt.toISOString() ?? null,
          completedAt: row.completedAt?.toISOString() ?? null,
          holderWorkingHours: hours === null ? null : Math.round(hours * 100) / 100,
          revisions: holderRevisions(facts),
          deadlineExtended: judgement === 'EXTENDED',
          escalationLevel: row.escalationLevel,
        },
      ];
    });
    items.sort(
      (a, b) =>
        JUDGEMENT_ORDER[a.judgement] - JUDGEMENT_ORDER[b.judgement] ||
        Date.parse(a.dueAt) - Date.parse(b.dueAt),
    );
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      agencyCode: agency.code,
      agencyName: agency.name,
      items,
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

  @Get(':agencyCode/tasks')
  @ApiOkResponse({ description: "The tasks behind an OPD's scorecard, each with its judgement" })
  @ApiForbiddenResponse({
    description: "LEADERSHIP, ADMIN and AGENCY_HEAD only; a Kepala OPD their own OPD's",
  })
  @ApiNotFoundResponse({ description: 'No such OPD' })
  @ApiOperation({ summary: "The tasks behind an OPD's scorecard" })
  tasks(@Auth() auth: AuthContext, @Param('agencyCode') agencyCode: string, @Query() query: PeriodQuery) {
    return this.scorecards.tasks(auth, agencyCode, query);
  }
}
