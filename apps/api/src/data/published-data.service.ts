import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { IndicatorStandard } from '@gotong/domain/data-standard';
import { mayRole } from '@gotong/domain/permissions';
import { areaByCode, areaName } from '@gotong/domain/region';
import { areaTotals } from '@gotong/domain/region/totals';
import type { Role } from '@gotong/domain/roles';
import { agencyNames, standardsByVersion } from './data-lookups';

/**
 * Whether an indicator's values may be added up across areas: counts (valueType integer: households, people,
 * toddlers) may; decimals (averages, rates) and percentages may not.
 */
export function allowsSumming(standard: Pick<IndicatorStandard, 'valueType'> | undefined): boolean {
  return standard?.valueType === 'integer';
}

/** Which published figures: an indicator, an area (a kecamatan code also matches its desa), a period. */
export interface PublishedFilter {
  indicator?: string | undefined;
  area?: string | undefined;
  period?: string | undefined;
}

/** One page of figures: `page` counts from 1. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * Who is looking. Personal names (who submitted, verified, reconciled) go only to the data custodians
 * (permission `data.personal-names`: WALIDATA, ADMIN); everyone else — the public, and signed-in staff of other
 * roles — sees provenance by OPD and role (UU 27/2022: no more personal data than the purpose needs).
 */
export interface Viewer {
  personalNames: boolean;
  /** The open API: no internal ids (task ids) either. */
  public: boolean;
}

export const ANONYMOUS: Viewer = { personalNames: false, public: true };
export const viewerOf = (role: Role | undefined): Viewer => ({
  personalNames: role !== undefined && mayRole(role, 'data.personal-names'),
  public: false,
});

/** Rows a CSV or XLSX export reads from the database at a time (it streams: no cap on the rows). */
const EXPORT_BATCH = 2000;
/** The most figures one JSON page holds. */
export const MAX_PAGE_SIZE = 5000;

/** Someone in a figure's provenance: always the OPD and role; the name and position only for custodians. */
interface Person {
  role: Role | null;
  agency: string | null;
  name?: string;
  position?: string | null;
}

function totalsOf(
  items: {
    indicatorCode: string;
    indicatorVersion: number;
    areaCode: string;
    period: string;
    breakdown: string;
    value: Prisma.Decimal | number;
  }[],
  standards: Map<string, IndicatorStandard>,
) {
  const groups = new Map<string, { areaCode: string; value: number }[]>();
  const heads = new Map<string, (typeof items)[number]>();
  for (const item of items) {
    if (!allowsSumming(standards.get(`${item.indicatorCode}@${item.indicatorVersion}`))) continue;
    const key = `${item.indicatorCode}|${item.period}|${item.breakdown}`;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
      heads.set(key, item);
    }
    group.push({ areaCode: item.areaCode, value: Number(item.value) });
  }
  return [...groups.entries()].flatMap(([key, group]) => {
    const head = heads.get(key)!;
    const standard = standards.get(`${head.indicatorCode}@${head.indicatorVersion}`);
    return areaTotals(group).map((total) => ({
      indicator: {
        code: head.indicatorCode,
        name: standard?.name ?? head.indicatorCode,
        unit: standard?.unit ?? null,
      },
      period: head.period,
      breakdown: head.breakdown,
      ...total,
      areaName: areaName(total.areaCode),
      complete: total.areasCounted === total.areasTotal,
    }));
  });
}

/** The kecamatan a desa lies in (null for a kecamatan or the kabupaten). */
function kecamatanOf(code: string): { code: string; name: string } | null {
  const area = areaByCode(code);
  if (!area || (area.level !== 'DESA' && area.level !== 'KELURAHAN') || !area.parentCode) return null;
  return { code: area.parentCode, name: areaName(area.parentCode) ?? area.parentCode };
}

const ORDER: Prisma.PublishedFigureOrderByWithRelationInput[] = [
  { indicatorCode: 'asc' },
  { period: 'asc' },
  { areaCode: 'asc' },
  { breakdown: 'asc' },
];

/**
 * The regency's published figures with their metadata and where each came from, as JSON pages, CSV
 * (formula-escaped) and XLSX. The exports stream every matching figure; a JSON page says how many there are
 * and which page comes next.
 */
