import { validateContribution, validateFormSchema } from '../form-schema';
import { sitrepFigures } from './figures';
import { ACKNOWLEDGEMENT_FORM, SITREP_FIELDS, SITREP_FORM } from './forms';

describe('forms', () => {
  it('ACKNOWLEDGEMENT_FORM is valid, needs siap and refuses negative personnel', () => {
    expect(validateFormSchema(ACKNOWLEDGEMENT_FORM, 'acknowledgement')).toEqual([]);
    expect(validateContribution(ACKNOWLEDGEMENT_FORM, { siap: true })).toEqual({
      ok: true,
      values: { siap: true },
    });
    expect(
      validateContribution(ACKNOWLEDGEMENT_FORM, {
        siap: true,
        personelDikerahkan: 25,
        posKomando: ' Balai Desa Tongas Kulon ',
        catatan: 'Perahu karet 2 unit menuju lokasi',
      }),
    ).toEqual({
      ok: true,
      values: {
        siap: true,
        personelDikerahkan: 25,
        posKomando: 'Balai Desa Tongas Kulon',
        catatan: 'Perahu karet 2 unit menuju lokasi',
      },
    });
    expect(validateContribution(ACKNOWLEDGEMENT_FORM, {})).toEqual({
      ok: false,
      errors: [{ field: 'siap', message: 'is required' }],
    });
    expect(validateContribution(ACKNOWLEDGEMENT_FORM, { siap: true, personelDikerahkan: -1 })).toEqual({
      ok: false,
      errors: [{ field: 'personelDikerahkan', message: 'must be at least 0' }],
    });
  });

  it('SITREP_FORM has every SITREP_FIELDS entry as an optional per-desa integer ≥ 0 plus narasi and kebutuhan', () => {
    expect(validateFormSchema(SITREP_FORM, 'sitrep')).toEqual([]);
    expect(SITREP_FIELDS.map((f) => [f.key, f.unit])).toEqual([
      ['terdampak', 'jiwa'],
      ['mengungsi', 'jiwa'],
      ['lukaLuka', 'jiwa'],
      ['meninggal', 'jiwa'],
      ['hilang', 'jiwa'],
      ['rumahRusakRingan', 'unit'],
      ['rumahRusakSedang', 'unit'],
      ['rumahRusakBerat', 'unit'],
      ['posPengungsian', 'lokasi'],
      ['fasilitasUmumRusak', 'unit'],
    ]);
    expect(SITREP_FORM.fields.map((f) => f.key)).toEqual([
      ...SITREP_FIELDS.map((f) => f.key),
      'narasi',
      'kebutuhan',
    ]);
    for (const f of SITREP_FIELDS) {
      expect(SITREP_FORM.fields.find((x) => x.key === f.key)).toEqual({
        key: f.key,
        label: f.label,
        type: 'integer',
        required: false,
        unit: f.unit,
        min: 0,
        perArea: 'desa',
        ...(f.indicator ? { indicator: f.indicator } : {}),
      });
    }
    // The one figure that matches a seeded indicator (unit jiwa, per desa) names it.
    expect(SITREP_FORM.fields.filter((f) => f.indicator).map((f) => [f.key, f.indicator])).toEqual([
      ['mengungsi', 'JUMLAH_PENGUNGSI'],
    ]);
    expect(SITREP_FORM.fields.find((f) => f.key === 'narasi')).toMatchObject({
      type: 'longtext',
      required: true,
    });
    expect(SITREP_FORM.fields.find((f) => f.key === 'kebutuhan')).toMatchObject({
      type: 'longtext',
      required: false,
    });
  });

  const REALISTIC_SITREP = {
    terdampak: { '35.13.23.2001': 420, '35.13.23.2002': 185 },
    mengungsi: { '35.13.23.2001': 96 },
    lukaLuka: { '35.13.23.2001': 3 },
    meninggal: { '35.13.23.2001': 0 },
    rumahRusakRingan: { '35.13.23.2001': 12, '35.13.23.2002': 4 },
    rumahRusakBerat: { '35.13.23.2002': 1 },
    posPengungsian: { '35.13.23.2001': 2 },
    narasi: 'Banjir luapan Sungai Kedunggaleng setinggi 60–80 cm sejak pukul 02.00 WIB. Air mulai surut.',
    kebutuhan: 'Air bersih 2 tangki per hari, selimut 150 lembar, makanan siap saji.',
  };

  it('accepts a realistic sitrep for Tongas', () => {
    const result = validateContribution(SITREP_FORM, REALISTIC_SITREP);
    expect(result).toEqual({ ok: true, values: REALISTIC_SITREP });
  });

  it('refuses negative numbers, fractions, a missing narasi and kecamatan codes in a per-desa field', () => {
    const result = validateContribution(SITREP_FORM, {
      mengungsi: { '35.13.23.2001': -5 },
      lukaLuka: { '35.13.23.2001': 1.5 },
      terdampak: { '35.13.23': 10 },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'terdampak.35.13.23', message: 'is not a kode wilayah desa (e.g. 35.13.08.2001)' },
        { field: 'mengungsi.35.13.23.2001', message: 'must be at least 0' },
        { field: 'lukaLuka.35.13.23.2001', message: 'must be a whole number' },
        { field: 'narasi', message: 'is required' },
      ],
    });
  });

  it('sitrepFigures turns validated sitrep values into figures', () => {
    const at = '2025-01-20T08:00:00+07:00';
    const figures = sitrepFigures('DINSOS', REALISTIC_SITREP, at);
    expect(figures).toHaveLength(9);
    expect(figures.slice(0, 3)).toEqual([
      { agencyCode: 'DINSOS', desaCode: '35.13.23.2001', field: 'terdampak', value: 420, reportedAt: at },
      { agencyCode: 'DINSOS', desaCode: '35.13.23.2002', field: 'terdampak', value: 185, reportedAt: at },
      { agencyCode: 'DINSOS', desaCode: '35.13.23.2001', field: 'mengungsi', value: 96, reportedAt: at },
    ]);
    expect(figures.some((f) => f.field === 'narasi' || f.field === 'kebutuhan')).toBe(false);
    expect(() => sitrepFigures('DINSOS', REALISTIC_SITREP, '2025-01-20 08:00')).toThrow(RangeError);
  });
});
