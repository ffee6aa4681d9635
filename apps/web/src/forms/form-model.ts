/**
 * The contribution form of a task as the browser edits it: the step's form schema (libs/domain) becomes a
 * draft of strings that react-hook-form binds to inputs, and the draft becomes the payload of
 * POST /tasks/:id/contribution. Pure: no React here (form-model.spec.ts runs in Node).
 *
 * Per-area fields (one value per desa or kecamatan) are edited as rows of { area, value }: react-hook-form
 * reads dots in field names as paths, and every kode wilayah is full of dots (35.13.08.2001).
 */
import type { FormField, FormSchema } from '@gotong/domain/form-schema';
import { formatDateInput, parseDateInput } from '../format/date-input';

export type { FieldType, FormField, FormSchema } from '@gotong/domain/form-schema';

export interface AreaRow {
  area: string;
  value: string;
}

/** A scalar field's text (booleans as '', 'true' or 'false'), or a per-area field's rows. */
export type DraftValue = string | AreaRow[];
export type FormDraft = Record<string, DraftValue>;

/** A per-area field whose areas are fixed by the form (e.g. the desa a data request asked for). */
export function hasFixedAreas(field: FormField): boolean {
  return Boolean(field.perArea && field.areas && field.areas.length > 0);
}

function emptyValue(field: FormField): DraftValue {
  if (!field.perArea) return '';
  if (hasFixedAreas(field)) return (field.areas ?? []).map((area) => ({ area, value: '' }));
  return [{ area: '', value: '' }];
}

export function emptyDraft(form: FormSchema): FormDraft {
  return Object.fromEntries(form.fields.map((field) => [field.key, emptyValue(field)]));
}

function scalarText(value: unknown, field?: FormField): string {
  if (value === undefined || value === null) return '';
  // A date is edited as dd/mm/yyyy (format/date-input), whatever the browser's locale.
  if (typeof value === 'string') return field?.type === 'date' ? formatDateInput(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A draft filled with earlier values (a returned contribution is revised, not typed again). */
export function draftFromValues(form: FormSchema, values: Record<string, unknown>): FormDraft {
  const draft = emptyDraft(form);
  for (const field of form.fields) {
    const given = values[field.key];
    if (given === undefined || given === null) continue;
    if (!field.perArea) {
      draft[field.key] = scalarText(given, field);
      continue;
    }
    if (typeof given !== 'object' || Array.isArray(given)) continue;
    const entries = Object.entries(given as Record<string, unknown>);
    if (hasFixedAreas(field)) {
      draft[field.key] = (field.areas ?? []).map((area) => ({
        area,
        value: scalarText((given as Record<string, unknown>)[area], field),
      }));
    } else if (entries.length > 0) {
      draft[field.key] = entries.map(([area, value]) => ({ area, value: scalarText(value, field) }));
    }
  }
  return draft;
}

const NUMERIC_TEXT = /^-?\d+([.,]\d+)?$/;

/**
 * A number typed by a person: "12", "-3", "12.5" or "12,5" (the Indonesian decimal comma). Anything else
 * is passed on as typed, so that the form's rules name it ("must be a number").
 */
export function parseNumber(text: string): number | string {
  const trimmed = text.trim();
  return NUMERIC_TEXT.test(trimmed) ? Number(trimmed.replace(',', '.')) : trimmed;
}

function scalarPayload(field: FormField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  switch (field.type) {
    case 'integer':
    case 'number':
      return parseNumber(trimmed);
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    case 'date':
      // dd/mm/yyyy becomes the ISO date; anything else goes as typed, for the rules to name.
      return parseDateInput(trimmed) ?? trimmed;
    case 'text':
    case 'longtext':
    case 'select':
      return trimmed;
  }
}

/**
 * The `values` of POST /tasks/:id/contribution. Empty inputs are left out (the rules then say what is
 * required); rows without an area and a value are ignored.
 */
export function toPayload(form: FormSchema, draft: FormDraft): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = draft[field.key];
    if (field.perArea) {
      const rows = Array.isArray(value) ? value : [];
      const perArea: Record<string, unknown> = {};
      for (const row of rows) {
        const area = row.area.trim();
        const cell = scalarPayload(field, row.value);
        if (cell !== undefined) perArea[area] = cell;
      }
      if (Object.keys(perArea).length > 0) values[field.key] = perArea;
      continue;
    }
    const cell = scalarPayload(field, typeof value === 'string' ? value : '');
    if (cell !== undefined) values[field.key] = cell;
  }
  return values;
}

/** Areas typed more than once in one per-area field (the payload could keep only one of them). */
export function duplicateAreas(rows: readonly AreaRow[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const row of rows) {
    const area = row.area.trim();
    if (area === '' || !row.value.trim()) continue;
    if (seen.has(area)) twice.add(area);
    seen.add(area);
  }
  return [...twice];
}
