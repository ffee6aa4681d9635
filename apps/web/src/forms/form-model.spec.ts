import {
  draftFromValues,
  duplicateAreas,
  emptyDraft,
  hasFixedAreas,
  parseNumber,
  toPayload,
  type FormSchema,
} from './form-model';

const DESA_1 = '35.13.08.2001';
const DESA_2 = '35.13.08.2002';

/** Like the seeded stunting step, plus a data request's fixed areas and the other field types. */
const form: FormSchema = {
  fields: [
    {
      key: 'diukur',
      label: 'Jumlah balita diukur',
      type: 'integer',
      required: true,
      min: 0,
      perArea: 'desa',
    },
    {
      key: 'rtMiskin',
      label: 'Rumah tangga miskin',
      type: 'integer',
      required: true,
      perArea: 'desa',
      areas: [DESA_1, DESA_2],
    },
    { key: 'anggaran', label: 'Anggaran', type: 'number', required: false, unit: 'Rp', min: 0 },
    { key: 'tanggal', label: 'Tanggal', type: 'date', required: true },
    { key: 'sesuai', label: 'Data sesuai', type: 'boolean', required: true },
    { key: 'sumber', label: 'Sumber', type: 'select', required: true, options: ['APBD', 'APBN'] },
    { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
  ],
};

describe('contribution form model', () => {
  it('starts with one empty input per field, one row per fixed area and one open row otherwise', () => {
    expect(emptyDraft(form)).toEqual({
      diukur: [{ area: '', value: '' }],
      rtMiskin: [
        { area: DESA_1, value: '' },
        { area: DESA_2, value: '' },
      ],
      anggaran: '',
      tanggal: '',
      sesuai: '',
      sumber: '',
      catatan: '',
    });
    expect(form.fields.map(hasFixedAreas)).toEqual([false, true, false, false, false, false, false]);
  });

  it('reads numbers as people type them, with the decimal comma', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' -3 ')).toBe(-3);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('12.5')).toBe(12.5);
    expect(parseNumber('1.234.567')).toBe('1.234.567');
    expect(parseNumber('dua belas')).toBe('dua belas');
  });

  it('builds the payload: typed values, per-area objects, empty inputs left out', () => {
    const draft = {
      ...emptyDraft(form),
      diukur: [
        { area: ` ${DESA_1} `, value: '120' },
        { area: DESA_2, value: '' },
        { area: '', value: '' },
      ],
      rtMiskin: [
        { area: DESA_1, value: '14' },
        { area: DESA_2, value: '9' },
      ],
      anggaran: '2500000,50',
      tanggal: '2026-11-20',
      sesuai: 'false',
      sumber: 'APBD',
      catatan: '  ',
    };
    expect(toPayload(form, draft)).toEqual({
      diukur: { [DESA_1]: 120 },
      rtMiskin: { [DESA_1]: 14, [DESA_2]: 9 },
      anggaran: 2500000.5,
      tanggal: '2026-11-20',
      sesuai: false,
      sumber: 'APBD',
    });
    expect(toPayload(form, emptyDraft(form))).toEqual({});
  });

  it('keeps what is not a number as typed, for the rules to name', () => {
    const draft = { ...emptyDraft(form), diukur: [{ area: DESA_1, value: 'empat' }] };
    expect(toPayload(form, draft).diukur).toEqual({ [DESA_1]: 'empat' });
  });

  it('fills a draft from an earlier contribution (a returned one is revised)', () => {
    const draft = draftFromValues(form, {
      diukur: { [DESA_2]: 7, [DESA_1]: 5 },
      rtMiskin: { [DESA_2]: 3 },
      sesuai: true,
      anggaran: 1500,
      tanggal: '2026-11-01',
    });
    expect(draft.diukur).toEqual([
      { area: DESA_2, value: '7' },
      { area: DESA_1, value: '5' },
    ]);
    expect(draft.rtMiskin).toEqual([
      { area: DESA_1, value: '' },
      { area: DESA_2, value: '3' },
    ]);
    // Dates are edited day/month/year.
    expect(draft).toMatchObject({ sesuai: 'true', anggaran: '1500', tanggal: '01/11/2026', sumber: '' });
  });

  it('sends a date typed dd/mm/yyyy as the ISO date, and anything else as typed for the rules', () => {
    expect(toPayload(form, { ...emptyDraft(form), tanggal: '20/11/2026' }).tanggal).toBe('2026-11-20');
    expect(toPayload(form, { ...emptyDraft(form), tanggal: '31/11/2026' }).tanggal).toBe('31/11/2026');
  });

  it('finds areas typed twice', () => {
    expect(
      duplicateAreas([
        { area: DESA_1, value: '1' },
        { area: ` ${DESA_1}`, value: '2' },
        { area: DESA_2, value: '3' },
        { area: DESA_2, value: '' },
      ]),
    ).toEqual([DESA_1]);
  });
});
