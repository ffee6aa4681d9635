/**
 * Problems of a contribution, placed where the person can fix them: next to a field, next to one area's
 * cell of a per-area field, or above the form. The same shape serves the client-side check (the domain's
 * own rules, run in the browser) and the API's 400 answers. Pure.
 */
import { validateContribution, type FieldError, type FormSchema } from '@gotong/domain/form-schema';
import { duplicateAreas, toPayload, type FormDraft } from './form-model';
import { parseProblem, problem, type Problem } from './problems';

export interface FormErrors {
  /** Problems of the submission as a whole, or of something that is not a field of this form. */
  form: { path: string; problem: Problem }[];
  /** By field key. */
  fields: Record<string, Problem[]>;
  /** By field key, then kode wilayah. */
  cells: Record<string, Record<string, Problem[]>>;
}

export function noErrors(): FormErrors {
  return { form: [], fields: {}, cells: {} };
}

export function hasErrors(errors: FormErrors): boolean {
  return (
    errors.form.length > 0 ||
    Object.values(errors.fields).some((list) => list.length > 0) ||
    Object.values(errors.cells).some((cells) => Object.values(cells).some((list) => list.length > 0))
  );
}

/**
 * Places one problem by its path: 'fieldKey', 'fieldKey.35.13.08.2001' (field keys never contain a dot,
 * kode wilayah always do), '' for the whole submission, anything else above the form.
 */
function place(form: FormSchema, errors: FormErrors, path: string, found: Problem): void {
  const dot = path.indexOf('.');
  const key = dot === -1 ? path : path.slice(0, dot);
  const field = form.fields.find((f) => f.key === key);
  if (!field) {
    errors.form.push({ path, problem: found });
    return;
  }
  if (dot === -1) {
    (errors.fields[key] ??= []).push(found);
    return;
  }
  const area = path.slice(dot + 1);
  const cells = (errors.cells[key] ??= {});
  (cells[area] ??= []).push(found);
}

export function fromFieldErrors(form: FormSchema, fieldErrors: readonly FieldError[]): FormErrors {
  const errors = noErrors();
  for (const e of fieldErrors) place(form, errors, e.field, parseProblem(e.message));
  return errors;
}

/** The browser's check before anything is sent: the form's own rules, plus areas typed twice. */
export function validateDraft(form: FormSchema, draft: FormDraft): FormErrors {
  const checked = validateContribution(form, toPayload(form, draft));
  const errors = checked.ok ? noErrors() : fromFieldErrors(form, checked.errors);
  for (const field of form.fields) {
    const rows = draft[field.key];
    if (!field.perArea || !Array.isArray(rows)) continue;
    for (const area of duplicateAreas(rows)) {
      place(form, errors, `${field.key}.${area}`, problem('duplicateArea', 'is given more than once'));
    }
  }
  return errors;
}

const PREFIX = 'contribution does not match the form:';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}

/** "values.key.35.13.08.2001: must be at least 0" → ['key.35.13.08.2001', 'must be at least 0'] */
function splitMessage(line: string): [string, string] | null {
  const at = line.indexOf(': ');
  if (at === -1) return null;
  const path = line.slice(0, at).trim();
  if (!/^[\w.[\]-]*$/.test(path)) return null;
  return [path.replace(/^values(\.|$)/, ''), line.slice(at + 2)];
}

/**
 * The API's 400 answer for a contribution, back on the fields: its `fieldErrors` when present, else each
 * line of `message` ("values.key.area: …", "key: …", or one "contribution does not match the form: a: …;
 * b: …" string from the workflow's validator). Lines that name no field of the form go above it.
 */
export function fromServerError(form: FormSchema, body: unknown): FormErrors {
  if (isRecord(body) && Array.isArray(body.fieldErrors) && body.fieldErrors.every(isFieldError)) {
    return fromFieldErrors(form, body.fieldErrors);
  }
  const raw = isRecord(body) ? body.message : body;
  const lines = (Array.isArray(raw) ? raw : [raw]).filter((m): m is string => typeof m === 'string');
  const errors = noErrors();
  for (const line of lines) {
    const parts = line.startsWith(PREFIX)
      ? line
          .slice(PREFIX.length)
          .split('; ')
          .map((part) => part.trim())
      : [line];
    for (const part of parts) {
      const split = splitMessage(part);
      if (split) place(form, errors, split[0], parseProblem(split[1]));
      else errors.form.push({ path: '', problem: parseProblem(part) });
    }
  }
  return errors;
}

export function fieldProblems(errors: FormErrors, key: string): Problem[] {
  return errors.fields[key] ?? [];
}

export function cellProblems(errors: FormErrors, key: string, area: string): Problem[] {
  return errors.cells[key]?.[area.trim()] ?? [];
}
