/**
 * Who owes situation reports (sitreps) in an emergency, and the ladder a missed sitrep climbs, as data.
 */
import { type Sla } from '../calendar';
import { type EscalationPolicy } from '../template';
import { deepFreeze } from './collections';
import { type Cluster } from './response-matrix';

/**
 * Per cluster: whether its OPDs owe a sitrep every period. A sitrep reports figures per desa (affected,
 * displaced, casualties, damaged houses, shelters, public facilities): the command, health, shelter and
 * logistics, infrastructure and the kecamatan offices count them. Security, transport, public information,
 * education and environment act on the response but count none of these figures: they acknowledge their
 * mobilisation and take assigned tasks, and owe no sitrep. Configurable data: a deployment may change it.
 */
export const SITREP_DUTY: Record<Cluster, boolean> = deepFreeze({
  KOMANDO: true,
  KESEHATAN: true,
  PENGUNGSIAN_LOGISTIK: true,
  SARANA_PRASARANA: true,
  KEAMANAN_KETERTIBAN: false,
  TRANSPORTASI: false,
  INFORMASI_PUBLIK: false,
  PENDIDIKAN: false,
  LINGKUNGAN: false,
  KECAMATAN: true,
});

/**
 * Whether an OPD mobilised in these clusters owes sitreps: when at least one of them has sitrep duty. An OPD
 * mobilised with no cluster (added by the command without naming one) owes them, as before clusters had a
 * duty; a cluster code this table does not know owes them too (better one report too many than none).
 */
export function owesSitreps(clusters: readonly string[]): boolean {
  if (clusters.length === 0) return true;
  return clusters.some((c) => (SITREP_DUTY as Record<string, boolean | undefined>)[c] !== false);
}

/**
 * The ladder of a missed sitrep, counted in sitrep periods. An OPD has one sitrep open at a time: a period
 * that starts while it is still open is covered by it (no second task), so the periods it misses are counted
 * on that one task. Its Kepala OPD is told when the first period is missed (level 1 at the deadline); the
 * Sekda only once `sekdaAfterMissedPeriods` periods have gone by without it (level 2); never the Bupati.
 */
export const SITREP_LADDER = deepFreeze({ sekdaAfterMissedPeriods: 3 });

/**
 * The escalation policy of a sitrep task for an incident with a sitrep every `sitrepEvery`: level 1 (Kepala
 * OPD) at the deadline, level 2 (Sekda) `SITREP_LADDER.sekdaAfterMissedPeriods − 1` periods later, which has
 * one more period to act; no level 3. Throws RangeError for a non-positive period.
 */
export function sitrepLadder(sitrepEvery: Sla): EscalationPolicy {
  if (!Number.isInteger(sitrepEvery.amount) || sitrepEvery.amount <= 0) {
    throw new RangeError('sitrepEvery must be a positive whole amount');
  }
  const waitForSekda = Math.max(1, SITREP_LADDER.sekdaAfterMissedPeriods - 1);
  return {
    levels: [
      {
        level: 1,
        timeout: { amount: sitrepEvery.amount * waitForSekda, unit: sitrepEvery.unit },
        repeats: 0,
      },
      { level: 2, timeout: { amount: sitrepEvery.amount, unit: sitrepEvery.unit }, repeats: 0 },
    ],
  };
}
