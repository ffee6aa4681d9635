/**
 * "Data satu pintu" (Satu Data Indonesia, Perpres 39/2019): the WALIDATA defines indicator standards, OPDs
 * submit values per area (kode wilayah) and period through ordinary contribution forms, and conflicting
 * values of two OPDs for the same indicator, area and period are reconciled.
 *
 * Pure and deterministic: workflow code imports it. No I/O, no clock, no Node built-ins, no luxon; periods
 * are computed in WIB (UTC+7, no daylight saving) with plain arithmetic.
 */
import {
  type FormField,
  INDICATOR_CODE_PATTERN,
  KODE_DESA_PATTERN,
  KODE_KECAMATAN_PATTERN,
  TEXT_MAX_LENGTH,
} from './form-schema';

export type IndicatorValueType = 'integer' | 'decimal' | 'percent';
export type Periodicity = 'yearly' | 'semester' | 'quarterly' | 'monthly';
export type IndicatorAreaLevel = 'kabupaten' | 'kecamatan' | 'desa';

/** Disaggregation of an indicator, e.g. by sex ('L', 'P') or age group ('u5', 'u18'). */
export interface IndicatorBreakdown {
  dimension: 'sex' | 'ageGroup';
  /** 2 to 12 categories with unique codes matching CATEGORY_CODE_PATTERN. */
  categories: { code: string; label: string }[];
}

export interface IndicatorStandard {
  /** INDICATOR_CODE_PATTERN, e.g. 'RT_MISKIN', 'BALITA_STUNTING'. */
  code: string;
  name: string;
  definition: string;
  /** e.g. 'rumah tangga', 'jiwa', '%' */
  unit: string;
  valueType: IndicatorValueType;
  /** 0 unless given (counts are never negative); a percent stays within 0..100. */
  min?: number;
  /** 100 for a percent unless given; otherwise unbounded unless given. */
  max?: number;
  areaLevel: IndicatorAreaLevel;
  periodicity: Periodicity;
  breakdown?: IndicatorBreakdown | null;
  /** OPD codes allowed to submit values, e.g. ['DINSOS', 'DPMD']. */
  producers: string[];
  /** A value more than this many times (or less than 1/this of) the previous period's is suspicious. */
  jumpFactor: number;
  metadata: { source: string; method: string; contact: string };
}

export const INDICATOR_VALUE_TYPES: readonly IndicatorValueType[] = ['integer', 'decimal', 'percent'];
export const PERIODICITIES: readonly Periodicity[] = ['yearly', 'semester', 'quarterly', 'monthly'];
export const INDICATOR_AREA_LEVELS: readonly IndicatorAreaLevel[] = ['kabupaten', 'kecamatan', 'desa'];
export const BREAKDOWN_DIMENSIONS: readonly IndicatorBreakdown['dimension'][] = ['sex', 'ageGroup'];
export const CATEGORY_CODE_PATTERN = /^[A-Za-z0-9]{1,12}$/;
export const OPD_CODE_PATTERN = /^[A-Z0-9-]+$/;
export const DEFAULT_JUMP_FACTOR = 2;
export const MAX_JUMP_FACTOR = 100;
export const MIN_PERIOD_YEAR = 2000;
export const MAX_PERIOD_YEAR = 2100;
/** The kode wilayah of Kabupaten Probolinggo. */
export const KABUPATEN_PROBOLINGGO = '35.13';

const NAME_MAX_LENGTH = 200;
const DEFINITION_MAX_LENGTH = 4000;
const UNIT_MAX_LENGTH = 40;
const CATEGORY_LABEL_MAX_LENGTH = 100;
const HELP_MAX_LENGTH = 500;
const MIN_CATEGORIES = 2;
const MAX_CATEGORIES = 12;

