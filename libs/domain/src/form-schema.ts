/**
 * The contribution form of a template step and the validation of what an OPD
 * submits through it. Pure: workflow code imports it to check an update
 * before accepting it, the API uses the same rules to answer 400 early.
 */
import { areaByCode, kecamatanRefusal, villageRefusalWithin } from './region';

export type FieldType = 'integer' | 'number' | 'text' | 'longtext' | 'boolean' | 'date' | 'select';

export const FIELD_TYPES: readonly FieldType[] = [
  'integer',
  'number',
  'text',
  'longtext',
  'boolean',
  'date',
  'select',
];

export type AreaLevel = 'desa' | 'kecamatan';

export interface FormField {
  /** /^[a-z][a-zA-Z0-9_]*$/ */
  key: string;
  /** Indonesian label shown to staff. */
  label: string;
  type: FieldType;
  required: boolean;
  /** e.g. 'anak', 'paket', 'Rp', 'km', '%' */
  unit?: string;
  /** Required for select, forbidden otherwise. */
  options?: string[];
  /** For integer/number only. */
  min?: number;
  max?: number;
  /** The value is an object { [kodeWilayah]: scalar }: one value per area (e.g. stunted toddlers per desa). */
  perArea?: AreaLevel;
  /**
   * With perArea: exactly these areas (kode wilayah) must be covered, no others — e.g. the desa a data
   * request asked for. Without it any area of the level is accepted.
   */
  areas?: string[];
  /**
   * With perArea 'desa': the desa must lie in one of these kecamatan (kode wilayah) — e.g. a sitrep names desa
   * of the incident's affected kecamatan only.
   */
  withinKecamatan?: string[];
  /**
   * The indicator of the regency's data catalogue this numeric field reports (its code, e.g. BALITA_STUNTING):
   * accepted values flow into the one-door data store.
   */
  indicator?: string;
  help?: string;
  /**
   * Required only when another field of the form holds a value (e.g. a budget line only when the decision is
   * TERIMA). For a field with required false and no perArea. Forms without it are checked exactly as before.
   */
  requiredWhen?: RequiredWhen;
}

/** The condition of FormField.requiredWhen: the submitted value of `field` (trimmed text) equals `equals`. */
export interface RequiredWhen {
  field: string;
  equals: string | number | boolean;
}

export interface FormSchema {
  fields: FormField[];
}

/** field is the field key, or 'key.kodeWilayah' for one area of a perArea field; '' for the submission as a whole. */
export interface FieldError {
  field: string;
  message: string;
}

export const FIELD_KEY_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
export const KODE_DESA_PATTERN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
export const KODE_KECAMATAN_PATTERN = /^\d{2}\.\d{2}\.\d{2}$/;
export const TEXT_MAX_LENGTH = 2000;
export const LONGTEXT_MAX_LENGTH = 20000;

const FIELD_PROPERTIES: ReadonlySet<string> = new Set([
  'key',
  'label',
  'type',
  'required',
  'unit',
  'options',
  'min',
  'max',
  'perArea',
  'areas',
  'withinKecamatan',
  'indicator',
  'help',
  'requiredWhen',
]);

