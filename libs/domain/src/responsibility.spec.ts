import { KECAMATAN, OPD, kecamatanAgencyCode } from '../../../prisma/data/probolinggo';
import { RESPONSIBILITIES, RESPONSIBILITY_KEYS, resolveOwner } from './responsibility';

const KECAMATAN_AGENCY: Record<string, string> = Object.fromEntries(
  KECAMATAN.map((k) => [k.code, kecamatanAgencyCode(k.name)]),
);

describe('RESPONSIBILITIES', () => {
  it('gives each entry a label and exactly one of agency / fromParameter', () => {
    for (const [key, entry] of Object.entries(RESPONSIBILITIES)) {
      expect([key, entry.label.trim().length > 0]).toEqual([key, true]);
      expect([key, (entry.agency === undefined) !== (entry.fromParameter === undefined)]).toEqual([
        key,
        true,
      ]);
    }
  });

  it('only names seeded OPDs', () => {
    const codes = new Set(OPD.map((o) => o.code));
    const unknown = Object.values(RESPONSIBILITIES)
      .map((e) => e.agency)
      .filter((a): a is string => a !== undefined && !codes.has(a));
    expect(unknown).toEqual([]);
  });

  it('maps the standing responsibilities of the seeded templates', () => {
    expect(RESPONSIBILITIES['kecamatan-lokasi']).toEqual({
      label: 'Kecamatan lokasi kegiatan',
      fromParameter: 'kecamatan',
    });
    expect(
      Object.fromEntries(
        ['anggaran', 'perencanaan', 'walidata', 'komando-bencana', 'informasi-publik'].map((k) => [
          k,
          RESPONSIBILITIES[k]?.agency,
        ]),
      ),
    ).toEqual({
      anggaran: 'BKD',
      perencanaan: 'BAPPEDA',
      walidata: 'BAPPEDA',
      'komando-bencana': 'BPBD',
      'informasi-publik': 'DISKOMINFO',
    });
  });

  it('is frozen and its keys are RESPONSIBILITY_KEYS', () => {
    expect(Object.isFrozen(RESPONSIBILITIES)).toBe(true);
    expect([...RESPONSIBILITY_KEYS]).toEqual(Object.keys(RESPONSIBILITIES));
    expect(RESPONSIBILITY_KEYS.has('anggaran')).toBe(true);
  });
});

describe('resolveOwner', () => {
  it('returns a direct agency as it is', () => {
    expect(resolveOwner({ agency: 'DINKES' }, {}, {})).toEqual({ agencyCode: 'DINKES' });
    expect(resolveOwner({ agency: 'KEC-TONGAS' }, {}, {})).toEqual({ agencyCode: 'KEC-TONGAS' });
  });

  it.each([
    ['anggaran', 'BKD'],
    ['perencanaan', 'BAPPEDA'],
    ['walidata', 'BAPPEDA'],
    ['komando-bencana', 'BPBD'],
    ['informasi-publik', 'DISKOMINFO'],
  ])('resolves responsibility %s to %s', (responsibility, agencyCode) => {
    expect(resolveOwner({ responsibility }, { kecamatan: '35.13.08' }, KECAMATAN_AGENCY)).toEqual({
      agencyCode,
    });
  });

  it.each([
    ['35.13.07', 'KEC-TIRIS'],
    ['35.13.23', 'KEC-TONGAS'],
    ['35.13.01', 'KEC-SUKAPURA'],
    [' 35.13.14 ', 'KEC-KRAKSAAN'],
  ])('resolves kecamatan-lokasi for kecamatan %p to %s', (kecamatan, agencyCode) => {
    expect(resolveOwner({ responsibility: 'kecamatan-lokasi' }, { kecamatan }, KECAMATAN_AGENCY)).toEqual({
      agencyCode,
    });
  });

  it('explains a missing kecamatan parameter', () => {
    const error = { error: 'responsibility "kecamatan-lokasi" needs the project parameter "kecamatan"' };
    expect(resolveOwner({ responsibility: 'kecamatan-lokasi' }, {}, KECAMATAN_AGENCY)).toEqual(error);
    expect(
      resolveOwner({ responsibility: 'kecamatan-lokasi' }, { kecamatan: ' ' }, KECAMATAN_AGENCY),
    ).toEqual(error);
  });

  it.each(['35.13.08.2001', 'Tiris', '3513'])('refuses %p as a kecamatan kode wilayah', (kecamatan) => {
    expect(resolveOwner({ responsibility: 'kecamatan-lokasi' }, { kecamatan }, KECAMATAN_AGENCY)).toEqual({
      error: `parameter "kecamatan" must be a kode wilayah kecamatan like 35.13.08, not "${kecamatan}"`,
    });
  });

  it('explains a kecamatan without a known office', () => {
    expect(
      resolveOwner({ responsibility: 'kecamatan-lokasi' }, { kecamatan: '35.13.99' }, KECAMATAN_AGENCY),
    ).toEqual({ error: 'no kecamatan office is known for kecamatan 35.13.99' });
  });

  it.each(['humas', 'constructor', 'toString', '__proto__'])(
    'refuses the unknown responsibility %p',
    (key) => {
      expect(resolveOwner({ responsibility: key }, {}, KECAMATAN_AGENCY)).toEqual({
        error: `unknown responsibility "${key}"`,
      });
    },
  );

  it('refuses malformed owners', () => {
    expect(resolveOwner({ agency: ' ' }, {}, {})).toEqual({ error: 'step owner has an empty agency code' });
    expect(resolveOwner({} as never, {}, {})).toEqual({
      error: 'step owner must name an agency or a responsibility',
    });
    expect(resolveOwner({ responsibility: 3 } as never, {}, {})).toEqual({
      error: 'step owner must name an agency or a responsibility',
    });
  });
});
