import {
  BadRequestException,
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { audit } from '@gotong/database/audit';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import {
  cellsFromValues,
  confirmationCell,
  indicatorFieldKey,
  indicatorFormFields,
  isSuspiciousJump,
  previousPeriod,
  validateIndicatorStandard,
  validatePeriod,
  type DataRequestIndicator,
  type IndicatorStandard,
} from '@gotong/domain/data-standard';
import { DEFAULT_ESCALATION } from '@gotong/domain/template';
import type { StepPlan } from '@gotong/contracts/task';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { ProjectPlanner } from '../projects/project-planner';
import { ProjectsService } from '../projects/projects.service';
import type { DataRequestDto, PublishedQuery, ResolveConflictDto } from './data.dto';

const badRequest = (message: string[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message });
const OPEN_TASK = ['ASSIGNED', 'CLAIMED', 'SUBMITTED', 'RETURNED'] as const;

/**
 * Data satu pintu: the indicator catalogue, data requests (collection as joint projects), the checks on
 * submission, reconciliation of conflicting figures, and the published figures with their provenance.
 */
@Injectable()
export class DataService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly planner: ProjectPlanner,
    private readonly projects: ProjectsService,
  ) {}

  // ---------------------------------------------------------------- catalogue

  async indicators() {
    const rows = await this.db.indicator.findMany({ orderBy: [{ code: 'asc' }, { version: 'desc' }] });
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) if (!latest.has(row.code)) latest.set(row.code, row);
    return [...latest.values()].map((r) => ({
      ...(r.standard as object),
      version: r.version,
      createdAt: r.createdAt,
    }));
  }

  async indicator(code: string) {
    const versions = await this.db.indicator.findMany({ where: { code }, orderBy: { version: 'desc' } });
    if (versions.length === 0) throw new NotFoundException(`indicator ${code} not found`);
    return {
      ...(versions[0]!.standard as object),
      version: versions[0]!.version,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt })),
    };
  }

  /** A new indicator, or a new version of one; a bad standard is a 400 naming every problem. */
  async defineIndicator(auth: AuthContext, body: unknown) {
    this.access.requireRole(auth, 'data.standard');
    const checked = validateIndicatorStandard(body);
    if (!checked.ok) throw badRequest(checked.problems);
    const standard = checked.standard;
    await this.planner.agenciesByCode(standard.producers);
    const last = await this.db.indicator.findFirst({
      where: { code: standard.code },
      orderBy: { version: 'desc' },
    });
    const created = await this.db.indicator.create({
      data: {
        code: standard.code,
        version: (last?.version ?? 0) + 1,
        name: standard.name,
        unit: standard.unit,
        standard: standard as unknown as Prisma.InputJsonValue,
        createdById: auth.userId,
      },
    });
    return { ...standard, version: created.version, createdAt: created.createdAt };
  }

  private async latestStandards(codes: string[]) {
    const rows = await this.db.indicator.findMany({
      where: { code: { in: codes } },
      orderBy: { version: 'desc' },
    });
    const found = new Map<string, { version: number; standard: IndicatorStandard }>();
    for (const row of rows) {
      if (!found.has(row.code))
        found.set(row.code, { version: row.version, standard: row.standard as unknown as IndicatorStandard });
    }
    const unknown = codes.filter((c) => !found.has(c));
    if (unknown.length > 0) throw badRequest([`indicators: unknown indicator(s): ${unknown.join(', ')}`]);
    return found;
  }

  // ---------------------------------------------------------------- collection

  /**
   * Starts a data request: a joint project with one task per producing OPD asking for the indicators it
   * produces, for the areas and period given, each field shaped by its standard (type, unit, range, every
   * area). The requester verifies (accepts or returns) each submission.
   */
  async request(auth: AuthContext, dto: DataRequestDto) {
    this.access.requireRole(auth, 'data.request');
    const standards = await this.latestStandards(dto.indicators);
    const problems: string[] = [];
    for (const [code, { standard }] of standards) {
      const periodProblem = validatePeriod(standard.periodicity, dto.period);
      if (periodProblem) problems.push(`period: ${periodProblem} (${code} is ${standard.periodicity})`);
    }
    const kecamatan = new Set(
      (await this.db.agency.findMany({ where: { kind: 'KECAMATAN' }, select: { areaCode: true } })).map(
        (a) => a.areaCode,
      ),
    );
    for (const area of dto.areas) {
      if (!kecamatan.has(area.slice(0, 8)))
        problems.push(`areas: ${area} is not in a kecamatan of Kabupaten Probolinggo`);
    }
    const desa = dto.areas.filter((a) => a.length > 8);
    const kecamatanAreas = [...new Set(dto.areas.map((a) => a.slice(0, 8)))];
    for (const [code, { standard }] of standards) {
      if (standard.areaLevel === 'desa' && desa.length === 0) {
        problems.push(`areas: ${code} is reported per desa: list the desa (35.13.xx.xxxx)`);
      }
    }
    if (problems.length > 0) throw badRequest(problems);

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
        escalation: DEFAULT_ESCALATION,
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
        areas: dto.areas,
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

  async requests() {
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

  /**
   * Before a data-request contribution goes to its workflow: stores the producer's confirmations and refuses
   * figures that jump beyond the indicator's factor from the published previous period without one.
   */
  async checkSubmission(
    taskId: string,
    values: Record<string, unknown>,
    confirmations: Record<string, string> | undefined,
    auth: AuthContext,
  ) {
    const task = await this.db.task.findUnique({ where: { id: taskId }, select: { projectId: true } });
    const request = task
      ? await this.db.dataRequest.findUnique({ where: { projectId: task.projectId } })
      : null;
    if (!request) return;
    const given = Object.fromEntries(
      Object.entries(confirmations ?? {}).filter(
        ([, reason]) => typeof reason === 'string' && reason.trim() !== '',
      ),
    );
    const problems: string[] = [];
    for (const wanted of request.indicators as unknown as DataRequestIndicator[]) {
      const row = await this.db.indicator.findUnique({
        where: { code_version: { code: wanted.code, version: wanted.version } },
      });
      if (!row) continue;
      const standard = row.standard as unknown as IndicatorStandard;
      const cells = cellsFromValues(standard, values);
      if (cells.length === 0) continue;
      const previous = await this.db.publishedFigure.findMany({
        where: { indicatorCode: wanted.code, period: previousPeriod(standard.periodicity, request.period) },
        select: { areaCode: true, breakdown: true, value: true },
      });
      for (const cell of cells) {
        const before = previous.find((p) => p.areaCode === cell.areaCode && p.breakdown === cell.breakdown);
        const prev = before ? Number(before.value) : null;
        const name = confirmationCell(cell);
        if (isSuspiciousJump(prev, cell.value, standard.jumpFactor) && !given[name]) {
          problems.push(
            `confirmations.${name}: ${cell.value} differs from the published ${previousPeriod(standard.periodicity, request.period)} ` +
              `figure (${prev}) by more than ${standard.jumpFactor}×; give the reason in confirmations["${name}"]`,
          );
        }
      }
    }
    if (problems.length > 0) throw badRequest(problems);
    for (const [cell, reason] of Object.entries(given)) {
      await this.db.dataConfirmation.upsert({
        where: { taskId_cell: { taskId, cell } },
        create: { taskId, cell, reason: reason.trim().slice(0, 2000), userId: auth.userId },
        update: { reason: reason.trim().slice(0, 2000), userId: auth.userId },
      });
    }
  }

  // ---------------------------------------------------------------- reconciliation

  async conflicts(auth: AuthContext, status?: 'OPEN' | 'RESOLVED') {
    const regencyWide = ['WALIDATA', 'LEADERSHIP', 'ADMIN'].includes(auth.role);
    const where: Prisma.DataConflictWhereInput = {
      ...(status ? { status } : {}),
      // An OPD sees the conflicts its own figures are part of.
      ...(regencyWide ? {} : { values: { some: { agencyId: auth.agencyId } } }),
    };
    const rows = await this.db.dataConflict.findMany({
      where,
      orderBy: { openedAt: 'desc' },
      take: 200,
      include: { values: { include: { conflict: false } } },
    });
    const agencies = await this.agencyNames(rows.flatMap((r) => r.values.map((v) => v.agencyId)));
    return rows.map(({ values, openKey: _openKey, ...c }) => ({
      ...c,
      agreedValue: c.agreedValue === null ? null : Number(c.agreedValue),
      values: values.map((v) => ({
        id: v.id,
        agency: agencies.get(v.agencyId),
        value: Number(v.value),
        status: v.status,
        taskId: v.taskId,
        verifiedAt: v.verifiedAt,
      })),
    }));
  }

  /** The walidata's decision: the agreed figure is published, the OPDs' figures stay as superseded history. */
  async resolve(auth: AuthContext, conflictId: string, dto: ResolveConflictDto) {
    this.access.requireRole(auth, 'data.arbiter');
    const at = new Date();
    const conflict = await this.db.$transaction(async (tx) => {
      const found = await tx.dataConflict.findUnique({
        where: { id: conflictId },
        include: { values: true },
      });
      if (!found) throw new NotFoundException(`conflict ${conflictId} not found`);
      const { count } = await tx.dataConflict.updateMany({
        where: { id: conflictId, status: 'OPEN' },
        data: {
          status: 'RESOLVED',
          openKey: null,
          agreedValue: dto.value,
          reasoning: dto.reasoning.trim(),
          resolvedById: auth.userId,
          resolvedAt: at,
        },
      });
      if (count === 0) throw new ConflictException(`conflict ${conflictId} is already resolved`);
      const key = {
        indicatorCode: found.indicatorCode,
        areaCode: found.areaCode,
        period: found.period,
        breakdown: found.breakdown,
      };
      const involved = found.values.filter((v) => v.status === 'VERIFIED');
      await tx.dataValue.updateMany({
        where: { id: { in: involved.map((v) => v.id) } },
        data: { status: 'SUPERSEDED' },
      });
      const version = Math.max(...found.values.map((v) => v.indicatorVersion), 1);
      const data = {
        indicatorVersion: version,
        value: dto.value,
        basis: 'RECONCILED' as const,
        valueIds: found.values.map((v) => v.id),
        conflictId,
        publishedAt: at,
      };
      await tx.publishedFigure.upsert({
        where: { indicatorCode_areaCode_period_breakdown: key },
        create: { ...key, ...data },
        update: data,
      });
      await audit(tx, {
        eventKey: `data-conflict:${conflictId}:resolved`,
        action: 'DATA_CONFLICT_RESOLVED',
        actorUserId: auth.userId,
        actorAgencyId: auth.agencyId,
        detail: { ...key, value: dto.value, reasoning: dto.reasoning.trim() },
        occurredAt: at,
      });
      return found;
    });
    // The reconciliation tasks have served their purpose; the project stops if its lead decided.
    if (conflict.projectId) {
      const project = await this.db.jointProject.findUnique({
        where: { id: conflict.projectId },
        select: { status: true },
      });
      if (project?.status === 'ACTIVE') {
        await this.projects
          .cancel(auth, conflict.projectId, { reason: `Diputuskan walidata: ${dto.value}` })
          .catch((error: unknown) => {
            if (!(error instanceof HttpException)) throw error;
          });
      }
    }
    return { id: conflictId, status: 'RESOLVED' as const, agreedValue: dto.value };
  }

  // ---------------------------------------------------------------- publication

  /** The regency's published figures with their metadata and where each came from. Open: no login needed. */
  async published(query: PublishedQuery) {
    const where: Prisma.PublishedFigureWhereInput = {
      ...(query.indicator ? { indicatorCode: query.indicator } : {}),
      ...(query.area ? { areaCode: { startsWith: query.area } } : {}),
      ...(query.period ? { period: query.period } : {}),
    };
    const figures = await this.db.publishedFigure.findMany({
      where,
      orderBy: [{ indicatorCode: 'asc' }, { period: 'asc' }, { areaCode: 'asc' }, { breakdown: 'asc' }],
      take: 10_000,
    });
    const values = await this.db.dataValue.findMany({
      where: { id: { in: figures.flatMap((f) => f.valueIds) } },
    });
    const conflicts = await this.db.dataConflict.findMany({
      where: {
        OR: [
          { id: { in: figures.flatMap((f) => (f.conflictId ? [f.conflictId] : [])) } },
          { status: 'OPEN' },
        ],
      },
    });
    const people = await this.userNames([
      ...values.flatMap((v) => [v.submittedById, v.verifiedById]),
      ...conflicts.map((c) => c.resolvedById),
    ]);
    const agencies = await this.agencyNames(values.map((v) => v.agencyId));
    const standards = new Map(
      (
        await this.db.indicator.findMany({
          where: { code: { in: [...new Set(figures.map((f) => f.indicatorCode))] } },
        })
      ).map((i) => [`${i.code}@${i.version}`, i.standard as unknown as IndicatorStandard]),
    );
    const items = figures.map((f) => {
      const standard = standards.get(`${f.indicatorCode}@${f.indicatorVersion}`);
      const conflict = f.conflictId ? conflicts.find((c) => c.id === f.conflictId) : undefined;
      return {
        indicator: {
          code: f.indicatorCode,
          version: f.indicatorVersion,
          name: standard?.name ?? f.indicatorCode,
          unit: standard?.unit ?? null,
          definition: standard?.definition ?? null,
          metadata: standard?.metadata ?? null,
        },
        areaCode: f.areaCode,
        period: f.period,
        breakdown: f.breakdown,
        value: Number(f.value),
        basis: f.basis,
        publishedAt: f.publishedAt,
        disputed: conflicts.some(
          (c) =>
            c.status === 'OPEN' &&
            c.indicatorCode === f.indicatorCode &&
            c.areaCode === f.areaCode &&
            c.period === f.period &&
            c.breakdown === f.breakdown,
        ),
        sources: values
          .filter((v) => f.valueIds.includes(v.id))
          .map((v) => ({
            agency: agencies.get(v.agencyId),
            value: Number(v.value),
            source: v.source,
            taskId: v.taskId,
            submittedBy: people.get(v.submittedById) ?? null,
            submittedAt: v.submittedAt,
            verifiedBy: v.verifiedById ? (people.get(v.verifiedById) ?? null) : null,
            verifiedAt: v.verifiedAt,
            confirmation: v.confirmation,
          })),
        reconciliation: conflict
          ? {
              conflictId: conflict.id,
              reasoning: conflict.reasoning,
              resolvedBy: conflict.resolvedById ? (people.get(conflict.resolvedById) ?? null) : null,
              resolvedAt: conflict.resolvedAt,
            }
          : null,
      };
    });
    return { items, total: items.length };
  }

  async publishedCsv(query: PublishedQuery): Promise<string> {
    const { items } = await this.published(query);
    return stringify(
      items.map((f) => ({
        indicator_code: f.indicator.code,
        indicator_version: f.indicator.version,
        indicator_name: f.indicator.name,
        unit: f.indicator.unit ?? '',
        area_code: f.areaCode,
        period: f.period,
        breakdown: f.breakdown,
        value: f.value,
        basis: f.basis,
        disputed: f.disputed,
        published_at: f.publishedAt.toISOString(),
        producers: f.sources.map((s) => s.agency?.code ?? '').join(';'),
        submitted_by: f.sources.map((s) => s.submittedBy?.name ?? '').join(';'),
        verified_by: f.sources.map((s) => s.verifiedBy?.name ?? '').join(';'),
        reconciled_by: f.reconciliation?.resolvedBy?.name ?? '',
        reconciliation_reasoning: f.reconciliation?.reasoning ?? '',
        source: f.indicator.metadata?.source ?? '',
        method: f.indicator.metadata?.method ?? '',
      })),
      { header: true, columns: CSV_COLUMNS },
    );
  }

  // ---------------------------------------------------------------- leadership

  /** Completeness per indicator, OPD and period; open conflicts; overdue data requests. */
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
    const standards = new Map(
      (await this.db.indicator.findMany()).map((i) => [
        `${i.code}@${i.version}`,
        i.standard as unknown as IndicatorStandard,
      ]),
    );
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

  private async userNames(ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const users = await this.db.user.findMany({
      where: { id: { in: wanted } },
      select: { id: true, fullName: true, position: true },
    });
    return new Map(users.map((u) => [u.id, { name: u.fullName, position: u.position }]));
  }

  private async agencyNames(ids: string[]) {
    const agencies = await this.db.agency.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, code: true, name: true },
    });
    return new Map(agencies.map((a) => [a.id, { code: a.code, name: a.name }]));
  }
}

export const CSV_COLUMNS = [
  'indicator_code',
  'indicator_version',
  'indicator_name',
  'unit',
  'area_code',
  'period',
  'breakdown',
  'value',
  'basis',
  'disputed',
  'published_at',
  'producers',
  'submitted_by',
  'verified_by',
  'reconciled_by',
  'reconciliation_reasoning',
  'source',
  'method',
];
