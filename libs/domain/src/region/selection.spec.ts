import { AREAS, areaName, expandAreaSelection, kecamatanRefusal, villageRefusalWithin, villagesOf } from '.';

describe('names, kecamatan and village refusals from the reference list', () => {
  it('names an area by its code, null for a code outside the list', () => {
    expect(areaName('35.13')).toBe('Kabupaten Probolinggo');
    expect(areaName('35.13.07')).toBe('Tiris');
    expect(areaName('35.13.23.2008')).toBe('Tongas Wetan');
    expect(areaName('35.13.23.2999')).toBeNull();
  });

  it('accepts a kecamatan of the regency only', () => {
    expect(kecamatanRefusal('35.13.24')).toBeNull();
    expect(kecamatanRefusal('35.13.25')).toBe('35.13.25 is not a kecamatan of Kabupaten Probolinggo');
    expect(kecamatanRefusal('35.13.23.2008')).toBe(
      '35.13.23.2008 is not a kecamatan of Kabupaten Probolinggo',
    );
  });

  it('accepts a village within any of several kecamatan, naming them when it lies elsewhere', () => {
    expect(villageRefusalWithin('35.13.23.2008', [])).toBeNull();
    expect(villageRefusalWithin('35.13.23.2008', ['35.13.21', '35.13.23'])).toBeNull();
    expect(villageRefusalWithin('35.13.07.2001', ['35.13.23'])).toBe(
      '35.13.07.2001 (Andungbiru) does not lie in Kecamatan Tongas',
    );
    expect(villageRefusalWithin('35.13.07.2001', ['35.13.21', '35.13.23'])).toBe(
      '35.13.07.2001 (Andungbiru) does not lie in the kecamatan Sumberasih, Tongas',
    );
    expect(villageRefusalWithin('35.13.23.2999', ['35.13.21', '35.13.23'])).toBe(
      '35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
    );
  });
});

describe('expandAreaSelection (data requests)', () => {
  it('keeps a desa and adds its kecamatan', () => {
    expect(expandAreaSelection(['35.13.23.2008', '35.13.23.2005', '35.13.23.2008'])).toEqual({
      villages: ['35.13.23.2005', '35.13.23.2008'],
      kecamatan: ['35.13.23'],
      problems: [],
    });
  });

  it('expands a kecamatan to all its desa and kelurahan', () => {
    const tongas = villagesOf('35.13.23').map((v) => v.code);
    expect(expandAreaSelection(['35.13.23', '35.13.07.2001'])).toEqual({
      villages: [...tongas, '35.13.07.2001'].sort(),
      kecamatan: ['35.13.07', '35.13.23'],
      problems: [],
    });
  });

  it('expands the kabupaten to every kecamatan and village', () => {
    const selection = expandAreaSelection(['35.13']);
    expect(selection.kecamatan).toHaveLength(24);
    expect(selection.villages).toHaveLength(330);
    expect(selection.villages).toEqual(
      AREAS.filter((a) => a.level === 'DESA' || a.level === 'KELURAHAN')
        .map((a) => a.code)
        .sort(),
    );
  });

  it('names every code that is not an area of the regency', () => {
    expect(expandAreaSelection(['35.13.23.2999', '35.13.99', '35.74.01.2001']).problems).toEqual([
      '35.13.23.2999 is not an area of Kabupaten Probolinggo',
      '35.13.99 is not an area of Kabupaten Probolinggo',
      '35.74.01.2001 is not an area of Kabupaten Probolinggo',
    ]);
  });
});
