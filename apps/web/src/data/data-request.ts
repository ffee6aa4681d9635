/**
 * The one-door data pages' pure logic: reading the areas and period of a new data request the way the API
 * checks them (kode wilayah in Kabupaten Probolinggo; a period in the indicators' periodicity), and the
 * resolve form's figure. Pure.
 */
import type { Periodicity } from '@gotong/domain/data-standard';

export type { Periodicity } from '@gotong/domain/data-standard';

const AREA = /^35\.13\.\d{2}(\.\d{4})?$/;

export interface AreaList {
  codes: string[];
  /** Entries that are not a kode wilayah kecamatan or desa of the regency. */
  invalid: string[];
}

/** "35.13.08.2001, 35.13.08" (commas, spaces or new lines) → unique codes in the order given. */
export function parseAreas(text: string): AreaList {
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
    const list = AREA.test(entry) ? codes : invalid;
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