export const INDICATOR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{2,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Problems in the form definition itself, each prefixed with path (e.g. 'steps[1].form'). Empty when valid. */
export function validateFormSchema(form: unknown, path: string): string[] {
  if (!isRecord(form)) return [`${path}: must be an object with fields`];
  const fields = form['fields'];
  if (!Array.isArray(fields)) return [`${path}.fields: must be an array`];
  if (fields.length === 0) return [`${path}: must have at least one field`];

  const problems: string[] = [];
  const seen = new Set<string>();
  fields.forEach((field: unknown, i) => {
    const at = `${path}.fields[${i}]`;
    if (!isRecord(field)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    for (const prop of Object.keys(field)) {
      if (!FIELD_PROPERTIES.has(prop)) problems.push(`${at}: unknown property "${prop}"`);
    }

    const key = field['key'];
    if (typeof key !== 'string' || !FIELD_KEY_PATTERN.test(key)) {
      problems.push(`${at}.key: must match ${String(FIELD_KEY_PATTERN)}`);
    } else if (seen.has(key)) {
      problems.push(`${at}.key: duplicate field "${key}"`);
    } else {
      seen.add(key);
    }

    if (!isNonEmptyString(field['label'])) problems.push(`${at}.label: is required`);

    const type = field['type'];
    const knownType = typeof type === 'string' && (FIELD_TYPES as readonly string[]).includes(type);
    if (!knownType) problems.push(`${at}.type: must be one of ${FIELD_TYPES.join(', ')}`);

    if (typeof field['required'] !== 'boolean') problems.push(`${at}.required: must be true or false`);

    for (const prop of ['unit', 'help'] as const) {
      if (field[prop] !== undefined && !isNonEmptyString(field[prop])) {
        problems.push(`${at}.${prop}: must be a non-empty string when given`);
      }
    }

    const options = field['options'];
    if (type === 'select') {
      if (!Array.isArray(options) || options.length === 0) {
        problems.push(`${at}.options: a select field needs at least one option`);
      } else {
        const distinct = new Set<string>();
        options.forEach((option: unknown, j) => {
          if (!isNonEmptyString(option) || option.trim() !== option) {
            problems.push(`${at}.options[${j}]: must be a non-empty string without surrounding spaces`);
          } else if (distinct.has(option)) {
            problems.push(`${at}.options[${j}]: duplicate option "${option}"`);
          } else {
            distinct.add(option);
          }
        });
      }
    } else if (options !== undefined && knownType) {
      problems.push(`${at}.options: only a select field has options`);
    }

    const numeric = type === 'integer' || type === 'number';
    let boundsValid = true;
    for (const prop of ['min', 'max'] as const) {
      const bound = field[prop];
      if (bound === undefined) continue;
      if (knownType && !numeric) {
        problems.push(`${at}.${prop}: only integer and number fields have ${prop}`);
        boundsValid = false;
      } else if (typeof bound !== 'number' || !Number.isFinite(bound)) {
        problems.push(`${at}.${prop}: must be a finite number`);
        boundsValid = false;
      } else if (type === 'integer' && !Number.isInteger(bound)) {
        problems.push(`${at}.${prop}: must be a whole number for an integer field`);
        boundsValid = false;
      }
    }
    const min = field['min'];
    const max = field['max'];
    if (boundsValid && typeof min === 'number' && typeof max === 'number' && min > max) {
      problems.push(`${at}: min (${min}) must not be greater than max (${max})`);
    }

    const perArea = field['perArea'];
    if (perArea !== undefined && perArea !== 'desa' && perArea !== 'kecamatan') {
      problems.push(`${at}.perArea: must be desa or kecamatan`);
    }

    const areas = field['areas'];
    if (areas !== undefined) {
      if (perArea !== 'desa' && perArea !== 'kecamatan') {
        problems.push(`${at}.areas: only a perArea field lists its areas`);
      } else if (!Array.isArray(areas) || areas.length === 0) {
        problems.push(`${at}.areas: must list at least one kode wilayah`);
      } else {
        const pattern = perArea === 'desa' ? KODE_DESA_PATTERN : KODE_KECAMATAN_PATTERN;
        const distinct = new Set<string>();
        areas.forEach((area: unknown, j) => {
          if (typeof area !== 'string' || !pattern.test(area)) {
            problems.push(`${at}.areas[${j}]: is not a kode wilayah ${perArea}`);
          } else if (areaRefusal({ perArea } as FormField, area) !== null) {
            problems.push(`${at}.areas[${j}]: ${areaRefusal({ perArea } as FormField, area)}`);
          } else if (distinct.has(area)) {
            problems.push(`${at}.areas[${j}]: duplicate area "${area}"`);
          } else {
            distinct.add(area);
          }
        });
      }
    }

    const within = field['withinKecamatan'];
    if (within !== undefined) {
      if (perArea !== 'desa') {
        problems.push(`${at}.withinKecamatan: only a field per desa names the kecamatan its desa lie in`);
      } else if (!Array.isArray(within) || within.length === 0) {
        problems.push(`${at}.withinKecamatan: must list at least one kode wilayah kecamatan`);
      } else {
        within.forEach((code: unknown, j) => {
          const refusal = typeof code === 'string' ? kecamatanRefusal(code) : 'is not a kode wilayah';
          if (refusal !== null) problems.push(`${at}.withinKecamatan[${j}]: ${refusal}`);
        });
      }
    }

    const indicator = field['indicator'];
    if (indicator !== undefined) {
      if (typeof indicator !== 'string' || !INDICATOR_CODE_PATTERN.test(indicator)) {
        problems.push(`${at}.indicator: must be an indicator code such as BALITA_STUNTING`);
      } else if (knownType && !numeric) {
        problems.push(`${at}.indicator: only integer and number fields report an indicator`);
      }
    }
  });
  fields.forEach((field: unknown, i) => {
    if (!isRecord(field) || field['requiredWhen'] === undefined) return;
    problems.push(...requiredWhenProblems(field, fields, `${path}.fields[${i}]`));
  });
  return problems;
}

function requiredWhenProblems(field: Record<string, unknown>, fields: unknown[], at: string): string[] {
  const when = field['requiredWhen'];
  if (!isRecord(when) || Object.keys(when).some((k) => k !== 'field' && k !== 'equals')) {
    return [`${at}.requiredWhen: must be an object { field, equals }`];
  }
  const problems: string[] = [];
  if (field['required'] !== false) problems.push(`${at}.requiredWhen: only for a field with required false`);
  if (field['perArea'] !== undefined) problems.push(`${at}.requiredWhen: not for a field per area`);
  const equals = when['equals'];
  if (
    !['string', 'number', 'boolean'].includes(typeof equals) ||
    (typeof equals === 'string' && equals.trim() === '')
  ) {
    problems.push(`${at}.requiredWhen.equals: must be a non-empty text, a number or true/false`);
  }
  const other = fields.find((f) => isRecord(f) && f['key'] === when['field']);
  if (typeof when['field'] !== 'string' || when['field'] === field['key'] || !isRecord(other)) {
    problems.push(`${at}.requiredWhen.field: must name another field of this form`);
  } else if (other['perArea'] !== undefined) {
    problems.push(`${at}.requiredWhen.field: must not name a field per area`);
  }
  return problems;
}

/** Whether a field is required for these submitted values (its requiredWhen condition holds). */
function requiredFor(field: FormField, values: Record<string, unknown>): boolean {
  if (field.required) return true;
  const when = field.requiredWhen;
  if (!when || !Object.hasOwn(values, when.field)) return false;
  const raw = values[when.field];
  return (typeof raw === 'string' ? raw.trim() : raw) === when.equals;
}

type ScalarResult = { ok: true; value: unknown } | { ok: false; message: string };

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

/**
 * Checks one present scalar value (not undefined/null). Strings are trimmed;
 * an empty string is reported as 'is required' so the caller can decide
 * whether emptiness matters before calling.
 */
function checkScalar(field: FormField, raw: unknown): ScalarResult {
  switch (field.type) {
    case 'integer':
    case 'number': {
      if (field.type === 'integer') {
        if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
          return { ok: false, message: 'must be a whole number' };
        }
      } else if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        return { ok: false, message: 'must be a number' };
      }
      if (field.min !== undefined && raw < field.min) {
        return { ok: false, message: `must be at least ${field.min}` };
      }
      if (field.max !== undefined && raw > field.max) {
        return { ok: false, message: `must be at most ${field.max}` };
      }
      return { ok: true, value: raw };
    }
    case 'text':
    case 'longtext': {
      if (typeof raw !== 'string') return { ok: false, message: 'must be text' };
      const text = raw.trim();
      if (text === '') return { ok: false, message: 'is required' };
      const limit = field.type === 'text' ? TEXT_MAX_LENGTH : LONGTEXT_MAX_LENGTH;
      if (text.length > limit) return { ok: false, message: `must be at most ${limit} characters` };
      return { ok: true, value: text };
    }
    case 'boolean':
      return typeof raw === 'boolean'
        ? { ok: true, value: raw }
        : { ok: false, message: 'must be true or false' };
    case 'date': {
      if (typeof raw !== 'string') return { ok: false, message: 'must be a date in the form YYYY-MM-DD' };
      const text = raw.trim();
      if (text === '') return { ok: false, message: 'is required' };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
        return { ok: false, message: 'must be a date in the form YYYY-MM-DD' };
      if (!isRealDate(text)) return { ok: false, message: 'is not a real calendar date' };
      return { ok: true, value: text };
    }
    case 'select': {
      const options = field.options ?? [];
      const text = typeof raw === 'string' ? raw.trim() : undefined;
      if (text === '') return { ok: false, message: 'is required' };
      if (text === undefined || !options.includes(text)) {
        return { ok: false, message: `must be one of: ${options.join(', ')}` };
      }
      return { ok: true, value: text };
    }
  }
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export type ContributionCheck =
  { ok: true; values: Record<string, unknown> } | { ok: false; errors: FieldError[] };

/**
 * Validates a submitted contribution against its form. Every problem is
 * returned, not only the first. On success, values is a normalised copy:
 * strings trimmed, optional fields left empty are omitted.
 *
 * Area codes of a per-area field must be areas of the regency's reference list (libs/domain/src/region,
 * the Kepmendagri 2025 codes): a desa or kelurahan for a field per desa — of the field's withinKecamatan when
 * it names them — and a kecamatan for a field per kecamatan. The message names the cell (`key.kodeWilayah`).
 * Workflow code chooses between this and validateContributionV1 with patched('desa-from-reference-list').
 */
export function validateContribution(form: FormSchema, values: unknown): ContributionCheck {
  return checkContribution(form, values, true);
}

/**
 * The rule before the reference list (kept verbatim for workflow histories written before the patch
 * 'desa-from-reference-list'): area codes are checked by their shape only and withinKecamatan is ignored.
 */
export function validateContributionV1(form: FormSchema, values: unknown): ContributionCheck {
  return checkContribution(form, values, false);
}

function areaRefusal(field: FormField, area: string): string | null {
  if (field.perArea === 'kecamatan') return kecamatanRefusal(area);
  return villageRefusalWithin(area, field.withinKecamatan ?? []);
}

function checkContribution(form: FormSchema, values: unknown, referenceAreas: boolean): ContributionCheck {
  if (!isRecord(values)) return { ok: false, errors: [{ field: '', message: 'must be an object' }] };

  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  const byKey = new Map(form.fields.map((f) => [f.key, f]));

  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) errors.push({ field: key, message: 'is not a field of this form' });
  }

  for (const field of form.fields) {
    const raw = Object.hasOwn(values, field.key) ? values[field.key] : undefined;

    if (field.perArea) {
      if (raw === undefined || raw === null) {
        if (field.required) errors.push({ field: field.key, message: 'is required' });
        continue;
      }
      if (!isRecord(raw)) {
        errors.push({ field: field.key, message: `must be an object with one value per ${field.perArea}` });
        continue;
      }
      const entries = Object.entries(raw);
      if (entries.length === 0) {
        if (field.required) {
          errors.push({
            field: field.key,
            message: `is required: give a value for at least one ${field.perArea}`,
          });
        }
        continue;
      }
      const pattern = field.perArea === 'desa' ? KODE_DESA_PATTERN : KODE_KECAMATAN_PATTERN;
      const example = field.perArea === 'desa' ? '35.13.08.2001' : '35.13.08';
      const perArea: Record<string, unknown> = {};
      let areaOk = true;
      const expected = field.areas ? new Set(field.areas) : null;
      if (expected && field.required) {
        for (const area of field.areas ?? []) {
          if (!Object.hasOwn(raw, area)) {
            errors.push({
              field: `${field.key}.${area}`,
              message: 'is required: every area asked for needs a value',
            });
            areaOk = false;
          }
        }
      }
      for (const [area, value] of entries) {
        const at = `${field.key}.${area}`;
        if (expected && !expected.has(area)) {
          errors.push({ field: at, message: `is not one of the ${field.perArea} asked for` });
          areaOk = false;
          continue;
        }
        if (!pattern.test(area)) {
          errors.push({ field: at, message: `is not a kode wilayah ${field.perArea} (e.g. ${example})` });
          areaOk = false;
          continue;
        }
        const refusal = referenceAreas ? areaRefusal(field, area) : null;
        if (refusal !== null) {
          errors.push({ field: at, message: refusal });
          areaOk = false;
          continue;
        }
        if (isBlank(value)) {
          errors.push({ field: at, message: 'is required' });
          areaOk = false;
          continue;
        }
        const checked = checkScalar(field, value);
        if (checked.ok) {
          perArea[area] = checked.value;
        } else {
          errors.push({ field: at, message: checked.message });
          areaOk = false;
        }
      }
      if (areaOk) out[field.key] = perArea;
      continue;
    }

    if (isBlank(raw)) {
      if (requiredFor(field, values)) errors.push({ field: field.key, message: 'is required' });
      continue;
    }
    const checked = checkScalar(field, raw);
    if (checked.ok) out[field.key] = checked.value;
    else errors.push({ field: field.key, message: checked.message });
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: out };
}

