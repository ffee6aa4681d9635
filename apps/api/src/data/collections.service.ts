import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type Client,
} from '@temporalio/client';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import { audit } from '@gotong/database/audit';
import type { Database } from '@gotong/database/prisma';
import { JAKARTA_TIME_ZONE, workCalendar } from '@gotong/domain/calendar';
import { periodOf, validatePeriod } from '@gotong/domain/data-standard';
import {
  collectionTimeline,
  indicatorPeriodicity,
  periodBounds,
  periodEndedBy,
  type CollectionPeriodicity,
} from '@gotong/domain/data-standard/collections';
import { dataRequestProblems, producersOf } from '@gotong/domain/data-standard/request-plan';
import {
  dataCollectionScheduleId,
  dataCollectionCatchUpWorkflowId,
  dataCollectionWorkflowIdPrefix,
  type DataCollectionRunInput,
} from '@gotong/contracts/data-collection';
import type { dataCollectionWorkflow } from '@gotong/workflows/data/collection.workflow';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { startOnce, TEMPORAL_CLIENT } from '../infra/temporal';
import { ProjectPlanner } from '../projects/project-planner';
import type { CollectionTriggerDto, DataCollectionDto } from './collections.dto';
import { badRequest } from './data-lookups';
import { IndicatorsService } from './indicators.service';

type CollectionRow = NonNullable<Awaited<ReturnType<Database['dataCollection']['findUnique']>>>;

/** When each periodicity's Schedule fires, in Asia/Jakarta: 00:00 on the first day of the next period. */
const CALENDARS: Record<CollectionPeriodicity, CalendarSpec> = {
  MONTHLY: { dayOfMonth: 1 },
  QUARTERLY: { dayOfMonth: 1, month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] },
  YEARLY: { dayOfMonth: 1, month: 'JANUARY' },
};

/**
 * Recurring data collections: each is a row (what, where, how often, by when) and a Temporal Schedule that
 * starts dataCollectionWorkflow when a period ends; the workflow opens the period's data request once
 * (activities/data-collection.activities.ts). Missed periods are those that ended without a request.
 */
