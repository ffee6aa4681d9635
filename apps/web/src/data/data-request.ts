/**
 * The one-door data pages' pure logic: reading the areas and period of a new data request the way the API
 * checks them (areas of the regency's reference list; a period in the indicators' periodicity), and the
 * resolve form's figure. Pure.
 */
import type { Periodicity } from '@gotong/domain/data-standard';
import { areaByCode } from '@gotong/domain/region';

export type { Periodicity } from '@gotong/domain/data-standard';

export interface AreaList {
  codes: string[];
  /** Entries that are not the kode wilayah of the regency (35.13), one of its kecamatan, desa or kelurahan. */
  invalid: string[];
}

/**
 * "35.13.07.2001, 35.13.23" (commas, spaces or new lines) → unique codes in the order given. A kecamatan stands
 * for all its desa and kelurahan, 35.13 for the whole regency (the API expands them).
 */
export function parseAreas(text: string): AreaList {
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
    const list = areaByCode(entry) ? codes : invalid;
    if (!list.includes(entry)) list.push(entry);
  }
  return { codes, invalid };
}

const PERIOD_PATTERNS: Record<Periodicity, RegExp> = {
  yearly: /^\d{4}$/,
  semester: /^\d{4}-S[12]$/,
  quarterly: /^\d{4}-Q[1-4]$/,
  monthly: /^\d{4}-(0[1-9]|1[0-2])$/,
};

/** The periodicities a period is written in ('2026' yearly, '2026-S1', '2026-Q3', '2026-09'), or null. */
export function periodicityOf(period: string): Periodicity | null {
  const text = period.trim();
  for (const [periodicity, pattern] of Object.entries(PERIOD_PATTERNS) as [Periodicity, RegExp][]) {
    if (pattern.test(text)) return periodicity;
  }
  return null;
}

/**
 * Why the period does not suit the chosen indicators: 'format' when it is no period at all, 'periodicity'
 * when an indicator is collected in another rhythm (their codes listed), else null.
 */
export function periodProblem(
  period: string,
  indicators: readonly { code: string; periodicity: Periodicity }[],
): { kind: 'format' } | { kind: 'periodicity'; codes: string[] } | null {
  const periodicity = periodicityOf(period);
  if (periodicity === null) return { kind: 'format' };
  const other = indicators.filter((i) => i.periodicity !== periodicity).map((i) => i.code);
  return other.length > 0 ? { kind: 'periodicity', codes: other } : null;
}

/** The agreed figure as typed ("1.234" or "1,5" in Indonesian style is refused: plain digits, a dot). */
export function parseFigure(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}