/** A template parameter as far as the project's area is concerned (TemplateParameter of template.ts). */
export interface AreaParameter {
  key: string;
  type: string;
}

/**
 * The kecamatan a project works in, from its template's parameters: the values of its kecamatan parameters;
 * failing those, the kecamatan of its desa parameters. Empty when it names none — the whole regency. Codes that
 * are not areas of the regency are left out (the planner refuses them before).
 */
export function projectKecamatan(
  parameters: readonly AreaParameter[],
  values: Readonly<Record<string, string | undefined>>,
): string[] {
  const named = (type: string) =>
    parameters.filter((p) => p.type === type).map((p) => values[p.key]?.trim() ?? '');
  const kecamatan = named('kecamatan').filter((code) => kecamatanRefusal(code) === null);
  if (kecamatan.length > 0) return [...new Set(kecamatan)].sort();
  const ofDesa = named('desa').flatMap((code) => {
    const area = areaByCode(code);
    return area && (area.level === 'DESA' || area.level === 'KELURAHAN') ? [area.parentCode!] : [];
  });
  return [...new Set(ofDesa)].sort();
}

/**
 * A template step's form bound to the project's area (issue 12): every field per desa that does not already name
 * its areas or its kecamatan takes the project's kecamatan as withinKecamatan, so validateContribution — the one
 * rule the API (through the task workflow's validator), the workflow's handler and the web form apply — refuses a
 * desa of another kecamatan, naming the cell. A project without a kecamatan (see projectKecamatan) keeps the
 * form as it is: any desa of the regency. The planner binds the form when the project starts; the bound form is
 * carried in the workflow input, so running workflows keep the form they started with.
 */
export function formWithinProjectArea(
  form: FormSchema,
  parameters: readonly AreaParameter[],
  values: Readonly<Record<string, string | undefined>>,
): FormSchema {
  const kecamatan = projectKecamatan(parameters, values);
  if (kecamatan.length === 0) return form;
  return {
    ...form,
    fields: form.fields.map((field) =>
      field.perArea === 'desa' && field.areas === undefined && field.withinKecamatan === undefined
        ? { ...field, withinKecamatan: [...kecamatan] }
        : field,
    ),
  };
}
