import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { audit } from '@gotong/database/audit';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { validateIndicatorStandard, type IndicatorStandard } from '@gotong/domain/data-standard';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { ProjectPlanner } from '../projects/project-planner';
import { badRequest } from './data-lookups';

/** The indicator catalogue: versioned standards (definition, unit, areas, periodicity, producers, metadata). */
@Injectable()
export class IndicatorsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly planner: ProjectPlanner,
  ) {}

  /** The newest version of every indicator. */
  async list() {
    const rows = await this.db.indicator.findMany({ orderBy: [{ code: 'asc' }, { version: 'desc' }] });
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) if (!latest.has(row.code)) latest.set(row.code, row);
    return [...latest.values()].map((r) => ({
      ...(r.standard as object),
      version: r.version,
      createdAt: r.createdAt,
    }));
  }

  async get(code: string) {
    const versions = await this.db.indicator.findMany({ where: { code }, orderBy: { version: 'desc' } });
    if (versions.length === 0) throw new NotFoundException(`indicator ${code} not found`);
    return {
      ...(versions[0]!.standard as object),
      version: versions[0]!.version,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt })),
    };
  }

  /** A new indicator, or a new version of one; a bad standard is a 400 naming every problem. */
  async define(auth: AuthContext, body: unknown) {
    this.access.requireRole(auth, 'data.standard');
    const checked = validateIndicatorStandard(body);
    if (!checked.ok) throw badRequest(checked.problems);
    const standard = checked.standard;
    await this.planner.agenciesByCode(standard.producers);
    const last = await this.db.indicator.findFirst({
      where: { code: standard.code },
      orderBy: { version: 'desc' },
    });
    const created = await this.db.$transaction(async (tx) => {
      const row = await tx.indicator.create({
        data: {
          code: standard.code,
          version: (last?.version ?? 0) + 1,
          name: standard.name,
          unit: standard.unit,
          standard: standard as unknown as Prisma.InputJsonValue,
          createdById: auth.userId,
        },
      });
      const before = (last?.standard ?? {}) as Record<string, unknown>;
      await audit(tx, {
        eventKey: `indicator:${row.code}:version:${row.version}`,
        action: 'INDICATOR_STANDARD_DEFINED',
        actorUserId: auth.userId,
        actorAgencyId: auth.agencyId,
        detail: {
          code: row.code,
          version: row.version,
          previousVersion: last?.version ?? null,
          name: standard.name,
          unit: standard.unit,
          producers: standard.producers,
          // The fields of the standard this version changed (every field of a new indicator).
          changed: Object.entries(standard)
            .filter(([key, value]) => !isDeepStrictEqual(value, before[key]))
            .map(([key]) => key),
        },
        occurredAt: row.createdAt,
      });
      return row;
    });
    return { ...standard, version: created.version, createdAt: created.createdAt };
  }

  /** The newest standard of each code; an unknown code is a 400. */
  async latest(codes: string[]) {
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
}
