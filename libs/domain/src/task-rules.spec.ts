import { workCalendar, type Sla } from './calendar';
import type { Actor, Role } from './roles';
import {
  completionRefusal,
  escalationAnswerRefusal,
  escalationAnswerRefusalBeforeSeparation,
  extensionLengthProblem,
  extensionRefusal,
  extensionRefusalBeforeSeparation,
  claimRefusal,
  releaseRefusal,
  submitRefusal,
  submitRefusalBeforeExclusiveClaims,
  type TaskFacts,
  type TaskState,
} from './task-rules';

const DINKES = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a01';
const DINSOS = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a02';

function task(state: TaskState = 'ASSIGNED', agencyId = DINKES) {
  return { agencyId, state };
}

function actor(role: Role, agencyId = DINKES): Actor {
  return { userId: `user-${role.toLowerCase()}`, agencyId, role };
}

describe('completionRefusal: who may complete an OPD task', () => {
  it.each<Role>(['STAFF', 'AGENCY_HEAD'])('lets %s of the owning OPD complete an assigned task', (role) => {
    expect(completionRefusal(task(), actor(role))).toBeNull();
  });

  it.each<Role>(['STAFF', 'AGENCY_HEAD'])('refuses %s of another OPD as FORBIDDEN', (role) => {
    expect(completionRefusal(task(), actor(role, DINSOS))).toEqual({
      kind: 'FORBIDDEN',
      message: 'this task belongs to another OPD',
    });
  });

  it.each<Role>(['LEAD', 'LEADERSHIP', 'WALIDATA', 'ADMIN'])(
    'refuses %s as FORBIDDEN even within the owning OPD',
    (role) => {
      expect(completionRefusal(task(), actor(role))).toEqual({
        kind: 'FORBIDDEN',
        message: `role ${role} does not complete OPD tasks`,
      });
    },
  );

  it.each<[TaskState, string]>([
    ['COMPLETED', 'task is already completed'],
    ['CANCELLED', 'task is already cancelled'],
  ])('refuses a %s task as NOT_OPEN for its own OPD', (state, message) => {
    for (const role of ['STAFF', 'AGENCY_HEAD'] as const) {
      expect(completionRefusal(task(state), actor(role))).toEqual({ kind: 'NOT_OPEN', message });
    }
  });

  it('reports FORBIDDEN rather than NOT_OPEN to someone who may not touch the task at all', () => {
    // A closed task of another OPD must not reveal its state to the caller.
    expect(completionRefusal(task('COMPLETED'), actor('STAFF', DINSOS))?.kind).toBe('FORBIDDEN');
    expect(completionRefusal(task('CANCELLED'), actor('ADMIN'))?.kind).toBe('FORBIDDEN');
  });
});

