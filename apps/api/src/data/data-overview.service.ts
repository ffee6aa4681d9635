import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import type { DataRequestIndicator } from '@gotong/domain/data-standard';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { standardsByVersion } from './data-lookups';

const OPEN_TASK = ['ASSIGNED', 'CLAIMED', 'SUBMITTED', 'RETURNED'] as const;

/** For leadership: completeness per indicator, OPD and period; open conflicts; overdue data requests. */
@Injectable()
export class DataOverviewService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async overview(auth: AuthContext) {
    this.access.requireRole(auth, 'data.overview');
    const requests = await this.db.dataRequest.findMany({ orderBy: { createdAt: 'desc' }, take: 200 });
    const projectIds = requests.map((r) => r.projectId);
    const [tasks, values, conflicts] = await Promise.all([
      this.db.task.findMany({
        where: { projectId: { in: projectIds } },
        select: {
          id: true,
          projectId: true,
          agencyId: true,
          status: true,
          dueAt: true,
          title: true,
          agency: { select: { code: true } },
        },
      }),
      this.db.dataValue.groupBy({
        by: ['projectId', 'agencyId', 'indicatorCode'],
        where: { projectId: { in: projectIds } },
        _count: { _all: true },
      }),
      this.db.dataConflict.findMany({ where: { status: 'OPEN' }, orderBy: { openedAt: 'asc' } }),
    ]);
    const standards = await standardsByVersion(this.db);
    const completeness: {
      indicator: string;
      agency: string;
      period: string;
      requestId: string;
      expected: number;
      verified: number;
      percent: number;
    }[] = [];
    for (const request of requests) {
      const desa = request.areas.filter((a) => a.length > 8);
      const kecamatan = [...new Set(request.areas.map((a) => a.slice(0, 8)))];
      for (const wanted of request.indicators as unknown as DataRequestIndicator[]) {
        const standard = standards.get(`${wanted.code}@${wanted.version}`);
        if (!standard) continue;
        const areas =
          standard.areaLevel === 'desa'
            ? desa.length
            : standard.areaLevel === 'kecamatan'
              ? kecamatan.length
              : 1;
        const expected = areas * (standard.breakdown?.categories.length ?? 1);
        for (const producer of standard.producers) {
          const task = tasks.find((t) => t.projectId === request.projectId && t.agency.code === producer);
          const verified = task
            ? (values.find(
                (v) =>
                  v.projectId === request.projectId &&
                  v.agencyId === task.agencyId &&
                  v.indicatorCode === wanted.code,
              )?._count._all ?? 0)
            : 0;
          completeness.push({
            indicator: wanted.code,
            agency: producer,
            period: request.period,
            requestId: request.id,
            expected,
            verified,
            percent: expected === 0 ? 100 : Math.round((100 * verified) / expected),
          });
        }
      }
    }
    const now = new Date();
    return {
      completeness,
      openConflicts: conflicts.map(({ openKey: _openKey, ...c }) => ({ ...c, agreedValue: null })),
      overdueRequests: tasks
        .filter((t) => (OPEN_TASK as readonly string[]).includes(t.status) && t.dueAt < now)
        .map((t) => ({
          requestId: t.projectId,
          taskId: t.id,
          title: t.title,
          agency: t.agency.code,
          dueAt: t.dueAt,
          status: t.status,
        })),
    };
  }
}
