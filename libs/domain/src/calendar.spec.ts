import { DateTime } from 'luxon';
import {
  addWorkingTime,
  deadlineFor,
  DEFAULT_OFFICE_HOURS,
  isWorkingInstant,
  isWorkingUnit,
  pointInSla,
  slaToString,
  validateSla,
  workCalendar,
  workingTimeBetween,
  zoneOf,
  type Holiday,
  type Sla,
  type WorkCalendar,
} from './calendar';
import { INDONESIA_HOLIDAYS } from './holidays';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A WIB wall-clock time as epoch ms. */
function wib(iso: string): number {
  const dt = DateTime.fromISO(iso, { zone: 'Asia/Jakarta' });
  if (!dt.isValid) throw new Error(`bad test instant ${iso}`);
  return dt.toMillis();
}

/** Epoch ms back to a readable WIB wall-clock time, so failures show dates rather than numbers. */
function local(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'Asia/Jakarta' }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS ccc");
}

const cal = workCalendar(INDONESIA_HOLIDAYS);
const emergency = workCalendar(INDONESIA_HOLIDAYS, 'ALWAYS');
const noHolidays = workCalendar([]);

function deadline(startIso: string, sla: Sla, calendar: WorkCalendar = cal): string {
  return local(deadlineFor(wib(startIso), sla, calendar));
}

describe('workCalendar', () => {
  it('is WIB with the Pemkab office hours and the given holidays', () => {
    expect(cal.timeZone).toBe('Asia/Jakarta');
    expect(cal.mode).toBe('WORKING');
    expect(cal.officeHours).toEqual({
      1: { start: '07:30', end: '16:00' },
      2: { start: '07:30', end: '16:00' },
      3: { start: '07:30', end: '16:00' },
      4: { start: '07:30', end: '16:00' },
      5: { start: '07:30', end: '16:30' },
    });
    expect(cal.holidays).toHaveLength(INDONESIA_HOLIDAYS.length);
    expect(emergency.mode).toBe('ALWAYS');
  });

  it('copies the defaults, so changing one calendar does not change another', () => {
    const custom = workCalendar([]);
    custom.officeHours[6] = { start: '08:00', end: '12:00' };
    expect(workCalendar([]).officeHours[6]).toBeUndefined();
    expect(DEFAULT_OFFICE_HOURS[6]).toBeUndefined();
    expect(Object.isFrozen(DEFAULT_OFFICE_HOURS)).toBe(true);
  });
});

describe('isWorkingInstant', () => {
  it.each<[string, boolean]>([
    ['2026-03-09T07:29:59.999', false], // Monday, a millisecond before opening
    ['2026-03-09T07:30', true], // opening is office time
    ['2026-03-09T12:00', true], // no lunch break: office hours are continuous
    ['2026-03-09T15:59:59.999', true],
    ['2026-03-09T16:00', false], // closing is not office time
    ['2026-03-12T16:15', false], // Thursday closes at 16:00
    ['2026-03-13T16:15', true], // Friday closes at 16:30
    ['2026-03-13T16:30', false],
    ['2026-03-14T10:00', false], // Saturday
    ['2026-03-15T10:00', false], // Sunday
    ['2026-03-09T02:00', false], // night
    ['2026-03-18T10:00', false], // cuti bersama Nyepi
    ['2026-03-19T10:00', false], // Nyepi
    ['2026-03-20T10:00', false], // cuti bersama Idulfitri
    ['2026-03-23T10:00', false], // cuti bersama Idulfitri
    ['2026-03-25T10:00', true], // back to work after Lebaran
    ['2025-08-18T10:00', false], // cuti bersama HUT ke-80 RI (amended SKB)
    ['2026-01-01T10:00', false], // Tahun Baru
  ])('%s → %s', (iso, expected) => {
    expect(isWorkingInstant(wib(iso), cal)).toBe(expected);
  });

  it('is always true in ALWAYS mode', () => {
    expect(isWorkingInstant(wib('2026-03-15T03:00'), emergency)).toBe(true);
    expect(isWorkingInstant(wib('2026-03-21T23:59'), emergency)).toBe(true);
  });

  it('uses the wall clock of the calendar zone, not of the machine', () => {
    // 01:00 UTC on a Monday is 08:00 WIB.
    expect(isWorkingInstant(Date.UTC(2026, 2, 9, 1, 0), cal)).toBe(true);
    // 09:30 UTC on a Monday is 16:30 WIB, after closing.
    expect(isWorkingInstant(Date.UTC(2026, 2, 9, 9, 30), cal)).toBe(false);
  });
});

