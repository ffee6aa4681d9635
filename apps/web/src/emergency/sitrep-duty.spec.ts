import { owesSitrepsRow, saidNotReady, sitrepDutyText } from './sitrep-duty';

describe('owesSitrepsRow', () => {
  const row = (clusters: string[], submitted = 0, current: unknown[] = []) => ({
    clusters,
    sitreps: { submitted, current },
  });

  it('follows the clusters: DLH (lingkungan) owes none, DINKES (kesehatan) does', () => {
    expect(owesSitrepsRow(row(['LINGKUNGAN']))).toBe(false);
    expect(owesSitrepsRow(row(['KESEHATAN']))).toBe(true);
  });

  it('counts an OPD that was given sitreps anyway as owing them', () => {
    expect(owesSitrepsRow(row(['PENDIDIKAN'], 1))).toBe(true);
    expect(owesSitrepsRow(row(['PENDIDIKAN'], 0, [{}]))).toBe(true);
  });
});

describe('sitrepDutyText', () => {
  it('speaks Indonesian unless English is chosen', () => {
    expect(sitrepDutyText('id', 'noSitrepDuty')).toBe('Tidak wajib sitrep');
    expect(sitrepDutyText(undefined, 'noSitrepDuty')).toBe('Tidak wajib sitrep');
    expect(sitrepDutyText('en-GB', 'noSitrepDuty')).toBe('No sitreps owed');
  });
});

describe('saidNotReady', () => {
  it('is true only for an acknowledgement that said not ready', () => {
    expect(saidNotReady({ ready: false, followUps: 1 })).toBe(true);
    expect(saidNotReady({ ready: true })).toBe(false);
    expect(saidNotReady({ ready: null })).toBe(false);
    expect(saidNotReady(null)).toBe(false);
  });
});
