import type { ProjectStep } from '../../api/types';
import { addAgencyBody, emptyNewField, fieldKeyFrom, newFormBody, stepsNotStarted } from './added-step-form';

const draft = {
  agencyCode: 'DISPENDIK',
  title: '  Data anak putus sekolah ',
  instructions: '',
  slaDays: '',
  formChoice: 'summary' as const,
  fromStep: '',
  fields: [emptyNewField()],
  dependsOn: [],
  before: [],
};

describe('fieldKeyFrom', () => {
  it('makes a camelCase key from a label, without accents or signs, unique among those taken', () => {
    expect(fieldKeyFrom('Jumlah anak (orang)', new Set())).toBe('jumlahAnakOrang');
    expect(fieldKeyFrom('Tanggal pendataan', new Set(['tanggalPendataan']))).toBe('tanggalPendataan2');
    expect(fieldKeyFrom('Catatan é', new Set())).toBe('catatanE');
    expect(fieldKeyFrom('2026 anggaran', new Set())).toBe('isian2026Anggaran');
    expect(fieldKeyFrom('', new Set())).toBe('isian');
  });
});

describe('newFormBody', () => {
  it('turns the typed fields into a form, unit only when given', () => {
    expect(
      newFormBody([
        { label: 'Jumlah anak', type: 'integer', required: true, unit: ' anak ' },
        { label: 'Jumlah anak', type: 'longtext', required: false, unit: '' },
      ]),
    ).toEqual({
      fields: [
        { key: 'jumlahAnak', label: 'Jumlah anak', type: 'integer', required: true, unit: 'anak' },
        { key: 'jumlahAnak2', label: 'Jumlah anak', type: 'longtext', required: false },
      ],
    });
  });
});

describe('addAgencyBody', () => {
  it('sends the summary form by default: no form, no links', () => {
    expect(addAgencyBody(draft)).toEqual({ agencyCode: 'DISPENDIK', title: 'Data anak putus sekolah' });
  });

  it('sends the template step, or the new form, with the steps chosen', () => {
    expect(
      addAgencyBody({ ...draft, formChoice: 'template', fromStep: 'pendataan', before: ['intervensi'] }),
    ).toEqual({
      agencyCode: 'DISPENDIK',
      title: 'Data anak putus sekolah',
      fromStep: 'pendataan',
      before: ['intervensi'],
    });
    expect(
      addAgencyBody({
        ...draft,
        formChoice: 'new',
        fromStep: 'pendataan',
        slaDays: '4',
        fields: [{ label: 'Jumlah', type: 'integer', required: true, unit: '' }],
        dependsOn: ['pendataan'],
      }),
    ).toEqual({
      agencyCode: 'DISPENDIK',
      title: 'Data anak putus sekolah',
      sla: { amount: 4, unit: 'workingDays' },
      form: { fields: [{ key: 'jumlah', label: 'Jumlah', type: 'integer', required: true }] },
      dependsOn: ['pendataan'],
    });
  });
});

describe('stepsNotStarted', () => {
  it('offers only steps whose task has not started', () => {
    const steps = [
      { key: 'a', status: 'COMPLETED', task: { id: 't1' } },
      { key: 'b', status: 'WAITING', task: null },
      { key: 'c', status: 'ASSIGNED', task: { id: 't3' } },
    ] as unknown as ProjectStep[];
    expect(stepsNotStarted(steps).map((s) => s.key)).toEqual(['b']);
  });
});
