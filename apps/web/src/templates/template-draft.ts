/**
 * A joint-work template as its author edits it in the browser (every input a string, lists as rows) and the
 * definition POST /templates receives (libs/domain template.ts checks it there). A new version starts from
 * the current definition. The step graph preview orders the steps in stages by their dependencies. Pure.
 */
import type { FieldType, FormField } from '@gotong/domain/form-schema';
import type {
  TemplateCategory,
  TemplateDefinition,
  TemplateParameterType,
  TemplateStep,
} from '@gotong/domain/template';
import { parseNumber } from '../forms/form-model';

/** A checkbox group's value: react-hook-form gives an array (a lone unchecked box could give false). */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export interface FieldDraft {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  unit: string;
  /** For a select: one option a line. */
  options: string;
  /** '' (one value) or the area level of a per-area field. */
  perArea: '' | 'desa' | 'kecamatan';
  /** What the form does not edit (help, bounds, fixed areas), kept as it was. */
  kept?: Partial<FormField>;
}

export interface StepDraft {
  key: string;
  title: string;
  instructions: string;
  agency: string;
  slaAmount: string;
  slaUnit: 'workingDays' | 'workingHours' | 'days' | 'hours';
  dependsOn: string[];
  fields: FieldDraft[];
  /** What the form does not edit (an owner by responsibility, an escalation policy), kept as it was. */
  kept?: Pick<TemplateStep, 'owner' | 'escalation'>;
}

export interface ParameterDraft {
  key: string;
  label: string;
  type: TemplateParameterType;
  required: boolean;
}

export interface TemplateDraft {
  code: string;
  name: string;
  description: string;
  category: TemplateCategory;
  parameters: ParameterDraft[];
  steps: StepDraft[];
}

export function emptyField(): FieldDraft {
  return { key: '', label: '', type: 'text', required: true, unit: '', options: '', perArea: '' };
}

export function emptyStep(): StepDraft {
  return {
    key: '',
    title: '',
    instructions: '',
    agency: '',
    slaAmount: '5',
    slaUnit: 'workingDays',
    dependsOn: [],
    fields: [emptyField()],
  };
}

export function emptyTemplateDraft(): TemplateDraft {
  return { code: '', name: '', description: '', category: 'PROGRAM', parameters: [], steps: [emptyStep()] };
}

function fieldBody(field: FieldDraft): FormField {
  const options = field.options
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    ...field.kept,
    key: field.key.trim(),
    label: field.label.trim(),
    type: field.type,
    required: field.required,
    ...(field.unit.trim() ? { unit: field.unit.trim() } : {}),
    ...(field.type === 'select' ? { options } : {}),
    ...(field.perArea ? { perArea: field.perArea } : {}),
  };
}

/** The definition POST /templates receives. */
export function templateBody(draft: TemplateDraft): TemplateDefinition {
  return {
    code: draft.code.trim(),
    name: draft.name.trim(),
    description: draft.description.trim(),
    category: draft.category,
    parameters: draft.parameters.map((p) => ({
      key: p.key.trim(),
      label: p.label.trim(),
      type: p.type,
      required: p.required,
    })),
    steps: draft.steps.map((step) => {
      const amount = parseNumber(step.slaAmount);
      return {
        key: step.key.trim(),
        title: step.title.trim(),
        instructions: step.instructions.trim(),
        owner: step.agency ? { agency: step.agency } : (step.kept?.owner ?? { agency: '' }),
        form: { fields: step.fields.map(fieldBody) },
        sla: { amount: amount as number, unit: step.slaUnit },
        dependsOn: keys(step.dependsOn),
        ...(step.kept?.escalation ? { escalation: step.kept.escalation } : {}),
      };
    }),
  };
}

const EDITED_UNITS: readonly StepDraft['slaUnit'][] = ['workingDays', 'workingHours', 'days', 'hours'];

/** A draft of a new version, from the current definition. */
export function draftFromDefinition(def: TemplateDefinition): TemplateDraft {
  return {
    code: def.code,
    name: def.name,
    description: def.description,
    category: def.category,
    parameters: def.parameters.map((p) => ({ ...p })),
    steps: def.steps.map((step) => ({
      key: step.key,
      title: step.title,
      instructions: step.instructions,
      agency: 'agency' in step.owner ? step.owner.agency : '',
      slaAmount: String(step.sla.amount),
      slaUnit: (EDITED_UNITS as readonly string[]).includes(step.sla.unit)
        ? (step.sla.unit as StepDraft['slaUnit'])
        : 'workingDays',
      dependsOn: [...step.dependsOn],
      fields: step.form.fields.map(({ key, label, type, required, unit, options, perArea, ...kept }) => ({
        key,
        label,
        type,
        required,
        unit: unit ?? '',
        options: (options ?? []).join('\n'),
        perArea: perArea ?? '',
        ...(Object.keys(kept).length > 0 ? { kept } : {}),
      })),
      kept: {
        owner: step.owner,
        ...(step.escalation ? { escalation: step.escalation } : {}),
      },
    })),
  };
}

/**
 * The step graph in stages: a step stands one stage after the latest step it depends on, so each stage's
 * steps run side by side once the stages before are done. Dependencies on unknown keys are ignored, and a
 * cycle (which the API refuses) leaves its steps out.
 */
export function graphStages(steps: readonly Pick<StepDraft, 'key' | 'dependsOn'>[]): string[][] {
  const known = new Set(steps.map((s) => s.key).filter(Boolean));
  const stage = new Map<string, number>();
  let placed = true;
  while (placed) {
    placed = false;
    for (const step of steps) {
      if (!step.key || stage.has(step.key)) continue;
      const deps = keys(step.dependsOn).filter((d) => known.has(d) && d !== step.key);
      if (deps.every((d) => stage.has(d))) {
        stage.set(step.key, deps.length === 0 ? 0 : Math.max(...deps.map((d) => stage.get(d)!)) + 1);
        placed = true;
      }
    }
  }
  const stages: string[][] = [];
  for (const step of steps) {
    const at = stage.get(step.key);
    if (at === undefined) continue;
    (stages[at] ??= []).push(step.key);
  }
  return stages;
}
