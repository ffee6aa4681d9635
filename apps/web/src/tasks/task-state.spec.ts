import { isLeadOf, isOverdue, mayCancel, mayClaim, maySubmit } from './task-state';

describe('task state in the browser', () => {
  const now = new Date('2026-11-26T03:00:00Z');
  const dinkes = { role: 'STAFF' as const, agencyCode: 'DINKES' };
  const task = (status: Parameters<typeof isOverdue>[0]['status'], dueAt = '2026-11-26T02:00:00Z') => ({
    status,
    dueAt,
    agency: { code: 'DINKES', name: 'Dinas Kesehatan' },
  });

  it('is overdue only while the OPD still owes the work past its deadline', () => {
    expect(isOverdue(task('ASSIGNED'), now)).toBe(true);
    expect(isOverdue(task('CLAIMED'), now)).toBe(true);
    expect(isOverdue(task('RETURNED'), now)).toBe(true);
    expect(isOverdue(task('SUBMITTED'), now)).toBe(false);
    expect(isOverdue(task('COMPLETED'), now)).toBe(false);
    expect(isOverdue(task('ASSIGNED', '2026-11-26T04:00:00Z'), now)).toBe(false);
  });

  it("offers claiming and submitting to the task's own OPD workers only", () => {
    expect(mayClaim(dinkes, task('ASSIGNED'))).toBe(true);
    expect(mayClaim(dinkes, task('CLAIMED'))).toBe(false);
    expect(maySubmit(dinkes, task('CLAIMED'))).toBe(true);
    expect(maySubmit(dinkes, task('RETURNED'))).toBe(true);
    expect(maySubmit(dinkes, task('SUBMITTED'))).toBe(false);
    expect(mayClaim({ role: 'STAFF', agencyCode: 'DINSOS' }, task('ASSIGNED'))).toBe(false);
    expect(maySubmit({ role: 'LEADERSHIP', agencyCode: 'DINKES' }, task('CLAIMED'))).toBe(false);
    expect(maySubmit({ role: 'AGENCY_HEAD', agencyCode: 'DINKES' }, task('ASSIGNED'))).toBe(true);
  });

  it('knows the project lead and who may cancel', () => {
    const project = { status: 'ACTIVE', leadUser: { id: 'u-lead' }, leadAgency: { code: 'BAPPEDA' } };
    const lead = { id: 'u-lead', role: 'LEAD' as const, agencyCode: 'BAPPEDA' };
    const colleague = { id: 'u-2', role: 'LEAD' as const, agencyCode: 'BAPPEDA' };
    const staff = { id: 'u-3', role: 'STAFF' as const, agencyCode: 'BAPPEDA' };
    const sekda = { id: 'u-4', role: 'LEADERSHIP' as const, agencyCode: 'SETDA' };
    expect([lead, colleague, staff, sekda].map((u) => isLeadOf(u, project))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([lead, staff, sekda].map((u) => mayCancel(u, project))).toEqual([true, false, true]);
    expect(mayCancel(lead, { ...project, status: 'COMPLETED' })).toBe(false);
  });
});