describe('extensionLengthProblem: an extension gives at most the step’s original SLA again', () => {
  const office = workCalendar([]);
  // Monday 7 December 2026, 09:00 WIB: office hours.
  const monday = Date.parse('2026-12-07T02:00:00Z');

  it.each<[Sla, Sla]>([
    [
      { amount: 3, unit: 'workingDays' },
      { amount: 3, unit: 'workingDays' },
    ],
    [
      { amount: 1, unit: 'workingDays' },
      { amount: 3, unit: 'workingDays' },
    ],
    [
      { amount: 8, unit: 'workingHours' },
      { amount: 2, unit: 'workingDays' },
    ],
    [
      { amount: 2, unit: 'days' },
      { amount: 3, unit: 'workingDays' },
    ],
  ])('%j within %j: allowed', (extension, original) => {
    expect(extensionLengthProblem(extension, original, monday, office)).toBeNull();
  });

  it('ten years on a three-working-day step: refused, naming the limit', () => {
    expect(
      extensionLengthProblem(
        { amount: 3650, unit: 'days' },
        { amount: 3, unit: 'workingDays' },
        monday,
        office,
      ),
    ).toBe("extension: at most the step's original SLA (3 workingDays); 3650 days is longer");
  });

  it('one more unit than the step had: refused', () => {
    expect(
      extensionLengthProblem(
        { amount: 4, unit: 'workingDays' },
        { amount: 3, unit: 'workingDays' },
        monday,
        office,
      ),
    ).toMatch(/^extension: at most the step's original SLA/);
  });
});

describe('escalationAnswerRefusal: separation of duties on a level-1 DINKES task led by DINSOS', () => {
  const facts: TaskFacts = {
    agencyId: DINKES,
    state: 'ASSIGNED',
    escalationLevel: 1,
    deadlineExtended: false,
    lead: { userId: 'lead-user', agencyId: DINSOS },
  };

  it('the task’s own Kepala is FORBIDDEN with the rule named; the lead OPD’s LEAD may', () => {
    expect(escalationAnswerRefusal(facts, actor('AGENCY_HEAD'))).toEqual({
      kind: 'FORBIDDEN',
      message: "separation of duties: nobody of the task's own OPD answers or extends its escalation",
    });
    expect(escalationAnswerRefusal(facts, actor('LEAD', DINSOS))).toBeNull();
    expect(extensionRefusal(facts, actor('LEAD', DINSOS))).toBeNull();
    expect(extensionRefusal({ ...facts, deadlineExtended: true }, actor('LEAD', DINSOS))?.kind).toBe(
      'NOT_OPEN',
    );
  });

  it('the rule before separation of duties (kept for replay) still let the own Kepala answer', () => {
    expect(escalationAnswerRefusalBeforeSeparation(facts, actor('AGENCY_HEAD'))).toBeNull();
    expect(extensionRefusalBeforeSeparation(facts, actor('AGENCY_HEAD'))).toBeNull();
  });
});

describe('claims are exclusive: claim, submit and release', () => {
  const LEAD = { userId: 'user-lead', agencyId: DINSOS };
  const staff = actor('STAFF');
  const colleague: Actor = { userId: 'user-colleague', agencyId: DINKES, role: 'STAFF' };
  const kepala = actor('AGENCY_HEAD');
  const facts = (state: TaskState, assigneeId: string | null): TaskFacts => ({
    agencyId: DINKES,
    state,
    escalationLevel: 0,
    deadlineExtended: false,
    lead: LEAD,
    assigneeId,
  });

  it('lets anyone of the OPD claim a task nobody holds, also a returned one released by its holder', () => {
    expect(claimRefusal(facts('ASSIGNED', null), staff)).toBeNull();
    expect(claimRefusal(facts('RETURNED', null), colleague)).toBeNull();
    expect(claimRefusal(facts('CLAIMED', staff.userId), colleague)).toEqual({
      kind: 'NOT_OPEN',
      message:
        'another staff member has claimed this task; ask them to release it or your Kepala OPD to hand it over',
    });
    expect(claimRefusal(facts('CLAIMED', staff.userId), staff)?.message).toBe(
      'you have already claimed this task',
    );
    expect(claimRefusal(facts('ASSIGNED', null), actor('STAFF', DINSOS))?.kind).toBe('FORBIDDEN');
  });

  it('lets only the holder submit; nobody holding it, anyone of the OPD', () => {
    expect(submitRefusal(facts('CLAIMED', staff.userId), staff)).toBeNull();
    expect(submitRefusal(facts('CLAIMED', staff.userId), colleague)?.kind).toBe('FORBIDDEN');
    expect(submitRefusal(facts('CLAIMED', staff.userId), kepala)?.kind).toBe('FORBIDDEN');
    expect(submitRefusal(facts('RETURNED', staff.userId), colleague)?.kind).toBe('FORBIDDEN');
    expect(submitRefusal(facts('ASSIGNED', null), colleague)).toBeNull();
    // Histories from before exclusive claims replay under the old rule.
    expect(submitRefusalBeforeExclusiveClaims(facts('CLAIMED', staff.userId), colleague)).toBeNull();
  });

  it('lets the holder or their Kepala OPD release, never someone else, never after submitting', () => {
    expect(releaseRefusal(facts('CLAIMED', staff.userId), staff)).toBeNull();
    expect(releaseRefusal(facts('RETURNED', staff.userId), kepala)).toBeNull();
    expect(releaseRefusal(facts('CLAIMED', staff.userId), colleague)).toEqual({
      kind: 'FORBIDDEN',
      message: 'only the staff member who claimed the task, or their Kepala OPD, releases it',
    });
    expect(releaseRefusal(facts('CLAIMED', staff.userId), actor('AGENCY_HEAD', DINSOS))?.kind).toBe(
      'FORBIDDEN',
    );
    expect(releaseRefusal(facts('ASSIGNED', null), staff)).toEqual({
      kind: 'NOT_OPEN',
      message: 'nobody has claimed this task',
    });
    expect(releaseRefusal(facts('SUBMITTED', staff.userId), staff)?.kind).toBe('NOT_OPEN');
    expect(releaseRefusal(facts('COMPLETED', staff.userId), staff)?.kind).toBe('NOT_OPEN');
  });
});
