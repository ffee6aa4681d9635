import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { isWorkingInstant, JAKARTA_TIME_ZONE, workCalendar } from '@gotong/domain/calendar';
import { buildDigest, type DigestInput } from '@gotong/notifications/digest';
import type { Digest } from '@gotong/notifications/types';
import { Audience } from './audience';
import { NotificationWriter } from './notification-writer';

const OPEN_TASK = ['ASSIGNED', 'CLAIMED', 'RETURNED'] as const;

/**
 * The leadership digest: overdue tasks per OPD, open escalations by level and age, emergencies in progress.
 * The Bupati, Wakil Bupati and Sekda get the regency's; each Kepala OPD gets their own OPD's when it has
 * something in it. One notification per person per day (keyed by date), however often the job runs.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('Digest');

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly writer: NotificationWriter,
  ) {}

  today(): string {
    return DateTime.now().setZone(JAKARTA_TIME_ZONE).toISODate()!;
  }

  /** Whether `date` (YYYY-MM-DD) is a working day: Monday–Friday, not a holiday or cuti bersama. */
  async isWorkingDay(date: string): Promise<boolean> {
    const holidays = await this.db.holiday.findMany({ select: { date: true, name: true, kind: true } });
    const noon = DateTime.fromISO(`${date}T12:00`, { zone: JAKARTA_TIME_ZONE });
    return isWorkingInstant(noon.toMillis(), workCalendar(holidays));
  }

  async send(date: string, opts: { skipNonWorkingDays: boolean }): Promise<string> {
    if (opts.skipNonWorkingDays && !(await this.isWorkingDay(date))) {
      this.logger.log(`${date} is not a working day: no digest`);
      return 'not a working day';
    }
    const now = new Date();
    const [tasks, escalations, incidents] = await Promise.all([
      this.db.task.findMany({
        where: { status: { in: [...OPEN_TASK] }, dueAt: { lt: now }, project: { status: 'ACTIVE' } },
        select: {
          id: true,
          title: true,
          dueAt: true,
          agency: { select: { code: true, name: true } },
          project: { select: { title: true } },
        },
      }),
      this.db.escalation.findMany({
        where: { status: 'OPEN' },
        select: {
          id: true,
          level: true,
          openedAt: true,
          agency: { select: { code: true } },
          task: { select: { id: true, title: true } },
        },
      }),
      this.db.incident.findMany({
        where: { status: { not: 'CLOSED' } },
        select: {
          id: true,
          title: true,
          status: true,
          severity: true,
          declaredAt: true,
          agencies: { where: { releasedAt: null }, select: { agencyId: true } },
          project: {
            select: { _count: { select: { tasks: { where: { status: { in: [...OPEN_TASK] } } } } } },
          },
        },
      }),
    ]);
    const input: Omit<DigestInput, 'scope'> = {
      date,
      now: now.toISOString(),
      overdueTasks: tasks.map((t) => ({
        taskId: t.id,
        taskTitle: t.title,
        projectTitle: t.project.title,
        agencyCode: t.agency.code,
        agencyName: t.agency.name,
        dueAt: t.dueAt.toISOString(),
      })),
      openEscalations: escalations.map((e) => ({
        escalationId: e.id,
        taskId: e.task.id,
        taskTitle: e.task.title,
        agencyCode: e.agency.code,
        level: e.level,
        openedAt: e.openedAt.toISOString(),
      })),
      emergencies: incidents.map((i) => ({
        incidentId: i.id,
        title: i.title,
        status: i.status,
        severity: i.severity,
        declaredAt: i.declaredAt.toISOString(),
        mobilisedOpds: i.agencies.length,
        openTasks: i.project._count.tasks,
      })),
    };

    const audience = new Audience(this.db);
    await this.writeDigest(buildDigest({ ...input, scope: { kind: 'REGENCY' } }), 'REGENCY', {
      recipients: await audience.offices(['BUPATI', 'WAKIL_BUPATI', 'SEKDA']),
      link: '/leadership',
    });
    const heads = await this.db.user.findMany({
      where: { role: 'AGENCY_HEAD', active: true },
      select: { id: true, agency: { select: { code: true, name: true } } },
    });
    let agencyDigests = 0;
    for (const head of heads) {
      const digest = buildDigest({
        ...input,
        scope: { kind: 'AGENCY', agencyCode: head.agency.code, agencyName: head.agency.name },
      });
      // A Kepala OPD hears only when their OPD has something overdue or escalated.
      if (digest.overdueByOpd.length === 0 && digest.escalationsByLevel.length === 0) continue;
      agencyDigests++;
      await this.writeDigest(digest, head.agency.code, {
        recipients: [head.id],
        link: '/tasks?overdue=true',
      });
    }
    this.logger.log(
      `digest ${date}: ${tasks.length} overdue tasks, ${escalations.length} open escalations, ` +
        `${incidents.length} emergencies; ${agencyDigests} OPD digests`,
    );
    return 'sent';
  }

  private async writeDigest(digest: Digest, scope: string, target: { recipients: string[]; link: string }) {
    await this.writer.write({
      eventKey: `digest:${digest.date}:${scope}`,
      message: { kind: 'DIGEST', digest },
      urgent: false,
      link: target.link,
      projectId: null,
      taskId: null,
      recipients: target.recipients,
    });
  }
}
