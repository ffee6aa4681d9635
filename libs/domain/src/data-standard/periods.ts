/** Periods of an indicator (2026, 2026-S1, 2026-Q3, 2026-07), computed in WIB with plain arithmetic. */
import { MAX_PERIOD_YEAR, MIN_PERIOD_YEAR, type Periodicity } from './standard';

const PERIOD_SHAPES: Record<Periodicity, { pattern: RegExp; message: string }> = {
  yearly: { pattern: /^(\d{4})$/, message: 'must be a year such as 2026' },
  semester: { pattern: /^(\d{4})-S([12])$/, message: 'must be a semester such as 2026-S1' },
  quarterly: { pattern: /^(\d{4})-Q([1-4])$/, message: 'must be a quarter such as 2026-Q3' },
  monthly: { pattern: /^(\d{4})-(0[1-9]|1[0-2])$/, message: 'must be a month such as 2026-07' },
};

/** Sub-periods per year. */
const PERIODS_PER_YEAR: Record<Periodicity, number> = { yearly: 1, semester: 2, quarterly: 4, monthly: 12 };

/** Year and 1-based index of the period within the year (1 for yearly), or null when malformed. */
function parsePeriod(periodicity: Periodicity, period: unknown): { year: number; index: number } | null {
  if (typeof period !== 'string') return null;
  const match = PERIOD_SHAPES[periodicity].pattern.exec(period);
  if (!match) return null;
  return { year: Number(match[1]), index: match[2] === undefined ? 1 : Number(match[2]) };
}

function formatPeriod(periodicity: Periodicity, year: number, index: number): string {
  const y = String(year).padStart(4, '0');
  switch (periodicity) {
    case 'yearly':
      return y;
    case 'semester':
      return `${y}-S${index}`;
    case 'quarterly':
      return `${y}-Q${index}`;
    case 'monthly':
      return `${y}-${String(index).padStart(2, '0')}`;
  }
}

/**
 * Null when `period` is a period of this periodicity ('2026', '2026-S1', '2026-Q3', '2026-07') in the years
 * 2000 to 2100; otherwise why not, naming the expected shape.
 */
export function validatePeriod(periodicity: Periodicity, period: unknown): string | null {
  const parsed = parsePeriod(periodicity, period);
  if (!parsed) return PERIOD_SHAPES[periodicity].message;
  if (parsed.year < MIN_PERIOD_YEAR || parsed.year > MAX_PERIOD_YEAR) {
    return `must be in the years ${MIN_PERIOD_YEAR} to ${MAX_PERIOD_YEAR}`;
  }
  return null;
}

/**
 * The period just before: '2026-Q1' → '2025-Q4', '2026-01' → '2025-12', '2026-S1' → '2025-S2', '2026' →
 * '2025'. Throws a RangeError when `period` is not valid (validatePeriod). The period before one in 2000
 * lies in 1999: well formed, but no value can exist for it.
 */
export function previousPeriod(periodicity: Periodicity, period: string): string {
  const parsed = parsePeriod(periodicity, period);
  const refusal = validatePeriod(periodicity, period);
  if (!parsed || refusal !== null) throw new RangeError(`period "${period}" ${refusal ?? ''}`.trim());
  return parsed.index > 1
    ? formatPeriod(periodicity, parsed.year, parsed.index - 1)
    : formatPeriod(periodicity, parsed.year - 1, PERIODS_PER_YEAR[periodicity]);
}

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * The period that contains the instant (epoch ms) in WIB (UTC+7): 2026-12-31T18:00Z is 2027-01-01 01:00 WIB,
 * so '2027', '2027-S1', '2027-Q1', '2027-01'. Throws a RangeError for a non-finite instant or one outside
 * the years 2000 to 2100.
 */
export function periodOf(instantMs: number, periodicity: Periodicity): string {
  if (!Number.isFinite(instantMs))
    throw new RangeError(`instantMs must be a finite number, got ${instantMs}`);
  // Shifting by the fixed offset and reading the UTC fields gives the WIB wall clock (no DST in WIB).
  const wib = new Date(instantMs + WIB_OFFSET_MS);
  const year = wib.getUTCFullYear();
  if (!(year >= MIN_PERIOD_YEAR && year <= MAX_PERIOD_YEAR)) {
    throw new RangeError(
      `instant ${instantMs} lies outside the years ${MIN_PERIOD_YEAR} to ${MAX_PERIOD_YEAR}`,
    );
  }
  const month = wib.getUTCMonth() + 1;
  const monthsPerPeriod = 12 / PERIODS_PER_YEAR[periodicity];
  return formatPeriod(periodicity, year, Math.ceil(month / monthsPerPeriod));
}
