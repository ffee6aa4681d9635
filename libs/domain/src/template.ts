/**
 * Templates as data ("workflow as data"): a template is a DAG of steps, each
 * owned by an OPD (directly or through the responsibility matrix), with a
 * contribution form, an SLA and an escalation policy. Pure: workflow code
 * walks the DAG with topologicalOrder/readySteps. Over 400 lines because a
 * template's validation names every problem in one pass (parameters, steps,
 * owners, forms, SLAs, ladders, the DAG), and those checks share their helpers.
 */
import { type FormSchema, validateFormSchema } from './form-schema';
import { RESPONSIBILITIES, type StepOwner } from './responsibility';
import { type Sla, validateSla } from './calendar';

export type { StepOwner };

/**
 * One rung of the escalation ladder: level 1 Kepala OPD, 2 Sekda, 3 Bupati /
 * Wakil Bupati. timeout is how long that level has to act; repeats is how many
 * extra reminders (0–5) that level gets before the escalation moves up.
 */
export interface EscalationLevelPolicy {
  level: 1 | 2 | 3;
  timeout: Sla;
  repeats: number;
}

export interface EscalationPolicy {
  levels: EscalationLevelPolicy[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_ESCALATION: EscalationPolicy = deepFreeze({
  levels: [
    { level: 1, timeout: { amount: 1, unit: 'workingDays' }, repeats: 1 },
    { level: 2, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
    { level: 3, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
  ],
});

export const MAX_ESCALATION_REPEATS = 5;

/**
 * The lead's side of a step (fair clocks): how long the lead has to review a submission, the ladder a late review
 * climbs (on the LEAD's OPD: its Kepala OPD, then the Sekda, then the Bupati), and the revision window a returned
 * contribution gives the OPD (its deadline becomes at least that far from the return; reminders start again).
 */
export interface ReviewPolicy {
  sla: Sla;
  revisionWindow: Sla;
  escalation: EscalationPolicy;
}

export const DEFAULT_REVIEW: ReviewPolicy = deepFreeze({
  sla: { amount: 2, unit: 'workingDays' },
  revisionWindow: { amount: 2, unit: 'workingDays' },
  escalation: {
    levels: [
      { level: 1, timeout: { amount: 1, unit: 'workingDays' }, repeats: 0 },
      { level: 2, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
    ],
  },
});

/**
 * The OPD that owns a template no LEAD created (the seeded ones, one an ADMIN creates): BAPPEDA, the planning
 * agency. Only a LEAD of the owning OPD or an ADMIN versions a template (permissions versionsTemplate).
 */
export const DEFAULT_TEMPLATE_OWNER = 'BAPPEDA';

export interface TemplateStep {
  key: string;
  title: string;
  instructions: string;
  owner: StepOwner;
  form: FormSchema;
  sla: Sla;
  dependsOn: string[];
  escalation?: EscalationPolicy;
  /** The lead's review clock and the OPD's revision window; DEFAULT_REVIEW when absent. */
  review?: ReviewPolicy;
}

export type TemplateParameterType = 'kecamatan' | 'desa' | 'date' | 'text';

export interface TemplateParameter {
  key: string;
  label: string;
  type: TemplateParameterType;
  required: boolean;
}

export type TemplateCategory = 'PROGRAM' | 'INFRASTRUCTURE' | 'DATA' | 'EMERGENCY' | 'PLANNING';

export interface TemplateDefinition {
  /** /^[a-z0-9-]+$/ */
  code: string;
  name: string;
  description: string;
  category: TemplateCategory;
  parameters: TemplateParameter[];
  steps: TemplateStep[];
}

/** What a template may refer to: the seeded agency codes and the keys of the responsibility matrix. */
export interface TemplateContext {
  agencyCodes: ReadonlySet<string>;
  responsibilities: ReadonlySet<string>;
}

export const TEMPLATE_CODE_PATTERN = /^[a-z0-9-]+$/;
export const STEP_KEY_PATTERN = /^[a-z][a-z0-9-]*$/;
export const PARAMETER_KEY_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
export const TEMPLATE_CATEGORIES: readonly TemplateCategory[] = [
  'PROGRAM',
  'INFRASTRUCTURE',
  'DATA',
  'EMERGENCY',
  'PLANNING',
];
export const TEMPLATE_PARAMETER_TYPES: readonly TemplateParameterType[] = [
  'kecamatan',
  'desa',
  'date',
  'text',
];

const TEMPLATE_PROPERTIES: ReadonlySet<string> = new Set([
  'code',
  'name',
  'description',
  'category',
  'parameters',
  'steps',
]);

const STEP_PROPERTIES: ReadonlySet<string> = new Set([
  'key',
  'title',
  'instructions',
  'owner',
  'form',
  'sla',
  'dependsOn',
  'escalation',
  'review',
]);

/** validateSla's message without its own leading 'sla' / 'sla.' (the caller names the place), or null. */
function slaProblem(sla: unknown): string | null {
  const problem = validateSla(sla);
  return problem === null ? null : problem.replace(/^sla\b\.?\s*/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function validateParameters(parameters: unknown, problems: string[]): Map<string, Record<string, unknown>> {
  const byKey = new Map<string, Record<string, unknown>>();
  if (!Array.isArray(parameters)) {
    problems.push('parameters: must be an array');
    return byKey;
  }
  parameters.forEach((parameter: unknown, i) => {
    const at = `parameters[${i}]`;
    if (!isRecord(parameter)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const key = parameter['key'];
    if (typeof key !== 'string' || !PARAMETER_KEY_PATTERN.test(key)) {
      problems.push(`${at}.key: must match ${String(PARAMETER_KEY_PATTERN)}`);
    } else if (byKey.has(key)) {
      problems.push(`${at}.key: duplicate parameter "${key}"`);
    } else {
      byKey.set(key, parameter);
    }
    if (!isNonEmptyString(parameter['label'])) problems.push(`${at}.label: is required`);
    const type = parameter['type'];
    if (typeof type !== 'string' || !(TEMPLATE_PARAMETER_TYPES as readonly string[]).includes(type)) {
      problems.push(`${at}.type: must be one of ${TEMPLATE_PARAMETER_TYPES.join(', ')}`);
    }
    if (typeof parameter['required'] !== 'boolean') problems.push(`${at}.required: must be true or false`);
  });
  return byKey;
}

function validateOwner(
  owner: unknown,
  at: string,
  ctx: TemplateContext,
  parameters: ReadonlyMap<string, Record<string, unknown>>,
  problems: string[],
): void {
  const shape = `${at}: must be { agency } or { responsibility }`;
  if (!isRecord(owner)) {
    problems.push(shape);
    return;
  }
  const keys = Object.keys(owner);
  if (keys.length !== 1) {
    problems.push(shape);
    return;
  }
  if (keys[0] === 'agency') {
    const agency = owner['agency'];
    if (!isNonEmptyString(agency)) problems.push(shape);
    else if (!ctx.agencyCodes.has(agency)) problems.push(`${at}: unknown OPD "${agency}"`);
    return;
  }
  if (keys[0] === 'responsibility') {
    const responsibility = owner['responsibility'];
    if (!isNonEmptyString(responsibility)) {
      problems.push(shape);
    } else if (!ctx.responsibilities.has(responsibility)) {
      problems.push(`${at}: unknown responsibility "${responsibility}"`);
    } else if (Object.hasOwn(RESPONSIBILITIES, responsibility)) {
      // A responsibility resolved from a project parameter needs that parameter, required and of the right type.
      const from = RESPONSIBILITIES[responsibility]?.fromParameter;
      if (from !== undefined) {
        const parameter = parameters.get(from);
        if (!parameter || parameter['type'] !== from || parameter['required'] !== true) {
          problems.push(
            `${at}: responsibility "${responsibility}" needs a required parameter "${from}" of type ${from}`,
          );
        }
      }
    }
    return;
  }
  problems.push(shape);
}

function validateEscalation(escalation: unknown, at: string, problems: string[]): void {
  if (!isRecord(escalation) || !Array.isArray(escalation['levels'])) {
    problems.push(`${at}: must be an object with levels`);
    return;
  }
  const levels: unknown[] = escalation['levels'];
  if (levels.length === 0) {
    problems.push(`${at}.levels: must have at least one level`);
    return;
  }
  let previous = 0;
  levels.forEach((entry, j) => {
    const lat = `${at}.levels[${j}]`;
    if (!isRecord(entry)) {
      problems.push(`${lat}: must be an object`);
      return;
    }
    const level = entry['level'];
    if (level !== 1 && level !== 2 && level !== 3) {
      problems.push(`${lat}.level: must be 1, 2 or 3`);
    } else {
      if (level <= previous) {
        problems.push(`${lat}.level: levels must be strictly increasing (${level} after ${previous})`);
      }
      previous = Math.max(previous, level);
    }
    const timeoutProblem = slaProblem(entry['timeout']);
    if (timeoutProblem !== null) problems.push(`${lat}.timeout: ${timeoutProblem}`);
    const repeats = entry['repeats'];
    if (
      typeof repeats !== 'number' ||
      !Number.isInteger(repeats) ||
      repeats < 0 ||
      repeats > MAX_ESCALATION_REPEATS
    ) {
      problems.push(`${lat}.repeats: must be a whole number from 0 to ${MAX_ESCALATION_REPEATS}`);
    }
  });
}

function validateReview(review: unknown, at: string, problems: string[]): void {
  if (!isRecord(review)) {
    problems.push(`${at}: must be an object with sla, revisionWindow and escalation`);
    return;
  }
  for (const key of Object.keys(review)) {
    if (key !== 'sla' && key !== 'revisionWindow' && key !== 'escalation')
      problems.push(`${at}.${key}: unknown property (sla, revisionWindow, escalation)`);
  }
  const sla = slaProblem(review['sla']);
  if (sla !== null) problems.push(`${at}.sla: ${sla}`);
  const window = slaProblem(review['revisionWindow']);
  if (window !== null) problems.push(`${at}.revisionWindow: ${window}`);
  validateEscalation(review['escalation'], `${at}.escalation`, problems);
}

/**
 * Finds dependency cycles among steps (by key, following dependsOn). Each
 * cycle is reported once, starting at its earliest-declared step and
 * following dependsOn, e.g. ['verifikasi', 'rekap', 'verifikasi'] when
 * verifikasi depends on rekap and rekap on verifikasi.
 */
function findCycles(order: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const position = new Map(order.map((key, i) => [key, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (key: string): void => {
    state.set(key, 'visiting');
    stack.push(key);
    for (const dep of deps.get(key) ?? []) {
      if (dep === key || !deps.has(dep)) continue; // self and unknown dependencies are reported elsewhere
      const s = state.get(dep);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(dep));
        // Rotate so that the earliest-declared step comes first: one spelling per cycle.
        let start = 0;
        cycle.forEach((k, i) => {
          if ((position.get(k) ?? 0) < (position.get(cycle[start] ?? '') ?? 0)) start = i;
        });
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        const id = rotated.join('\u0000');
        if (!seen.has(id)) {
          seen.add(id);
          cycles.push([...rotated, rotated[0] ?? '']);
        }
      } else if (s === undefined) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(key, 'done');
  };

  for (const key of order) if (!state.has(key)) visit(key);
  return cycles;
}

/** Every problem of a template definition, each naming where it is. Empty when the template is valid. */
export function validateTemplate(def: unknown, ctx: TemplateContext): string[] {
  if (!isRecord(def)) return ['template: must be an object'];
  const problems: string[] = [];
  for (const prop of Object.keys(def)) {
    if (!TEMPLATE_PROPERTIES.has(prop)) problems.push(`template: unknown property "${prop}"`);
  }

  const code = def['code'];
  if (typeof code !== 'string' || !TEMPLATE_CODE_PATTERN.test(code)) {
    problems.push(`code: must match ${String(TEMPLATE_CODE_PATTERN)}`);
  }
  if (!isNonEmptyString(def['name'])) problems.push('name: is required');
  if (typeof def['description'] !== 'string') problems.push('description: must be a string');
  const category = def['category'];
  if (typeof category !== 'string' || !(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
    problems.push(`category: must be one of ${TEMPLATE_CATEGORIES.join(', ')}`);
  }

  const parameters = validateParameters(def['parameters'], problems);

  const steps = def['steps'];
  if (!Array.isArray(steps)) {
    problems.push('steps: must be an array');
    return problems;
  }
  if (steps.length === 0) {
    problems.push('steps: must have at least one step');
    return problems;
  }

  // First pass: the keys, so that dependsOn may refer to steps declared later.
  const order: string[] = [];
  const keyAt: (string | undefined)[] = steps.map((step: unknown, i) => {
    if (!isRecord(step)) return undefined;
    const key = step['key'];
    if (typeof key !== 'string' || !STEP_KEY_PATTERN.test(key)) {
      problems.push(`steps[${i}].key: must match ${String(STEP_KEY_PATTERN)}`);
      return undefined;
    }
    if (order.includes(key)) {
      problems.push(`steps[${i}].key: duplicate step "${key}"`);
      return undefined;
    }
    order.push(key);
    return key;
  });
  const known = new Set(order);
  const deps = new Map<string, string[]>();

  steps.forEach((step: unknown, i) => {
    const at = `steps[${i}]`;
    if (!isRecord(step)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    for (const prop of Object.keys(step)) {
      if (!STEP_PROPERTIES.has(prop)) problems.push(`${at}: unknown property "${prop}"`);
    }
    if (!isNonEmptyString(step['title'])) problems.push(`${at}.title: is required`);
    if (!isNonEmptyString(step['instructions'])) problems.push(`${at}.instructions: is required`);
    validateOwner(step['owner'], `${at}.owner`, ctx, parameters, problems);
    problems.push(...validateFormSchema(step['form'], `${at}.form`));
    const slaInvalid = slaProblem(step['sla']);
    if (slaInvalid !== null) problems.push(`${at}.sla: ${slaInvalid}`);

    const dependsOn = step['dependsOn'];
    const key = keyAt[i];
    if (!Array.isArray(dependsOn) || !dependsOn.every((d): d is string => typeof d === 'string')) {
      problems.push(`${at}.dependsOn: must be an array of step keys`);
    } else {
      const mine: string[] = [];
      for (const dep of dependsOn) {
        if (key !== undefined && dep === key) {
          problems.push(`${at}.dependsOn: a step may not depend on itself`);
        } else if (!known.has(dep)) {
          problems.push(`${at}.dependsOn: unknown step "${dep}"`);
        } else if (mine.includes(dep)) {
          problems.push(`${at}.dependsOn: duplicate dependency "${dep}"`);
        } else {
          mine.push(dep);
        }
      }
      if (key !== undefined) deps.set(key, mine);
    }

    if (step['escalation'] !== undefined)
      validateEscalation(step['escalation'], `${at}.escalation`, problems);
    if (step['review'] !== undefined) validateReview(step['review'], `${at}.review`, problems);
  });

  for (const cycle of findCycles(order, deps)) {
    problems.push(`steps: dependency cycle ${cycle.join(' → ')}`);
  }
  return problems;
}

/**
 * The step keys in an order where every step comes after all of its
 * dependencies; among steps that are ready at the same time, declaration
 * order wins, so the result is deterministic. Throws on a duplicate key,
 * an unknown dependency or a cycle (validateTemplate reports those first).
 */
export function topologicalOrder(steps: readonly TemplateStep[]): string[] {
  const keys = new Set<string>();
  for (const step of steps) {
    if (keys.has(step.key)) throw new Error(`duplicate step "${step.key}"`);
    keys.add(step.key);
  }
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (!keys.has(dep)) throw new Error(`step "${step.key}" depends on unknown step "${dep}"`);
    }
  }
  const placed = new Set<string>();
  const result: string[] = [];
  while (result.length < steps.length) {
    const next = steps.find((s) => !placed.has(s.key) && s.dependsOn.every((d) => placed.has(d)));
    if (!next) {
      const stuck = steps.filter((s) => !placed.has(s.key)).map((s) => s.key);
      throw new Error(`dependency cycle among steps ${stuck.join(', ')}`);
    }
    placed.add(next.key);
    result.push(next.key);
  }
  return result;
}

/** Steps whose dependencies are all done and that have not started (nor finished), in declaration order. */
export function readySteps(
  steps: readonly Pick<TemplateStep, 'key' | 'dependsOn'>[],
  done: ReadonlySet<string>,
  started: ReadonlySet<string>,
): string[] {
  return steps
    .filter((s) => !started.has(s.key) && !done.has(s.key) && s.dependsOn.every((d) => done.has(d)))
    .map((s) => s.key);
}
