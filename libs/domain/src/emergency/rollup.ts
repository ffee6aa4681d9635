/** The sitrep roll-up desa → kecamatan → kabupaten. */
import { sortKeys } from './collections';
import { latestFigures, reconcile, type SitrepConflict } from './conflicts';
import { kecamatanOf, type SitrepFigure } from './figures';

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
 * Throws RangeError for an invalid desa code, reportedAt or value.
 */
export function rollUpSitreps(figures: readonly SitrepFigure[]): RollUp {
  const latest = latestFigures(figures);
  const rollUp: RollUp = { desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] };
  for (const desaCode of [...latest.keys()].sort()) {
    const byField = latest.get(desaCode)!;
    const kecamatanCode = kecamatanOf(desaCode);
    const desaFigures: Record<string, number> = {};
    const kecamatanFigures = (rollUp.kecamatan[kecamatanCode] ??= {});
    for (const field of [...byField.keys()].sort()) {
      const { value, conflict } = reconcile(desaCode, field, byField.get(field)!);
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
