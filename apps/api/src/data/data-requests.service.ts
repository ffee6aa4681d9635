import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import { writeDataRequestRow } from '@gotong/database/first-rows';
import type { Database } from '@gotong/database/prisma';
import { mayRole } from '@gotong/domain/permissions';
import { dataRequestProblems, planDataRequest, producersOf } from '@gotong/domain/data-standard/request-plan';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { Idempotency } from '../common/idempotency';
import { ProjectPlanner } from '../projects/project-planner';
import { ProjectsService } from '../projects/projects.service';
import { badRequest } from './data-lookups';
import type { DataRequestDto } from './data.dto';
import { IndicatorsService } from './indicators.service';

/** Data requests: collection of indicators from the producing OPDs, run as joint projects. */
@Injectable()
export class DataRequestsService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly planner: ProjectPlanner,
    private readonly projects: ProjectsService,
    private readonly indicators: IndicatorsService,
  ) {
    this.idempotency = new Idempotency(db);
  }

  /**
   * Starts a data request: a joint project with one task per producing OPD asking for the indicators it
   * produces, for the areas and period given, each field shaped by its standard (type, unit, range, every
   * area). The requester verifies (accepts or returns) each submission.
   */
  async start(auth: AuthContext, dto: DataRequestDto, key?: string) {
    this.access.requireRole(auth, 'data.request');
    return this.idempotency.run({ auth, key, route: 'POST /data/requests', body: dto }, ({ id }) =>
      this.startAs(auth, dto, id),
    );
  }

  /** Under the id the Idempotency-Key gave (a repeat records and starts nothing twice). */
  private async startAs(auth: AuthContext, dto: DataRequestDto, projectId: string) {
    const standards = await this.indicators.latest(dto.indicators);
    const problems = dataRequestProblems(standards, dto.period, dto.areas);
    if (problems.length > 0) throw badRequest(problems);
    // The same plan a recurring collection opens each period with (libs/domain/src/data-standard/request-plan.ts).
    const agencies = await this.planner.agenciesByCode(producersOf(standards));
    const { title, steps, indicators, desa } = planDataRequest({
      standards,
      agencies,
      period: dto.period,
      areas: dto.areas,
      title: dto.title,
      sla: dto.sla,
    });
    // The request is recorded under the project's id before the project starts, so the first verification
    // finds it; if the start fails, the record is removed again.
    await writeDataRequestRow(this.db, {
      requestId: projectId,
      title,
      period: dto.period,
      desa,
      indicators,
      requestedById: auth.userId,
    });
    try {
      const started = await this.projects.start(auth, {
        projectId,
        title,
        description: `Periode ${dto.period}; wilayah ${dto.areas.join(', ')}`,
        templateId: null,
        parameters: { period: dto.period },
        steps,
        emergency: false,
      });
      return { ...started, period: dto.period, indicators };
    } catch (error) {
      await this.db.dataRequest.delete({ where: { id: projectId } });
      throw error;
    }
  }

  /**
   * The data requests a caller may see (the same rule as conflicts, data.all-opd): the walidata and leadership
   * every one; everyone else the requests they made and those whose project their OPD leads or takes part in
   * (a producing OPD asked for figures).
   */
  async list(auth: AuthContext) {
    let scope: Prisma.DataRequestWhereInput = {};
    if (!mayRole(auth.role, 'data.all-opd')) {
      const projects = await this.db.jointProject.findMany({
        where: {
          OR: [{ leadAgencyId: auth.agencyId }, { participants: { some: { agencyId: auth.agencyId } } }],
        },
        select: { id: true },
      });
      scope = { OR: [{ requestedById: auth.userId }, { projectId: { in: projects.map((p) => p.id) } }] };
    }
    const rows = await this.db.dataRequest.findMany({
      where: scope,
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
    const projects = await this.db.jointProject.findMany({
      where: { id: { in: rows.map((r) => r.projectId) } },
      select: { id: true, status: true },
    });
    return rows.map((r) => ({
      ...r,
      status: projects.find((p) => p.id === r.projectId)?.status ?? 'STARTING',
    }));
  }
}
