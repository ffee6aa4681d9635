import { validateContribution } from '@gotong/domain/form-schema';
import {
  cellProblems,
  fieldProblems,
  fromServerError,
  hasErrors,
  noErrors,
  validateDraft,
} from './form-errors';
import { emptyDraft, toPayload, type FormSchema } from './form-model';
import { parseProblem } from './problems';

const KEC = '35.13.08';
const DESA_1 = `${KEC}.2001`;
const DESA_2 = `${KEC}.2002`;

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
    { key: 'tanggal', label: 'Tanggal', type: 'date', required: true },
    { key: 'sumber', label: 'Sumber', type: 'select', required: true, options: ['APBD', 'APBN'] },
    { key: 'persen', label: 'Persen', type: 'number', required: false, min: 0, max: 100 },
  ],
};

const valid = () => ({
  ...emptyDraft(form),
  diukur: [{ area: DESA_1, value: '120' }],
  rtMiskin: [
    { area: DESA_1, value: '14' },
    { area: DESA_2, value: '9' },
  ],
  tanggal: '2026-11-20',
  sumber: 'APBN',
});

describe('problems of a contribution, placed on the fields', () => {
  it('passes a valid draft, exactly as the API will', () => {
    const draft = valid();
    expect(hasErrors(validateDraft(form, draft))).toBe(false);
    expect(validateContribution(form, toPayload(form, draft)).ok).toBe(true);
  });

  it('says what is missing, per field and per area asked for', () => {
    const errors = validateDraft(form, emptyDraft(form));
    expect(fieldProblems(errors, 'diukur').map((p) => p.code)).toEqual(['required']);
    expect(fieldProblems(errors, 'rtMiskin').map((p) => p.code)).toEqual(['required']);
    expect(fieldProblems(errors, 'tanggal').map((p) => p.code)).toEqual(['required']);
    expect(fieldProblems(errors, 'sumber').map((p) => p.code)).toEqual(['required']);
    expect(fieldProblems(errors, 'persen')).toEqual([]);
    expect(errors.form).toEqual([]);

    const partly = validateDraft(form, {
      ...valid(),
      rtMiskin: [
        { area: DESA_1, value: '4' },
        { area: DESA_2, value: '' },
      ],
    });
    expect(cellProblems(partly, 'rtMiskin', DESA_2).map((p) => p.code)).toEqual(['requiredEveryArea']);
    expect(cellProblems(partly, 'rtMiskin', DESA_1)).toEqual([]);
  });

  it('names the wrong cell: range, whole numbers, kode wilayah, areas typed twice', () => {
    const errors = validateDraft(form, {
      ...valid(),
      diukur: [
        { area: DESA_1, value: '-5' },
        { area: DESA_2, value: '2,5' },
        { area: 'Tiris', value: '4' },
        { area: `${KEC}.2003`, value: '1' },
        { area: `${KEC}.2003`, value: '2' },
      ],
      persen: '150',
      tanggal: '2026-02-30',
    });
    expect(cellProblems(errors, 'diukur', DESA_1)).toEqual([
      { code: 'min', params: { min: '0' }, text: 'must be at least 0' },
    ]);
    expect(cellProblems(errors, 'diukur', DESA_2).map((p) => p.code)).toEqual(['wholeNumber']);
    expect(cellProblems(errors, 'diukur', 'Tiris')).toEqual([
      {
        code: 'areaCode',
        params: { level: 'desa', example: '35.13.08.2001' },
        text: 'is not a kode wilayah desa (e.g. 35.13.08.2001)',
      },
    ]);
    expect(cellProblems(errors, 'diukur', `${KEC}.2003`).map((p) => p.code)).toEqual(['duplicateArea']);
    expect(fieldProblems(errors, 'persen')).toEqual([
      { code: 'max', params: { max: '100' }, text: 'must be at most 100' },
    ]);
    expect(fieldProblems(errors, 'tanggal').map((p) => p.code)).toEqual(['realDate']);
  });

  it('puts a value without its kode wilayah on that row', () => {
    const errors = validateDraft(form, { ...valid(), diukur: [{ area: '', value: '3' }] });
    expect(cellProblems(errors, 'diukur', '').map((p) => p.code)).toEqual(['areaCode']);
  });

  it("maps the API's fieldErrors back to fields and cells", () => {
    const errors = fromServerError(form, {
      statusCode: 400,
      message: [`values.diukur.${DESA_1}: must be at least 0`, 'values.sumber: must be one of: APBD, APBN'],
      fieldErrors: [
        { field: `diukur.${DESA_1}`, message: 'must be at least 0' },
        { field: 'sumber', message: 'must be one of: APBD, APBN' },
        { field: 'jumlahKk', message: 'is not a field of this form' },
      ],
    });
    expect(cellProblems(errors, 'diukur', DESA_1).map((p) => p.code)).toEqual(['min']);
    expect(fieldProblems(errors, 'sumber')).toEqual([
      { code: 'oneOf', params: { options: 'APBD, APBN' }, text: 'must be one of: APBD, APBN' },
    ]);
    expect(errors.form).toEqual([
      { path: 'jumlahKk', problem: expect.objectContaining({ code: 'notField' }) },
    ]);
  });

  it('maps "values.<path>: …" lines when there are no fieldErrors', () => {
    const errors = fromServerError(form, {
      message: [`values.rtMiskin.${DESA_2}: must be a whole number`, 'values.tanggal: is required'],
    });
    expect(cellProblems(errors, 'rtMiskin', DESA_2).map((p) => p.code)).toEqual(['wholeNumber']);
    expect(fieldProblems(errors, 'tanggal').map((p) => p.code)).toEqual(['required']);
  });

  it("splits the workflow validator's one-line message into its fields and cells", () => {
    const errors = fromServerError(form, {
      message: [
        `contribution does not match the form: diukur.${DESA_1}: must be at least 0; ` +
          `rtMiskin.${DESA_2}: is required: every area asked for needs a value; sumber: is required`,
      ],
    });
    expect(cellProblems(errors, 'diukur', DESA_1).map((p) => p.code)).toEqual(['min']);
    expect(cellProblems(errors, 'rtMiskin', DESA_2).map((p) => p.code)).toEqual(['requiredEveryArea']);
    expect(fieldProblems(errors, 'sumber').map((p) => p.code)).toEqual(['required']);
    expect(errors.form).toEqual([]);
  });

  it('keeps what names no field above the form, as the API said it', () => {
    const errors = fromServerError(form, {
      message: [
        'confirmations.RT_MISKIN.35.13.08.2001: 400 differs from the published 2025 figure (100) by more than 3×',
        'a contribution is already waiting for review by the project lead',
      ],
    });
    expect(errors.form.map((e) => [e.path, e.problem.code])).toEqual([
      ['confirmations.RT_MISKIN.35.13.08.2001', 'other'],
      ['', 'other'],
    ]);
    expect(errors.form[1]!.problem.text).toBe(
      'a contribution is already waiting for review by the project lead',
    );
    expect(hasErrors(noErrors())).toBe(false);
  });

  it('recognises every message of the rules, and keeps unknown ones', () => {
    expect(parseProblem('is required: give a value for at least one kecamatan')).toEqual({
      code: 'requiredSomeArea',
      params: { level: 'kecamatan' },
      text: 'is required: give a value for at least one kecamatan',
    });
    expect(parseProblem('must be at most 2000 characters').code).toBe('maxLength');
    expect(parseProblem('must be a date in the form YYYY-MM-DD').code).toBe('dateFormat');
    expect(parseProblem('is not one of the desa asked for').params).toEqual({ level: 'desa' });
    expect(parseProblem('must be true or false').code).toBe('boolean');
    expect(parseProblem('something new').code).toBe('other');
  });
});
