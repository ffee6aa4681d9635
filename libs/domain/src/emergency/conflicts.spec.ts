import { type SitrepFigure } from './figures';
import { latestFigures, reconcile } from './conflicts';

describe('latestFigures and reconcile', () => {
  const fig = (agencyCode: string, value: number, reportedAt: string): SitrepFigure => ({
    agencyCode,
    desaCode: '35.13.23.2001',
    field: 'mengungsi',
    value,
    reportedAt,
  });

  it('keeps each OPD’s latest figure; on an equal reportedAt the later one in the list', () => {
    const latest = latestFigures([
      fig('DINSOS', 80, '2025-01-20T08:00:00+07:00'),
      fig('DINSOS', 120, '2025-01-20T14:00:00+07:00'),
      fig('DINSOS', 95, '2025-01-20T02:00:00Z'),
      fig('BPBD', 100, '2025-01-20T09:00:00+07:00'),
      fig('BPBD', 101, '2025-01-20T09:00:00+07:00'),
    ]);
    const byAgency = latest.get('35.13.23.2001')?.get('mengungsi');
    expect(byAgency?.get('DINSOS')).toMatchObject({ value: 120, reportedAt: '2025-01-20T14:00:00+07:00' });
    expect(byAgency?.get('BPBD')?.value).toBe(101);
  });

  it('counts agreeing OPDs once and flags disagreeing ones with the highest figure', () => {
    const agreeing = latestFigures([
      fig('DINSOS', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', 96, '2025-01-20T09:00:00+07:00'),
    ]);
    expect(reconcile('35.13.23.2001', 'mengungsi', agreeing.get('35.13.23.2001')!.get('mengungsi')!)).toEqual(
      {
        value: 96,
        conflict: null,
      },
    );
    const disagreeing = latestFigures([
      fig('DINSOS', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', 110, '2025-01-20T09:00:00+07:00'),
    ]);
    expect(
      reconcile('35.13.23.2001', 'mengungsi', disagreeing.get('35.13.23.2001')!.get('mengungsi')!),
    ).toEqual({
      value: 110,
      conflict: {
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        reports: [
          { agencyCode: 'BPBD', value: 110, reportedAt: '2025-01-20T09:00:00+07:00' },
          { agencyCode: 'DINSOS', value: 96, reportedAt: '2025-01-20T08:00:00+07:00' },
        ],
      },
    });
  });

  it('refuses an invalid desa code, a non-finite value and an instant without offset', () => {
    expect(() =>
      latestFigures([{ ...fig('DINSOS', 1, '2025-01-20T08:00:00+07:00'), desaCode: '35.13.23' }]),
    ).toThrow(RangeError);
    expect(() =>
      latestFigures([fig('DINSOS', Number.POSITIVE_INFINITY, '2025-01-20T08:00:00+07:00')]),
    ).toThrow(RangeError);
    expect(() => latestFigures([fig('DINSOS', 1, '2025-01-20T08:00:00')])).toThrow(RangeError);
  });
});
