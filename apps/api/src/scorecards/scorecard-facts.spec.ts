import { workCalendar } from '@gotong/domain/calendar';
import { taskFacts } from './scorecard-facts';

describe('taskFacts: the rules’ view of a task row', () => {
  const cal = { office: workCalendar([]), always: workCalendar([], 'ALWAYS') };
  const at = (hours: number) => new Date(Date.UTC(2026, 10, 2, 1) + hours * 3_600_000);
  const row = {
    agencyId: 'dinsos',
    status: 'COMPLETED',
    dueAt: at(30),
    holderSince: at(0),
    createdAt: at(0),
    completedAt: at(20),
    project: { template: null, incident: null },
    contributions: [],
    reassignments: [] as { at: Date; fromAgencyId: string }[],
    auditEvents: [{ occurredAt: at(5) }],
  };

  it('holds the task since its latest move when the row was written before holder_since was kept', () => {
    const moved = taskFacts(
      {
        ...row,
        reassignments: [
          { at: at(4), fromAgencyId: 'dpupr' },
          { at: at(8), fromAgencyId: 'dinkes' },
        ],
      },
      cal,
    );
    expect(moved.holderSince).toEqual(at(8));
    expect(taskFacts({ ...row, holderSince: at(9) }, cal).holderSince).toEqual(at(9));
    expect(taskFacts(row, cal).extendedAt).toEqual([at(5)]);
  });

  it('runs incidents and EMERGENCY templates 24/7, everything else on office hours', () => {
    expect(taskFacts(row, cal).calendar.mode).toBe('WORKING');
    expect(taskFacts({ ...row, project: { template: null, incident: { id: 'i' } } }, cal).calendar.mode).toBe(
      'ALWAYS',
    );
    expect(
      taskFacts({ ...row, project: { template: { category: 'EMERGENCY' }, incident: null } }, cal).calendar
        .mode,
    ).toBe('ALWAYS');
  });
});
