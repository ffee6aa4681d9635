import { stageCalendarProblems } from '@gotong/domain/planning';
import {
  calendarFromDays,
  formatDay,
  formatRupiah,
  sortKecamatanRows,
  sortOpdRows,
  stageDaysOf,
  stageTimeline,
  suggestedStageDays,
  type KecamatanFigures,
  type OpdFigures,
  type StageCalendar,
} from './planning-model';

const CALENDAR: StageCalendar = {
  MUSRENBANG_DESA: { start: '2026-01-01T17:00:00.000Z', end: '2026-01-31T16:59:59.000Z' },
  MUSRENBANG_KECAMATAN: { start: '2026-01-31T17:00:00.000Z', end: '2026-02-28T16:59:59.000Z' },
  FORUM_PERANGKAT_DAERAH: { start: '2026-02-28T17:00:00.000Z', end: '2026-03-31T16:59:59.000Z' },
  MUSRENBANG_KABUPATEN: { start: '2026-03-31T17:00:00.000Z', end: '2026-04-30T16:59:59.000Z' },
  PENETAPAN_RKPD: { start: '2026-05-01T17:00:00.000Z', end: '2026-06-30T16:59:59.000Z' },
};

describe('planning view model', () => {
  it('shows an instant as its day in WIB, dd/mm/yyyy', () => {
    // 17:00 UTC is midnight in Probolinggo: the next day.
    expect(formatDay('2026-02-28T17:00:00.000Z')).toBe('01/03/2026');
    expect(formatDay('2026-03-31T16:59:59.000Z')).toBe('31/03/2026');
  });

  it('writes rupiah without decimals in the language shown', () => {
    expect(formatRupiah(150_000_000, 'id')).toBe('Rp 150.000.000');
    expect(formatRupiah(2_500_000, 'en')).toBe('Rp 2,500,000');
  });

  it('marks the stages over, under way and to come', () => {
    expect(stageTimeline(CALENDAR, 'FORUM_PERANGKAT_DAERAH').map((r) => r.phase)).toEqual([
      'past',
      'past',
      'current',
      'future',
      'future',
    ]);
    expect(stageTimeline(CALENDAR, 'BEFORE').every((r) => r.phase === 'future')).toBe(true);
    expect(stageTimeline(CALENDAR, 'AFTER').every((r) => r.phase === 'past')).toBe(true);
  });

  it('sends typed days as the first and last moment of the day in WIB, and keeps unchanged instants', () => {
    const days = stageDaysOf(CALENDAR);
    expect(days.FORUM_PERANGKAT_DAERAH).toEqual({ start: '2026-03-01', end: '2026-03-31' });
    // Unchanged: exactly what the API holds (a past date may not move by a second).
    expect(calendarFromDays(days, CALENDAR)).toEqual(CALENDAR);
    const moved = { ...days, PENETAPAN_RKPD: { start: '2026-05-02', end: '2026-07-15' } };
    const sent = calendarFromDays(moved, CALENDAR);
    expect(sent.PENETAPAN_RKPD).toEqual({
      start: CALENDAR.PENETAPAN_RKPD.start,
      end: '2026-07-15T23:59:59+07:00',
    });
    expect(sent.MUSRENBANG_DESA).toEqual(CALENDAR.MUSRENBANG_DESA);
  });

  it('suggests a schedule the calendar rule accepts, in the year before the RKPD year', () => {
    expect(stageCalendarProblems(2028, calendarFromDays(suggestedStageDays(2028)))).toEqual([]);
    expect(suggestedStageDays(2028).MUSRENBANG_DESA.start).toBe('2027-01-02');
  });

  it('puts kecamatan with escalated, late and unowned proposals first', () => {
    const row = (name: string, extra: Partial<KecamatanFigures>): KecamatanFigures => ({
      kecamatan: { code: `KEC-${name.toUpperCase()}`, name: `Kecamatan ${name}`, areaCode: '35.13.01' },
      proposals: 1,
      submitted: 0,
      unowned: 0,
      routed: 0,
      accepted: 1,
      partlyAccepted: 0,
      declined: 0,
      late: 0,
      escalated: 0,
      ...extra,
    });
    const sorted = sortKecamatanRows([
      row('Bantaran', {}),
      row('Tiris', { unowned: 2 }),
      row('Tongas', { late: 1 }),
      row('Krejengan', { escalated: 1 }),
      row('Dringu', { declined: 1 }),
      row('Besuk', {}),
    ]);
    expect(sorted.map((r) => r.kecamatan.name.replace('Kecamatan ', ''))).toEqual([
      'Krejengan',
      'Tongas',
      'Tiris',
      'Dringu',
      'Bantaran',
      'Besuk',
    ]);
  });

  it('puts OPDs with escalated, late and declined decisions first', () => {
    const row = (code: string, extra: Partial<OpdFigures>): OpdFigures => ({
      agency: { code, name: `Dinas ${code}` },
      decisions: 2,
      accepted: 0,
      declined: 0,
      open: 0,
      late: 0,
      escalated: 0,
      paguAccepted: 0,
      ...extra,
    });
    const sorted = sortOpdRows([
      row('DINKES', { accepted: 2 }),
      row('DPMD', { open: 1 }),
      row('DLH', { declined: 1 }),
      row('DPUPR', { late: 1, open: 1 }),
      row('DINSOS', { escalated: 1, late: 1, open: 1 }),
    ]);
    expect(sorted.map((r) => r.agency.code)).toEqual(['DINSOS', 'DPUPR', 'DLH', 'DPMD', 'DINKES']);
  });
});
