import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { JAKARTA_TIME_ZONE } from '@gotong/domain/calendar';
import { citizenReportFigures, type CitizenReportFigures } from '@gotong/domain/citizen/transparency';
import { buildScorecards } from '@gotong/domain/scorecard';
import { calendars, OWED_STATES, TASK_FACTS_SELECT, taskFacts } from '../scorecards/scorecard-facts';

/** How long a year's figures are served from memory: they are aggregates, a minute old is fine. */
const CACHE_MS = 60_000;

export interface TransparencyFigures {
  generatedAt: string;
  period: { from: string; to: string };
  agencies: {
    code: string;
    name: string;
    citizenReports: CitizenReportFigures;
    jointWork: {
      tasksCompleted: number;
      tasksOnTime: number;
      onTimeRate: number | null;
      projectsCompleted: number;
    };
  }[];
}

/**
 * Public transparency per OPD for a calendar year (WIB): citizen reports received, first responses within the
 * SLA (libs/domain/src/citizen/rules.ts judgeFirstResponse: on time, late, open past the deadline — the open
 * overdue ones count against the rate as the scorecard counts open overdue tasks), and joint work: tasks
 * completed and on time by the scorecard rules (libs/domain/src/scorecard.ts buildScorecards, the same
 * computation as GET /scorecards) and projects completed as lead OPD. Aggregates only: no person, no report.
 */
@Injectable()
export class TransparencyService {
  private readonly cache = new Map<number, { at: number; figures: TransparencyFigures }>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async figures(year: number | undefined): Promise<TransparencyFigures> {
    const now = new Date();
    const y = year ?? DateTime.fromJSDate(now, { zone: JAKARTA_TIME_ZONE }).year;
    const cached = this.cache.get(y);
    if (cached && now.getTime() - cached.at < CACHE_MS) return cached.figures;
    const from = DateTime.fromObject({ year: y }, { zone: JAKARTA_TIME_ZONE }).toJSDate();
    const to = DateTime.fromObject({ year: y + 1 }, { zone: JAKARTA_TIME_ZONE }).toJSDate();
    const end = to < now ? to : now;
    const [agencies, reports, tasks, projects, cal] = await Promise.all([
      this.db.agency.findMany({
        select: { id: true, code: true, name: true, kind: true },
        orderBy: { code: 'asc' },
      }),
      this.db.citizenReport.findMany({
        where: { createdAt: { gte: from, lt: to } },
        select: { handlingAgencyId: true, status: true, firstResponseDueAt: true, firstRespondedAt: true },
      }),
      this.db.task.findMany({
        where: {
          OR: [
            { status: 'COMPLETED', completedAt: { gte: from, lt: to } },
            ...(end === now ? [{ status: { in: [...OWED_STATES] }, dueAt: { lt: now } }] : []),
          ],
        },
        select: TASK_FACTS_SELECT,
      }),
      this.db.jointProject.groupBy({
        by: ['leadAgencyId'],
        where: { status: 'COMPLETED', completedAt: { gte: from, lt: to } },
        _count: { _all: true },
      }),
      calendars(this.db),
    ]);
    const cards = new Map(
      buildScorecards({
        agencies,
        tasks: tasks.map((t) => taskFacts(t, cal)),
        reassignments: [],
        escalations: [],
        extensions: [],
        revisions: [],
        reviews: [],
        now: end,
      }).map((c) => [c.agencyCode, c]),
    );
    const projectsBy = new Map(projects.map((p) => [p.leadAgencyId, p._count._all]));
    const rows = agencies.map((agency) => {
      const own = reports.filter((r) => r.handlingAgencyId === agency.id);
      const card = cards.get(agency.code);
      return {
        code: agency.code,
        name: agency.name,
        kind: agency.kind,
        citizenReports: citizenReportFigures(own, end),
        jointWork: {
          tasksCompleted: card?.completed ?? 0,
          tasksOnTime: card?.completedOnTime ?? 0,
          onTimeRate: card?.onTimeRate ?? null,
          projectsCompleted: projectsBy.get(agency.id) ?? 0,
        },
      };
    });
    const figures: TransparencyFigures = {
      generatedAt: now.toISOString(),
      period: { from: from.toISOString(), to: to.toISOString() },
      // Kecamatan offices appear when they had something to count; every OPD always appears.
      agencies: rows
        .filter(
          (r) =>
            r.kind !== 'KECAMATAN' ||
            r.citizenReports.received > 0 ||
            r.jointWork.tasksCompleted > 0 ||
            r.jointWork.projectsCompleted > 0,
        )
        .map(({ kind: _kind, ...r }) => r),
    };
    this.cache.set(y, { at: now.getTime(), figures });
    return figures;
  }
}
