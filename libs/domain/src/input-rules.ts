import { validateSla } from './calendar';

/**
 * The rules user input must meet before it may reach a workflow, judged by the same functions in the API (its
 * DTOs and its edge middleware) and in the workflows (their start checks and Update validators). What the API
 * accepts, the workflow accepts; what a workflow could never carry out, the API refuses with a 400 first.
 * Pure and deterministic: workflow code imports this module.
 *
 * Every function returns null when the input is acceptable, otherwise why not, in words that name the place
 * (`title: contains a NUL character`, `sla.amount must be a whole number for workingDays`).
 */

/** PostgreSQL int4, the type of every Int column: beyond it an insert or a where clause fails. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

// Without the u flag the pattern sees UTF-16 code units: a high surrogate not followed by a low one, or a low
// one not preceded by a high one. (String.prototype.isWellFormed is not in the ES2023 typings.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What is wrong with a string as text, or null: PostgreSQL's text columns cannot hold U+0000, and a lone
 * UTF-16 surrogate is not Unicode text (it cannot be encoded as UTF-8 for the database or the wire).
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return null;
}

/**
 * A text field a workflow stores: a string of valid text, not blank unless `optional`. Lengths are the API's
 * policy (its DTOs' MaxLength), not a limit of what a workflow can carry: a template's longer step title is
 * stored as it is.
 */
export function textFieldProblem(
  what: string,
  value: unknown,
  { optional = false }: { optional?: boolean } = {},
): string | null {
  if (value === undefined || value === null) return optional ? null : `${what}: is required`;
  if (typeof value !== 'string') return `${what}: must be text`;
  const problem = textProblem(value);
  if (problem) return `${what}: ${problem}`;
  if (!optional && value.trim() === '') return `${what}: must not be empty`;
  return null;
}

/**
 * A quantity of something (units of a resource): a whole number from 1 up to what an int4 column holds.
 * 0.5 or 1e21 would pass a plain "positive number" check and then never be storable.
 */
export function quantityProblem(what: string, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${what}: must be a whole number`;
  if (value < 1) return `${what}: must be at least 1`;
  if (value > INT4_MAX) return `${what}: must be at most ${INT4_MAX}`;
  return null;
}

/** validateSla's verdict with the place named: `steps[2].sla.amount must be …`. */
export function slaProblem(where: string, sla: unknown): string | null {
  const problem = validateSla(sla);
  return problem === null ? null : problem.replace(/^sla\b/, where);
}

/** The parts of a step plan a user can type: what a project or an incident gives an OPD to do. */
export interface StepTextAndTime {
  key?: unknown;
  title?: unknown;
  instructions?: unknown;
  sla?: unknown;
}

/** Everything wrong with one step a user planned (title, instructions, SLA), each naming its place. */
export function stepProblems(step: StepTextAndTime, where = 'step'): string[] {
  return [
    textFieldProblem(`${where}.title`, step.title),
    textFieldProblem(`${where}.instructions`, step.instructions, { optional: true }),
    slaProblem(`${where}.sla`, step.sla),
  ].filter((p): p is string => p !== null);
}

/** A resource request between OPDs in an incident: the item named as text, the quantity storable. */
export function resourceRequestProblems(request: { item?: unknown; quantity?: unknown }): string[] {
  return [textFieldProblem('item', request.item), quantityProblem('quantity', request.quantity)].filter(
    (p): p is string => p !== null,
  );
}

/**
 * Joint work a user starts (a project, an incident): its title, optional description and the steps planned
 * so far. The API refuses such work with a 400 before starting a workflow; the workflow, given it anyway
 * (another caller, an older API), fails at once without retrying rather than retry a step it can never do.
 */
export function plannedWorkProblems(work: {
  title?: unknown;
  description?: unknown;
  steps?: readonly StepTextAndTime[];
}): string[] {
  return [
    textFieldProblem('title', work.title),
    textFieldProblem('description', work.description, { optional: true }),
    ...(work.steps ?? []).flatMap((step, i) => stepProblems(step, `steps[${i}]`)),
  ].filter((p): p is string => p !== null);
}
