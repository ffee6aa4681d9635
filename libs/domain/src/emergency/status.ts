/** The incident status lifecycle: siaga → tanggap → transisi darurat → closed. */

export type IncidentStatus = 'SIAGA_DARURAT' | 'TANGGAP_DARURAT' | 'TRANSISI_DARURAT' | 'CLOSED';

/** In lifecycle order. */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = Object.freeze([
  'SIAGA_DARURAT',
  'TANGGAP_DARURAT',
  'TRANSISI_DARURAT',
  'CLOSED',
] as const);

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = Object.freeze({
  SIAGA_DARURAT: 'Siaga darurat',
  TANGGAP_DARURAT: 'Tanggap darurat',
  TRANSISI_DARURAT: 'Transisi darurat ke pemulihan',
  CLOSED: 'Ditutup',
});

export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Null when the status may change from `from` to `to`, else the reason. Forward along siaga → tanggap →
 * transisi → closed, skipping allowed (siaga → closed when the threat passes, tanggap → closed). Never
 * backwards, except transisi → tanggap (a new wave). A closed incident stays closed; a change to the same
 * status is refused.
 */
export function statusTransitionRefusal(from: IncidentStatus, to: IncidentStatus): string | null {
  if (!isIncidentStatus(from)) return `unknown status "${String(from)}"`;
  if (!isIncidentStatus(to)) return `unknown status "${String(to)}"`;
  if (from === to) return `the incident is already in status ${INCIDENT_STATUS_LABELS[to]}`;
  if (from === 'CLOSED') return 'the incident is closed and cannot be reopened; declare a new incident';
  if (from === 'TRANSISI_DARURAT' && to === 'TANGGAP_DARURAT') return null;
  if (INCIDENT_STATUSES.indexOf(to) > INCIDENT_STATUSES.indexOf(from)) return null;
  return `cannot go back from ${INCIDENT_STATUS_LABELS[from]} to ${INCIDENT_STATUS_LABELS[to]}`;
}
