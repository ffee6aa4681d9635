import { CLUSTERS, mobilisationFor, owesSitreps, SITREP_DUTY, sitrepLadder } from '@gotong/domain/emergency';

describe('sitrep duty per cluster', () => {
  it('names every cluster', () => {
    expect(Object.keys(SITREP_DUTY).sort()).toEqual([...CLUSTERS].sort());
  });

  it('leaves DLH and DISPENDIK of a flood without sitreps, the OPDs that count figures with them', () => {
    const flood = mobilisationFor('banjir', ['KEC-TONGAS']);
    const owing = flood.filter((m) => owesSitreps(m.clusters)).map((m) => m.agencyCode);
    expect(owing).toEqual(['BPBD', 'DINKES', 'DINSOS', 'DP3AP2KB', 'DPUPR', 'KEC-TONGAS']);
    expect(flood.filter((m) => !owesSitreps(m.clusters)).map((m) => m.agencyCode)).toEqual([
      'SATPOLPP',
      'DISHUB',
      'DISKOMINFO',
      'DISPENDIK',
      'DLH',
    ]);
  });

  it('owes sitreps when any cluster has the duty, with no cluster, or with an unknown one', () => {
    expect(owesSitreps(['LINGKUNGAN', 'KESEHATAN'])).toBe(true);
    expect(owesSitreps(['LINGKUNGAN', 'PENDIDIKAN'])).toBe(false);
    expect(owesSitreps([])).toBe(true);
    expect(owesSitreps(['PEMULIHAN'])).toBe(true);
  });
});

describe('sitrepLadder', () => {
  it('tells the Kepala OPD at the first missed period and the Sekda only after the third; never the Bupati', () => {
    expect(sitrepLadder({ amount: 6, unit: 'hours' })).toEqual({
      levels: [
        { level: 1, timeout: { amount: 12, unit: 'hours' }, repeats: 0 },
        { level: 2, timeout: { amount: 6, unit: 'hours' }, repeats: 0 },
      ],
    });
  });

  it('refuses a period that is not a positive whole amount', () => {
    expect(() => sitrepLadder({ amount: 0, unit: 'hours' })).toThrow(RangeError);
    expect(() => sitrepLadder({ amount: 1.5, unit: 'hours' })).toThrow(RangeError);
  });
});