@Injectable()
export class PublishedDataService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  private where(filter: PublishedFilter): Prisma.PublishedFigureWhereInput {
    return {
      ...(filter.indicator ? { indicatorCode: filter.indicator } : {}),
      ...(filter.area ? { areaCode: { startsWith: filter.area } } : {}),
      ...(filter.period ? { period: filter.period } : {}),
    };
  }

  /** One page of figures, the number of all that match, and the kecamatan/kabupaten totals of all of them. */
  async list(filter: PublishedFilter, viewer: Viewer, page: PageRequest = { page: 1, pageSize: 1000 }) {
    const where = this.where(filter);
    const [figures, all] = await Promise.all([
      this.db.publishedFigure.findMany({
        where,
        orderBy: ORDER,
        skip: (page.page - 1) * page.pageSize,
        take: page.pageSize,
      }),
      this.db.publishedFigure.findMany({
        where,
        select: {
          indicatorCode: true,
          indicatorVersion: true,
          areaCode: true,
          period: true,
          breakdown: true,
          value: true,
        },
      }),
    ]);
    const standards = await standardsByVersion(this.db, [...new Set(all.map((f) => f.indicatorCode))]);
    const total = all.length;
    const more = page.page * page.pageSize < total;
    return {
      items: await this.describe(figures, viewer),
      total,
      page: page.page,
      pageSize: page.pageSize,
      /** The next page's number, or null when this is the last. */
      nextPage: more ? page.page + 1 : null,
      totals: totalsOf(all, standards),
    };
  }

  /** The number of figures that match (for the exports' X-Total-Count). */
  count(filter: PublishedFilter): Promise<number> {
    return this.db.publishedFigure.count({ where: this.where(filter) });
  }

  /** Every matching figure, EXPORT_BATCH at a time, described for the viewer. */
  private async *batches(filter: PublishedFilter, viewer: Viewer) {
    const where = this.where(filter);
    for (let skip = 0; ; skip += EXPORT_BATCH) {
      const figures = await this.db.publishedFigure.findMany({
        where,
        orderBy: ORDER,
        skip,
        take: EXPORT_BATCH,
      });
      if (figures.length === 0) return;
      yield await this.describe(figures, viewer);
      if (figures.length < EXPORT_BATCH) return;
    }
  }

  /** Figures as the API answers them: indicator metadata, area and kecamatan names, basis, provenance. */
  private async describe(figures: Prisma.PublishedFigureGetPayload<Record<string, never>>[], viewer: Viewer) {
    if (figures.length === 0) return [];
    const values = await this.db.dataValue.findMany({
      where: { id: { in: figures.flatMap((f) => f.valueIds) } },
    });
    const conflicts = await this.db.dataConflict.findMany({
      where: {
        OR: [
          { id: { in: figures.flatMap((f) => (f.conflictId ? [f.conflictId] : [])) } },
          {
            status: 'OPEN',
            indicatorCode: { in: [...new Set(figures.map((f) => f.indicatorCode))] },
            period: { in: [...new Set(figures.map((f) => f.period))] },
          },
        ],
      },
    });
    const people = await this.people([
      ...values.flatMap((v) => [v.submittedById, v.verifiedById]),
      ...conflicts.map((c) => c.resolvedById),
    ]);
    const agencies = await agencyNames(this.db, [
      ...values.map((v) => v.agencyId),
      ...[...people.values()].map((p) => p.agencyId),
    ]);
    const standards = await standardsByVersion(this.db, [...new Set(figures.map((f) => f.indicatorCode))]);
    const person = (id: string | null): Person | null => {
      if (!id) return null;
      const p = people.get(id);
      if (!p) return null;
      return {
        role: p.role,
        agency: agencies.get(p.agencyId)?.code ?? null,
        ...(viewer.personalNames ? { name: p.fullName, position: p.position } : {}),
      };
    };
    const open = new Set(
      conflicts
        .filter((c) => c.status === 'OPEN')
        .map((c) => `${c.indicatorCode}|${c.areaCode}|${c.period}|${c.breakdown}`),
    );
    const valuesById = new Map(values.map((v) => [v.id, v]));
    const conflictsById = new Map(conflicts.map((c) => [c.id, c]));
    return figures.map((f) => {
      const standard = standards.get(`${f.indicatorCode}@${f.indicatorVersion}`);
      const conflict = f.conflictId ? conflictsById.get(f.conflictId) : undefined;
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
        /** The kecamatan of a desa or kelurahan; null for a kecamatan or the kabupaten. */
        kecamatan: kecamatanOf(f.areaCode),
        period: f.period,
        breakdown: f.breakdown,
        value: Number(f.value),
        basis: f.basis,
        publishedAt: f.publishedAt,
        disputed: open.has(`${f.indicatorCode}|${f.areaCode}|${f.period}|${f.breakdown}`),
        sources: f.valueIds.flatMap((id) => {
          const v = valuesById.get(id);
          if (!v) return [];
          return [
            {
              agency: agencies.get(v.agencyId) ?? null,
              value: Number(v.value),
              source: v.source,
              ...(viewer.public ? {} : { taskId: v.taskId }),
              submittedBy: person(v.submittedById),
              submittedAt: v.submittedAt,
              verifiedBy: person(v.verifiedById),
              verifiedAt: v.verifiedAt,
              confirmation: v.confirmation,
            },
          ];
        }),
        reconciliation: conflict
          ? {
              ...(viewer.public ? {} : { conflictId: conflict.id }),
              reasoning: conflict.reasoning,
              resolvedBy: person(conflict.resolvedById),
              resolvedAt: conflict.resolvedAt,
            }
          : null,
      };
    });
  }

  /** Role, OPD, name and position of each user (the name and position are shown to custodians only). */
  private async people(ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const users = await this.db.user.findMany({
      where: { id: { in: wanted } },
      select: { id: true, fullName: true, position: true, role: true, agencyId: true },
    });
    return new Map(users.map((u) => [u.id, u]));
  }

  /**
   * Every matching figure as CSV, streamed (one row per figure). Columns: CSV_COLUMNS for a viewer who may see
   * names, PUBLIC_CSV_COLUMNS otherwise. A cell that a spreadsheet would read as a formula (beginning with
   * = + - @, a tab or a carriage return) is written with a leading single quote (csv-stringify's
   * escape_formulas; negative numbers stay numbers).
   */
  csv(filter: PublishedFilter, viewer: Viewer): Readable {
    const columns = viewer.personalNames ? CSV_COLUMNS : PUBLIC_CSV_COLUMNS;
    const stringifier = csvWriter(columns);
    void (async () => {
      try {
        for await (const batch of this.batches(filter, viewer)) {
          for (const figure of batch) {
            if (!stringifier.write(csvRow(figure))) {
              await new Promise<void>((resolve) => stringifier.once('drain', () => resolve()));
            }
          }
        }
        stringifier.end();
      } catch (error) {
        stringifier.destroy(error as Error);
      }
    })();
    return stringifier;
  }

  /**
   * Every matching figure as an XLSX workbook (sheet "data", the CSV's columns; sheet "petunjuk" says what
   * they mean), streamed. Text cells are written as text, so a value beginning with = is never a formula.
   */
  xlsx(filter: PublishedFilter, viewer: Viewer): Readable {
    const columns = viewer.personalNames ? CSV_COLUMNS : PUBLIC_CSV_COLUMNS;
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    workbook.creator = 'Gotong';
    void (async () => {
      try {
        const sheet = workbook.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1 }] });
        sheet.columns = columns.map((key) => ({ header: key, key, width: COLUMN_WIDTHS[key] ?? 16 }));
        sheet.getRow(1).font = { bold: true };
        for await (const batch of this.batches(filter, viewer)) {
          for (const figure of batch) {
            const row = csvRow(figure);
            // Strings stay strings: exceljs writes them as shared/inline text, never as formulas.
            sheet
              .addRow({ ...row, value: figure.value, indicator_version: figure.indicator.version })
              .commit();
          }
        }
        sheet.commit();
        const help = workbook.addWorksheet('petunjuk');
        help.columns = [
          { header: 'column', key: 'column', width: 26 },
          { header: 'meaning', key: 'meaning', width: 100 },
        ];
        for (const column of columns) help.addRow({ column, meaning: COLUMN_MEANINGS[column] }).commit();
        help.commit();
        await workbook.commit();
      } catch (error) {
        out.destroy(error as Error);
      }
    })();
    return out;
  }
}

