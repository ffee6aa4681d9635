import {
  formWithinProjectArea,
  projectKecamatan,
  validateContribution,
  validateContributionV1,
  validateFormSchema,
  type FormSchema,
} from './form-schema';

/** Per-area values judged by the regency's reference list (Kepmendagri 2025), and the rule before it. */
describe('per-area values from the reference list', () => {
  const perDesa: FormSchema = {
    fields: [{ key: 'terdampak', label: 'Terdampak', type: 'integer', required: false, perArea: 'desa' }],
  };
  const perKecamatan: FormSchema = {
    fields: [{ key: 'posyandu', label: 'Posyandu', type: 'integer', required: false, perArea: 'kecamatan' }],
  };
  const inTongas: FormSchema = {
    fields: [{ ...perDesa.fields[0]!, withinKecamatan: ['35.13.23'] }],
  };

  it('accepts desa and kelurahan of the regency', () => {
    expect(validateContribution(perDesa, { terdampak: { '35.13.23.2008': 4, '35.13.14.1003': 2 } })).toEqual({
      ok: true,
      values: { terdampak: { '35.13.23.2008': 4, '35.13.14.1003': 2 } },
    });
  });

  it('refuses a well-formed code that is not a desa of the regency, naming the cell', () => {
    expect(validateContribution(perDesa, { terdampak: { '35.13.23.2999': 4, '35.13.25.2001': 1 } })).toEqual({
      ok: false,
      errors: [
        {
          field: 'terdampak.35.13.23.2999',
          message: '35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
        },
        {
          field: 'terdampak.35.13.25.2001',
          message: '35.13.25.2001 is not a desa or kelurahan of Kabupaten Probolinggo',
        },
      ],
    });
    expect(validateContribution(perKecamatan, { posyandu: { '35.13.25': 3 } })).toEqual({
      ok: false,
      errors: [
        { field: 'posyandu.35.13.25', message: '35.13.25 is not a kecamatan of Kabupaten Probolinggo' },
      ],
    });
  });

  it('refuses a desa outside the field’s kecamatan (a sitrep of an incident in Tongas)', () => {
    expect(validateContribution(inTongas, { terdampak: { '35.13.23.2005': 4 } }).ok).toBe(true);
    expect(validateContribution(inTongas, { terdampak: { '35.13.07.2001': 4 } })).toEqual({
      ok: false,
      errors: [
        {
          field: 'terdampak.35.13.07.2001',
          message: '35.13.07.2001 (Andungbiru) does not lie in Kecamatan Tongas',
        },
      ],
    });
  });

  it('keeps the rule before the reference list for old histories: the shape only, withinKecamatan ignored', () => {
    expect(
      validateContributionV1(inTongas, { terdampak: { '35.13.07.2001': 4, '35.13.23.2999': 1 } }),
    ).toEqual({
      ok: true,
      values: { terdampak: { '35.13.07.2001': 4, '35.13.23.2999': 1 } },
    });
    expect(validateContributionV1(perDesa, { terdampak: { Tongas: 1 } }).ok).toBe(false);
  });

  it('checks a form’s areas and withinKecamatan against the list', () => {
    expect(
      validateFormSchema(
        {
          fields: [
            {
              key: 'terdampak',
              label: 'Terdampak',
              type: 'integer',
              required: true,
              perArea: 'desa',
              areas: ['35.13.23.2008', '35.13.23.2999'],
              withinKecamatan: ['35.13.23', '35.13.99'],
            },
            {
              key: 'catatan',
              label: 'Catatan',
              type: 'text',
              required: false,
              withinKecamatan: ['35.13.23'],
            },
          ],
        },
        'form',
      ),
    ).toEqual([
      'form.fields[0].areas[1]: 35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
      'form.fields[0].withinKecamatan[1]: 35.13.99 is not a kecamatan of Kabupaten Probolinggo',
      'form.fields[1].withinKecamatan: only a field per desa names the kecamatan its desa lie in',
    ]);
  });
});

