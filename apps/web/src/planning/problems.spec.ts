import { proposalProblems, stageCalendarProblems } from '@gotong/domain/planning';
import { ApiError } from '../api/client';
import { parsePlanningProblem, problemsByField } from './problems';
import { planningTexts } from './texts';

const id = planningTexts('id');
const en = planningTexts('en');

describe('planning problems in the user language', () => {
  it('places each line of a 400 next to its field, in Indonesian', () => {
    const lines = proposalProblems({
      kecamatan: '35.13.07',
      desa: '35.13.23.2001',
      title: 'Ja',
      problem: 'Jalan rusak sepanjang 2 km.',
      proposedActivity: 'Pengaspalan',
      topic: 'jalan-jembatan',
      priority: 0,
    });
    const error = new ApiError(400, { statusCode: 400, message: lines, error: 'Bad Request' });
    const { byField, other } = problemsByField(error, ['desa', 'title', 'priority']);
    expect(other).toEqual([]);
    expect(id.problem(byField.desa![0]!)).toMatch(/^35\.13\.23\.2001 tidak terletak di kecamatan .*Tiris/);
    expect(id.problem(byField.title![0]!)).toBe('Paling sedikit 3 karakter.');
    expect(id.problem(byField.priority![0]!)).toBe('Bilangan bulat dari 1 sampai 100.');
    expect(en.problem(byField.priority![0]!)).toBe('A whole number from 1 to 100.');
  });

  it('names the stage rules of the calendar', () => {
    const lines = stageCalendarProblems(2027, {
      MUSRENBANG_DESA: { start: '2026-01-05T00:00:00+07:00', end: '2026-02-05T00:00:00+07:00' },
      MUSRENBANG_KECAMATAN: { start: '2026-02-01T00:00:00+07:00', end: '2026-01-30T00:00:00+07:00' },
      FORUM_PERANGKAT_DAERAH: { start: '2027-03-01T00:00:00+07:00', end: '2027-03-31T00:00:00+07:00' },
      MUSRENBANG_KABUPATEN: { start: 'kemarin', end: '2026-04-30T00:00:00+07:00' },
      PENETAPAN_RKPD: { start: '2026-05-01T00:00:00+07:00', end: '2026-06-30T00:00:00+07:00' },
    });
    const said = lines.map(parsePlanningProblem).map((p) => `${p.field} ${id.problem(p)}`);
    expect(said).toEqual(
      expect.arrayContaining([
        'stages.MUSRENBANG_KECAMATAN.end Harus setelah tanggal mulai.',
        'stages.MUSRENBANG_KECAMATAN.start Tidak boleh sebelum Musrenbang desa berakhir.',
        'stages.FORUM_PERANGKAT_DAERAH.start Harus di tahun 2026, tahun penyusunan RKPD 2027.',
        'stages.MUSRENBANG_KABUPATEN.start Tanggal tidak dikenal; tulis hh/bb/tttt.',
      ]),
    );
  });

  it('keeps a rule it does not know in the API words, and leaves other errors alone', () => {
    const unknown = parsePlanningProblem('agencies: KEC-TIRIS is a kecamatan office, not an OPD that plans');
    expect(unknown).toMatchObject({ field: 'agencies', code: 'other' });
    expect(id.problem(unknown)).toBe('KEC-TIRIS is a kecamatan office, not an OPD that plans');
    const conflict = new ApiError(409, { statusCode: 409, message: 'closed', error: 'Conflict' });
    expect(problemsByField(conflict, ['desa'])).toEqual({ byField: {}, other: [] });
  });
});
