import { villagesOf } from '.';
import { areaTotals } from './totals';

describe('kecamatan and kabupaten totals of figures per area', () => {
  const TONGAS = '35.13.23';
  const TIRIS = '35.13.07';

  it('adds desa figures up to their kecamatan and to the kabupaten, saying how many desa they cover', () => {
    expect(
      areaTotals([
        { areaCode: '35.13.23.2008', value: 40 },
        { areaCode: '35.13.23.2005', value: 7 },
        { areaCode: '35.13.07.2001', value: 12 },
      ]),
    ).toEqual([
      {
        level: 'KECAMATAN',
        areaCode: TIRIS,
        value: 12,
        areasCounted: 1,
        areasTotal: villagesOf(TIRIS).length,
      },
      {
        level: 'KECAMATAN',
        areaCode: TONGAS,
        value: 47,
        areasCounted: 2,
        areasTotal: villagesOf(TONGAS).length,
      },
      { level: 'KABUPATEN', areaCode: '35.13', value: 59, areasCounted: 3, areasTotal: 330 },
    ]);
  });

  it('adds kecamatan figures up to the kabupaten when there are no desa figures', () => {
    expect(
      areaTotals([
        { areaCode: TONGAS, value: 1.25 },
        { areaCode: TIRIS, value: 2.5 },
      ]),
    ).toEqual([{ level: 'KABUPATEN', areaCode: '35.13', value: 3.75, areasCounted: 2, areasTotal: 24 }]);
  });

  it('counts nothing twice and leaves out codes outside the reference list', () => {
    expect(
      areaTotals([
        { areaCode: '35.13.23.2008', value: 40 },
        { areaCode: TONGAS, value: 999 },
        { areaCode: '35.13', value: 999 },
        { areaCode: '35.13.23.2999', value: 5 },
      ]).map((t) => [t.areaCode, t.value, t.areasCounted]),
    ).toEqual([
      [TONGAS, 40, 1],
      ['35.13', 40, 1],
    ]);
    expect(areaTotals([{ areaCode: '35.13', value: 3 }])).toEqual([]);
    expect(areaTotals([])).toEqual([]);
  });
});