/** A project's per-desa figures lie in the project's kecamatan (a Tiris stunting project takes no Tongas figure). */
describe('forms bound to the project’s area', () => {
  const TIRIS = '35.13.07';
  const ANDUNGBIRU = '35.13.07.2001';
  const TONGAS_WETAN = '35.13.23.2008';
  const stunting: FormSchema = {
    fields: [
      { key: 'jumlahBalitaStunting', label: 'Stunting', type: 'integer', required: true, perArea: 'desa' },
      { key: 'posyandu', label: 'Posyandu', type: 'integer', required: false, perArea: 'kecamatan' },
      { key: 'catatan', label: 'Catatan', type: 'text', required: false },
    ],
  };
  const kecamatanParameter = [
    { key: 'kecamatan', type: 'kecamatan' },
    { key: 'tahun', type: 'text' },
  ];

  it('finds the project’s kecamatan: its kecamatan parameter, else the kecamatan of its desa, else none', () => {
    expect(projectKecamatan(kecamatanParameter, { kecamatan: TIRIS, tahun: '2026' })).toEqual([TIRIS]);
    expect(projectKecamatan([{ key: 'desa', type: 'desa' }], { desa: TONGAS_WETAN })).toEqual(['35.13.23']);
    expect(
      projectKecamatan([...kecamatanParameter, { key: 'desa', type: 'desa' }], {
        kecamatan: TIRIS,
        desa: ANDUNGBIRU,
      }),
    ).toEqual([TIRIS]);
    expect(projectKecamatan(kecamatanParameter, { tahun: '2026' })).toEqual([]);
    expect(projectKecamatan([{ key: 'periode', type: 'text' }], { periode: 'Semester I 2025' })).toEqual([]);
    expect(projectKecamatan(kecamatanParameter, { kecamatan: '35.13.99' })).toEqual([]);
  });

  it('refuses a desa of another kecamatan in a Tiris project, naming the cell, and accepts a Tiris desa', () => {
    const form = formWithinProjectArea(stunting, kecamatanParameter, { kecamatan: TIRIS, tahun: '2026' });
    expect(form.fields.map((f) => f.withinKecamatan)).toEqual([[TIRIS], undefined, undefined]);
    expect(validateFormSchema(form, 'form')).toEqual([]);
    expect(
      validateContribution(form, { jumlahBalitaStunting: { [TONGAS_WETAN]: 3, [ANDUNGBIRU]: 2 } }),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: `jumlahBalitaStunting.${TONGAS_WETAN}`,
          message: `${TONGAS_WETAN} (Tongas Wetan) does not lie in Kecamatan Tiris`,
        },
      ],
    });
    expect(validateContribution(form, { jumlahBalitaStunting: { [ANDUNGBIRU]: 2 } })).toEqual({
      ok: true,
      values: { jumlahBalitaStunting: { [ANDUNGBIRU]: 2 } },
    });
  });

  it('leaves the form of a project without a kecamatan as it is: any desa of the regency', () => {
    const form = formWithinProjectArea(stunting, [{ key: 'periode', type: 'text' }], { periode: '2026' });
    expect(form).toBe(stunting);
    expect(validateContribution(form, { jumlahBalitaStunting: { [TONGAS_WETAN]: 3 } }).ok).toBe(true);
    expect(validateContribution(form, { jumlahBalitaStunting: { '35.13.23.2999': 3 } }).ok).toBe(false);
  });

  it('keeps a field that already names its areas or its kecamatan', () => {
    const named: FormSchema = {
      fields: [
        { ...stunting.fields[0]!, areas: [TONGAS_WETAN] },
        { ...stunting.fields[0]!, key: 'terdampak', withinKecamatan: ['35.13.23'] },
      ],
    };
    expect(formWithinProjectArea(named, kecamatanParameter, { kecamatan: TIRIS })).toEqual(named);
  });
});