/**
 * The CSV writer of every export: a header row, the given columns, and csv-stringify's escape_formulas: a text
 * cell beginning with = + - @, a tab or a carriage return gets a leading single quote so that a spreadsheet shows
 * it as text instead of running it (CSV injection); numbers, negative ones included, stay numbers.
 */
export function csvWriter(columns: readonly string[]) {
  return stringify({ header: true, columns: [...columns], escape_formulas: true });
}

type Figure = Awaited<ReturnType<PublishedDataService['list']>>['items'][number];

const roleOf = (p: Person | null) => (p ? `${p.role ?? ''}${p.agency ? ` ${p.agency}` : ''}`.trim() : '');

/** One figure as a CSV/XLSX row (every column of CSV_COLUMNS; the public export leaves the name columns out). */
function csvRow(f: Figure): Record<Column, string | number | boolean> {
  return {
    indicator_code: f.indicator.code,
    indicator_version: f.indicator.version,
    indicator_name: f.indicator.name,
    unit: f.indicator.unit ?? '',
    area_code: f.areaCode,
    area_name: f.areaName ?? '',
    kecamatan_code: f.kecamatan?.code ?? '',
    kecamatan_name: f.kecamatan?.name ?? '',
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
    submitted_by_role: f.sources.map((s) => roleOf(s.submittedBy)).join(';'),
    verified_by_role: f.sources.map((s) => roleOf(s.verifiedBy)).join(';'),
    reconciled_by_role: roleOf(f.reconciliation?.resolvedBy ?? null),
    reconciliation_reasoning: f.reconciliation?.reasoning ?? '',
    source: f.indicator.metadata?.source ?? '',
    method: f.indicator.metadata?.method ?? '',
  };
}

