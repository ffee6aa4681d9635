import { workCalendar } from './calendar';
import {
  buildScorecards,
  holderAt,
  holderRevisions,
  holderWorkingHours,
  judgeTask,
  latestWord,
  median,
  reviewWorkingHours,
  type ContributionFacts,
  type TaskFacts,
} from './scorecard';

const office = workCalendar([]);
const always = workCalendar([], 'ALWAYS');
/** Monday 2 November 2026, 08:00 WIB (01:00 UTC), plus hours of calendar time. */
const at = (hours: number) => new Date(Date.UTC(2026, 10, 2, 1) + hours * 3_600_000);
const now = at(24 * 30);

function task(overrides: Partial<TaskFacts> = {}): TaskFacts {
  return {
    agencyId: 'dinsos',
    status: 'COMPLETED',
    dueAt: at(6),
    holderSince: at(0),
    completedAt: at(5),
    contributions: [accepted(at(4), at(6))],
    extendedAt: [],
    calendar: office,
    ...overrides,
  };
}
const accepted = (submittedAt: Date, dueAt: Date | null, version = 1): ContributionFacts => ({
  version,
  status: 'ACCEPTED',
  submittedAt,
  dueAt,
});
const returned = (submittedAt: Date, version: number): ContributionFacts => ({
  version,
  status: 'RETURNED',
  submittedAt,
  dueAt: at(6),
});

const dinsos = { id: 'dinsos', code: 'DINSOS', name: 'Dinas Sosial' };
const bappeda = { id: 'bappeda', code: 'BAPPEDA', name: 'Bappeda' };

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('judgeTask: an OPD is judged by its submission', () => {
  it('is on time when the accepted contribution was submitted by the deadline in force then', () => {
    expect(judgeTask(task(), now)).toBe('ON_TIME');
    expect(judgeTask(task({ contributions: [accepted(at(6), at(6))] }), now)).toBe('ON_TIME');
    expect(judgeTask(task({ contributions: [accepted(at(7), at(6))] }), now)).toBe('LATE');
  });

  it('does not blame the OPD for a slow review: accepted days after the deadline, submitted before it', () => {
    expect(judgeTask(task({ completedAt: at(24 * 5), contributions: [accepted(at(5), at(6))] }), now)).toBe(
      'ON_TIME',
    );
  });

  it('judges the accepted version, after a revision, by the deadline in force at its submission', () => {
    const revised = task({ contributions: [returned(at(2), 1), accepted(at(8), at(10), 2)] });
    expect(judgeTask(revised, now)).toBe('ON_TIME');
    expect(
      judgeTask({ ...revised, contributions: [returned(at(2), 1), accepted(at(8), at(6), 2)] }, now),
    ).toBe('LATE');
  });

  it("falls back to the task's deadline for contributions recorded before the deadline was kept", () => {
    expect(judgeTask(task({ contributions: [accepted(at(5), null)] }), now)).toBe('ON_TIME');
    expect(judgeTask(task({ contributions: [accepted(at(7), null)] }), now)).toBe('LATE');
  });

  it('never calls an extended task on time: an extension is only granted to a task already late', () => {
    const extended = task({ dueAt: at(30), extendedAt: [at(7)], contributions: [accepted(at(20), at(30))] });
    expect(judgeTask(extended, now)).toBe('EXTENDED');
  });

  it('does not hold an extension granted to the previous OPD against the OPD the task moved to', () => {
    const moved = task({
      holderSince: at(10),
      extendedAt: [at(7)],
      contributions: [accepted(at(12), at(30))],
    });
    expect(judgeTask(moved, now)).toBe('ON_TIME');
  });

  it('counts a task the OPD still owes past its deadline as open overdue; not a submission waiting for review', () => {
    for (const status of ['ASSIGNED', 'CLAIMED', 'RETURNED'])
      expect(judgeTask(task({ status, completedAt: null, contributions: [] }), now)).toBe('OPEN_OVERDUE');
    expect(judgeTask(task({ status: 'ASSIGNED', dueAt: at(24 * 40), completedAt: null }), now)).toBeNull();
    expect(judgeTask(task({ status: 'SUBMITTED', completedAt: null }), now)).toBeNull();
    expect(judgeTask(task({ status: 'CANCELLED', completedAt: null }), now)).toBeNull();
  });
});

describe("the holder's own time", () => {
  it('counts working hours only: a submission the next morning is not a night of work', () => {
    // Monday 08:00 → Tuesday 09:00 WIB: 8 h Monday (to 16:00) + 1.5 h Tuesday (from 07:30).
    expect(holderWorkingHours(task({ contributions: [accepted(at(25), at(30))] }))).toBe(9.5);
    // An emergency's 24/7 calendar counts every hour.
    expect(holderWorkingHours(task({ calendar: always, contributions: [accepted(at(25), at(30))] }))).toBe(
      25,
    );
  });

  it('counts from the move for a reassigned task: the previous OPD’s time is not carried', () => {
    const moved = task({
      holderSince: at(2),
      contributions: [returned(at(1), 1), accepted(at(5), at(6), 2)],
    });
    expect(holderWorkingHours(moved)).toBe(3);
    // The revision asked of the previous OPD is not the new OPD's.
    expect(holderRevisions(moved)).toBe(0);
  });

  it('is null before the OPD has submitted anything', () => {
    expect(holderWorkingHours(task({ status: 'CLAIMED', contributions: [] }))).toBeNull();
  });

  it('knows which OPD held a task at an instant from its moves', () => {
    const moves = [
      { at: at(10), fromAgencyId: 'a' },
      { at: at(20), fromAgencyId: 'b' },
    ];
    expect(holderAt('c', moves, at(5))).toBe('a');
    expect(holderAt('c', moves, at(15))).toBe('b');
    expect(holderAt('c', moves, at(25))).toBe('c');
  });

  it("measures the lead's review in working hours", () => {
    expect(reviewWorkingHours(at(0), at(3), office)).toBe(3);
  });
});

