import {
  INCIDENT_STATUSES,
  INCIDENT_STATUS_LABELS,
  type IncidentStatus,
  statusTransitionRefusal,
} from './status';

describe('statusTransitionRefusal', () => {
  const allowed: [IncidentStatus, IncidentStatus][] = [
    ['SIAGA_DARURAT', 'TANGGAP_DARURAT'],
    ['SIAGA_DARURAT', 'TRANSISI_DARURAT'],
    ['SIAGA_DARURAT', 'CLOSED'],
    ['TANGGAP_DARURAT', 'TRANSISI_DARURAT'],
    ['TANGGAP_DARURAT', 'CLOSED'],
    ['TRANSISI_DARURAT', 'CLOSED'],
    ['TRANSISI_DARURAT', 'TANGGAP_DARURAT'],
  ];
  const isAllowed = (from: IncidentStatus, to: IncidentStatus) =>
    allowed.some(([f, t]) => f === from && t === to);
  const pairs = INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    const refusal = statusTransitionRefusal(from, to);
    if (isAllowed(from, to)) expect(refusal).toBeNull();
    else expect(refusal).toEqual(expect.any(String));
  });

  it('explains the refusals', () => {
    expect(statusTransitionRefusal('TANGGAP_DARURAT', 'SIAGA_DARURAT')).toBe(
      'cannot go back from Tanggap darurat to Siaga darurat',
    );
    expect(statusTransitionRefusal('CLOSED', 'TANGGAP_DARURAT')).toMatch(/closed/);
    expect(statusTransitionRefusal('SIAGA_DARURAT', 'SIAGA_DARURAT')).toMatch(/already/);
    expect(statusTransitionRefusal('SIAGA_DARURAT', 'DIBATALKAN' as never)).toMatch(/unknown status/);
  });

  it('labels every status', () => {
    expect(INCIDENT_STATUS_LABELS).toEqual({
      SIAGA_DARURAT: 'Siaga darurat',
      TANGGAP_DARURAT: 'Tanggap darurat',
      TRANSISI_DARURAT: 'Transisi darurat ke pemulihan',
      CLOSED: 'Ditutup',
    });
  });
});
