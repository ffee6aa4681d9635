/** An indicator standard as contribution form fields, and submitted values back as indicator cells. */
import {
  type FormField,
  INDICATOR_CODE_PATTERN,
  KODE_DESA_PATTERN,
  KODE_KECAMATAN_PATTERN,
} from '../form-schema';
import { CATEGORY_CODE_PATTERN, isRecord, KABUPATEN_PROBOLINGGO, type IndicatorStandard } from './standard';

/** Longest help text a generated field carries. */
const HELP_MAX_LENGTH = 500;

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
