import { parseAreas, parseFigure, periodicityOf, periodProblem } from './data-request';

describe('a new data request', () => {
  it('reads kecamatan and desa codes, once each, naming what is not a kode wilayah', () => {
    expect(parseAreas('35.13.08.2001, 35.13.08\n35.13.08.2001 Tiris 36.01.01')).toEqual({
      codes: ['35.13.08.2001', '35.13.08'],
      invalid: ['Tiris', '36.01.01'],
    });
    expect(parseAreas(' ')).toEqual({ codes: [], invalid: [] });
  });

  it('knows the periodicity of a period', () => {
    expect(['2026', '2026-S2', '2026-Q3', '2026-09', '2026-13', '26'].map(periodicityOf)).toEqual([
      'yearly',
      'semester',
      'quarterly',
      'monthly',
      null,
      null,
    ]);
  });

  it('names the indicators collected in another rhythm than the period', () => {
    const yearly = { code: 'RT_MISKIN', periodicity: 'yearly' as const };
    const monthly = { code: 'BALITA_STUNTING', periodicity: 'monthly' as const };
    expect(periodProblem('2026', [yearly])).toBeNull();
    expect(periodProblem('2026', [yearly, monthly])).toEqual({
      kind: 'periodicity',
      codes: ['BALITA_STUNTING'],
    });
    expect(periodProblem('tahun ini', [yearly])).toEqual({ kind: 'format' });
  });
});

describe('the agreed figure', () => {
  it('is a plain non-negative number', () => {
    expect(parseFigure(' 41 ')).toBe(41);
    expect(parseFigure('12.5')).toBe(12.5);
    expect([parseFigure(''), parseFigure('-1'), parseFigure('1.234,5'), parseFigure('4x')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
