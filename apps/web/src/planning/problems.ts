/**
 * The planning API's 400 answers ("field: problem" lines, the rules of libs/domain/src/planning) placed next to
 * their fields and said in the user's language where the app knows the rule; a line it does not know keeps the
 * API's words. Pure.
 */
import { ApiError } from '../api/client';

export type PlanningProblemCode =
  | 'required'
  | 'minLength'
  | 'maxLength'
  | 'notVillage'
  | 'villageOutside'
  | 'oneOf'
  | 'priorityRange'
  | 'wholeNumber'
  | 'yearRange'
  | 'dateFormat'
  | 'outsideYear'
  | 'endBeforeStart'
  | 'beforePrevious'
  | 'passed'
  | 'notFuture'
  | 'other';

export interface PlanningProblem {
  /** The field named ('desa', 'stages.MUSRENBANG_DESA.start'), '' for the whole submission. */
  field: string;
  code: PlanningProblemCode;
  params: Record<string, string>;
  /** The API's words. */
  text: string;
}

const PATTERNS: readonly [RegExp, PlanningProblemCode, readonly string[]][] = [
  [/^is required\b/, 'required', []],
  [/^must be at least (\d+) characters$/, 'minLength', ['min']],
  [/^must be at most (\d+) characters$/, 'maxLength', ['max']],
  [/^(\S+) is not a desa or kelurahan of Kabupaten Probolinggo$/, 'notVillage', ['code']],
  [
    /^(\S+) \((.+)\) does not lie in (?:Kecamatan |the kecamatan )?(.+)$/,
    'villageOutside',
    ['code', 'name', 'kecamatan'],
  ],
  [/^(\S+) is not a desa of kecamatan (\S+)$/, 'villageOutside', ['code', 'name', 'kecamatan']],
  [/^must be one of:? (.+)$/, 'oneOf', ['options']],
  [/^must be a whole number from (\d+) to (\d+)$/, 'priorityRange', ['min', 'max']],
  [/^must be a whole number$/, 'wholeNumber', []],
  [/^must be between (\d+) and (\d+)$/, 'yearRange', ['min', 'max']],
  [/^must be an ISO-8601 instant\b/, 'dateFormat', []],
  [/^must lie in (\d{4}), the year the RKPD (\d{4}) is drawn up/, 'outsideYear', ['year', 'rkpd']],
  [/^must be after its start$/, 'endBeforeStart', []],
  [/^must not be before the end of ([A-Z_]+)$/, 'beforePrevious', ['stage']],
  [/^has passed already and cannot change$/, 'passed', []],
  [/^a changed date must lie in the future$/, 'notFuture', []],
];

/** "desa: 35.13.08.2001 is not …" → the field and the rule, with its parameters. */
export function parsePlanningProblem(line: string): PlanningProblem {
  const trimmed = line.trim();
  const at = trimmed.indexOf(': ');
  const path = at === -1 ? '' : trimmed.slice(0, at);
  const named = /^[A-Za-z][\w.[\]]*$/.test(path);
  const field = named ? path : '';
  const text = named ? trimmed.slice(at + 2) : trimmed;
  for (const [pattern, code, names] of PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
      return { field, code, params, text };
    }
  }
  return { field, code: 'other', params: {}, text };
}

/** The lines of a 400 answer's message; nothing for any other error. */
export function badRequestLines(error: unknown): string[] {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return [];
  const body = error.body as { message?: unknown } | null;
  const message = body?.message;
  const lines = Array.isArray(message) ? message : [message];
  return lines.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
}

/**
 * A 400's problems by the fields of a form (`fields`: their paths); the rest, for above the form. A problem of
 * `stages.X` without an edge belongs to both of that stage's dates' fields, so it is kept by its own path.
 */
export function problemsByField(
  error: unknown,
  fields: readonly string[],
): { byField: Record<string, PlanningProblem[]>; other: PlanningProblem[] } {
  const byField: Record<string, PlanningProblem[]> = {};
  const other: PlanningProblem[] = [];
  for (const line of badRequestLines(error)) {
    const problem = parsePlanningProblem(line);
    if (fields.includes(problem.field)) (byField[problem.field] ??= []).push(problem);
    else other.push(problem);
  }
  return { byField, other };
}
