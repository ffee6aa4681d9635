/**
 * The command resolves a sitrep conflict: it picks one OPD's figure, or enters a verified one with a note.
 * The rules the API and the incident workflow judge a resolution by, and how the roll-up applies it.
 */
import { KODE_DESA_PATTERN } from '../form-schema';
import { type SitrepConflict } from './conflicts';
import { CORRECTION_REASON_MAX, reasonProblem } from './corrections';
import { SITREP_FIELDS } from './forms';

/** The command's figure for one desa and field. */
export interface SitrepResolution {
  desaCode: string;
  field: string;
  value: number;
  /** The OPD whose figure was picked; null when the command entered a verified figure of its own. */
  agencyCode: string | null;
  note: string | null;
  /** ISO-8601 with offset. */
  resolvedAt: string;
}

/** What the command sends: an OPD to pick, or a verified value with a note. */
export interface ResolutionRequest {
  desaCode: unknown;
  field: unknown;
  agencyCode?: unknown;
  value?: unknown;
  note?: unknown;
}

/**
 * The shape of a resolution, whatever the figures are (the workflow judges this much): a desa code, a sitrep
 * field, and either an OPD to pick (`agencyCode`) or a whole non-negative `value` with a `note` (a picked
 * figure's note is optional). Every problem, each naming its field.
 */
export function resolutionProblems(request: ResolutionRequest): string[] {
  const problems: string[] = [];
  if (typeof request.desaCode !== 'string' || !KODE_DESA_PATTERN.test(request.desaCode))
    problems.push('desaCode: must be a kode wilayah desa such as 35.13.23.2001');
  if (typeof request.field !== 'string' || !SITREP_FIELDS.some((f) => f.key === request.field))
    problems.push(`field: must be one of ${SITREP_FIELDS.map((f) => f.key).join(', ')}`);
  const picks = request.agencyCode !== undefined && request.agencyCode !== null;
  const enters = request.value !== undefined && request.value !== null;
  if (picks === enters) {
    problems.push('agencyCode or value: give exactly one (an OPD whose figure counts, or a verified figure)');
  } else if (picks) {
    if (typeof request.agencyCode !== 'string' || request.agencyCode.trim() === '')
      problems.push('agencyCode: must be the code of an OPD in the conflict');
    if (request.note !== undefined && request.note !== null && request.note !== '') {
      if (typeof request.note !== 'string') problems.push('note: must be text');
      else if (request.note.trim().length > CORRECTION_REASON_MAX)
        problems.push(`note: at most ${CORRECTION_REASON_MAX} characters`);
    }
  } else {
    if (typeof request.value !== 'number' || !Number.isInteger(request.value) || request.value < 0)
      problems.push('value: must be a whole number, 0 or more');
    const note = reasonProblem('note', request.note);
    if (note) problems.push(note.replace('a reason is required', 'a verified figure needs a note'));
  }
  return problems;
}

/**
 * A resolution against the conflicts open now: the cell must be in conflict and a picked OPD one of those
 * that reported it. Returns the value that will count, or why not (a 409: nothing to resolve, or an OPD
 * that is not in the conflict).
 */
export function resolvedValue(
  request: { desaCode: string; field: string; agencyCode?: string | null; value?: number | null },
  conflicts: readonly SitrepConflict[],
): { ok: true; value: number } | { ok: false; refusal: string } {
  const conflict = conflicts.find((c) => c.desaCode === request.desaCode && c.field === request.field);
  if (!conflict) return { ok: false, refusal: `no open conflict on ${request.field} in ${request.desaCode}` };
  if (request.agencyCode !== undefined && request.agencyCode !== null) {
    const report = conflict.reports.find((r) => r.agencyCode === request.agencyCode);
    if (!report) return { ok: false, refusal: `${request.agencyCode} did not report this figure` };
    return { ok: true, value: report.value };
  }
  return { ok: true, value: request.value! };
}
