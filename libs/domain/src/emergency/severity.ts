/** Incident severities and, per severity, the acknowledgement / sitrep / escalation policy. */
import { type Sla } from '../calendar';
import { type EscalationPolicy } from '../template';
import { deepFreeze } from './collections';

export type Severity = 'RINGAN' | 'SEDANG' | 'BERAT';

export const SEVERITIES: readonly Severity[] = Object.freeze(['RINGAN', 'SEDANG', 'BERAT'] as const);

export const SEVERITY_LABELS: Record<Severity, string> = Object.freeze({
  RINGAN: 'Ringan',
  SEDANG: 'Sedang',
  BERAT: 'Berat',
});

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * Per severity: how soon a mobilised OPD must acknowledge, how often it submits a sitrep, and the escalation
 * ladder for a missed acknowledgement or sitrep (level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati; each
 * timeout is how long that level has to act). Calendar units: an emergency runs on a 24/7 calendar.
 * Configurable data: a deployment may replace it.
 */
export const SEVERITY_POLICY: Record<
  Severity,
  { acknowledgeWithin: Sla; sitrepEvery: Sla; escalation: EscalationPolicy }
> = deepFreeze({
  BERAT: {
    acknowledgeWithin: { amount: 15, unit: 'minutes' },
    sitrepEvery: { amount: 6, unit: 'hours' },
    escalation: {
      levels: [
        { level: 1, timeout: { amount: 10, unit: 'minutes' }, repeats: 0 },
        { level: 2, timeout: { amount: 20, unit: 'minutes' }, repeats: 0 },
        { level: 3, timeout: { amount: 30, unit: 'minutes' }, repeats: 0 },
      ],
    },
  },
  SEDANG: {
    acknowledgeWithin: { amount: 30, unit: 'minutes' },
    sitrepEvery: { amount: 12, unit: 'hours' },
    escalation: {
      levels: [
        { level: 1, timeout: { amount: 20, unit: 'minutes' }, repeats: 0 },
        { level: 2, timeout: { amount: 40, unit: 'minutes' }, repeats: 0 },
        { level: 3, timeout: { amount: 60, unit: 'minutes' }, repeats: 0 },
      ],
    },
  },
  RINGAN: {
    acknowledgeWithin: { amount: 60, unit: 'minutes' },
    sitrepEvery: { amount: 24, unit: 'hours' },
    escalation: {
      levels: [
        { level: 1, timeout: { amount: 30, unit: 'minutes' }, repeats: 0 },
        { level: 2, timeout: { amount: 60, unit: 'minutes' }, repeats: 0 },
        { level: 3, timeout: { amount: 120, unit: 'minutes' }, repeats: 0 },
      ],
    },
  },
});
