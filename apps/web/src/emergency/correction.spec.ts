import { correctionDraft, correctionValues, latestSitrepOf } from './correction';

const DESA = '35.13.23.2001';

describe('latestSitrepOf', () => {
  it("is the OPD's latest sent sitrep", () => {
    const sitrep = (code: string, id: string, at: string) => ({
      submittedAt: at,
      values: {},
      task: { id, title: id, agency: { code } },
    });
    const list = [
      sitrep('DINSOS', 'a', '2026-12-07T01:00:00Z'),
      sitrep('DINSOS', 'b', '2026-12-07T02:00:00Z'),
      sitrep('DINKES', 'c', '2026-12-07T03:00:00Z'),
    ];
    expect(latestSitrepOf(list, 'DINSOS')?.task.id).toBe('b');
    expect(latestSitrepOf(list, 'DPUPR')).toBeNull();
  });
});

describe('correction draft', () => {
  it('turns a sitrep into editable rows and back, restating it whole', () => {
    const draft = correctionDraft({ mengungsi: { [DESA]: 120 }, terdampak: { [DESA]: 400 }, narasi: 'Awal' });
    expect(draft).toEqual({
      figures: [
        { field: 'terdampak', desaCode: DESA, value: '400' },
        { field: 'mengungsi', desaCode: DESA, value: '120' },
      ],
      narasi: 'Awal',
      kebutuhan: '',
    });
    draft.figures[1]!.value = '180';
    draft.figures[0]!.value = ' ';
    expect(correctionValues({ ...draft, narasi: ' Dihitung ulang ' })).toEqual({
      mengungsi: { [DESA]: 180 },
      narasi: 'Dihitung ulang',
    });
  });

  it('sends a figure that is not a number as typed, for the API to name', () => {
    expect(
      correctionValues({
        figures: [{ field: 'mengungsi', desaCode: DESA, value: 'banyak' }],
        narasi: 'x',
        kebutuhan: '',
      }),
    ).toEqual({ mengungsi: { [DESA]: 'banyak' }, narasi: 'x' });
  });
});
