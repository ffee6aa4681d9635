/**
 * The emergency pages' pure logic: reading the declaration form (affected desa as kode wilayah inside the
 * chosen kecamatan), the status changes the command may make (libs/domain's lifecycle), and the sitrep
 * roll-up shaped for its table and chart. Pure.
 */
import {
  INCIDENT_STATUSES,
  SITREP_FIELDS,
  statusTransitionRefusal,
  type IncidentStatus,
  type RollUp,
} from '@gotong/domain/emergency';

import { villageRefusal } from '@gotong/domain/region';

export type { IncidentStatus, RollUp } from '@gotong/domain/emergency';

export interface DesaList {
  codes: string[];
  /** Entries that are not the kode wilayah of a desa or kelurahan of the regency (the reference list). */
  invalid: string[];
  /** Desa whose kecamatan was not chosen. */
  outside: string[];
}

/** "35.13.23.2001, 35.13.23.2002" (commas, spaces or new lines) → unique codes in the order given. */
export function parseDesaCodes(text: string, kecamatan: readonly string[]): DesaList {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const codes: string[] = [];
  const invalid: string[] = [];
  const outside: string[] = [];
  for (const entry of entries) {
    if (villageRefusal(entry) !== null) {
      if (!invalid.includes(entry)) invalid.push(entry);
      continue;
    }
    if (codes.includes(entry)) continue;
    codes.push(entry);
    if (!kecamatan.includes(entry.slice(0, 8))) outside.push(entry);
  }
  return { codes, invalid, outside };
}

/** The statuses the incident may move to from `from`, in lifecycle order. */
export function nextStatuses(from: IncidentStatus): IncidentStatus[] {
  return INCIDENT_STATUSES.filter((to) => statusTransitionRefusal(from, to) === null);
}

/** The sitrep fields in their display order: SITREP_FIELDS' keys (the unit test holds them equal). */
export const SITREP_FIELD_KEYS = [
  'terdampak',
  'mengungsi',
  'lukaLuka',
  'meninggal',
  'hilang',
  'rumahRusakRingan',
  'rumahRusakSedang',
  'rumahRusakBerat',
  'posPengungsian',
  'fasilitasUmumRusak',
] as const;
export type SitrepFieldKey = (typeof SITREP_FIELD_KEYS)[number];

/** Whether a roll-up field is one the app has a label for. */
export function isSitrepField(field: string): field is SitrepFieldKey {
  return (SITREP_FIELD_KEYS as readonly string[]).includes(field);
}

/** The domain's field list, for the test that keeps SITREP_FIELD_KEYS in step. */
export const DOMAIN_SITREP_FIELDS: readonly string[] = SITREP_FIELDS.map((f) => f.key);

/** The fields the chart draws: people first, the rest is in the table. */
export const CHART_FIELDS = ['terdampak', 'mengungsi', 'lukaLuka', 'meninggal', 'hilang'] as const;
export type ChartField = (typeof CHART_FIELDS)[number];

export interface RollUpRow {
  level: 'kecamatan' | 'desa';
  code: string;
  /** field → figure; absent when nobody reported it. */
  figures: Record<string, number>;
  /** Fields where OPDs disagree (desa rows: that cell; kecamatan rows: any of its desa). */
  conflicts: string[];
}

/** The table: each kecamatan followed by its desa, in code order; conflicts flagged per cell. */
export function rollUpRows(rollUp: RollUp): RollUpRow[] {
  const conflicted = (desaCode: string) =>
    rollUp.conflicts.filter((c) => c.desaCode === desaCode).map((c) => c.field);
  const rows: RollUpRow[] = [];
  for (const kecamatan of Object.keys(rollUp.kecamatan).sort()) {
    const desa = Object.keys(rollUp.desa)
      .filter((code) => code.startsWith(`${kecamatan}.`))
      .sort();
    const kecamatanConflicts = [...new Set(desa.flatMap(conflicted))].sort(byFieldOrder);
    rows.push({
      level: 'kecamatan',
      code: kecamatan,
      figures: { ...rollUp.kecamatan[kecamatan] },
      conflicts: kecamatanConflicts,
    });
    for (const code of desa) {
      rows.push({
        level: 'desa',
        code,
        figures: { ...rollUp.desa[code] },
        conflicts: conflicted(code).sort(byFieldOrder),
      });
    }
  }
  return rows;
}

function byFieldOrder(a: string, b: string): number {
  return DOMAIN_SITREP_FIELDS.indexOf(a) - DOMAIN_SITREP_FIELDS.indexOf(b);
}

export type ChartPoint = { area: string } & Record<ChartField, number>;

/**
 * The chart: one group of bars per kecamatan (its name when known, else its code), one bar per people
 * figure; a figure nobody reported is drawn as 0. Kecamatan in code order.
 */
export function rollUpChart(rollUp: RollUp, names: ReadonlyMap<string, string> = new Map()): ChartPoint[] {
  return Object.keys(rollUp.kecamatan)
    .sort()
    .map((code) => {
      const figures = rollUp.kecamatan[code] ?? {};
      const point = { area: names.get(code) ?? code } as ChartPoint;
      for (const field of CHART_FIELDS) point[field] = figures[field] ?? 0;
      return point;
    });
}

/** Whether any figure was reported at all (the chart and table are left out otherwise). */
export function hasFigures(rollUp: RollUp): boolean {
  return Object.keys(rollUp.desa).length > 0;
}
