import {
  normalisedDetails,
  resourceRequestAuditDetail,
  resourceRequestDetailProblems,
} from '@gotong/domain/emergency';

describe('resource request details', () => {
  it('accepts none, or a destination, an instant with offset and a note', () => {
    expect(resourceRequestDetailProblems({})).toEqual([]);
    expect(
      resourceRequestDetailProblems({
        destination: 'Posko Balai Desa Tongas Wetan',
        neededBy: '2026-12-07T15:00:00+07:00',
        note: 'Untuk 150 pengungsi',
      }),
    ).toEqual([]);
  });

  it('names each problem', () => {
    expect(
      resourceRequestDetailProblems({ destination: 'x'.repeat(201), neededBy: '2026-12-07T15:00', note: 4 }),
    ).toEqual([
      'destination: at most 200 characters',
      'note: must be text',
      'neededBy: must be an instant with its offset, e.g. 2026-12-07T15:00:00+07:00',
    ]);
  });

  it('stores trimmed text and the instant in UTC', () => {
    expect(
      normalisedDetails({ destination: '  Posko  ', neededBy: '2026-12-07T15:00:00+07:00', note: ' ' }),
    ).toEqual({
      destination: 'Posko',
      neededBy: '2026-12-07T08:00:00.000Z',
      note: null,
    });
  });

  it('gives the audit detail the notifications need', () => {
    expect(
      resourceRequestAuditDetail({
        status: 'SENT',
        fromAgencyId: 'dinsos',
        toAgencyId: 'bpbd',
        item: 'Tenda',
        unit: 'unit',
        quantity: 10,
        quantityCommitted: 10,
        quantitySent: 6,
        reason: null,
      }),
    ).toEqual({
      status: 'SENT',
      requestingAgencyId: 'dinsos',
      providingAgencyId: 'bpbd',
      item: 'Tenda',
      unit: 'unit',
      quantity: 10,
      quantities: { requested: 10, committed: 10, sent: 6, received: null },
      reason: null,
      destination: null,
      neededBy: null,
    });
  });
});
