import {
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
