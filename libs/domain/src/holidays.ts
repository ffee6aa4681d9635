import { type Holiday } from './calendar';

/**
 * Indonesian national holidays (hari libur nasional) and cuti bersama, per the Joint Decree of the Minister
 * of Religious Affairs, the Minister of Manpower and the Minister of Administrative and Bureaucratic Reform
 * (SKB 3 Menteri) for each year. Data, not logic: the working-time calendar (calendar.ts) skips these dates.
 *
 * This file is the seed. ADMIN can override it through the database: a later change loads holidays from a
 * table seeded from this list, so a revised SKB (extra cuti bersama, a moved Idulfitri after the sidang
 * isbat) or a regional holiday is a data change, not a code change.
 *
 * Weekend entries are kept for completeness (they are holidays on paper) even though offices are closed
 * anyway. One entry per date; the list is sorted by date.
 */
export const INDONESIA_HOLIDAYS: Holiday[] = [
  // 2025 — SKB No. 1017/2024, 2/2024, 2/2024 (17 libur nasional, 10 cuti bersama), amended by SKB
  // No. 933/2025, 1/2025, 3/2025 (cuti bersama 18 August 2025 for the 80th Independence Day).
  { date: '2025-01-01', name: 'Tahun Baru 2025 Masehi', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-01-27', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-01-28', name: 'Cuti bersama Tahun Baru Imlek 2576 Kongzili', kind: 'CUTI_BERSAMA' },
  { date: '2025-01-29', name: 'Tahun Baru Imlek 2576 Kongzili', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-03-28', name: 'Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1947)', kind: 'CUTI_BERSAMA' },
  { date: '2025-03-29', name: 'Hari Suci Nyepi (Tahun Baru Saka 1947)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-03-31', name: 'Idulfitri 1446 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-04-01', name: 'Idulfitri 1446 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-04-02', name: 'Cuti bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2025-04-03', name: 'Cuti bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2025-04-04', name: 'Cuti bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2025-04-07', name: 'Cuti bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2025-04-18', name: 'Wafat Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-04-20', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-05-01', name: 'Hari Buruh Internasional', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-05-12', name: 'Hari Raya Waisak 2569 BE', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-05-13', name: 'Cuti bersama Hari Raya Waisak 2569 BE', kind: 'CUTI_BERSAMA' },
  { date: '2025-05-29', name: 'Kenaikan Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-05-30', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'CUTI_BERSAMA' },
  { date: '2025-06-01', name: 'Hari Lahir Pancasila', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-06-06', name: 'Iduladha 1446 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-06-09', name: 'Cuti bersama Iduladha 1446 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2025-06-27', name: '1 Muharam Tahun Baru Islam 1447 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-08-18', name: 'Cuti bersama HUT ke-80 Kemerdekaan RI', kind: 'CUTI_BERSAMA' },
  { date: '2025-09-05', name: 'Maulid Nabi Muhammad SAW', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-12-25', name: 'Kelahiran Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-12-26', name: 'Cuti bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },

  // 2026 — SKB No. 1497/2025, 2/2025, 5/2025 (17 libur nasional, 8 cuti bersama).
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek 2577 Kongzili', kind: 'CUTI_BERSAMA' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'CUTI_BERSAMA' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-03-20', name: 'Cuti bersama Idulfitri 1447 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2026-03-21', name: 'Idulfitri 1447 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-03-22', name: 'Idulfitri 1447 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-03-23', name: 'Cuti bersama Idulfitri 1447 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2026-03-24', name: 'Cuti bersama Idulfitri 1447 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'CUTI_BERSAMA' },
  { date: '2026-05-27', name: 'Iduladha 1447 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-05-28', name: 'Cuti bersama Iduladha 1447 Hijriah', kind: 'CUTI_BERSAMA' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 Hijriah', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW', kind: 'NATIONAL_HOLIDAY' },
  { date: '2026-12-24', name: 'Cuti bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },
  { date: '2026-12-25', name: 'Kelahiran Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },

  // 2027 — PROVISIONAL until the 2027 SKB 3 Menteri is published (usually in September of the year before).
  // Fixed dates are certain; Easter-based dates follow Easter on 28 March 2027; Imlek, Nyepi and Waisak follow
  // the new/full moon; Hijri dates are estimates from the astronomical new moon and the MABIMS visibility
  // criterion used by Kementerian Agama, and may move by a day after the sidang isbat. Isra Mikraj 1449 H is
  // expected on 25 December 2027, the same day as Christmas, so it has no entry of its own. Cuti bersama for
  // 2027 are deliberately not guessed: ADMIN adds them when the SKB is out.
  { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-01-05', name: 'Isra Mikraj Nabi Muhammad SAW (perkiraan)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-02-06', name: 'Tahun Baru Imlek 2578 Kongzili', kind: 'NATIONAL_HOLIDAY' },
  {
    date: '2027-03-08',
    name: 'Hari Suci Nyepi (Tahun Baru Saka 1949) (perkiraan)',
    kind: 'NATIONAL_HOLIDAY',
  },
  { date: '2027-03-10', name: 'Idulfitri 1448 Hijriah (perkiraan)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-03-11', name: 'Idulfitri 1448 Hijriah (perkiraan)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-03-26', name: 'Wafat Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-05-01', name: 'Hari Buruh Internasional', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-05-06', name: 'Kenaikan Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-05-17', name: 'Iduladha 1448 Hijriah (perkiraan)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-05-20', name: 'Hari Raya Waisak 2571 BE (perkiraan)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-06-01', name: 'Hari Lahir Pancasila', kind: 'NATIONAL_HOLIDAY' },
  {
    date: '2027-06-06',
    name: '1 Muharam Tahun Baru Islam 1449 Hijriah (perkiraan)',
    kind: 'NATIONAL_HOLIDAY',
  },
  { date: '2027-08-15', name: 'Maulid Nabi Muhammad SAW (perkiraan)', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL_HOLIDAY' },
  { date: '2027-12-25', name: 'Kelahiran Yesus Kristus', kind: 'NATIONAL_HOLIDAY' },
];
