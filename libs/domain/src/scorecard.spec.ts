import { buildScorecards, median } from './scorecard';

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('buildScorecards', () => {
  const dinkes = { id: 'a', code: 'DINKES', name: 'Dinas Kesehatan' };
  const dinsos = { id: 'b', code: 'DINSOS', name: 'Dinas Sosial' };
  const at = (hours: number) => new Date(Date.UTC(2026, 10, 2, 0) + hours * 3_600_000);

  it('computes on-time rate, median hours, overdue, reassignments, escalations and extensions per OPD', () => {
    const cards = buildScorecards({
      agencies: [dinkes, dinsos],
      completedTasks: [
        { agencyId: 'a', createdAt: at(0), dueAt: at(24), completedAt: at(10) }, // on time, 10 h
        { agencyId: 'a', createdAt: at(0), dueAt: at(24), completedAt: at(30) }, // late, 30 h
        { agencyId: 'a', createdAt: at(0), dueAt: at(24), completedAt: at(24) }, // exactly at the deadline: on time
      ],
      openOverdueTasks: [{ agencyId: 'b' }, { agencyId: 'b' }],
      reassignments: [{ fromAgencyId: 'b' }],
      escalations: [
        { agencyId: 'b', level: 1 },
        { agencyId: 'b', level: 2 },
        { agencyId: 'b', level: 1 },
      ],
      extensions: [{ agencyId: 'b' }],
    });
    expect(cards).toEqual([
      {
        agencyCode: 'DINKES',
        agencyName: 'Dinas Kesehatan',
        completed: 3,
        completedOnTime: 2,
        onTimeRate: 0.667,
        medianHoursToComplete: 24,
        openOverdue: 0,
        reassignmentsAway: 0,
        escalationsReceived: 0,
        escalationsByLevel: { 1: 0, 2: 0, 3: 0 },
        deadlinesExtended: 0,
      },
      {
        agencyCode: 'DINSOS',
        agencyName: 'Dinas Sosial',
        completed: 0,
        completedOnTime: 0,
        onTimeRate: null,
        medianHoursToComplete: null,
        openOverdue: 2,
        reassignmentsAway: 1,
        escalationsReceived: 3,
        escalationsByLevel: { 1: 2, 2: 1, 3: 0 },
        deadlinesExtended: 1,
      },
    ]);
  });
});