@Injectable()
export class CollectionsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
    private readonly planner: ProjectPlanner,
    private readonly indicators: IndicatorsService,
  ) {}

  async create(auth: AuthContext, dto: DataCollectionDto) {
    this.access.requireRole(auth, 'data.request');
    const periodicity = dto.periodicity;
    const standards = await this.indicators.latest(dto.indicators);
    const problems: string[] = [];
    dto.indicators.forEach((code, i) => {
      const standard = standards.get(code)!.standard;
      if (standard.periodicity !== indicatorPeriodicity(periodicity)) {
        problems.push(`indicators[${i}]: ${code} is collected ${standard.periodicity}, not ${periodicity}`);
      }
    });
    const firstPeriod = dto.firstPeriod ?? periodOf(Date.now(), indicatorPeriodicity(periodicity));
    const periodProblem = validatePeriod(indicatorPeriodicity(periodicity), firstPeriod);
    if (periodProblem) problems.push(`firstPeriod: ${periodProblem}`);
    if (problems.length === 0) {
      problems.push(
        ...dataRequestProblems(standards, firstPeriod, dto.areas).map((p) =>
          p.replace(/^period:/, 'firstPeriod:'),
        ),
      );
    }
    if (problems.length > 0) throw badRequest(problems);
    await this.planner.agenciesByCode(producersOf(standards));

    const id = randomUUID();
    const scheduleId = dataCollectionScheduleId(id);
    const row = await this.db.dataCollection.create({
      data: {
        id,
        name: dto.name,
        indicators: dto.indicators,
        areas: dto.areas,
        periodicity,
        deadlineWorkingDays: dto.deadlineWorkingDays,
        firstPeriod,
        scheduleId,
        createdById: auth.userId,
      },
    });
    const args: [DataCollectionRunInput] = [{ collectionId: id, periodicity }];
    try {
      await this.temporal.schedule.create({
        scheduleId,
        spec: {
          calendars: [CALENDARS[periodicity]],
          timezone: JAKARTA_TIME_ZONE,
          // Nothing opens before the first period has ended.
          startAt: new Date(periodBounds(periodicity, firstPeriod).endMs),
        },
        action: {
          type: 'startWorkflow',
          workflowType: 'dataCollectionWorkflow' satisfies (typeof dataCollectionWorkflow)['name'],
          workflowId: dataCollectionWorkflowIdPrefix(id),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args,
        },
        // A doubled action runs too: the request id makes the second one open nothing.
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
        state: { note: `defined by ${auth.userId}` },
      });
    } catch (error) {
      await this.db.dataCollection.delete({ where: { id } });
      throw error;
    }
    await this.record(auth, id, 'DATA_COLLECTION_DEFINED', `data-collection:${id}:defined`, {
      name: dto.name,
      indicators: dto.indicators,
      areas: dto.areas,
      periodicity,
      deadlineWorkingDays: dto.deadlineWorkingDays,
      firstPeriod,
    });
    return this.view(row);
  }

  async list(auth: AuthContext) {
    this.access.requireRole(auth, 'data.request');
    const rows = await this.db.dataCollection.findMany({ orderBy: { createdAt: 'desc' }, take: 200 });
    const views = await Promise.all(rows.map((row) => this.view(row, { schedule: false })));
    return views.map(({ periods, ...rest }) => ({
      ...rest,
      opened: periods.filter((p) => p.status === 'OPENED').length,
      missed: periods.filter((p) => p.status === 'MISSED').map((p) => p.period),
      nextPeriod: periods.find((p) => p.status === 'UPCOMING') ?? null,
    }));
  }

  async get(auth: AuthContext, id: string) {
    this.access.requireRole(auth, 'data.request');
    return this.view(await this.find(id));
  }

  async pause(auth: AuthContext, id: string, note: string) {
    this.access.requireRole(auth, 'data.request');
    const row = await this.find(id);
    await this.temporal.schedule.getHandle(row.scheduleId).pause(note);
    await this.db.dataCollection.update({ where: { id }, data: { paused: true, note } });
    await this.record(auth, id, 'DATA_COLLECTION_PAUSED', `data-collection:${id}:paused:${randomUUID()}`, {
      note,
    });
    return this.get(auth, id);
  }

  async resume(auth: AuthContext, id: string, note: string) {
    this.access.requireRole(auth, 'data.request');
    const row = await this.find(id);
    await this.temporal.schedule.getHandle(row.scheduleId).unpause(note);
    await this.db.dataCollection.update({ where: { id }, data: { paused: false, note } });
    await this.record(auth, id, 'DATA_COLLECTION_RESUMED', `data-collection:${id}:resumed:${randomUUID()}`, {
      note,
    });
    return this.get(auth, id);
  }

  /**
   * Opens a period now: by default the one that ended last (the schedule's trigger), or a missed period given
   * (a run of its own for that period). Opening a period that is already open does nothing.
   */
  async trigger(auth: AuthContext, id: string, dto: CollectionTriggerDto) {
    this.access.requireRole(auth, 'data.request');
    const row = await this.find(id);
    const periodicity = row.periodicity as CollectionPeriodicity;
    const handle = this.temporal.schedule.getHandle(row.scheduleId);
    const lastEnded = periodEndedBy(Date.now(), periodicity);
    const period = dto.period ?? lastEnded;
    const problem = validatePeriod(indicatorPeriodicity(periodicity), period);
    if (problem) throw badRequest([`period: ${problem}`]);
    const start = (p: string) => periodBounds(periodicity, p).startMs;
    if (start(period) < start(row.firstPeriod)) {
      throw badRequest([`period: ${period} is before the collection's first period ${row.firstPeriod}`]);
    }
    if (start(period) > start(lastEnded)) {
      throw badRequest([`period: ${period} has not ended yet; it opens when it ends`]);
    }
    if (dto.period === undefined) {
      await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    } else {
      // A missed period is opened by a run of its own, started here rather than by a schedule backfill: the
      // walidata's request does not wait on the scheduler, works while the schedule is paused, and its id (one
      // per collection and period) makes a doubled request start one run.
      const args: [DataCollectionRunInput] = [{ collectionId: id, periodicity, period }];
      await startOnce(
        this.temporal,
        'dataCollectionWorkflow' satisfies (typeof dataCollectionWorkflow)['name'],
        {
          workflowId: dataCollectionCatchUpWorkflowId(id, period),
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          args,
          // A failed run may be asked again; a running or finished one answers for the period.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        },
      );
    }
    await this.record(
      auth,
      id,
      'DATA_COLLECTION_TRIGGERED',
      `data-collection:${id}:triggered:${randomUUID()}`,
      {
        period,
        catchUp: dto.period !== undefined,
      },
    );
    return { id, period, triggered: true };
  }

  /** Who defined, paused, resumed or opened a period by hand, and why: an audit event (not sent to anyone). */
  private async record(
    auth: AuthContext,
    collectionId: string,
    action: string,
    eventKey: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await audit(this.db, {
      eventKey,
      action,
      actorUserId: auth.userId,
      actorAgencyId: auth.agencyId,
      detail: { collectionId, ...detail },
      occurredAt: new Date(),
    });
  }

  private async find(id: string): Promise<CollectionRow> {
    const row = await this.db.dataCollection.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`collection ${id} not found`);
    return row;
  }

  /** The collection with its periods (opened, missed, upcoming) and, by default, its schedule's state. */
  private async view(row: CollectionRow, options: { schedule?: boolean } = {}) {
    const periodicity = row.periodicity as CollectionPeriodicity;
    const [opened, holidays] = await Promise.all([
      this.db.dataCollectionPeriod.findMany({ where: { collectionId: row.id } }),
      this.db.holiday.findMany({ orderBy: { date: 'asc' } }),
    ]);
    const requests = await this.db.jointProject.findMany({
      where: { id: { in: opened.map((p) => p.requestId) } },
      select: { id: true, status: true },
    });
    const byPeriod = new Map(opened.map((p) => [p.period, p]));
    const periods = collectionTimeline({
      periodicity,
      firstPeriod: row.firstPeriod,
      nowMs: Date.now(),
      opened: new Set(byPeriod.keys()),
      workingDays: row.deadlineWorkingDays,
      calendar: workCalendar(holidays, 'WORKING'),
      upcoming: 1,
    }).map((p) => {
      const open = byPeriod.get(p.period);
      return {
        period: p.period,
        status: p.status,
        opensAt: new Date(p.opensAt).toISOString(),
        deadline: (open?.deadline ?? new Date(p.deadline)).toISOString(),
        requestId: open?.requestId ?? null,
        openedAt: open?.openedAt.toISOString() ?? null,
        requestStatus: requests.find((r) => r.id === open?.requestId)?.status ?? (open ? 'STARTING' : null),
      };
    });
    return {
      id: row.id,
      name: row.name,
      indicators: row.indicators,
      areas: row.areas,
      periodicity,
      deadlineWorkingDays: row.deadlineWorkingDays,
      firstPeriod: row.firstPeriod,
      paused: row.paused,
      note: row.note,
      createdAt: row.createdAt.toISOString(),
      periods,
      schedule: options.schedule === false ? undefined : await this.schedule(row.scheduleId),
    };
  }

  /** The schedule as Temporal sees it (null when it is gone). */
  private async schedule(scheduleId: string) {
    try {
      const d = await this.temporal.schedule.getHandle(scheduleId).describe();
      return {
        id: scheduleId,
        paused: d.state.paused,
        note: d.state.note ?? null,
        recentActions: d.info.recentActions.map((a) => ({
          scheduledAt: a.scheduledAt.toISOString(),
          takenAt: a.takenAt.toISOString(),
          workflowId: a.action.type === 'startWorkflow' ? a.action.workflow.workflowId : null,
        })),
        nextActionTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
      };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return null;
      throw error;
    }
  }
}
