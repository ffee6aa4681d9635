/**
 * The lead's choices when adding an OPD to a running project (AddAgencyPanel) and the body
 * POST /projects/:id/agencies receives: the form (summary only, a template step's, or a new one from a few
 * fields), the steps the new OPD waits for and those not yet started that must wait for it. The API judges
 * the rest (libs/domain added-step.ts). Pure.
 */
import { FIELD_TYPES, type FieldType, type FormSchema } from '@gotong/domain/form-schema';
import type { ProjectStep } from '../../api/types';

export type FormChoice = 'summary' | 'template' | 'new';

/** A field of a new form as the lead types it: its key is made from its label. */
export interface NewFieldDraft {
  label: string;
  type: FieldType;
  required: boolean;
  unit: string;
}

/** The field types the small editor offers: a select needs its options, which only the template editor edits. */
export const NEW_FIELD_TYPES: readonly FieldType[] = FIELD_TYPES.filter((t) => t !== 'select');

export function emptyNewField(): NewFieldDraft {
  return { label: '', type: 'text', required: true, unit: '' };
}

/** A field key from a label, camelCase ("Jumlah anak (orang)" → jumlahAnakOrang), unique among `taken`. */
export function fieldKeyFrom(label: string, taken: ReadonlySet<string>): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/[^a-zA-Z0-9\s]/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  let base = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  if (!/^[a-z]/.test(base)) base = `isian${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
  return key;
}

/** The form POST /projects/:id/agencies receives for the fields the lead typed. */
export function newFormBody(fields: readonly NewFieldDraft[]): FormSchema {
  const taken = new Set<string>();
  return {
    fields: fields.map((f) => {
      const key = fieldKeyFrom(f.label, taken);
      taken.add(key);
      return {
        key,
        label: f.label.trim(),
        type: f.type,
        required: f.required,
        ...(f.unit.trim() ? { unit: f.unit.trim() } : {}),
      };
    }),
  };
}

/** Steps that may be made to wait for the new OPD: those whose task has not started. */
export function stepsNotStarted(steps: readonly ProjectStep[]): ProjectStep[] {
  return steps.filter((s) => s.task === null && s.status === 'WAITING');
}

export interface AddAgencyDraft {
  agencyCode: string;
  title: string;
  instructions: string;
  slaDays: string;
  formChoice: FormChoice;
  fromStep: string;
  fields: NewFieldDraft[];
  dependsOn: string[];
  before: string[];
}

/** A checkbox group's value: react-hook-form gives an array, or false/a string for a lone box. */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** The body of POST /projects/:id/agencies. */
export function addAgencyBody(draft: AddAgencyDraft): Record<string, unknown> {
  const dependsOn = keys(draft.dependsOn);
  const before = keys(draft.before);
  return {
    agencyCode: draft.agencyCode,
    title: draft.title.trim(),
    ...(draft.instructions.trim() ? { instructions: draft.instructions.trim() } : {}),
    ...(draft.slaDays.trim() ? { sla: { amount: Number(draft.slaDays), unit: 'workingDays' } } : {}),
    ...(draft.formChoice === 'template' && draft.fromStep ? { fromStep: draft.fromStep } : {}),
    ...(draft.formChoice === 'new' ? { form: newFormBody(draft.fields) } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    ...(before.length > 0 ? { before } : {}),
  };
}