const STANDARD_PROPERTIES: ReadonlySet<string> = new Set([
  'code',
  'name',
  'definition',
  'unit',
  'valueType',
  'min',
  'max',
  'areaLevel',
  'periodicity',
  'breakdown',
  'producers',
  'jumpFactor',
  'metadata',
]);
const BREAKDOWN_PROPERTIES: ReadonlySet<string> = new Set(['dimension', 'categories']);
const CATEGORY_PROPERTIES: ReadonlySet<string> = new Set(['code', 'label']);
const METADATA_PROPERTIES = ['source', 'method', 'contact'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function reportUnknown(
  record: Record<string, unknown>,
  known: ReadonlySet<string>,
  prefix: string,
  problems: string[],
): void {
  for (const prop of Object.keys(record)) {
    if (!known.has(prop)) problems.push(`${prefix}${prop}: unknown property`);
  }
}

/** The trimmed text, or undefined after reporting why it is not acceptable. */
function requiredText(value: unknown, path: string, max: number, problems: string[]): string | undefined {
  if (value === undefined || value === null) {
    problems.push(`${path}: is required`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(`${path}: must be text`);
    return undefined;
  }
  const text = value.trim();
  if (text === '') {
    problems.push(`${path}: is required`);
    return undefined;
  }
  if (text.length > max) {
    problems.push(`${path}: must be at most ${max} characters`);
    return undefined;
  }
  return text;
}

function validateBreakdown(value: unknown, problems: string[]): IndicatorBreakdown | undefined {
  if (!isRecord(value)) {
    problems.push('breakdown: must be an object { dimension, categories } or null');
    return undefined;
  }
  const before = problems.length;
  reportUnknown(value, BREAKDOWN_PROPERTIES, 'breakdown.', problems);
  const dimension = value['dimension'];
  if (!isOneOf(dimension, BREAKDOWN_DIMENSIONS)) {
    problems.push(`breakdown.dimension: must be one of ${BREAKDOWN_DIMENSIONS.join(', ')}`);
  }
  const categories = value['categories'];
  if (!Array.isArray(categories)) {
    problems.push('breakdown.categories: must be an array');
    return undefined;
  }
  if (categories.length < MIN_CATEGORIES || categories.length > MAX_CATEGORIES) {
    problems.push(`breakdown.categories: must have ${MIN_CATEGORIES} to ${MAX_CATEGORIES} categories`);
  }
  const seen = new Set<string>();
  const out: { code: string; label: string }[] = [];
  categories.forEach((category: unknown, i) => {
    const at = `breakdown.categories[${i}]`;
    if (!isRecord(category)) {
      problems.push(`${at}: must be an object { code, label }`);
      return;
    }
    reportUnknown(category, CATEGORY_PROPERTIES, `${at}.`, problems);
    const code = category['code'];
    if (typeof code !== 'string' || !CATEGORY_CODE_PATTERN.test(code)) {
      problems.push(`${at}.code: must be 1 to 12 letters or digits (e.g. L, P, u5)`);
    } else if (seen.has(code)) {
      problems.push(`${at}.code: duplicate "${code}"`);
    } else {
      seen.add(code);
    }
    const label = requiredText(category['label'], `${at}.label`, CATEGORY_LABEL_MAX_LENGTH, problems);
    if (typeof code === 'string' && label !== undefined) out.push({ code, label });
  });
  return problems.length === before && isOneOf(dimension, BREAKDOWN_DIMENSIONS)
    ? { dimension, categories: out }
    : undefined;
}

function validateProducers(value: unknown, problems: string[]): string[] {
  if (!Array.isArray(value)) {
    problems.push('producers: must be an array of OPD codes');
    return [];
  }
  if (value.length === 0) {
    problems.push('producers: must name at least one OPD');
    return [];
  }
  const seen = new Set<string>();
  value.forEach((producer: unknown, i) => {
    if (typeof producer !== 'string' || !OPD_CODE_PATTERN.test(producer)) {
      problems.push(`producers[${i}]: must be an OPD code such as DINSOS (upper case letters, digits and -)`);
    } else if (seen.has(producer)) {
      problems.push(`producers[${i}]: duplicate "${producer}"`);
    } else {
      seen.add(producer);
    }
  });
  return [...seen];
}

function validateMetadata(value: unknown, problems: string[]): IndicatorStandard['metadata'] | undefined {
  if (!isRecord(value)) {
    problems.push('metadata: must be an object { source, method, contact }');
    return undefined;
  }
  reportUnknown(value, new Set(METADATA_PROPERTIES), 'metadata.', problems);
  const source = requiredText(value['source'], 'metadata.source', TEXT_MAX_LENGTH, problems);
  const method = requiredText(value['method'], 'metadata.method', TEXT_MAX_LENGTH, problems);
  const contact = requiredText(value['contact'], 'metadata.contact', TEXT_MAX_LENGTH, problems);
  return source !== undefined && method !== undefined && contact !== undefined
    ? { source, method, contact }
    : undefined;
}

/** min and max after defaults: 0 unless given, and max 100 for a percent unless given. */
function validateBounds(
  input: Record<string, unknown>,
  valueType: unknown,
  problems: string[],
): { min: number; max: number | undefined } {
  const given: { min?: number; max?: number } = {};
  let valid = true;
  for (const prop of ['min', 'max'] as const) {
    const bound = input[prop];
    if (bound === undefined || bound === null) continue;
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      problems.push(`${prop}: must be a finite number`);
      valid = false;
    } else if (valueType === 'percent' && (bound < 0 || bound > 100)) {
      problems.push(`${prop}: must be between 0 and 100 for a percent indicator`);
      valid = false;
    } else if (valueType === 'integer' && !Number.isInteger(bound)) {
      problems.push(`${prop}: must be a whole number for an integer indicator`);
      valid = false;
    } else {
      given[prop] = bound;
    }
  }
  const min = given.min ?? 0;
  const max = given.max ?? (valueType === 'percent' ? 100 : undefined);
  if (valid && max !== undefined && min > max) {
    problems.push(
      given.min === undefined
        ? 'max: must not be less than min, which is 0 when not given'
        : 'min: must not be greater than max',
    );
  }
  return { min, max };
}

/**
 * Checks an indicator standard as the WALIDATA defines it and returns it normalised: texts trimmed, min
 * defaulting to 0, a percent's max to 100, jumpFactor to 2, a null breakdown dropped. Every problem is
 * reported, each as '<path>: <message>' (e.g. 'breakdown.categories[1].code: duplicate "L"'); unknown
 * properties are problems too.
 */
export function validateIndicatorStandard(
  input: unknown,
): { ok: true; standard: IndicatorStandard } | { ok: false; problems: string[] } {
  if (!isRecord(input)) return { ok: false, problems: ['standard: must be an object'] };
  const problems: string[] = [];
  reportUnknown(input, STANDARD_PROPERTIES, '', problems);

  const code = input['code'];
  if (typeof code !== 'string' || !INDICATOR_CODE_PATTERN.test(code)) {
    problems.push('code: must be 3 to 64 upper case letters, digits and _ (e.g. RT_MISKIN)');
  }
  const name = requiredText(input['name'], 'name', NAME_MAX_LENGTH, problems);
  const definition = requiredText(input['definition'], 'definition', DEFINITION_MAX_LENGTH, problems);
  const unit = requiredText(input['unit'], 'unit', UNIT_MAX_LENGTH, problems);

  const valueType = input['valueType'];
  if (!isOneOf(valueType, INDICATOR_VALUE_TYPES)) {
    problems.push(`valueType: must be one of ${INDICATOR_VALUE_TYPES.join(', ')}`);
  }
  const { min, max } = validateBounds(input, valueType, problems);

  const areaLevel = input['areaLevel'];
  if (!isOneOf(areaLevel, INDICATOR_AREA_LEVELS)) {
    problems.push(`areaLevel: must be one of ${INDICATOR_AREA_LEVELS.join(', ')}`);
  }
  const periodicity = input['periodicity'];
  if (!isOneOf(periodicity, PERIODICITIES)) {
    problems.push(`periodicity: must be one of ${PERIODICITIES.join(', ')}`);
  }

  const rawBreakdown = input['breakdown'];
  const breakdown =
    rawBreakdown === undefined || rawBreakdown === null
      ? undefined
      : validateBreakdown(rawBreakdown, problems);

  const producers = validateProducers(input['producers'], problems);

  const rawJump = input['jumpFactor'];
  let jumpFactor = DEFAULT_JUMP_FACTOR;
  if (rawJump !== undefined && rawJump !== null) {
    if (
      typeof rawJump !== 'number' ||
      !Number.isFinite(rawJump) ||
      rawJump <= 1 ||
      rawJump > MAX_JUMP_FACTOR
    ) {
      problems.push(`jumpFactor: must be a number greater than 1 and at most ${MAX_JUMP_FACTOR}`);
    } else {
      jumpFactor = rawJump;
    }
  }

  const metadata = validateMetadata(input['metadata'], problems);

  if (
    problems.length > 0 ||
    typeof code !== 'string' ||
    name === undefined ||
    definition === undefined ||
    unit === undefined ||
    !isOneOf(valueType, INDICATOR_VALUE_TYPES) ||
    !isOneOf(areaLevel, INDICATOR_AREA_LEVELS) ||
    !isOneOf(periodicity, PERIODICITIES) ||
    metadata === undefined
  ) {
    return { ok: false, problems };
  }
  const standard: IndicatorStandard = {
    code,
    name,
    definition,
    unit,
    valueType,
    min,
    ...(max !== undefined ? { max } : {}),
    areaLevel,
    periodicity,
    ...(breakdown ? { breakdown } : {}),
    producers,
    jumpFactor,
    metadata,
  };
  return { ok: true, standard };
}

// --- Periods ---------------------------------------------------------------------------------------------

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

// --- Forms -----------------------------------------------------------------------------------------------

/**
 * The form field key of an indicator (and a breakdown category): the camelCase of the code, plus '_' and
 * the category: 'RT_MISKIN' → 'rtMiskin', ('BALITA_STUNTING', 'L') → 'balitaStunting_L'.
 *
 * Different codes (and categories) always give different keys: an underscore that camelCase cannot show
 * (before a digit, before another underscore, at the end) is written '__', so 'RT_2' → 'rt__2' differs from
 * 'RT2' → 'rt2', while the single '_' before the category stays unambiguous. Throws a RangeError for a code
 * that does not match INDICATOR_CODE_PATTERN or a category that does not match CATEGORY_CODE_PATTERN.
 */
export function indicatorFieldKey(code: string, category?: string): string {
  if (!INDICATOR_CODE_PATTERN.test(code)) throw new RangeError(`"${code}" is not an indicator code`);
  if (category !== undefined && !CATEGORY_CODE_PATTERN.test(category)) {
    throw new RangeError(`"${category}" is not a breakdown category code`);
  }
  let key = '';
  for (let i = 0; i < code.length; i++) {
    const char = code.charAt(i);
    if (char !== '_') {
      key += char.toLowerCase();
    } else if (/^[A-Z]$/.test(code.charAt(i + 1))) {
      key += code.charAt(i + 1);
      i++;
    } else {
      key += '__';
    }
  }
  return category === undefined ? key : `${key}_${category}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The contribution form fields through which an OPD reports an indicator for one period: one field per
 * breakdown category (or a single field), numeric with the standard's unit and bounds, required, with the
 * definition (at most 500 characters) as help. A desa- or kecamatan-level indicator is asked per area:
 * perArea is that level and areas the given kode wilayah (sorted, duplicates dropped), which the submission
 * must cover exactly. A kabupaten-level indicator is one value; `areas` is ignored.
 *
 * Throws a RangeError when a desa/kecamatan indicator gets no areas or an area code of another level.
 */
export function indicatorFormFields(standard: IndicatorStandard, areas: string[]): FormField[] {
  let perArea: { level: 'desa' | 'kecamatan'; areas: string[] } | undefined;
  if (standard.areaLevel !== 'kabupaten') {
    const level = standard.areaLevel;
    const pattern = level === 'desa' ? KODE_DESA_PATTERN : KODE_KECAMATAN_PATTERN;
    const wrong = areas.filter((area) => !pattern.test(area));
    if (wrong.length > 0) throw new RangeError(`not a kode wilayah ${level}: ${wrong.join(', ')}`);
    if (areas.length === 0) throw new RangeError(`indicator ${standard.code} needs at least one ${level}`);
    perArea = { level, areas: [...new Set(areas)].sort() };
  }
  const type = standard.valueType === 'integer' ? 'integer' : 'number';
  const make = (category?: { code: string; label: string }): FormField => {
    const field: FormField = {
      key: indicatorFieldKey(standard.code, category?.code),
      label: category ? `${standard.name} — ${category.label}` : standard.name,
      type,
      required: true,
      unit: standard.unit,
    };
    if (standard.min !== undefined) field.min = standard.min;
    if (standard.max !== undefined) field.max = standard.max;
    if (perArea) {
      field.perArea = perArea.level;
      field.areas = [...perArea.areas];
    }
    field.help = truncate(standard.definition, HELP_MAX_LENGTH);
    return field;
  };
  const categories = standard.breakdown?.categories ?? [];
  return categories.length > 0 ? categories.map((category) => make(category)) : [make()];
}

/** One reported value: an indicator for one area and (when broken down) one category. */
export interface IndicatorCell {
  indicatorCode: string;
  areaCode: string;
  /** '' without breakdown, otherwise the category code. */
  breakdown: string;
  value: number;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Reads a contribution's values (as the fields of indicatorFormFields produced them: perArea fields are
 * { [kode]: number }, others a number) back into cells, in breakdown order and then by area code. Fields of
 * other indicators, values of the wrong shape and non-numeric values are ignored. Kabupaten-level values get
 * areaCode `kabupatenCode`.
 */
export function cellsFromValues(
  standard: IndicatorStandard,
  values: Record<string, unknown>,
  kabupatenCode: string = KABUPATEN_PROBOLINGGO,
): IndicatorCell[] {
  const cells: IndicatorCell[] = [];
  const categories: (string | undefined)[] = standard.breakdown?.categories.map((c) => c.code) ?? [];
  for (const category of categories.length > 0 ? categories : [undefined]) {
    const key = indicatorFieldKey(standard.code, category);
    if (!Object.hasOwn(values, key)) continue;
    const raw = values[key];
    const base = { indicatorCode: standard.code, breakdown: category ?? '' };
    if (standard.areaLevel === 'kabupaten') {
      if (isFiniteNumber(raw)) cells.push({ ...base, areaCode: kabupatenCode, value: raw });
    } else if (isRecord(raw)) {
      for (const areaCode of Object.keys(raw).sort()) {
        const value = raw[areaCode];
        if (isFiniteNumber(value)) cells.push({ ...base, areaCode, value });
      }
    }
  }
  return cells;
}

// --- Reconciliation and sanity checks --------------------------------------------------------------------

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