describe('addWorkingTime', () => {
  it.each<[string, number, string]>([
    // start before opening counts from 07:30
    ['2026-03-09T06:00', 2 * HOUR, '2026-03-09T09:30:00.000 Mon'],
    // no lunch break
    ['2026-03-09T11:30', 2 * HOUR, '2026-03-09T13:30:00.000 Mon'],
    // time that runs out exactly at closing ends at the closing time
    ['2026-03-09T14:00', 2 * HOUR, '2026-03-09T16:00:00.000 Mon'],
    ['2026-03-09T14:00', 2 * HOUR + 1, '2026-03-10T07:30:00.001 Tue'],
    // start at closing counts from the next opening
    ['2026-03-09T16:00', 30 * MINUTE, '2026-03-10T08:00:00.000 Tue'],
    // Friday has 30 minutes more
    ['2026-03-13T15:00', 1.5 * HOUR, '2026-03-13T16:30:00.000 Fri'],
    ['2026-03-12T15:00', 1.5 * HOUR, '2026-03-13T08:00:00.000 Fri'],
    // weekend skipped
    ['2026-03-13T15:00', 2 * HOUR, '2026-03-16T08:00:00.000 Mon'],
    ['2026-03-14T10:00', HOUR, '2026-03-16T08:30:00.000 Mon'],
    // several days: 2 h Mon + 8.5 h Tue + 8.5 h Wed + 1 h Thu
    ['2026-03-09T14:00', 20 * HOUR, '2026-03-12T08:30:00.000 Thu'],
    // Nyepi and Idulfitri 2026: Wed 18 – Tue 24 March closed
    ['2026-03-17T15:00', 2 * HOUR, '2026-03-25T08:30:00.000 Wed'],
    // year change: Wed 31 Dec 2025, Thu 1 Jan 2026 Tahun Baru, Fri 2 Jan
    ['2025-12-31T15:00', 2 * HOUR, '2026-01-02T08:30:00.000 Fri'],
  ])('%s + %d ms → %s', (start, ms, expected) => {
    expect(local(addWorkingTime(wib(start), ms, cal))).toBe(expected);
  });

  it('returns the start unchanged for zero working time', () => {
    expect(addWorkingTime(wib('2026-03-14T10:00'), 0, cal)).toBe(wib('2026-03-14T10:00'));
  });

  it('is plain addition in ALWAYS mode', () => {
    expect(local(addWorkingTime(wib('2026-03-13T15:00'), 2 * HOUR, emergency))).toBe(
      '2026-03-13T17:00:00.000 Fri',
    );
  });

  it('refuses negative or non-finite durations', () => {
    expect(() => addWorkingTime(wib('2026-03-09T10:00'), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingTime(wib('2026-03-09T10:00'), Number.NaN, cal)).toThrow(RangeError);
    expect(() => addWorkingTime(Number.POSITIVE_INFINITY, HOUR, cal)).toThrow(RangeError);
  });

  it('refuses a calendar without any office hours instead of looping forever', () => {
    const closed: WorkCalendar = { ...cal, officeHours: {} };
    expect(() => addWorkingTime(wib('2026-03-09T10:00'), HOUR, closed)).toThrow(/no office hours/);
  });

  it('refuses malformed office hours and holiday dates', () => {
    const badHours: WorkCalendar = { ...cal, officeHours: { 1: { start: '7:30', end: '16:00' } } };
    expect(() => addWorkingTime(wib('2026-03-09T10:00'), HOUR, badHours)).toThrow(
      "officeHours[1].start must be 'HH:mm', got '7:30'",
    );
    const inverted: WorkCalendar = { ...cal, officeHours: { 1: { start: '16:00', end: '07:30' } } };
    expect(() => addWorkingTime(wib('2026-03-09T10:00'), HOUR, inverted)).toThrow(/must end after it starts/);
    const badDate = workCalendar([{ date: '2026-3-9', name: 'typo', kind: 'NATIONAL_HOLIDAY' }]);
    expect(() => addWorkingTime(wib('2026-03-09T10:00'), HOUR, badDate)).toThrow(/expected YYYY-MM-DD/);
  });
});

describe('workingTimeBetween', () => {
  it.each<[string, string, number]>([
    ['2026-03-09T00:00', '2026-03-10T00:00', 8.5 * HOUR], // a Monday
    ['2026-03-13T00:00', '2026-03-14T00:00', 9 * HOUR], // a Friday
    ['2026-03-09T00:00', '2026-03-16T00:00', 4 * 8.5 * HOUR + 9 * HOUR], // a whole week: 43 h
    ['2026-03-14T00:00', '2026-03-16T00:00', 0], // a weekend
    ['2026-03-18T00:00', '2026-03-25T00:00', 0], // Nyepi + Idulfitri 2026
    ['2026-03-16T00:00', '2026-03-30T00:00', 4 * 8.5 * HOUR + 9 * HOUR], // Mon 16, Tue 17, Wed 25, Thu 26, Fri 27
    ['2026-03-09T10:00', '2026-03-09T10:00', 0],
    ['2026-03-09T12:00', '2026-03-09T10:00', 0], // to before from
    ['2026-03-09T15:00', '2026-03-10T08:00', 1.5 * HOUR], // evening skipped
    ['2025-12-31T15:00', '2026-01-02T08:30', 2 * HOUR], // year change
  ])('[%s, %s) → %d ms', (from, to, expected) => {
    expect(workingTimeBetween(wib(from), wib(to), cal)).toBe(expected);
  });

  it('counts calendar time in ALWAYS mode', () => {
    expect(workingTimeBetween(wib('2026-03-14T00:00'), wib('2026-03-16T00:00'), emergency)).toBe(48 * HOUR);
    expect(workingTimeBetween(wib('2026-03-16T00:00'), wib('2026-03-14T00:00'), emergency)).toBe(0);
  });

  it('is the inverse of addWorkingTime for many starts and durations', () => {
    const durations = [1, MINUTE, 90 * MINUTE, 8.5 * HOUR, 9 * HOUR, 20 * HOUR + 17 * SECOND, 100 * HOUR];
    const first = wib('2026-03-12T00:00');
    const last = wib('2026-03-31T00:00'); // covers weekends, Fridays and the Lebaran closure
    let checked = 0;
    for (let start = first; start < last; start += 53 * MINUTE) {
      for (const duration of durations) {
        const end = addWorkingTime(start, duration, cal);
        expect(workingTimeBetween(start, end, cal)).toBe(duration);
        // the last millisecond consumed was office time
        expect(isWorkingInstant(end - 1, cal)).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBe(517 * 7);
  });
});

describe('deadlineFor', () => {
  describe('workingDays', () => {
    it.each<[string, number, string]>([
      // the same clock time N working days later
      ['2026-03-09T10:00', 3, '2026-03-12T10:00:00.000 Thu'],
      ['2026-03-13T10:00', 1, '2026-03-16T10:00:00.000 Mon'], // weekend skipped
      // after closing: count from the next opening (Mon 07:30), one working day later
      ['2026-03-13T17:00', 1, '2026-03-17T07:30:00.000 Tue'],
      // at closing is outside office hours too
      ['2026-03-12T16:00', 1, '2026-03-16T07:30:00.000 Mon'],
      // before opening: from 07:30 that day
      ['2026-03-09T05:00', 1, '2026-03-10T07:30:00.000 Tue'],
      // on a weekend: from Monday's opening
      ['2026-03-07T10:00', 2, '2026-03-11T07:30:00.000 Wed'],
      // Friday 16:15 has no Monday counterpart: clamp to Monday's closing time
      ['2026-03-13T16:15', 1, '2026-03-16T16:00:00.000 Mon'],
      // ... but a Friday 16:15 start landing on a Friday keeps its clock time
      ['2026-03-13T16:15', 5, '2026-03-27T16:15:00.000 Fri'],
      // Nyepi + Idulfitri 2026: 18, 19, 20, 23, 24 March are closed
      ['2026-03-17T10:00', 1, '2026-03-25T10:00:00.000 Wed'],
      ['2026-03-16T10:00', 3, '2026-03-26T10:00:00.000 Thu'],
      // year change with holidays of two years: Natal 25 Dec, cuti bersama 26 Dec 2025, Tahun Baru 1 Jan 2026
      ['2025-12-24T10:00', 2, '2025-12-30T10:00:00.000 Tue'],
      ['2025-12-24T10:00', 5, '2026-01-05T10:00:00.000 Mon'],
      ['2025-12-31T10:00', 1, '2026-01-02T10:00:00.000 Fri'],
      // a large amount, iterated per day
      ['2026-01-05T10:00', 60, '2026-04-10T10:00:00.000 Fri'],
      ['2025-01-02T10:00', 250, '2026-01-22T10:00:00.000 Thu'],
    ])('%s + %d hari kerja → %s', (start, amount, expected) => {
      expect(deadline(start, { amount, unit: 'workingDays' })).toBe(expected);
    });

    it('clamps a clock time before the target day opening to that opening', () => {
      const lateMonday: WorkCalendar = {
        ...noHolidays,
        officeHours: { ...noHolidays.officeHours, 2: { start: '09:00', end: '16:00' } },
      };
      expect(deadline('2026-03-09T08:00', { amount: 1, unit: 'workingDays' }, lateMonday)).toBe(
        '2026-03-10T09:00:00.000 Tue',
      );
    });

    it('only skips the holidays the calendar knows', () => {
      expect(deadline('2026-03-17T10:00', { amount: 1, unit: 'workingDays' }, noHolidays)).toBe(
        '2026-03-18T10:00:00.000 Wed',
      );
    });

    it('is calendar days in ALWAYS mode', () => {
      expect(deadline('2026-03-13T17:00', { amount: 1, unit: 'workingDays' }, emergency)).toBe(
        '2026-03-14T17:00:00.000 Sat',
      );
      expect(deadline('2026-03-17T10:00', { amount: 3, unit: 'workingDays' }, emergency)).toBe(
        '2026-03-20T10:00:00.000 Fri',
      );
    });
  });

  describe('workingHours', () => {
    it.each<[string, number, string]>([
      ['2026-03-09T10:00', 4, '2026-03-09T14:00:00.000 Mon'],
      ['2026-03-09T14:00', 20, '2026-03-12T08:30:00.000 Thu'],
      ['2026-03-13T15:00', 2, '2026-03-16T08:00:00.000 Mon'],
      ['2026-03-17T14:00', 4, '2026-03-25T09:30:00.000 Wed'], // Lebaran closure skipped
      ['2026-03-09T10:00', 1.5, '2026-03-09T11:30:00.000 Mon'],
      ['2025-12-31T15:00', 2, '2026-01-02T08:30:00.000 Fri'],
    ])('%s + %d jam kerja → %s', (start, amount, expected) => {
      expect(deadline(start, { amount, unit: 'workingHours' })).toBe(expected);
    });

    it('is calendar hours in ALWAYS mode', () => {
      expect(deadline('2026-03-13T15:00', { amount: 5, unit: 'workingHours' }, emergency)).toBe(
        '2026-03-13T20:00:00.000 Fri',
      );
    });
  });

  describe('calendar units ignore office hours even in WORKING mode', () => {
    it.each<[Sla, string]>([
      [{ amount: 10, unit: 'seconds' }, '2026-03-13T15:00:10.000 Fri'],
      [{ amount: 30, unit: 'minutes' }, '2026-03-13T15:30:00.000 Fri'],
      [{ amount: 5, unit: 'hours' }, '2026-03-13T20:00:00.000 Fri'],
      [{ amount: 1.5, unit: 'hours' }, '2026-03-13T16:30:00.000 Fri'],
      [{ amount: 2, unit: 'days' }, '2026-03-15T15:00:00.000 Sun'],
      [{ amount: 7, unit: 'days' }, '2026-03-20T15:00:00.000 Fri'],
    ])('%j from Fri 2026-03-13 15:00 → %s', (sla, expected) => {
      expect(deadline('2026-03-13T15:00', sla)).toBe(expected);
    });

    it('days cross the year boundary by the calendar', () => {
      expect(deadline('2026-12-31T10:00', { amount: 2, unit: 'days' })).toBe('2027-01-02T10:00:00.000 Sat');
    });
  });

  it('throws the validateSla message for an invalid SLA', () => {
    expect(() => deadlineFor(wib('2026-03-09T10:00'), { amount: 1.5, unit: 'workingDays' }, cal)).toThrow(
      'sla.amount must be a whole number for workingDays',
    );
    expect(() => deadlineFor(wib('2026-03-09T10:00'), { amount: 0, unit: 'hours' }, cal)).toThrow(
      'sla.amount must be greater than 0',
    );
  });
});

describe("Indonesia's zones as fixed offsets", () => {
  const zones: [string, number, string][] = [
    ['Asia/Jakarta', 420, 'Etc/GMT-7'],
    ['Asia/Pontianak', 420, 'Etc/GMT-7'],
    ['Asia/Makassar', 480, 'Etc/GMT-8'],
    ['Asia/Jayapura', 540, 'Etc/GMT-9'],
  ];

  it.each(zones)('%s has had one offset (%d minutes) every month from 1990 to 2100', (zone, minutes) => {
    const offsets = new Set<number>();
    for (let month = DateTime.utc(1990, 1, 1); month.year <= 2100; month = month.plus({ days: 15 })) {
      offsets.add(DateTime.fromMillis(month.toMillis(), { zone }).offset);
    }
    expect([...offsets]).toEqual([minutes]);
    expect(zoneOf(zone)).not.toBe(zone);
  });

  it.each(zones)(
    '%s gives the same deadlines, reminders and spans as its IANA rules',
    (zone, _minutes, iana) => {
      // Etc/GMT-7 and friends are IANA zones with the same offset: luxon takes them through Intl, as any zone.
      const fixed: WorkCalendar = { ...cal, timeZone: zone };
      const viaIntl: WorkCalendar = { ...cal, timeZone: iana };
      expect(zoneOf(iana)).toBe(iana);
      const slas: Sla[] = [
        { amount: 3, unit: 'workingDays' },
        { amount: 7, unit: 'workingHours' },
        { amount: 90, unit: 'minutes' },
        { amount: 2, unit: 'days' },
        { amount: 30, unit: 'hours' },
      ];
      for (
        let start = wib('2025-12-20T05:13');
        start < wib('2026-04-10T00:00');
        start += 29 * HOUR + 11 * MINUTE
      ) {
        for (const sla of slas) {
          const due = deadlineFor(start, sla, fixed);
          expect(due).toBe(deadlineFor(start, sla, viaIntl));
          expect(pointInSla(start, due, 0.75, fixed)).toBe(pointInSla(start, due, 0.75, viaIntl));
          expect(workingTimeBetween(start, due, fixed)).toBe(workingTimeBetween(start, due, viaIntl));
        }
        expect(isWorkingInstant(start, fixed)).toBe(isWorkingInstant(start, viaIntl));
      }
    },
  );
});

describe('pointInSla', () => {
  it('places the 50% and 75% reminders by working time', () => {
    const start = wib('2026-03-09T10:00');
    const due = deadlineFor(start, { amount: 3, unit: 'workingDays' }, cal); // Thu 12 March 10:00, 25.5 h
    expect(local(due)).toBe('2026-03-12T10:00:00.000 Thu');
    expect(local(pointInSla(start, due, 0.5, cal))).toBe('2026-03-10T14:15:00.000 Tue'); // 12.75 h
    expect(local(pointInSla(start, due, 0.75, cal))).toBe('2026-03-11T12:07:30.000 Wed'); // 19.125 h
    expect(pointInSla(start, due, 0, cal)).toBe(start);
    expect(pointInSla(start, due, 1, cal)).toBe(due);
  });

  it('skips the Lebaran closure', () => {
    const start = wib('2026-03-17T10:00');
    const due = deadlineFor(start, { amount: 1, unit: 'workingDays' }, cal); // Wed 25 March 10:00, 8.5 h
    expect(local(pointInSla(start, due, 0.5, cal))).toBe('2026-03-17T14:15:00.000 Tue');
    expect(local(pointInSla(start, due, 0.75, cal))).toBe('2026-03-25T07:52:30.000 Wed');
  });

  it('returns the deadline itself at 100% when it lies after the last office minute', () => {
    const start = wib('2026-03-13T17:00');
    const due = deadlineFor(start, { amount: 1, unit: 'workingDays' }, cal);
    expect(local(due)).toBe('2026-03-17T07:30:00.000 Tue');
    expect(local(pointInSla(start, due, 0.5, cal))).toBe('2026-03-16T11:45:00.000 Mon');
    expect(local(pointInSla(start, due, 1, cal))).toBe('2026-03-17T07:30:00.000 Tue');
  });

  it('interpolates calendar time when there is no office time in between', () => {
    expect(local(pointInSla(wib('2026-03-14T10:00'), wib('2026-03-14T14:00'), 0.5, cal))).toBe(
      '2026-03-14T12:00:00.000 Sat',
    );
  });

  it('is calendar time in ALWAYS mode', () => {
    expect(local(pointInSla(wib('2026-03-13T15:00'), wib('2026-03-14T15:00'), 0.75, emergency))).toBe(
      '2026-03-14T09:00:00.000 Sat',
    );
  });

  it('returns the start when the deadline is not after it, and refuses fractions outside 0…1', () => {
    expect(pointInSla(wib('2026-03-09T10:00'), wib('2026-03-09T09:00'), 0.5, cal)).toBe(
      wib('2026-03-09T10:00'),
    );
    expect(() => pointInSla(wib('2026-03-09T10:00'), wib('2026-03-10T10:00'), 1.5, cal)).toThrow(RangeError);
    expect(() => pointInSla(wib('2026-03-09T10:00'), wib('2026-03-10T10:00'), -0.1, cal)).toThrow(RangeError);
  });
});

describe('validateSla', () => {
  it.each<[unknown, string | null]>([
    [{ amount: 3, unit: 'workingDays' }, null],
    [{ amount: 1.5, unit: 'workingHours' }, null],
    [{ amount: 0.5, unit: 'hours' }, null],
    [{ amount: 10, unit: 'seconds' }, null],
    [{ amount: 2, unit: 'days' }, null],
    [null, 'sla must be an object { amount, unit }'],
    ['3 days', 'sla must be an object { amount, unit }'],
    [[3, 'days'], 'sla must be an object { amount, unit }'],
    [{ amount: 3 }, 'sla.unit must be one of seconds, minutes, hours, days, workingHours, workingDays'],
    [
      { amount: 3, unit: 'weeks' },
      'sla.unit must be one of seconds, minutes, hours, days, workingHours, workingDays',
    ],
    [{ amount: '3', unit: 'days' }, 'sla.amount must be a finite number'],
    [{ amount: Number.NaN, unit: 'days' }, 'sla.amount must be a finite number'],
    [{ amount: Number.POSITIVE_INFINITY, unit: 'hours' }, 'sla.amount must be a finite number'],
    [{ amount: 0, unit: 'minutes' }, 'sla.amount must be greater than 0'],
    [{ amount: -2, unit: 'workingHours' }, 'sla.amount must be greater than 0'],
    [{ amount: 1.5, unit: 'days' }, 'sla.amount must be a whole number for days'],
    [{ amount: 2.5, unit: 'workingDays' }, 'sla.amount must be a whole number for workingDays'],
    [
      { amount: 2501, unit: 'workingDays' },
      'sla.amount must be at most 2500 for workingDays (about ten years)',
    ],
  ])('%j → %j', (sla, expected) => {
    expect(validateSla(sla)).toBe(expected);
  });
});

describe('slaToString', () => {
  it.each<[Sla, string]>([
    [{ amount: 3, unit: 'workingDays' }, '3 hari kerja'],
    [{ amount: 4, unit: 'workingHours' }, '4 jam kerja'],
    [{ amount: 30, unit: 'minutes' }, '30 menit'],
    [{ amount: 2, unit: 'days' }, '2 hari'],
    [{ amount: 10, unit: 'seconds' }, '10 detik'],
    [{ amount: 5, unit: 'hours' }, '5 jam'],
    [{ amount: 1.5, unit: 'workingHours' }, '1,5 jam kerja'],
  ])('%j → %s', (sla, expected) => {
    expect(slaToString(sla)).toBe(expected);
  });
});

describe('isWorkingUnit', () => {
  it('is true only for the units that count office time', () => {
    expect(isWorkingUnit('workingDays')).toBe(true);
    expect(isWorkingUnit('workingHours')).toBe(true);
    expect(isWorkingUnit('days')).toBe(false);
    expect(isWorkingUnit('hours')).toBe(false);
  });
});

describe('INDONESIA_HOLIDAYS', () => {
  const byYear = (year: string, kind: Holiday['kind']) =>
    INDONESIA_HOLIDAYS.filter((h) => h.date.startsWith(year) && h.kind === kind).length;

  it('has the SKB counts: 2025 17 + 11 (incl. 18 August), 2026 17 + 8, 2027 provisional without cuti bersama', () => {
    expect([byYear('2025', 'NATIONAL_HOLIDAY'), byYear('2025', 'CUTI_BERSAMA')]).toEqual([17, 11]);
    expect([byYear('2026', 'NATIONAL_HOLIDAY'), byYear('2026', 'CUTI_BERSAMA')]).toEqual([17, 8]);
    expect([byYear('2027', 'NATIONAL_HOLIDAY'), byYear('2027', 'CUTI_BERSAMA')]).toEqual([17, 0]);
  });

  it('has real, unique, sorted dates and names', () => {
    const dates = INDONESIA_HOLIDAYS.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const holiday of INDONESIA_HOLIDAYS) {
      expect(DateTime.fromISO(holiday.date, { zone: 'Asia/Jakarta' }).toISODate()).toBe(holiday.date);
      expect(holiday.name.length).toBeGreaterThan(0);
    }
  });

  it('closes the Idulfitri 2026 week: cuti bersama 20, 23, 24 March around Idulfitri 21–22 March', () => {
    const march = INDONESIA_HOLIDAYS.filter((h) => h.date >= '2026-03-18' && h.date <= '2026-03-24');
    expect(march.map((h) => `${h.date} ${h.kind}`)).toEqual([
      '2026-03-18 CUTI_BERSAMA',
      '2026-03-19 NATIONAL_HOLIDAY',
      '2026-03-20 CUTI_BERSAMA',
      '2026-03-21 NATIONAL_HOLIDAY',
      '2026-03-22 NATIONAL_HOLIDAY',
      '2026-03-23 CUTI_BERSAMA',
      '2026-03-24 CUTI_BERSAMA',
    ]);
  });
});
