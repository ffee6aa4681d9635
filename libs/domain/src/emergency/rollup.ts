/** The sitrep roll-up desa → kecamatan → kabupaten. */
import { sortKeys } from './collections';
import { latestFigures, reconcile, type SitrepConflict } from './conflicts';
import { kecamatanOf, type SitrepFigure } from './figures';
import { parseInstant } from './instants';
import { type SitrepResolution } from './resolutions';

export interface RollUp {
  /** desa code → field → figure */
  desa: Record<string, Record<string, number>>;
  /** kecamatan code → field → sum over its desa */
  kecamatan: Record<string, Record<string, number>>;
  /** field → sum over everything */
  kabupaten: Record<string, number>;
  /** One entry per desa and field where the OPDs' latest figures disagree; reports sorted by agencyCode. */
  conflicts: SitrepConflict[];
}

/**
 * Rolls sitrep figures up desa → kecamatan → kabupaten.
 *
 * - Per OPD, desa and field only the latest figure counts (by reportedAt; on an equal reportedAt the one
 *   later in `figures` wins, i.e. arrival order).
 * - OPDs that report the same figure for a desa and field count once (never summed across OPDs: two OPDs
 *   counting the same displaced people are the same people).
 * - When their latest figures disagree the cell is flagged in `conflicts` (every OPD's figure, for the
 *   walidata / command to reconcile) and the roll-up takes the HIGHEST of them: the conservative figure for
 *   response planning (better one tent too many than a family without one) until the conflict is resolved.
 * - Kecamatan and kabupaten figures are sums of the desa figures. Keys are in code order.
 *
 * - A conflict the command resolved (`resolutions`, SitrepResolution) counts with the command's figure and is
 *   no longer flagged, until an OPD reports that cell again after the resolution (the latest resolution of a
 *   cell counts).
 *
 * Throws RangeError for an invalid desa code, reportedAt, resolvedAt or value.
 */
export function rollUpSitreps(
  figures: readonly SitrepFigure[],
  resolutions: readonly SitrepResolution[] = [],
): RollUp {
  const latest = latestFigures(figures);
  const resolved = new Map<string, { value: number; at: number }>();
  for (const r of resolutions) {
    const at = parseInstant(r.resolvedAt, 'resolvedAt');
    const key = `${r.desaCode}|${r.field}`;
    const previous = resolved.get(key);
    if (previous === undefined || at >= previous.at) resolved.set(key, { value: r.value, at });
  }
  const rollUp: RollUp = { desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] };
  for (const desaCode of [...latest.keys()].sort()) {
    const byField = latest.get(desaCode)!;
    const kecamatanCode = kecamatanOf(desaCode);
    const desaFigures: Record<string, number> = {};
    const kecamatanFigures = (rollUp.kecamatan[kecamatanCode] ??= {});
    for (const field of [...byField.keys()].sort()) {
      const reports = byField.get(field)!;
      const resolution = resolved.get(`${desaCode}|${field}`);
      const stillResolved =
        resolution !== undefined && [...reports.values()].every((r) => r.at <= resolution.at);
      const { value, conflict } = stillResolved
        ? { value: resolution.value, conflict: null }
        : reconcile(desaCode, field, reports);
      if (conflict) rollUp.conflicts.push(conflict);
      desaFigures[field] = value;
      kecamatanFigures[field] = (kecamatanFigures[field] ?? 0) + value;
      rollUp.kabupaten[field] = (rollUp.kabupaten[field] ?? 0) + value;
    }
    rollUp.desa[desaCode] = desaFigures;
  }
  rollUp.kecamatan = sortKeys(rollUp.kecamatan);
  rollUp.kabupaten = sortKeys(rollUp.kabupaten);
  for (const code of Object.keys(rollUp.kecamatan))
    rollUp.kecamatan[code] = sortKeys(rollUp.kecamatan[code]!);
  return rollUp;
}
