import type { TransparencyAgency } from '../citizen/types';
import { hasFigures, judgedReports, lastDayOf, percent, tableRows, yearChoices } from './transparency';

const agency = (
  code: string,
  reports: Partial<TransparencyAgency['citizenReports']> = {},
  work: Partial<TransparencyAgency['jointWork']> = {},
): TransparencyAgency => ({
  code,
  name: `Dinas ${code}`,
  citizenReports: {
    received: 0,
    responded: 0,
    respondedOnTime: 0,
    onTimeRate: null,
    open: 0,
    overdue: 0,
    ...reports,
  },
  jointWork: { tasksCompleted: 0, tasksOnTime: 0, onTimeRate: null, projectsCompleted: 0, ...work },
});

describe('the transparency table', () => {
  it('leaves out OPDs with nothing in the period but keeps one that only owes overdue work', () => {
    expect(hasFigures(agency('DLH'))).toBe(false);
    expect(hasFigures(agency('DINKES', {}, { onTimeRate: 0 }))).toBe(true);
    expect(hasFigures(agency('DPUPR', { received: 1 }))).toBe(true);
  });

  it('puts the OPDs citizens hear from most on top', () => {
    const rows = tableRows([
      agency('DLH'),
      agency('DINKES', {}, { tasksCompleted: 4, onTimeRate: 1 }),
      agency('DPUPR', { received: 3 }),
      agency('DINSOS', { received: 3 }, { tasksCompleted: 1, onTimeRate: 1 }),
    ]);
    expect(rows.map((r) => r.code)).toEqual(['DINSOS', 'DPUPR', 'DINKES']);
  });

  it('says rates as whole percentages and counts overdue open reports in the judged ones', () => {
    expect(percent(null)).toBeNull();
    expect(percent(0.8333)).toBe(83);
    expect(percent(1)).toBe(100);
    expect(judgedReports(agency('DPUPR', { responded: 5, overdue: 1 }))).toBe(6);
  });

  it('shows the last day of the year (the period ends exclusively) and this year in WIB first', () => {
    expect(lastDayOf({ to: '2026-12-31T17:00:00.000Z' }).toISOString()).toBe('2026-12-31T16:59:59.999Z');
    // 31 December 2026 20:00 UTC is already 1 January 2027 in WIB.
    expect(yearChoices(new Date('2026-12-31T20:00:00Z'))).toEqual([2027, 2026, 2025]);
  });
});