describe('buildScorecards', () => {
  it('does not show DINSOS at 100 % while it has an open overdue task', () => {
    const [card] = buildScorecards({
      agencies: [dinsos],
      tasks: [task(), task({ status: 'CLAIMED', completedAt: null, contributions: [] })],
      reassignments: [],
      escalations: [{ agencyId: 'dinsos', level: 1, kind: 'OPD' }],
      now,
    });
    expect(card).toMatchObject({ completed: 1, completedOnTime: 1, openOverdue: 1, onTimeRate: 0.5 });
    expect(card!.escalationsByLevel).toEqual({ 1: 1, 2: 0, 3: 0 });
  });

  it('counts revisions, extensions, moves away and escalations of the OPD’s own work per level', () => {
    const [card] = buildScorecards({
      agencies: [dinsos],
      tasks: [
        task({ contributions: [returned(at(1), 1), returned(at(2), 2), accepted(at(3), at(6), 3)] }),
        task({ dueAt: at(40), extendedAt: [at(7)], contributions: [accepted(at(30), at(40))] }),
      ],
      reassignments: [{ fromAgencyId: 'dinsos' }],
      escalations: [
        { agencyId: 'dinsos', level: 1, kind: 'OPD' },
        { agencyId: 'dinsos', level: 2 },
      ],
      extensions: [{ agencyId: 'dinsos' }],
      revisions: [{ agencyId: 'dinsos' }, { agencyId: 'dinsos' }],
      now,
    });
    expect(card).toEqual({
      agencyCode: 'DINSOS',
      agencyName: 'Dinas Sosial',
      completed: 2,
      completedOnTime: 1,
      completedLate: 0,
      completedExtended: 1,
      onTimeRate: 0.5,
      medianWorkingHoursToSubmit: expect.any(Number),
      openOverdue: 0,
      revisions: 2,
      reassignmentsAway: 1,
      escalationsReceived: 2,
      escalationsByLevel: { 1: 1, 2: 1, 3: 0 },
      deadlinesExtended: 1,
      reviewsDone: 0,
      medianReviewHours: null,
      reviewsLate: 0,
    });
  });

  it("counts a late review for the lead's OPD, never against the task's OPD", () => {
    const cards = buildScorecards({
      agencies: [bappeda, dinsos],
      tasks: [task({ completedAt: at(24 * 6) })],
      reassignments: [],
      escalations: [{ agencyId: 'bappeda', level: 1, kind: 'REVIEW' }],
      reviews: [
        { agencyId: 'bappeda', workingHours: 2 },
        { agencyId: 'bappeda', workingHours: 40 },
        { agencyId: 'bappeda', workingHours: 5 },
      ],
      now,
    });
    expect(cards[0]).toMatchObject({
      agencyCode: 'BAPPEDA',
      reviewsDone: 3,
      medianReviewHours: 5,
      reviewsLate: 1,
      escalationsReceived: 0,
      onTimeRate: null,
    });
    expect(cards[1]).toMatchObject({
      agencyCode: 'DINSOS',
      onTimeRate: 1,
      escalationsReceived: 0,
      reviewsLate: 0,
    });
  });

  it('takes the median of the holders’ working hours', () => {
    const [card] = buildScorecards({
      agencies: [dinsos],
      tasks: [
        task({ contributions: [accepted(at(2), at(6))] }),
        task({ contributions: [accepted(at(4), at(6))] }),
        task({ holderSince: at(3), contributions: [accepted(at(1), at(6)), accepted(at(4), at(6), 2)] }),
      ],
      reassignments: [],
      escalations: [],
      now,
    });
    expect(card!.medianWorkingHoursToSubmit).toBe(2);
  });
});

describe('latestWord', () => {
  it('picks the latest of the instruction, review note and comment', () => {
    const word = (kind: 'INSTRUCTION' | 'REVIEW_NOTE' | 'COMMENT', iso: string) => ({
      kind,
      text: kind,
      by: 'x',
      at: iso,
    });
    expect(latestWord([null, undefined])).toBeNull();
    expect(
      latestWord([
        word('INSTRUCTION', '2026-11-02T01:00:00Z'),
        null,
        word('COMMENT', '2026-11-03T01:00:00Z'),
        word('REVIEW_NOTE', '2026-11-02T05:00:00Z'),
      ])?.kind,
    ).toBe('COMMENT');
  });
});
