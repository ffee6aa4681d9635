import {
  checkSitrepCorrection,
  correctableSitrepRefusal,
  correctsSitrepOf,
  reasonProblem,
  SITREP_FORM,
} from '@gotong/domain/emergency';

const DESA = '35.13.23.2001';

describe('checkSitrepCorrection', () => {
  it('accepts figures valid for the sitrep form with a reason, normalised', () => {
    expect(
      checkSitrepCorrection(SITREP_FORM, {
        values: { mengungsi: { [DESA]: 180 }, narasi: '  Hitungan ulang di posko  ' },
        reason: '  Salah ketik: 180, bukan 120  ',
      }),
    ).toEqual({
      ok: true,
      values: { mengungsi: { [DESA]: 180 }, narasi: 'Hitungan ulang di posko' },
      reason: 'Salah ketik: 180, bukan 120',
    });
  });

  it('names every problem: a missing reason and each bad field', () => {
    const check = checkSitrepCorrection(SITREP_FORM, { values: { mengungsi: { [DESA]: -3 } }, reason: ' ' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems[0]).toBe('reason: a reason is required');
    expect(check.problems.some((p) => p.startsWith('values.narasi'))).toBe(true);
    expect(check.problems.some((p) => p.startsWith(`values.mengungsi.${DESA}`))).toBe(true);
  });
});

describe('reasonProblem', () => {
  it('refuses a blank, a non-string or a too long reason', () => {
    expect(reasonProblem('note', undefined)).toBe('note: a reason is required');
    expect(reasonProblem('note', 'x'.repeat(1001))).toBe('note: at most 1000 characters');
    expect(reasonProblem('note', 'Diverifikasi di lapangan')).toBeNull();
  });
});

describe('correctableSitrepRefusal', () => {
  const sent = [
    { taskId: 'a', sentAt: 1_000 },
    { taskId: 'b', sentAt: 2_000 },
  ];
  it("allows only the OPD's latest sent sitrep", () => {
    expect(correctableSitrepRefusal('b', sent)).toBeNull();
    expect(correctableSitrepRefusal('a', sent)).toBe("only the OPD's latest sitrep can be corrected");
    expect(correctableSitrepRefusal('c', sent)).toBe('only a sitrep that was sent can be corrected');
  });
});

describe('correctsSitrepOf', () => {
  it('is the OPD’s staff or head, nobody else', () => {
    expect(correctsSitrepOf({ role: 'STAFF', agencyId: 'dinsos' }, 'dinsos')).toBe(true);
    expect(correctsSitrepOf({ role: 'AGENCY_HEAD', agencyId: 'dinsos' }, 'dinsos')).toBe(true);
    expect(correctsSitrepOf({ role: 'STAFF', agencyId: 'dinkes' }, 'dinsos')).toBe(false);
    expect(correctsSitrepOf({ role: 'LEADERSHIP', agencyId: 'dinsos' }, 'dinsos')).toBe(false);
  });
});
