import { type SitrepFigure, figuresAsOf } from './figures';
import { parseInstant } from './instants';
import { rollUpSitreps } from './rollup';

describe('rollUpSitreps', () => {
  const fig = (
    agencyCode: string,
    desaCode: string,
    field: string,
    value: number,
    reportedAt: string,
  ): SitrepFigure => ({ agencyCode, desaCode, field, value, reportedAt });

  it('is empty for no figures', () => {
    expect(rollUpSitreps([])).toEqual({ desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] });
  });

  it('keeps the latest figure per OPD, desa and field; an older figure of the same OPD is replaced', () => {
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 120, '2025-01-20T14:00:00+07:00'),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 80, '2025-01-20T08:00:00+07:00'),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 95, '2025-01-20T02:00:00Z'), // 09:00 WIB
    ]);
    expect(rollUp.desa).toEqual({ '35.13.23.2001': { mengungsi: 120 } });
    expect(rollUp.conflicts).toEqual([]);
    expect(rollUp.kabupaten).toEqual({ mengungsi: 120 });
  });

  it('on an equal reportedAt the later figure in the list wins', () => {
    const at = '2025-01-20T08:00:00+07:00';
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'terdampak', 300, at),
      fig('DINSOS', '35.13.23.2001', 'terdampak', 310, at),
    ]);
    expect(rollUp.desa['35.13.23.2001']).toEqual({ terdampak: 310 });
  });

  it('counts two agreeing OPDs once, with no conflict', () => {
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T09:30:00+07:00'),
      fig('KEC-TONGAS', '35.13.23.2001', 'mengungsi', 70, '2025-01-20T07:00:00+07:00'),
      fig('KEC-TONGAS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T10:00:00+07:00'),
    ]);
    expect(rollUp.desa).toEqual({ '35.13.23.2001': { mengungsi: 96 } });
    expect(rollUp.kecamatan).toEqual({ '35.13.23': { mengungsi: 96 } });
    expect(rollUp.kabupaten).toEqual({ mengungsi: 96 });
    expect(rollUp.conflicts).toEqual([]);
  });

  it('flags disagreeing OPDs as a conflict listing both, uses the highest, never the sum', () => {
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 60, '2025-01-20T07:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T09:00:00+07:00'),
      fig('DINKES', '35.13.23.2001', 'lukaLuka', 3, '2025-01-20T09:00:00+07:00'),
    ]);
    expect(rollUp.desa).toEqual({ '35.13.23.2001': { lukaLuka: 3, mengungsi: 110 } });
    expect(rollUp.kabupaten).toEqual({ lukaLuka: 3, mengungsi: 110 });
    expect(rollUp.conflicts).toEqual([
      {
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        reports: [
          { agencyCode: 'BPBD', value: 110, reportedAt: '2025-01-20T09:00:00+07:00' },
          { agencyCode: 'DINSOS', value: 96, reportedAt: '2025-01-20T08:00:00+07:00' },
        ],
      },
    ]);
  });

  it('a later agreeing report clears an earlier conflict', () => {
    const figures = [
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T09:00:00+07:00'),
    ];
    expect(rollUpSitreps(figures).conflicts).toHaveLength(1);
    const reconciled = [
      ...figures,
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T11:00:00+07:00'),
    ];
    expect(rollUpSitreps(reconciled).conflicts).toEqual([]);
    expect(rollUpSitreps(reconciled).kabupaten).toEqual({ mengungsi: 110 });
  });

  it('sums desa into kecamatan and everything into kabupaten', () => {
    const at = '2025-01-20T08:00:00+07:00';
    const rollUp = rollUpSitreps([
      // Tongas (35.13.23): two desa
      fig('DINSOS', '35.13.23.2001', 'terdampak', 420, at),
      fig('DINSOS', '35.13.23.2002', 'terdampak', 185, at),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, at),
      // Wonomerto (35.13.21): one desa, reported by the kecamatan office
      fig('KEC-WONOMERTO', '35.13.21.2003', 'terdampak', 50, at),
      fig('KEC-WONOMERTO', '35.13.21.2003', 'rumahRusakBerat', 2, at),
      // a conflict in Tongas: counts once, with the higher figure
      fig('BPBD', '35.13.23.2002', 'terdampak', 200, at),
    ]);
    expect(rollUp.desa).toEqual({
      '35.13.21.2003': { rumahRusakBerat: 2, terdampak: 50 },
      '35.13.23.2001': { mengungsi: 96, terdampak: 420 },
      '35.13.23.2002': { terdampak: 200 },
    });
    expect(rollUp.kecamatan).toEqual({
      '35.13.21': { rumahRusakBerat: 2, terdampak: 50 },
      '35.13.23': { mengungsi: 96, terdampak: 620 },
    });
    expect(rollUp.kabupaten).toEqual({ mengungsi: 96, rumahRusakBerat: 2, terdampak: 670 });
    expect(Object.keys(rollUp.kecamatan)).toEqual(['35.13.21', '35.13.23']);
    expect(rollUp.conflicts.map((c) => [c.desaCode, c.field])).toEqual([['35.13.23.2002', 'terdampak']]);
  });

  it('is independent of the order of the figures', () => {
    const figures = [
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T09:00:00+07:00'),
      fig('DINSOS', '35.13.23.2002', 'mengungsi', 10, '2025-01-20T09:00:00+07:00'),
      fig('DINSOS', '35.13.23.2002', 'mengungsi', 12, '2025-01-20T10:00:00+07:00'),
    ];
    expect(JSON.stringify(rollUpSitreps([...figures].reverse()))).toBe(
      JSON.stringify(rollUpSitreps(figures)),
    );
  });

  it('figuresAsOf gives the picture at an earlier time', () => {
    const figures = [
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 40, '2025-01-20T06:00:00+07:00'),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T12:00:00+07:00'),
    ];
    expect(rollUpSitreps(figuresAsOf(figures, '2025-01-20T08:00:00+07:00')).kabupaten).toEqual({
      mengungsi: 40,
    });
    expect(rollUpSitreps(figuresAsOf(figures, '2025-01-20T12:00:00+07:00')).kabupaten).toEqual({
      mengungsi: 96,
    });
  });

  it('refuses invalid desa codes, instants without offset and non-finite values', () => {
    const at = '2025-01-20T08:00:00+07:00';
    expect(() => rollUpSitreps([fig('DINSOS', '35.13.23', 'mengungsi', 1, at)])).toThrow(RangeError);
    expect(() =>
      rollUpSitreps([fig('DINSOS', '35.13.23.2001', 'mengungsi', 1, '2025-01-20T08:00:00')]),
    ).toThrow(RangeError);
    expect(() => rollUpSitreps([fig('DINSOS', '35.13.23.2001', 'mengungsi', Number.NaN, at)])).toThrow(
      RangeError,
    );
    expect(parseInstant('2025-01-20T08:00+07:00')).toBe(Date.UTC(2025, 0, 20, 1, 0));
  });
});
