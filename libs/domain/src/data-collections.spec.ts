import { workCalendar } from './calendar';
import {
  collectionDeadline,
  collectionTimeline,
  nextPeriod,
  periodBounds,
  periodEndedBy,
  periodOpensAt,
  periodsFromTo,
} from './data-standard/collections';
import { dataRequestProblems, planDataRequest } from './data-standard/request-plan';
import type { IndicatorStandard } from './data-standard';

const iso = (ms: number) => new Date(ms).toISOString();
const NO_HOLIDAYS = workCalendar([]);

describe('recurring collection periods (WIB)', () => {
  it('bounds months, quarters and years at midnight Asia/Jakarta', () => {
    expect(periodBounds('MONTHLY', '2026-01')).toEqual({
      startMs: Date.parse('2025-12-31T17:00:00Z'),
      endMs: Date.parse('2026-01-31T17:00:00Z'),
    });
    expect(iso(periodBounds('MONTHLY', '2026-12').endMs)).toBe('2026-12-31T17:00:00.000Z');
    expect(iso(periodBounds('MONTHLY', '2028-02').endMs)).toBe('2028-02-29T17:00:00.000Z');
    expect(periodBounds('QUARTERLY', '2026-Q4')).toEqual({
      startMs: Date.parse('2026-09-30T17:00:00Z'),
      endMs: Date.parse('2026-12-31T17:00:00Z'),
    });
    expect(periodBounds('YEARLY', '2026')).toEqual({
      startMs: Date.parse('2025-12-31T17:00:00Z'),
      endMs: Date.parse('2026-12-31T17:00:00Z'),
    });
    expect(() => periodBounds('MONTHLY', '2026-13')).toThrow(RangeError);
    expect(() => periodBounds('QUARTERLY', '2026-07')).toThrow(/quarter/);
  });

  it('steps to the next period across year ends', () => {
    expect(nextPeriod('MONTHLY', '2026-12')).toBe('2027-01');
    expect(nextPeriod('QUARTERLY', '2026-Q4')).toBe('2027-Q1');
    expect(nextPeriod('QUARTERLY', '2026-Q1')).toBe('2026-Q2');
    expect(nextPeriod('YEARLY', '2026')).toBe('2027');
    expect(periodsFromTo('QUARTERLY', '2025-Q3', '2026-Q2')).toEqual([
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(periodsFromTo('MONTHLY', '2026-03', '2026-02')).toEqual([]);
  });

  it('opens the period that has ended by the instant: the schedule fires when it ends', () => {
    // 2026-01-31T17:00Z is 1 February 00:00 WIB: January has just ended.
    expect(periodEndedBy(Date.parse('2026-01-31T17:00:00Z'), 'MONTHLY')).toBe('2026-01');
    // One second earlier it is still 31 January in WIB: December has ended.
    expect(periodEndedBy(Date.parse('2026-01-31T16:59:59Z'), 'MONTHLY')).toBe('2025-12');
    expect(periodEndedBy(Date.parse('2026-12-31T17:00:00Z'), 'YEARLY')).toBe('2026');
    expect(periodEndedBy(Date.parse('2026-12-31T16:59:59Z'), 'YEARLY')).toBe('2025');
    expect(periodEndedBy(Date.parse('2026-03-31T17:00:00Z'), 'QUARTERLY')).toBe('2026-Q1');
    expect(periodEndedBy(Date.parse('2026-01-15T00:00:00Z'), 'QUARTERLY')).toBe('2025-Q4');
    for (const [p, period] of [
      ['MONTHLY', '2026-07'],
      ['QUARTERLY', '2026-Q3'],
      ['YEARLY', '2026'],
    ] as const) {
      expect(periodEndedBy(periodOpensAt(p, period), p)).toBe(period);
    }
  });

  it('puts the deadline N working days after the period ends, skipping weekends and holidays', () => {
    // February 2026 ends Sunday 1 March 00:00 WIB; counting starts Monday 07:30: 5 working days → Monday 9 March.
    expect(iso(collectionDeadline('MONTHLY', '2026-02', 5, NO_HOLIDAYS))).toBe('2026-03-09T00:30:00.000Z');
    // 2026 ends on a Friday at midnight (1 January 2027, Friday, is a holiday here): Monday 4 January opens.
    const newYear = workCalendar([{ date: '2027-01-01', name: 'Tahun Baru', kind: 'NATIONAL_HOLIDAY' }]);
    expect(iso(collectionDeadline('YEARLY', '2026', 1, newYear))).toBe('2027-01-05T00:30:00.000Z');
    expect(iso(collectionDeadline('YEARLY', '2026', 1, NO_HOLIDAYS))).toBe('2027-01-04T00:30:00.000Z');
    // Q3 2026 ends Thursday 1 October 00:00 WIB; 10 working days → Thursday 15 October 07:30.
    expect(iso(collectionDeadline('QUARTERLY', '2026-Q3', 10, NO_HOLIDAYS))).toBe('2026-10-15T00:30:00.000Z');
  });

  it('tells opened, missed and upcoming periods apart, newest first', () => {
    const timeline = collectionTimeline({
      periodicity: 'MONTHLY',
      firstPeriod: '2026-09',
      nowMs: Date.parse('2026-12-06T08:00:00Z'),
      opened: new Set(['2026-09', '2026-11']),
      workingDays: 5,
      calendar: NO_HOLIDAYS,
    });
    expect(timeline.map((p) => [p.period, p.status])).toEqual([
      ['2026-12', 'UPCOMING'],
      ['2026-11', 'OPENED'],
      ['2026-10', 'MISSED'],
      ['2026-09', 'OPENED'],
    ]);
    expect(iso(timeline[0]!.opensAt)).toBe('2026-12-31T17:00:00.000Z');
    // A collection that starts later has only its first period upcoming.
    const later = collectionTimeline({
      periodicity: 'QUARTERLY',
      firstPeriod: '2027-Q2',
      nowMs: Date.parse('2026-12-06T08:00:00Z'),
      opened: new Set(),
      workingDays: 5,
      calendar: NO_HOLIDAYS,
      upcoming: 2,
    });
    expect(later.map((p) => [p.period, p.status])).toEqual([
      ['2027-Q3', 'UPCOMING'],
      ['2027-Q2', 'UPCOMING'],
    ]);
  });
});

describe('the data request plan shared by the API and the collections', () => {
  const standard: IndicatorStandard = {
    code: 'BALITA_STUNTING',
    name: 'Balita stunting',
    definition: 'Balita dengan TB/U < -2 SD.',
    unit: 'anak',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'yearly',
    breakdown: null,
    producers: ['DINKES', 'DP3AP2KB'],
    jumpFactor: 2,
    metadata: { source: 'e-PPGBM', method: 'Antropometri', contact: 'Walidata' },
  };
  const standards = new Map([['BALITA_STUNTING', { version: 3, standard }]]);

  it('names the field of each problem', () => {
    expect(dataRequestProblems(standards, '2026-01', ['35.13.99'])).toEqual([
      'period: must be a year such as 2026 (BALITA_STUNTING is yearly)',
      'areas[0]: 35.13.99 is not an area of Kabupaten Probolinggo',
    ]);
    expect(dataRequestProblems(standards, '2026', ['35.13.07'])).toEqual([]);
  });

  it('asks each producer for its indicators over every desa of the selection', () => {
    const plan = planDataRequest({
      standards,
      agencies: new Map([
        ['DINKES', { id: 'a1', code: 'DINKES' }],
        ['DP3AP2KB', { id: 'a2', code: 'DP3AP2KB' }],
      ]),
      period: '2026',
      areas: ['35.13.07'],
      sla: { amount: 10, unit: 'workingDays' },
    });
    expect(plan.title).toBe('Permintaan data Balita stunting — 2026');
    expect(plan.steps.map((s) => [s.key, s.agencyId, s.sla.amount])).toEqual([
      ['data-dinkes', 'a1', 10],
      ['data-dp3ap2kb', 'a2', 10],
    ]);
    expect(plan.indicators).toEqual([{ code: 'BALITA_STUNTING', version: 3, fieldKeys: ['balitaStunting'] }]);
    expect(plan.desa.length).toBeGreaterThan(5);
    expect(plan.desa.every((d) => d.startsWith('35.13.07.'))).toBe(true);
  });
});
