import { answersNewestFirst, progressPercent, trackingStages } from './tracking';

const base = {
  receivedAt: '2026-12-07T02:00:00.000Z',
  firstResponseDueAt: '2026-12-14T09:00:00.000Z',
  firstRespondedAt: null,
  answers: [],
  project: null,
  rejection: null,
};

const states = (stages: { key: string; state: string }[]) => stages.map((s) => `${s.key}:${s.state}`);

describe('the public tracking timeline', () => {
  it('waits for the first response until its due date, then says it is late', () => {
    const before = new Date('2026-12-10T00:00:00Z');
    const stages = trackingStages({ ...base, status: 'RECEIVED' }, before);
    expect(states(stages)).toEqual(['received:done', 'responded:current', 'done:waiting']);
    expect(stages[1]!.at).toBe(base.firstResponseDueAt);
    const after = new Date('2026-12-15T00:00:00Z');
    expect(states(trackingStages({ ...base, status: 'RECEIVED' }, after))).toEqual([
      'received:done',
      'responded:overdue',
      'done:waiting',
    ]);
  });

  it('shows a joint project while it runs, and the end at the final answer when it closes', () => {
    const now = new Date('2026-12-20T00:00:00Z');
    const running = {
      ...base,
      status: 'IN_PROGRESS' as const,
      firstRespondedAt: '2026-12-08T03:00:00.000Z',
      project: { status: 'ACTIVE' as const, tasksTotal: 5, tasksDone: 2 },
    };
    expect(states(trackingStages(running, now))).toEqual([
      'received:done',
      'responded:done',
      'project:current',
      'done:waiting',
    ]);
    const closed = {
      ...running,
      status: 'CLOSED' as const,
      project: { status: 'COMPLETED' as const, tasksTotal: 5, tasksDone: 5 },
      answers: [
        { text: 'Sedang disurvei.', agencyName: 'DPUPR', at: '2026-12-08T03:00:00.000Z', final: false },
        { text: 'Selesai.', agencyName: 'DPUPR', at: '2026-12-19T03:00:00.000Z', final: true },
      ],
    };
    const stages = trackingStages(closed, now);
    expect(states(stages)).toEqual(['received:done', 'responded:done', 'project:done', 'done:done']);
    expect(stages[3]!.at).toBe('2026-12-19T03:00:00.000Z');
  });

  it('ends a rejected report as rejected', () => {
    const rejected = {
      ...base,
      status: 'REJECTED' as const,
      firstRespondedAt: '2026-12-08T03:00:00.000Z',
      rejection: { reason: 'SPAM' as const, text: 'Laporan ini spam.' },
    };
    expect(states(trackingStages(rejected, new Date('2026-12-09T00:00:00Z')))).toEqual([
      'received:done',
      'responded:done',
      'done:rejected',
    ]);
  });

  it('counts progress in whole percent and orders answers newest first', () => {
    expect(progressPercent({ tasksTotal: 0, tasksDone: 0 })).toBe(0);
    expect(progressPercent({ tasksTotal: 3, tasksDone: 1 })).toBe(33);
    expect(progressPercent({ tasksTotal: 5, tasksDone: 5 })).toBe(100);
    const answers = [
      { at: '2026-12-08T03:00:00.000Z', text: 'a' },
      { at: '2026-12-19T03:00:00.000Z', text: 'b' },
    ];
    expect(answersNewestFirst(answers).map((a) => a.text)).toEqual(['b', 'a']);
  });
});
