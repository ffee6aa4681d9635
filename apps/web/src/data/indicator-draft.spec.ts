import { validateIndicatorStandard, type IndicatorStandard } from '@gotong/domain/data-standard';
import { draftFromStandard, emptyIndicatorDraft, standardBody } from './indicator-draft';

const standard: IndicatorStandard = {
  code: 'BALITA_DITIMBANG',
  name: 'Balita ditimbang',
  definition: 'Jumlah balita yang ditimbang di posyandu.',
  unit: 'jiwa',
  valueType: 'integer',
  min: 0,
  areaLevel: 'desa',
  periodicity: 'monthly',
  breakdown: {
    dimension: 'sex',
    categories: [
      { code: 'L', label: 'Laki-laki' },
      { code: 'P', label: 'Perempuan' },
    ],
  },
  producers: ['DINKES'],
  jumpFactor: 3,
  metadata: { source: 'Laporan posyandu', method: 'Pencatatan', contact: 'Bidang Kesmas' },
};

describe('an indicator standard edited in the browser', () => {
  it('builds a standard the domain rules accept, numbers typed with a decimal comma included', () => {
    const body = standardBody({
      ...emptyIndicatorDraft(),
      code: 'RTLH',
      name: ' Rumah tidak layak huni ',
      definition: 'Rumah tangga yang menempati rumah tidak layak huni.',
      unit: 'rumah tangga',
      producers: ['DPUPR', 'DINSOS'],
      jumpFactor: '2,5',
      source: 'Pendataan desa',
      method: 'Survei',
      contact: 'Bidang Perumahan',
    });
    expect(body).toMatchObject({
      name: 'Rumah tidak layak huni',
      producers: ['DINSOS', 'DPUPR'],
      jumpFactor: 2.5,
    });
    expect(body).not.toHaveProperty('min');
    expect(validateIndicatorStandard(body).ok).toBe(true);
  });

  it('starts a new version from the current one and keeps its breakdown', () => {
    const draft = draftFromStandard(standard);
    expect(draft).toMatchObject({ min: '0', max: '', jumpFactor: '3', source: 'Laporan posyandu' });
    const body = standardBody({ ...draft, unit: 'anak' }, standard.breakdown);
    expect(body).toEqual({ ...standard, unit: 'anak' });
  });

  it('passes text that is not a number on as typed, for the rules to name', () => {
    expect(standardBody({ ...emptyIndicatorDraft(), max: 'seratus' }).max).toBe('seratus');
  });
});
