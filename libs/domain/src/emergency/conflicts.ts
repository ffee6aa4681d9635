/**
 * Conflict detection between OPDs reporting the same desa and field: only each OPD's latest figure counts,
 * agreeing OPDs count once, and disagreeing ones are flagged for the walidata / command to reconcile.
 */
import { byKey, getOrCreate } from './collections';
import { kecamatanOf, type SitrepFigure } from './figures';
import { parseInstant } from './instants';

/** A desa and field where the OPDs' latest figures disagree: every OPD's figure, sorted by agencyCode. */
export interface SitrepConflict {
  desaCode: string;
  field: string;
  reports: { agencyCode: string; value: number; reportedAt: string }[];
}

/** One OPD's latest figure for a desa and field; `at` is reportedAt in epoch ms. */
export interface LatestFigure {
  value: number;
  at: number;
  reportedAt: string;
}

/**
 * desa → field → agency → that OPD's latest figure (by reportedAt; on an equal reportedAt the one later in
 * `figures` wins, i.e. arrival order). Throws RangeError for an invalid desa code, value or reportedAt.
 */
export function latestFigures(
  figures: readonly SitrepFigure[],
): Map<string, Map<string, Map<string, LatestFigure>>> {
  const latest = new Map<string, Map<string, Map<string, LatestFigure>>>();
  for (const figure of figures) {
    kecamatanOf(figure.desaCode);
    if (typeof figure.value !== 'number' || !Number.isFinite(figure.value)) {
      throw new RangeError(`figure ${figure.field} for ${figure.desaCode} must be a finite number`);
    }
    const at = parseInstant(figure.reportedAt, 'reportedAt');
    const byField = getOrCreate(latest, figure.desaCode, () => new Map<string, Map<string, LatestFigure>>());
    const byAgency = getOrCreate(byField, figure.field, () => new Map<string, LatestFigure>());
    const previous = byAgency.get(figure.agencyCode);
    if (previous === undefined || at >= previous.at) {
      byAgency.set(figure.agencyCode, { value: figure.value, at, reportedAt: figure.reportedAt });
    }
  }
  return latest;
}

/**
 * The figure a desa and field counts with, from each OPD's latest figure (at least one): OPDs that report the
 * same figure count once (never summed: two OPDs counting the same displaced people are the same people).
 * When they disagree, the conflict lists every OPD's figure and the value is the HIGHEST of them: the
 * conservative figure for response planning (better one tent too many than a family without one) until the
 * conflict is resolved.
 */
export function reconcile(
  desaCode: string,
  field: string,
  byAgency: ReadonlyMap<string, LatestFigure>,
): { value: number; conflict: SitrepConflict | null } {
  const reports = [...byAgency].sort(byKey);
  const values = reports.map(([, r]) => r.value);
  const value = Math.max(...values);
  if (new Set(values).size <= 1) return { value, conflict: null };
  return {
    value,
    conflict: {
      desaCode,
      field,
      reports: reports.map(([agencyCode, r]) => ({ agencyCode, value: r.value, reportedAt: r.reportedAt })),
    },
  };
}
