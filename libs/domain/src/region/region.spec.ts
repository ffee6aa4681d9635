import {
  AREAS,
  areaByCode,
  KECAMATAN_AREAS,
  searchAreas,
  villageRefusal,
  villagesOf,
  WILAYAH_DECREE,
} from '.';

describe('the regency’s areas (Kepmendagri 2025 kode wilayah)', () => {
  it('has the decree’s counts: 1 kabupaten, 24 kecamatan, 325 desa and 5 kelurahan', () => {
    const count = (level: string) => AREAS.filter((a) => a.level === level).length;
    expect(WILAYAH_DECREE).toBe('Kepmendagri No. 300.2.2-2138 Tahun 2025');
    expect([count('KABUPATEN'), count('KECAMATAN'), count('DESA'), count('KELURAHAN')]).toEqual([
      1, 24, 325, 5,
    ]);
    expect(new Set(AREAS.map((a) => a.code)).size).toBe(AREAS.length);
  });

  it('numbers the kecamatan in the Kemendagri order, not BPS’s', () => {
    expect(KECAMATAN_AREAS.map((k) => k.name)).toEqual([
      'Sukapura',
      'Sumber',
      'Kuripan',
      'Bantaran',
      'Leces',
      'Banyuanyar',
      'Tiris',
      'Krucil',
      'Gading',
      'Pakuniran',
      'Kotaanyar',
      'Paiton',
      'Besuk',
      'Kraksaan',
      'Krejengan',
      'Pajarakan',
      'Maron',
      'Gending',
      'Dringu',
      'Tegalsiwalan',
      'Sumberasih',
      'Wonomerto',
      'Tongas',
      'Lumbang',
    ]);
    expect(KECAMATAN_AREAS.map((k) => k.code)).toEqual(
      Array.from({ length: 24 }, (_, i) => `35.13.${String(i + 1).padStart(2, '0')}`),
    );
    expect(areaByCode('35.13.06')?.name).toBe('Banyuanyar');
    expect(areaByCode('35.13.08')?.name).toBe('Krucil');
    expect(areaByCode('35.13.20')?.name).toBe('Tegalsiwalan');
    expect(areaByCode('35.13.21')?.name).toBe('Sumberasih');
    expect(areaByCode('35.13.24')?.name).toBe('Lumbang');
  });

  it('knows villages by code, with their kecamatan', () => {
    expect(areaByCode('35.13.23.2008')).toEqual({
      code: '35.13.23.2008',
      name: 'Tongas Wetan',
      level: 'DESA',
      parentCode: '35.13.23',
    });
    expect(areaByCode('35.13.23.2005')?.name).toBe('Curahdringu');
    expect(areaByCode('35.13.02.2009')?.name).toBe("Remba'an");
    expect(areaByCode('35.13.14.1007')).toMatchObject({ name: 'Kraksaan Wetan', level: 'KELURAHAN' });
    expect(villagesOf('35.13.14').filter((v) => v.level === 'KELURAHAN')).toHaveLength(5);
    expect(villagesOf('35.13.99')).toEqual([]);
  });

  it('refuses a village outside the regency or outside the expected kecamatan, naming why', () => {
    expect(villageRefusal('35.13.23.2008')).toBeNull();
    expect(villageRefusal('35.13.23.2008', '35.13.23')).toBeNull();
    expect(villageRefusal('35.13.23.2008', '35.13.07')).toBe(
      '35.13.23.2008 (Tongas Wetan) does not lie in Kecamatan Tiris',
    );
    expect(villageRefusal('35.13.23.2999')).toBe(
      '35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
    );
    expect(villageRefusal('35.14.01.2001')).toMatch(/not a desa/);
    expect(villageRefusal('35.13.23')).toMatch(/not a desa/);
  });

  it('searches names without regard to case or spaces', () => {
    expect(searchAreas('tongas').map((a) => a.code)).toEqual(
      expect.arrayContaining(['35.13.23', '35.13.23.2008']),
    );
    expect(searchAreas('kraksaanwetan').map((a) => a.name)).toEqual(['Kraksaan Wetan']);
    expect(searchAreas('  ')).toEqual([]);
  });
});