const COLUMNS = [
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
  'kecamatan_code',
  'kecamatan_name',
  'submitted_by_role',
  'verified_by_role',
  'reconciled_by_role',
] as const;
type Column = (typeof COLUMNS)[number];

/** The columns of the export for the data custodians (WALIDATA, ADMIN): names included. */
export const CSV_COLUMNS: string[] = [...COLUMNS];

/** The personal columns only the data custodians get. */
export const NAME_COLUMNS: readonly string[] = ['submitted_by', 'verified_by', 'reconciled_by'];

/** The columns everyone else gets (the open data, and signed-in staff of other roles): no personal names. */
export const PUBLIC_CSV_COLUMNS = CSV_COLUMNS.filter((c) => !NAME_COLUMNS.includes(c));

const COLUMN_WIDTHS: Partial<Record<string, number>> = {
  indicator_name: 32,
  area_name: 24,
  kecamatan_name: 20,
  published_at: 26,
  reconciliation_reasoning: 48,
  method: 32,
};

const COLUMN_MEANINGS: Record<string, string> & Record<Column, string> = {
  indicator_code: 'kode indikator (standar data walidata)',
  indicator_version: 'versi standar indikator',
  indicator_name: 'nama indikator',
  unit: 'satuan',
  area_code: 'kode wilayah (Kepmendagri)',
  area_name: 'nama wilayah',
  kecamatan_code: 'kode kecamatan dari desa/kelurahan',
  kecamatan_name: 'nama kecamatan dari desa/kelurahan',
  period: 'periode (2026, 2026-S1, 2026-Q3, 2026-07)',
  breakdown: 'kategori rincian (mis. L/P), kosong bila tanpa rincian',
  value: 'angka yang dipublikasikan',
  basis: 'SINGLE (satu OPD), CONCORDANT (beberapa OPD sepakat), RECONCILED (keputusan walidata)',
  disputed: 'true bila ada konflik terbuka atas angka ini',
  published_at: 'waktu publikasi (UTC, ISO 8601)',
  producers: 'OPD penghasil data, dipisah ;',
  submitted_by: 'nama petugas pengirim (hanya untuk walidata/admin)',
  verified_by: 'nama verifikator (hanya untuk walidata/admin)',
  reconciled_by: 'nama walidata yang memutuskan (hanya untuk walidata/admin)',
  submitted_by_role: 'peran dan OPD pengirim, dipisah ;',
  verified_by_role: 'peran dan OPD verifikator, dipisah ;',
  reconciled_by_role: 'peran dan OPD yang memutuskan rekonsiliasi',
  reconciliation_reasoning: 'alasan keputusan rekonsiliasi',
  source: 'sumber data (metadata standar)',
  method: 'metode (metadata standar)',
};
