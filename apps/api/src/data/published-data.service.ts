import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { IndicatorStandard } from '@gotong/domain/data-standard';
import { areaName } from '@gotong/domain/region';
import { areaTotals } from '@gotong/domain/region/totals';
import { agencyNames, standardsByVersion, userNames } from './data-lookups';
import type { PublishedQuery } from './data.dto';

/**
 * Whether an indicator's values may be added up across areas: counts (valueType integer: households, people,
 * toddlers) may; decimals (averages, rates) and percentages may not.
 */
export function allowsSumming(standard: Pick<IndicatorStandard, 'valueType'> | undefined): boolean {
  return standard?.valueType === 'integer';
}

/**
 * Kecamatan and kabupaten totals of the listed figures, per indicator, period and breakdown, for the indicators
 * that allow summing (areaTotals: desa add up to their kecamatan and to the regency, kecamatan to the regency).
 */
function totalsOf(
  items: {
    indicator: { code: string; version: number; name: string; unit: string | null };
    areaCode: string;
    period: string;
    breakdown: string;
    value: number;
  }[],
  standards: Map<string, IndicatorStandard>,
) {
  const groups = new Map<string, typeof items>();
  for (const item of items) {
    if (!allowsSumming(standards.get(`${item.indicator.code}@${item.indicator.version}`))) continue;
    const key = `${item.indicator.code}|${item.period}|${item.breakdown}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].flatMap((group) => {
    const { indicator, period, breakdown } = group[0]!;
    return areaTotals(group).map((total) => ({
      indicator: { code: indicator.code, name: indicator.name, unit: indicator.unit },
      period,
      breakdown,
      ...total,
      areaName: areaName(total.areaCode),
      complete: total.areasCounted === total.areasTotal,
    }));
  });
}

/** The regency's published figures with their metadata and where each came from. Open: no login needed. */
@Injectable()
export class PublishedDataService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(query: PublishedQuery) {
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
    const people = await userNames(this.db, [
      ...values.flatMap((v) => [v.submittedById, v.verifiedById]),
      ...conflicts.map((c) => c.resolvedById),
    ]);
    const agencies = await agencyNames(
      this.db,
      values.map((v) => v.agencyId),
    );
    const standards = await standardsByVersion(
      this.db,
      figures.map((f) => f.indicatorCode),
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
        /** The area's name in the reference list (Kepmendagri 2025); null for a code outside it. */
        areaName: areaName(f.areaCode),
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
    return { items, total: items.length, totals: totalsOf(items, standards) };
  }

  /** The same figures as CSV, one row per figure (columns: CSV_COLUMNS). */
  async csv(query: PublishedQuery): Promise<string> {
    const { items } = await this.list(query);
    return stringify(
      items.map((f) => ({
        indicator_code: f.indicator.code,
        indicator_version: f.indicator.version,
        indicator_name: f.indicator.name,
        unit: f.indicator.unit ?? '',
        area_code: f.areaCode,
        area_name: f.areaName ?? '',
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
}

export const CSV_COLUMNS = [
  'indicator_code',
  'indicator_version',
  'indicator_name',
  'unit',
  'area_code',
  'area_name',
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
