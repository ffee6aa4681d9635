/**
 * "Data satu pintu" (Satu Data Indonesia, Perpres 39/2019): the WALIDATA defines indicator standards, OPDs
 * submit values per area (kode wilayah) and period through ordinary contribution forms, and conflicting
 * values of two OPDs for the same indicator, area and period are reconciled.
 *
 * Pure and deterministic: workflow code imports it. No I/O, no clock, no Node built-ins, no luxon; periods
 * are computed in WIB (UTC+7, no daylight saving) with plain arithmetic.
 */
import { INDICATOR_CODE_PATTERN, TEXT_MAX_LENGTH } from '../form-schema';

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

export function isRecord(value: unknown): value is Record<string, unknown> {
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
