/** Conflicts between OPDs' figures, the jump sanity check, and the cells a producer's confirmation names. */
import type { IndicatorCell } from './forms';

export type ConflictCheck =
  | { kind: 'none' }
  | { kind: 'agreed'; value: number }
  | { kind: 'conflict'; values: { agencyCode: string; value: number }[] };

/** Values that differ by less than this (after rounding to 4 decimals) are the same. */
const DECIMALS = 4;

function rounded(value: number): number {
  const factor = 10 ** DECIMALS;
  return Math.round(value * factor) / factor + 0; // + 0 turns -0 into 0
}

/**
 * Compares the values OPDs submitted for one indicator, area and period. 'none' without values; 'agreed'
 * (with the value rounded to 4 decimals) when every OPD's value is the same after rounding to 4 decimals,
 * which includes a single OPD; otherwise 'conflict' listing each OPD once, sorted by agency code, with the
 * value it submitted. When an OPD appears twice the later entry wins. Throws a RangeError for a non-finite
 * value.
 */
export function detectConflict(values: { agencyCode: string; value: number }[]): ConflictCheck {
  const byAgency = new Map<string, number>();
  for (const { agencyCode, value } of values) {
    if (!Number.isFinite(value)) throw new RangeError(`value of ${agencyCode} must be finite, got ${value}`);
    byAgency.set(agencyCode, value);
  }
  if (byAgency.size === 0) return { kind: 'none' };
  const distinct = new Set([...byAgency.values()].map(rounded));
  if (distinct.size === 1) return { kind: 'agreed', value: [...distinct][0] ?? 0 };
  const listed = [...byAgency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agencyCode, value]) => ({ agencyCode, value }));
  return { kind: 'conflict', values: listed };
}

/**
 * True when the new value differs from the previous period's by more than `factor` times in either
 * direction (strictly more: exactly double with factor 2 is fine). A previous value of null (no data) or
 * 0 or below gives false; a new value of 0 (or below) after a positive one is suspicious. Throws a
 * RangeError when a number is not finite or factor is not greater than 1.
 */
export function isSuspiciousJump(previous: number | null, next: number, factor: number): boolean {
  if (!Number.isFinite(factor) || factor <= 1) {
    throw new RangeError(`factor must be a finite number greater than 1, got ${factor}`);
  }
  if (!Number.isFinite(next) || (previous !== null && !Number.isFinite(previous))) {
    throw new RangeError(`values must be finite numbers, got ${previous} and ${next}`);
  }
  if (previous === null || previous <= 0) return false;
  if (next <= 0) return true;
  return next / previous > factor || previous / next > factor;
}

/** An indicator version a data request asks for, with the form fields it became. */
export interface DataRequestIndicator {
  code: string;
  version: number;
  fieldKeys: string[];
}

/** A cell as a producer's confirmation names it: `<indicatorCode>[_<breakdown>].<area>`. */
export function confirmationCell(
  cell: Pick<IndicatorCell, 'indicatorCode' | 'areaCode' | 'breakdown'>,
): string {
  return `${cell.indicatorCode}${cell.breakdown ? `_${cell.breakdown}` : ''}.${cell.areaCode}`;
}
