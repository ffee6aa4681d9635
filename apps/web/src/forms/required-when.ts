/**
 * A field with `requiredWhen` (libs/domain/src/form-schema.ts) is required while another field holds a given
 * value, e.g. the budget line of a planning decision only when the decision is TERIMA. The form shows it as
 * required then; the check itself is the domain's (validateContribution), run by the browser and the API. Pure.
 */
import type { FormField, FormSchema } from '@gotong/domain/form-schema';
import { toPayload, type FormDraft } from './form-model';

/** Whether the field is required for the draft as it stands (the same comparison the domain makes). */
export function requiredNow(field: FormField, payload: Record<string, unknown>): boolean {
  if (field.required) return true;
  const when = field.requiredWhen;
  if (!when || !Object.hasOwn(payload, when.field)) return false;
  const raw = payload[when.field];
  return (typeof raw === 'string' ? raw.trim() : raw) === when.equals;
}

/** The keys of the form's fields that are required for this draft. */
export function requiredKeys(form: FormSchema, draft: FormDraft): Set<string> {
  const payload = toPayload(form, draft);
  return new Set(form.fields.filter((field) => requiredNow(field, payload)).map((field) => field.key));
}
