import {
  resolutionProblems,
  resolvedValue,
  rollUpSitreps,
  type SitrepFigure,
  type SitrepResolution,
} from '@gotong/domain/emergency';

const DESA = '35.13.23.2001';
const figure = (agencyCode: string, value: number, reportedAt: string): SitrepFigure => ({
  agencyCode,
  desaCode: DESA,
  field: 'mengungsi',
  value,
  reportedAt,
});
const FIGURES = [
  figure('DINKES', 120, '2026-12-07T01:00:00Z'),
  figure('DINSOS', 180, '2026-12-07T01:10:00Z'),
];
const resolution = (
  value: number,
  resolvedAt: string,
  agencyCode: string | null = null,
): SitrepResolution => ({
  desaCode: DESA,
  field: 'mengungsi',
  value,
  agencyCode,
  note: 'Dicek di posko',
  resolvedAt,
});

describe('rollUpSitreps with resolutions', () => {
  it('counts the command’s figure and no longer flags the conflict', () => {
    const before = rollUpSitreps(FIGURES);
    expect(before.desa[DESA]).toEqual({ mengungsi: 180 });
    expect(before.conflicts).toHaveLength(1);
    const after = rollUpSitreps(FIGURES, [resolution(150, '2026-12-07T02:00:00Z')]);
    expect(after.desa[DESA]).toEqual({ mengungsi: 150 });
    expect(after.kabupaten).toEqual({ mengungsi: 150 });
    expect(after.conflicts).toEqual([]);
  });

  it('uses the latest resolution, and lets a newer report reopen the cell', () => {
    const resolutions = [
      resolution(150, '2026-12-07T02:00:00Z'),
      resolution(120, '2026-12-07T03:00:00Z', 'DINKES'),
    ];
    expect(rollUpSitreps(FIGURES, resolutions).desa[DESA]).toEqual({ mengungsi: 120 });
    const reported = [...FIGURES, figure('DINSOS', 200, '2026-12-07T04:00:00Z')];
    const reopened = rollUpSitreps(reported, resolutions);
    expect(reopened.desa[DESA]).toEqual({ mengungsi: 200 });
    expect(reopened.conflicts).toHaveLength(1);
  });
});

describe('resolutionProblems', () => {
  it('accepts a pick, or a verified whole figure with a note', () => {
    expect(resolutionProblems({ desaCode: DESA, field: 'mengungsi', agencyCode: 'DINSOS' })).toEqual([]);
    expect(
      resolutionProblems({ desaCode: DESA, field: 'mengungsi', value: 150, note: 'Verifikasi lapangan' }),
    ).toEqual([]);
  });

  it('names every problem', () => {
    expect(resolutionProblems({ desaCode: 'Tongas', field: 'pengungsi' })).toEqual([
      'desaCode: must be a kode wilayah desa such as 35.13.23.2001',
      expect.stringMatching(/^field: must be one of terdampak, mengungsi/),
      'agencyCode or value: give exactly one (an OPD whose figure counts, or a verified figure)',
    ]);
    expect(resolutionProblems({ desaCode: DESA, field: 'mengungsi', value: -1.5, note: ' ' })).toEqual([
      'value: must be a whole number, 0 or more',
      'note: a verified figure needs a note',
    ]);
  });
});

describe('resolvedValue', () => {
  const conflicts = rollUpSitreps(FIGURES).conflicts;
  it('takes the picked OPD’s figure or the entered one', () => {
    expect(resolvedValue({ desaCode: DESA, field: 'mengungsi', agencyCode: 'DINKES' }, conflicts)).toEqual({
      ok: true,
      value: 120,
    });
    expect(resolvedValue({ desaCode: DESA, field: 'mengungsi', value: 150 }, conflicts)).toEqual({
      ok: true,
      value: 150,
    });
  });
  it('refuses a cell not in conflict and an OPD that did not report it', () => {
    expect(resolvedValue({ desaCode: DESA, field: 'terdampak', value: 1 }, conflicts)).toEqual({
      ok: false,
      refusal: `no open conflict on terdampak in ${DESA}`,
    });
    expect(resolvedValue({ desaCode: DESA, field: 'mengungsi', agencyCode: 'DPUPR' }, conflicts)).toEqual({
      ok: false,
      refusal: 'DPUPR did not report this figure',
    });
  });
});
