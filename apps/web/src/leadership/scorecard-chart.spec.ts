import { byAttention, onTimeBars, toneOf, withoutCompletedWork, type OpdScorecard } from './scorecard-chart';

const card = (
  agencyCode: string,
  completed: number,
  completedOnTime: number,
  extra: Partial<OpdScorecard> = {},
) =>
  ({
    agencyCode,
    agencyName: `Nama ${agencyCode}`,
    completed,
    completedOnTime,
    completedLate: completed - completedOnTime,
    completedExtended: 0,
    onTimeRate: completed === 0 ? null : Math.round((completedOnTime / completed) * 1000) / 1000,
    medianWorkingHoursToSubmit: completed === 0 ? null : 5,
    openOverdue: 0,
    revisions: 0,
    reassignmentsAway: 0,
    escalationsReceived: 0,
    escalationsByLevel: { 1: 0, 2: 0, 3: 0 },
    deadlinesExtended: 0,
    reviewsDone: 0,
    medianReviewHours: null,
    reviewsLate: 0,
    ...extra,
  }) satisfies OpdScorecard;

describe('scorecard chart data', () => {
  const rows = [card('DINSOS', 3, 1), card('DINKES', 4, 4), card('BPBD', 0, 0), card('DPUPR', 8, 5)];

  it('draws the on-time rate per OPD in percent, best first, without OPDs that completed nothing', () => {
    expect(onTimeBars(rows)).toEqual([
      {
        code: 'DINKES',
        name: 'Nama DINKES',
        percent: 100,
        completed: 4,
        completedOnTime: 4,
        openOverdue: 0,
        tone: 'good',
      },
      {
        code: 'DPUPR',
        name: 'Nama DPUPR',
        percent: 62.5,
        completed: 8,
        completedOnTime: 5,
        openOverdue: 0,
        tone: 'fair',
      },
      {
        code: 'DINSOS',
        name: 'Nama DINSOS',
        percent: 33.3,
        completed: 3,
        completedOnTime: 1,
        openOverdue: 0,
        tone: 'poor',
      },
    ]);
    expect(withoutCompletedWork(rows).map((r) => r.agencyCode)).toEqual(['BPBD']);
  });

  it('draws an OPD that completed nothing but owes overdue work at 0 %, not among those without a rate', () => {
    const owing = card('DINSOS', 0, 0, { openOverdue: 1, onTimeRate: 0 });
    expect(onTimeBars([owing])).toEqual([
      {
        code: 'DINSOS',
        name: 'Nama DINSOS',
        percent: 0,
        completed: 0,
        completedOnTime: 0,
        openOverdue: 1,
        tone: 'poor',
      },
    ]);
    expect(withoutCompletedWork([owing])).toEqual([]);
  });

  it('orders equal rates by the amount of work, then by code', () => {
    const tied = [card('B', 2, 2), card('A', 2, 2), card('C', 5, 5)];
    expect(onTimeBars(tied).map((b) => b.code)).toEqual(['C', 'A', 'B']);
  });

  it('colours by thresholds', () => {
    expect([toneOf(80), toneOf(79.9), toneOf(50), toneOf(49.9)]).toEqual(['good', 'fair', 'fair', 'poor']);
  });

  it('lists OPDs needing attention first', () => {
    const attention = byAttention([
      card('A', 1, 1),
      card('B', 1, 1, { escalationsReceived: 2 }),
      card('C', 1, 1, { openOverdue: 1 }),
    ]);
    expect(attention.map((r) => r.agencyCode)).toEqual(['C', 'B', 'A']);
  });
});
