import type { OpdScorecard } from '@gotong/domain/scorecard';
import { completionBars, pressureBars } from './scorecard-pressure';

const card = (agencyCode: string, extra: Partial<OpdScorecard>): OpdScorecard => ({
  agencyCode,
  agencyName: `Nama ${agencyCode}`,
  completed: 0,
  completedOnTime: 0,
  completedLate: 0,
  completedExtended: 0,
  onTimeRate: null,
  medianWorkingHoursToSubmit: null,
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
});

describe('scorecard completion and pressure charts', () => {
  it('shows the median working hours OPDs took to submit, of OPDs that completed work, slowest first', () => {
    const rows = [
      card('DINKES', { completed: 4, medianWorkingHoursToSubmit: 5.26 }),
      card('DPUPR', { completed: 2, medianWorkingHoursToSubmit: 30 }),
      card('BPBD', { completed: 0 }),
    ];
    expect(completionBars(rows)).toEqual([
      { code: 'DPUPR', name: 'Nama DPUPR', hours: 30, completed: 2 },
      { code: 'DINKES', name: 'Nama DINKES', hours: 5.3, completed: 4 },
    ]);
  });

  it('stacks escalations per ladder level and reassignments per OPD, most first, leaving out quiet OPDs', () => {
    const rows = [
      card('DINSOS', { escalationsByLevel: { 1: 2, 2: 1, 3: 0 }, reassignmentsAway: 1 }),
      card('DPUPR', { escalationsByLevel: { 1: 1, 2: 1, 3: 1 }, reassignmentsAway: 1 }),
      card('DINKES', {}),
      card('BPBD', { reassignmentsAway: 1 }),
    ];
    expect(
      pressureBars(rows).map((b) => [b.code, b.level1, b.level2, b.level3, b.reassignments, b.total]),
    ).toEqual([
      ['DPUPR', 1, 1, 1, 1, 4],
      ['DINSOS', 2, 1, 0, 1, 4],
      ['BPBD', 0, 0, 0, 1, 1],
    ]);
  });
});
