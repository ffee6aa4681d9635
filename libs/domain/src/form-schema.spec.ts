import { type FormSchema, validateContribution, validateFormSchema } from './form-schema';

const FORM: FormSchema = {
  fields: [
    {
      key: 'jumlahBalitaStunting',
      label: 'Jumlah balita stunting',
      type: 'integer',
      required: true,
      unit: 'anak',
      min: 0,
      perArea: 'desa',
    },
    {
      key: 'cakupanKecamatan',
      label: 'Cakupan pengukuran',
      type: 'number',
      required: false,
      unit: '%',
      min: 0,
      max: 100,
      perArea: 'kecamatan',
    },
    { key: 'jumlahPosyandu', label: 'Jumlah posyandu', type: 'integer', required: true, min: 1, max: 100 },
    { key: 'prevalensi', label: 'Prevalensi', type: 'number', required: false, unit: '%', min: 0, max: 100 },
    { key: 'namaPetugas', label: 'Nama petugas', type: 'text', required: true },
    { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
    { key: 'dataSesuai', label: 'Data sesuai', type: 'boolean', required: true },
    { key: 'tanggalPengukuran', label: 'Tanggal pengukuran', type: 'date', required: true },
    {
      key: 'sumberData',
      label: 'Sumber data',
      type: 'select',
      required: true,
      options: ['e-PPGBM', 'Bulan penimbangan'],
    },
  ],
};

const VALID = {
  jumlahBalitaStunting: { '35.13.08.2001': 12, '35.13.08.2002': 0 },
  jumlahPosyandu: 14,
  namaPetugas: 'Siti Aminah',
  dataSesuai: true,
  tanggalPengukuran: '2025-02-28',
  sumberData: 'e-PPGBM',
};

function errorsOf(values: unknown, form: FormSchema = FORM) {
  const result = validateContribution(form, values);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.values)}`);
  return result.errors;
}

function valuesOf(values: unknown, form: FormSchema = FORM) {
  const result = validateContribution(form, values);
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.values;
}

describe('validateFormSchema', () => {
  it('accepts a well-formed form', () => {
    expect(validateFormSchema(FORM, 'steps[0].form')).toEqual([]);
  });

  it('refuses something that is not a form', () => {
    expect(validateFormSchema(null, 'steps[0].form')).toEqual([
      'steps[0].form: must be an object with fields',
    ]);
    expect(validateFormSchema([], 'steps[0].form')).toEqual(['steps[0].form: must be an object with fields']);
    expect(validateFormSchema({ fields: 'x' }, 'steps[0].form')).toEqual([
      'steps[0].form.fields: must be an array',
    ]);
  });

  it('requires at least one field', () => {
    expect(validateFormSchema({ fields: [] }, 'steps[1].form')).toEqual([
      'steps[1].form: must have at least one field',
    ]);
  });

  it('checks keys: pattern and duplicates', () => {
    const form = {
      fields: [
        { key: 'jumlah', label: 'Jumlah', type: 'integer', required: true },
        { key: 'Jumlah', label: 'Jumlah', type: 'integer', required: true },
        { key: 'jumlah-anak', label: 'Jumlah', type: 'integer', required: true },
        { key: 'jumlah', label: 'Jumlah lagi', type: 'integer', required: true },
        { label: 'Tanpa kunci', type: 'text', required: false },
      ],
    };
    expect(validateFormSchema(form, 'f')).toEqual([
      'f.fields[1].key: must match /^[a-z][a-zA-Z0-9_]*$/',
      'f.fields[2].key: must match /^[a-z][a-zA-Z0-9_]*$/',
      'f.fields[3].key: duplicate field "jumlah"',
      'f.fields[4].key: must match /^[a-z][a-zA-Z0-9_]*$/',
    ]);
  });

  it('checks label, type, required, unit, help and unknown properties', () => {
    const form = {
      fields: [
        'jumlah',
        { key: 'a', label: ' ', type: 'integer', required: true },
        { key: 'b', label: 'B', type: 'float', required: true },
        { key: 'c', label: 'C', type: 'text', required: 'ya' },
        { key: 'd', label: 'D', type: 'text', required: false, unit: '', help: 3 },
        { key: 'e', label: 'E', type: 'text', required: false, placeholder: 'x' },
      ],
    };
    expect(validateFormSchema(form, 'f')).toEqual([
      'f.fields[0]: must be an object',
      'f.fields[1].label: is required',
      'f.fields[2].type: must be one of integer, number, text, longtext, boolean, date, select',
      'f.fields[3].required: must be true or false',
      'f.fields[4].unit: must be a non-empty string when given',
      'f.fields[4].help: must be a non-empty string when given',
      'f.fields[5]: unknown property "placeholder"',
    ]);
  });

  it('requires options for select and forbids them elsewhere', () => {
    const form = {
      fields: [
        { key: 'a', label: 'A', type: 'select', required: true },
        { key: 'b', label: 'B', type: 'select', required: true, options: [] },
        { key: 'c', label: 'C', type: 'select', required: true, options: ['Ringan', 'Ringan', '', ' Berat'] },
        { key: 'd', label: 'D', type: 'text', required: true, options: ['x'] },
      ],
    };
    expect(validateFormSchema(form, 'f')).toEqual([
      'f.fields[0].options: a select field needs at least one option',
      'f.fields[1].options: a select field needs at least one option',
      'f.fields[2].options[1]: duplicate option "Ringan"',
      'f.fields[2].options[2]: must be a non-empty string without surrounding spaces',
      'f.fields[2].options[3]: must be a non-empty string without surrounding spaces',
      'f.fields[3].options: only a select field has options',
    ]);
  });

  it('checks min and max', () => {
    const form = {
      fields: [
        { key: 'a', label: 'A', type: 'integer', required: true, min: 10, max: 5 },
        { key: 'b', label: 'B', type: 'number', required: true, min: 0.5, max: 0.5 },
        { key: 'c', label: 'C', type: 'text', required: true, max: 5 },
        { key: 'd', label: 'D', type: 'number', required: true, min: Number.NaN, max: '9' },
        { key: 'e', label: 'E', type: 'integer', required: true, min: 0.5 },
      ],
    };
    expect(validateFormSchema(form, 'f')).toEqual([
      'f.fields[0]: min (10) must not be greater than max (5)',
      'f.fields[2].max: only integer and number fields have max',
      'f.fields[3].min: must be a finite number',
      'f.fields[3].max: must be a finite number',
      'f.fields[4].min: must be a whole number for an integer field',
    ]);
  });

  it('checks perArea', () => {
    const form = {
      fields: [
        { key: 'a', label: 'A', type: 'integer', required: true, perArea: 'desa' },
        { key: 'b', label: 'B', type: 'integer', required: true, perArea: 'kecamatan' },
        { key: 'c', label: 'C', type: 'integer', required: true, perArea: 'kabupaten' },
      ],
    };
    expect(validateFormSchema(form, 'f')).toEqual(['f.fields[2].perArea: must be desa or kecamatan']);
  });
});

describe('validateContribution', () => {
  it('accepts a complete contribution and returns a normalised copy', () => {
    expect(
      valuesOf({
        ...VALID,
        cakupanKecamatan: { '35.13.08': 87.5 },
        prevalensi: 21.3,
        namaPetugas: '  Siti Aminah ',
        catatan: '\n Dua desa belum lapor. \n',
        tanggalPengukuran: ' 2025-02-28 ',
        sumberData: ' Bulan penimbangan ',
      }),
    ).toEqual({
      jumlahBalitaStunting: { '35.13.08.2001': 12, '35.13.08.2002': 0 },
      cakupanKecamatan: { '35.13.08': 87.5 },
      jumlahPosyandu: 14,
      prevalensi: 21.3,
      namaPetugas: 'Siti Aminah',
      catatan: 'Dua desa belum lapor.',
      dataSesuai: true,
      tanggalPengukuran: '2025-02-28',
      sumberData: 'Bulan penimbangan',
    });
  });

  it('omits optional fields left empty', () => {
    expect(valuesOf({ ...VALID, prevalensi: null, catatan: '   ', cakupanKecamatan: {} })).toEqual(VALID);
  });

  it('does not change the submitted object', () => {
    const submitted = { ...VALID, namaPetugas: ' Budi ' };
    valuesOf(submitted);
    expect(submitted.namaPetugas).toBe(' Budi ');
  });

  it.each([null, undefined, 'x', 3, [VALID]])('refuses %p as a whole', (values) => {
    expect(errorsOf(values)).toEqual([{ field: '', message: 'must be an object' }]);
  });

  it('refuses unknown keys', () => {
    expect(errorsOf({ ...VALID, jumlahBalita: 3, __proto__x: 1 })).toEqual([
      { field: 'jumlahBalita', message: 'is not a field of this form' },
      { field: '__proto__x', message: 'is not a field of this form' },
    ]);
  });

  it('reports every missing required field, in form order', () => {
    expect(errorsOf({})).toEqual([
      { field: 'jumlahBalitaStunting', message: 'is required' },
      { field: 'jumlahPosyandu', message: 'is required' },
      { field: 'namaPetugas', message: 'is required' },
      { field: 'dataSesuai', message: 'is required' },
      { field: 'tanggalPengukuran', message: 'is required' },
      { field: 'sumberData', message: 'is required' },
    ]);
  });

  it('treats null and blank text as missing', () => {
    expect(errorsOf({ ...VALID, jumlahPosyandu: null, namaPetugas: ' \t ', sumberData: '' })).toEqual([
      { field: 'jumlahPosyandu', message: 'is required' },
      { field: 'namaPetugas', message: 'is required' },
      { field: 'sumberData', message: 'is required' },
    ]);
  });

  it.each<[unknown, string]>([
    [2.5, 'must be a whole number'],
    ['14', 'must be a whole number'],
    [Number.NaN, 'must be a whole number'],
    [2 ** 53, 'must be a whole number'],
    [0, 'must be at least 1'],
    [101, 'must be at most 100'],
  ])('integer %p: %s', (value, message) => {
    expect(errorsOf({ ...VALID, jumlahPosyandu: value })).toEqual([{ field: 'jumlahPosyandu', message }]);
  });

  it.each<[unknown, string]>([
    [Number.POSITIVE_INFINITY, 'must be a number'],
    [Number.NaN, 'must be a number'],
    ['21,3', 'must be a number'],
    [-0.1, 'must be at least 0'],
    [100.01, 'must be at most 100'],
  ])('number %p: %s', (value, message) => {
    expect(errorsOf({ ...VALID, prevalensi: value })).toEqual([{ field: 'prevalensi', message }]);
  });

  it('accepts numbers at the bounds', () => {
    expect(valuesOf({ ...VALID, jumlahPosyandu: 100, prevalensi: 0 })).toMatchObject({
      jumlahPosyandu: 100,
      prevalensi: 0,
    });
  });

  it('limits text to 2000 and longtext to 20000 characters, after trimming', () => {
    expect(valuesOf({ ...VALID, namaPetugas: ` ${'a'.repeat(2000)} ` })['namaPetugas']).toBe(
      'a'.repeat(2000),
    );
    expect(valuesOf({ ...VALID, catatan: 'b'.repeat(20000) })['catatan']).toBe('b'.repeat(20000));
    expect(errorsOf({ ...VALID, namaPetugas: 'a'.repeat(2001), catatan: 'b'.repeat(20001) })).toEqual([
      { field: 'namaPetugas', message: 'must be at most 2000 characters' },
      { field: 'catatan', message: 'must be at most 20000 characters' },
    ]);
  });

  it('refuses non-string text', () => {
    expect(errorsOf({ ...VALID, namaPetugas: 42, catatan: ['x'] })).toEqual([
      { field: 'namaPetugas', message: 'must be text' },
      { field: 'catatan', message: 'must be text' },
    ]);
  });

  it.each(['true', 1, 'ya'])('refuses %p as a boolean', (value) => {
    expect(errorsOf({ ...VALID, dataSesuai: value })).toEqual([
      { field: 'dataSesuai', message: 'must be true or false' },
    ]);
  });

  it('accepts false as a present boolean', () => {
    expect(valuesOf({ ...VALID, dataSesuai: false })['dataSesuai']).toBe(false);
  });

  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '2025-01-01'])('accepts the real date %s', (date) => {
    expect(valuesOf({ ...VALID, tanggalPengukuran: date })['tanggalPengukuran']).toBe(date);
  });

  it.each<[unknown, string]>([
    ['2025-02-29', 'is not a real calendar date'],
    ['1900-02-29', 'is not a real calendar date'],
    ['2025-04-31', 'is not a real calendar date'],
    ['2025-13-01', 'is not a real calendar date'],
    ['2025-00-10', 'is not a real calendar date'],
    ['2025-01-00', 'is not a real calendar date'],
    ['2025-2-1', 'must be a date in the form YYYY-MM-DD'],
    ['28/02/2025', 'must be a date in the form YYYY-MM-DD'],
    ['2025-02-28T00:00:00Z', 'must be a date in the form YYYY-MM-DD'],
    [20250228, 'must be a date in the form YYYY-MM-DD'],
  ])('date %p: %s', (value, message) => {
    expect(errorsOf({ ...VALID, tanggalPengukuran: value })).toEqual([
      { field: 'tanggalPengukuran', message },
    ]);
  });

  it.each(['e-ppgbm', 'Lainnya', 1])('refuses %p outside the select options', (value) => {
    expect(errorsOf({ ...VALID, sumberData: value })).toEqual([
      { field: 'sumberData', message: 'must be one of: e-PPGBM, Bulan penimbangan' },
    ]);
  });

  describe('perArea fields', () => {
    it('needs at least one area entry when required', () => {
      expect(errorsOf({ ...VALID, jumlahBalitaStunting: {} })).toEqual([
        { field: 'jumlahBalitaStunting', message: 'is required: give a value for at least one desa' },
      ]);
    });

    it('needs an object of values per area', () => {
      expect(errorsOf({ ...VALID, jumlahBalitaStunting: 12, cakupanKecamatan: [80] })).toEqual([
        { field: 'jumlahBalitaStunting', message: 'must be an object with one value per desa' },
        { field: 'cakupanKecamatan', message: 'must be an object with one value per kecamatan' },
      ]);
    });

    it('checks each area code and each value, naming the area in the field', () => {
      expect(
        errorsOf({
          ...VALID,
          jumlahBalitaStunting: {
            '35.13.08.2001': 3,
            '35.13.08': 4,
            '35.13.8.2002': 5,
            '35.13.08.2003': 1.5,
            '35.13.08.2004': -1,
            '35.13.08.2005': null,
          },
          cakupanKecamatan: { '35.13.08.2001': 50, '35.13.09': 120 },
        }),
      ).toEqual([
        {
          field: 'jumlahBalitaStunting.35.13.08',
          message: 'is not a kode wilayah desa (e.g. 35.13.08.2001)',
        },
        {
          field: 'jumlahBalitaStunting.35.13.8.2002',
          message: 'is not a kode wilayah desa (e.g. 35.13.08.2001)',
        },
        { field: 'jumlahBalitaStunting.35.13.08.2003', message: 'must be a whole number' },
        { field: 'jumlahBalitaStunting.35.13.08.2004', message: 'must be at least 0' },
        { field: 'jumlahBalitaStunting.35.13.08.2005', message: 'is required' },
        {
          field: 'cakupanKecamatan.35.13.08.2001',
          message: 'is not a kode wilayah kecamatan (e.g. 35.13.08)',
        },
        { field: 'cakupanKecamatan.35.13.09', message: 'must be at most 100' },
      ]);
    });

    it('normalises text values per area', () => {
      const form: FormSchema = {
        fields: [
          {
            key: 'status',
            label: 'Status',
            type: 'select',
            required: true,
            options: ['Aman', 'Rawan'],
            perArea: 'desa',
          },
        ],
      };
      expect(valuesOf({ status: { '35.13.01.2001': ' Rawan', '35.13.01.2002': 'Aman' } }, form)).toEqual({
        status: { '35.13.01.2001': 'Rawan', '35.13.01.2002': 'Aman' },
      });
    });
  });

  it('returns all errors of a bad submission at once', () => {
    expect(
      errorsOf({
        jumlahBalitaStunting: { '35.13.08.2001': '7' },
        jumlahPosyandu: 0,
        prevalensi: 'tinggi',
        dataSesuai: 'ya',
        tanggalPengukuran: '2025-02-30',
        sumberData: 'SIGIZI',
        lampiran: 'foto.jpg',
      }),
    ).toEqual([
      { field: 'lampiran', message: 'is not a field of this form' },
      { field: 'jumlahBalitaStunting.35.13.08.2001', message: 'must be a whole number' },
      { field: 'jumlahPosyandu', message: 'must be at least 1' },
      { field: 'prevalensi', message: 'must be a number' },
      { field: 'namaPetugas', message: 'is required' },
      { field: 'dataSesuai', message: 'must be true or false' },
      { field: 'tanggalPengukuran', message: 'is not a real calendar date' },
      { field: 'sumberData', message: 'must be one of: e-PPGBM, Bulan penimbangan' },
    ]);
  });
});

describe('fields that list their areas or report an indicator', () => {
  const DESA = ['35.13.08.2001', '35.13.08.2002', '35.13.08.2003'];
  const form: FormSchema = {
    fields: [
      {
        key: 'rtMiskin',
        label: 'Rumah tangga miskin',
        type: 'integer',
        required: true,
        min: 0,
        perArea: 'desa',
        areas: DESA,
        indicator: 'RT_MISKIN',
      },
    ],
  };

  it('accepts a valid definition and refuses areas without perArea, bad codes and non-numeric indicators', () => {
    expect(validateFormSchema(form, 'form')).toEqual([]);
    expect(
      validateFormSchema(
        {
          fields: [
            { key: 'a', label: 'A', type: 'integer', required: true, areas: ['35.13.08'] },
            {
              key: 'b',
              label: 'B',
              type: 'integer',
              required: true,
              perArea: 'desa',
              areas: ['35.13.08', DESA[0], DESA[0]],
            },
            { key: 'c', label: 'C', type: 'text', required: true, indicator: 'RT_MISKIN' },
            { key: 'd', label: 'D', type: 'number', required: true, indicator: 'rt-miskin' },
          ],
        },
        'form',
      ),
    ).toEqual([
      'form.fields[0].areas: only a perArea field lists its areas',
      'form.fields[1].areas[0]: is not a kode wilayah desa',
      `form.fields[1].areas[2]: duplicate area "${DESA[0]}"`,
      'form.fields[2].indicator: only integer and number fields report an indicator',
      'form.fields[3].indicator: must be an indicator code such as BALITA_STUNTING',
    ]);
  });

  it('requires exactly the areas asked for, naming each missing or extra one', () => {
    const complete = { rtMiskin: { [DESA[0]!]: 12, [DESA[1]!]: 7, [DESA[2]!]: 0 } };
    expect(validateContribution(form, complete)).toEqual({ ok: true, values: complete });
    const result = validateContribution(form, { rtMiskin: { [DESA[0]!]: 12, '35.13.09.2001': 4 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: `rtMiskin.${DESA[1]}`, message: 'is required: every area asked for needs a value' },
      { field: `rtMiskin.${DESA[2]}`, message: 'is required: every area asked for needs a value' },
      { field: 'rtMiskin.35.13.09.2001', message: 'is not one of the desa asked for' },
    ]);
  });
});

describe('requiredWhen (a field required only when another holds a value)', () => {
  const form = {
    fields: [
      {
        key: 'keputusan',
        label: 'Keputusan',
        type: 'select' as const,
        required: true,
        options: ['YA', 'TIDAK'],
      },
      {
        key: 'alasan',
        label: 'Alasan',
        type: 'text' as const,
        required: false,
        requiredWhen: { field: 'keputusan', equals: 'TIDAK' },
      },
    ],
  };

  it('is a valid attribute naming another field', () => {
    expect(validateFormSchema(form, 'form')).toEqual([]);
    expect(
      validateFormSchema(
        { fields: [{ ...form.fields[1], requiredWhen: { field: 'tidakAda', equals: 'TIDAK' } }] },
        'form',
      ),
    ).toEqual(['form.fields[0].requiredWhen.field: must name another field of this form']);
    expect(
      validateFormSchema({ fields: [form.fields[0], { ...form.fields[1], required: true }] }, 'form'),
    ).toEqual(['form.fields[1].requiredWhen: only for a field with required false']);
  });

  it('requires the field only when the condition holds', () => {
    expect(validateContribution(form, { keputusan: 'YA' })).toEqual({
      ok: true,
      values: { keputusan: 'YA' },
    });
    expect(validateContribution(form, { keputusan: 'TIDAK' })).toEqual({
      ok: false,
      errors: [{ field: 'alasan', message: 'is required' }],
    });
    expect(validateContribution(form, { keputusan: 'TIDAK', alasan: 'Belum ada anggaran' }).ok).toBe(true);
  });
});
