import {
  heldByAnother,
  isLeadOf,
  isOverdue,
  mayCancel,
  mayClaim,
  mayHandOver,
  mayRelease,
  maySubmit,
} from './task-state';

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

  describe('claims', () => {
    const holder = { id: 'u-holder', role: 'STAFF' as const, agencyCode: 'DINKES' };
    const colleague = { id: 'u-colleague', role: 'STAFF' as const, agencyCode: 'DINKES' };
    const kepala = { id: 'u-kepala', role: 'AGENCY_HEAD' as const, agencyCode: 'DINKES' };
    const kepalaDinsos = { id: 'u-kepala-dinsos', role: 'AGENCY_HEAD' as const, agencyCode: 'DINSOS' };
    const held = (
      status: Parameters<typeof isOverdue>[0]['status'],
      assignee: string | null = 'u-holder',
    ) => ({
      status,
      agency: { code: 'DINKES' },
      assignee: assignee ? { id: assignee } : null,
    });

    it('offers the claim only while nobody holds the task (a released returned task too)', () => {
      expect(mayClaim(colleague, held('ASSIGNED', null))).toBe(true);
      expect(mayClaim(colleague, held('RETURNED', null))).toBe(true);
      expect(mayClaim(colleague, held('RETURNED'))).toBe(false);
      expect(mayClaim(colleague, held('CLAIMED'))).toBe(false);
    });

    it('offers the release to the holder and their Kepala OPD, before submission', () => {
      expect(mayRelease(holder, held('CLAIMED'))).toBe(true);
      expect(mayRelease(holder, held('RETURNED'))).toBe(true);
      expect(mayRelease(colleague, held('CLAIMED'))).toBe(false);
      expect(mayRelease(kepala, held('CLAIMED'))).toBe(true);
      expect(mayRelease(kepalaDinsos, held('CLAIMED'))).toBe(false);
      expect(mayRelease(holder, held('SUBMITTED'))).toBe(false);
      expect(mayRelease(holder, held('ASSIGNED', null))).toBe(false);
      // A Plt. Kepala DINKES (staff elsewhere) releases with the post's powers.
      const plt = { id: 'u-plt', role: 'STAFF' as const, agencyCode: 'DINSOS' };
      expect(mayRelease(plt, held('CLAIMED'))).toBe(false);
      expect(mayRelease(plt, held('CLAIMED'), [{ role: 'AGENCY_HEAD', agencyCode: 'DINKES' }])).toBe(true);
    });

    it('offers the hand-over to the Kepala OPD only, while the OPD owes the work', () => {
      expect(mayHandOver(kepala, held('CLAIMED'))).toBe(true);
      expect(mayHandOver(kepala, held('ASSIGNED', null))).toBe(true);
      expect(mayHandOver(kepala, held('SUBMITTED'))).toBe(false);
      expect(mayHandOver(kepala, held('COMPLETED'))).toBe(false);
      expect(mayHandOver(holder, held('CLAIMED'))).toBe(false);
      expect(mayHandOver(kepalaDinsos, held('CLAIMED'))).toBe(false);
    });

    it('knows when someone else holds the task', () => {
      expect(heldByAnother(colleague, held('CLAIMED'))).toBe(true);
      expect(heldByAnother(holder, held('CLAIMED'))).toBe(false);
      expect(heldByAnother(colleague, held('ASSIGNED', null))).toBe(false);
      expect(heldByAnother(colleague, held('COMPLETED'))).toBe(false);
    });
  });
});
