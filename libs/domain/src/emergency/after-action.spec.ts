import { type AfterActionInput, afterActionSummary } from './after-action';

describe('afterActionSummary', () => {
  const input: AfterActionInput = {
    declaredAt: '2025-01-20T02:00:00+07:00',
    closedAt: '2025-01-22T14:30:45+07:00',
    opd: [
      {
        agencyCode: 'BPBD',
        mobilisedAt: '2025-01-20T02:00:00+07:00',
        acknowledgedAt: '2025-01-20T02:03:30+07:00',
        sitreps: [
          { dueAt: '2025-01-20T08:00:00+07:00', submittedAt: '2025-01-20T07:45:10+07:00' },
          { dueAt: '2025-01-20T14:00:00+07:00', submittedAt: '2025-01-20T13:50:00+07:00' },
        ],
        escalations: 0,
      },
      {
        agencyCode: 'DINSOS',
        mobilisedAt: '2025-01-20T02:00:30+07:00',
        acknowledgedAt: '2025-01-20T02:15:29+07:00',
        sitreps: [
          { dueAt: '2025-01-20T08:00:30+07:00', submittedAt: null },
          // submitted late: still counts as submitted, and is the first one
          { dueAt: '2025-01-20T14:00:30+07:00', submittedAt: '2025-01-20T15:10:59+07:00' },
          { dueAt: '2025-01-20T20:00:30+07:00', submittedAt: null },
        ],
        escalations: 2,
      },
      {
        agencyCode: 'DISHUB',
        mobilisedAt: '2025-01-20T02:00:00+07:00',
        acknowledgedAt: null,
        sitreps: [
          { dueAt: '2025-01-20T08:00:00+07:00', submittedAt: null },
          // due after closing: not yet owed, so not missed
          { dueAt: '2025-01-22T20:00:00+07:00', submittedAt: null },
        ],
        escalations: 3,
      },
    ],
    requests: [
      {
        id: 'r1',
        fromAgency: 'DINSOS',
        toAgency: 'DPUPR',
        item: 'Mobil tangki air bersih',
        status: 'RECEIVED',
      },
      { id: 'r2', fromAgency: 'DINKES', toAgency: 'DISHUB', item: 'Ambulans tambahan', status: 'REFUSED' },
      { id: 'r3', fromAgency: 'BPBD', toAgency: 'DINSOS', item: 'Selimut 150 lembar', status: 'SENT' },
      { id: 'r4', fromAgency: 'KEC-TONGAS', toAgency: 'DLH', item: 'Truk sampah', status: 'CANCELLED' },
      { id: 'r5', fromAgency: 'DINSOS', toAgency: 'BPBD', item: 'Tenda keluarga', status: 'COMMITTED' },
      { id: 'r6', fromAgency: 'DINSOS', toAgency: 'DISPENDIK', item: 'Ruang kelas', status: 'REQUESTED' },
    ],
    figures: [
      {
        agencyCode: 'DINSOS',
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        value: 96,
        reportedAt: '2025-01-20T15:10:59+07:00',
      },
      {
        agencyCode: 'BPBD',
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        value: 110,
        reportedAt: '2025-01-20T13:50:00+07:00',
      },
    ],
  };

  it('computes whole seconds and minutes (floor), sitreps submitted and missed, escalations and totals', () => {
    const summary = afterActionSummary(input);
    // 2 days 12 h 30 min 45 s
    expect(summary.durationMinutes).toBe(2 * 1440 + 12 * 60 + 30);
    expect(summary.durationSeconds).toBe(((2 * 24 + 12) * 60 + 30) * 60 + 45);
    expect(summary.opd).toEqual([
      {
        agencyCode: 'BPBD',
        minutesToAcknowledge: 3,
        minutesToFirstSitrep: 5 * 60 + 45,
        secondsToAcknowledge: 3 * 60 + 30,
        secondsToFirstSitrep: (5 * 60 + 45) * 60 + 10,
        sitrepsSubmitted: 2,
        sitrepsMissed: 0,
        escalations: 0,
      },
      {
        agencyCode: 'DINSOS',
        minutesToAcknowledge: 14, // 14 min 59 s
        minutesToFirstSitrep: 13 * 60 + 10, // 13 h 10 min 29 s
        secondsToAcknowledge: 14 * 60 + 59,
        secondsToFirstSitrep: (13 * 60 + 10) * 60 + 29,
        sitrepsSubmitted: 1,
        sitrepsMissed: 2,
        escalations: 2,
      },
      {
        agencyCode: 'DISHUB',
        minutesToAcknowledge: null,
        minutesToFirstSitrep: null,
        secondsToAcknowledge: null,
        secondsToFirstSitrep: null,
        sitrepsSubmitted: 0,
        sitrepsMissed: 1,
        escalations: 3,
      },
    ]);
    expect(summary.totals).toEqual({
      opdMobilised: 3,
      opdAcknowledged: 2,
      sitrepsSubmitted: 3,
      sitrepsMissed: 3,
      escalations: 5,
      requests: 6,
      unmetRequests: 4,
    });
  });

  it('lists unmet requests: open ones and REFUSED; RECEIVED and CANCELLED are not unmet', () => {
    expect(afterActionSummary(input).unmetRequests.map((r) => [r.id, r.status])).toEqual([
      ['r2', 'REFUSED'],
      ['r3', 'SENT'],
      ['r5', 'COMMITTED'],
      ['r6', 'REQUESTED'],
    ]);
  });

  it('includes the final roll-up with its conflicts', () => {
    const { finalFigures } = afterActionSummary(input);
    expect(finalFigures.kabupaten).toEqual({ mengungsi: 110 });
    expect(finalFigures.conflicts).toHaveLength(1);
  });

  it('counts an acknowledgement stamped before mobilisation (clock skew) as 0 minutes', () => {
    const summary = afterActionSummary({
      ...input,
      opd: [{ ...input.opd[0]!, acknowledgedAt: '2025-01-20T01:59:50+07:00' }],
    });
    expect(summary.opd[0]!.minutesToAcknowledge).toBe(0);
  });

  it('refuses a closing before the declaration and unparseable instants', () => {
    expect(() => afterActionSummary({ ...input, closedAt: '2025-01-20T01:00:00+07:00' })).toThrow(RangeError);
    expect(() => afterActionSummary({ ...input, declaredAt: 'kemarin' })).toThrow(RangeError);
  });

  it('lists the incident events as its timeline, in order, with their reasons', () => {
    const summary = afterActionSummary({
      ...input,
      events: [
        {
          action: 'OPD_RELEASED',
          at: '2025-01-21T09:00:00+07:00',
          agencyCode: 'BPBD',
          actorUserId: 'u1',
          taskId: null,
          detail: { reason: 'Tidak ada dampak lingkungan' },
        },
        {
          action: 'INCIDENT_DECLARED',
          at: '2025-01-20T02:00:00+07:00',
          agencyCode: 'BPBD',
          actorUserId: 'u1',
          taskId: null,
          detail: {},
        },
      ],
    });
    expect(summary.timeline.map((e) => [e.action, e.reason])).toEqual([
      ['INCIDENT_DECLARED', null],
      ['OPD_RELEASED', 'Tidak ada dampak lingkungan'],
    ]);
    expect(afterActionSummary(input).timeline).toEqual([]);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(input);
    afterActionSummary(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
