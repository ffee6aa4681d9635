import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import {
  indicatorFieldKey,
  indicatorFormFields,
  validatePeriod,
  type DataRequestIndicator,
  type IndicatorStandard,
} from '@gotong/domain/data-standard';
import { stepLadder } from '@gotong/domain/escalation-ladder';
import { expandAreaSelection } from '@gotong/domain/region';
import type { StepPlan } from '@gotong/contracts/task';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { ProjectPlanner } from '../projects/project-planner';
import { ProjectsService } from '../projects/projects.service';
import { badRequest } from './data-lookups';
import type { DataRequestDto } from './data.dto';
import { IndicatorsService } from './indicators.service';

type Standards = Awaited<ReturnType<IndicatorsService['latest']>>;

/** Data requests: collection of indicators from the producing OPDs, run as joint projects. */
@Injectable()
export class DataRequestsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly planner: ProjectPlanner,
    private readonly projects: ProjectsService,
    private readonly indicators: IndicatorsService,
  ) {}

  /**
   * Starts a data request: a joint project with one task per producing OPD asking for the indicators it
   * produces, for the areas and period given, each field shaped by its standard (type, unit, range, every
   * area). The requester verifies (accepts or returns) each submission.
   */
  async start(auth: AuthContext, dto: DataRequestDto) {
    this.access.requireRole(auth, 'data.request');
    const standards = await this.indicators.latest(dto.indicators);
    this.checkPeriodAndAreas(standards, dto);

    // 35.13 stands for the whole regency, a kecamatan for all its desa and kelurahan (and itself).
    const { villages: desa, kecamatan: kecamatanAreas } = expandAreaSelection(dto.areas);
    const areasFor = (s: IndicatorStandard) =>
      s.areaLevel === 'desa' ? desa : s.areaLevel === 'kecamatan' ? kecamatanAreas : [];
    const producerCodes = [...new Set([...standards.values()].flatMap(({ standard }) => standard.producers))];
    const agencies = await this.planner.agenciesByCode(producerCodes);
    const title =
      dto.title ??
      `Permintaan data ${[...standards.values()].map((s) => s.standard.name).join(', ')} — ${dto.period}`;
    const steps: StepPlan[] = producerCodes.map((code) => {
      const agency = agencies.get(code)!;
      const mine = [...standards.values()].filter(({ standard }) => standard.producers.includes(code));
      return {
        key: `data-${code.toLowerCase()}`,
        title: `${title} — ${agency.code}`,
        instructions:
          `Isikan data periode ${dto.period} sesuai standar data: ` +
          mine.map(({ standard: s }) => `${s.name} (${s.unit}): ${s.definition}`).join(' | '),
        agencyId: agency.id,
        agencyCode: agency.code,
        form: { fields: mine.flatMap(({ standard }) => indicatorFormFields(standard, areasFor(standard))) },
        sla: dto.sla ?? { amount: 5, unit: 'workingDays' },
        dependsOn: [],
        escalation: stepLadder(),
      };
    });
    const projectId = randomUUID();
    const indicators: DataRequestIndicator[] = [...standards.entries()].map(
      ([code, { version, standard }]) => ({
        code,
        version,
        fieldKeys: standard.breakdown
          ? standard.breakdown.categories.map((c) => indicatorFieldKey(code, c.code))
          : [indicatorFieldKey(code)],
      }),
    );
    // The request is recorded under the project's id before the project starts, so the first verification
    // finds it; if the start fails, the record is removed again.
    await this.db.dataRequest.create({
      data: {
        id: projectId,
        projectId,
        title,
        period: dto.period,
        // Stored expanded to its desa and kelurahan (sorted), as a list of desa was always stored: the overview
        // counts them and their kecamatan without knowing the selection rules.
        areas: desa,
        indicators: indicators as unknown as Prisma.InputJsonValue,
        requestedById: auth.userId,
      },
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

  async list() {
    const rows = await this.db.dataRequest.findMany({ orderBy: { createdAt: 'desc' }, take: 200 });
    const projects = await this.db.jointProject.findMany({
      where: { id: { in: rows.map((r) => r.projectId) } },
      select: { id: true, status: true },
    });
    return rows.map((r) => ({
      ...r,
      status: projects.find((p) => p.id === r.projectId)?.status ?? 'STARTING',
    }));
  }

  /** The period fits every indicator's periodicity; the areas are areas of the regency (400 otherwise). */
  private checkPeriodAndAreas(standards: Standards, dto: DataRequestDto): void {
    const problems: string[] = [];
    for (const [code, { standard }] of standards) {
      const periodProblem = validatePeriod(standard.periodicity, dto.period);
      if (periodProblem) problems.push(`period: ${periodProblem} (${code} is ${standard.periodicity})`);
    }
    // Every code from the regency's reference list (Kepmendagri 2025), the same the task workflow checks by.
    const selection = expandAreaSelection(dto.areas);
    dto.areas.forEach((area, i) => {
      const problem = expandAreaSelection([area]).problems[0];
      if (problem) problems.push(`areas[${i}]: ${problem}`);
    });
    if (selection.problems.length === 0) {
      for (const [code, { standard }] of standards) {
        if (standard.areaLevel === 'desa' && selection.villages.length === 0) {
          problems.push(
            `areas: ${code} is reported per desa: list the desa (35.13.xx.xxxx), a kecamatan or the kabupaten (35.13)`,
          );
        }
      }
    }
    if (problems.length > 0) throw badRequest(problems);
  }
}
