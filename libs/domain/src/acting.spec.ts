import {
  actingHat,
  actingInForce,
  actingLabel,
  actingOverlaps,
  actingRangeProblem,
  appointeeProblem,
  daysInclusive,
  jakartaDate,
  postName,
  type ActingPost,
} from './acting';
import { appointsActing } from './permissions';
import { answersEscalation } from './permissions';
import { escalationAnswerRefusal, reassignRefusal, type TaskFacts } from './task-rules';

const DINKES = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a01';
const DINSOS = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a02';
const BAPPEDA = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a05';
const dinkesHead: ActingPost = { kind: 'AGENCY_HEAD', agencyId: DINKES };
const at = (iso: string) => Date.parse(iso);

describe('acting officials: dates in Asia/Jakarta', () => {
  it('takes the Jakarta date of an instant (UTC+7)', () => {
    expect(jakartaDate(at('2026-12-06T16:59:59Z'))).toBe('2026-12-06');
    expect(jakartaDate(at('2026-12-06T17:00:00Z'))).toBe('2026-12-07');
  });

  const week = { startsOn: '2026-12-07', endsOn: '2026-12-13', endedAtMs: null };

  it('is in force from 00:00 WIB of the first day to 24:00 WIB of the last, both days included', () => {
    expect(daysInclusive(week.startsOn, week.endsOn)).toBe(7);
    expect(actingInForce(week, at('2026-12-06T16:59:59Z'))).toBe(false);
    expect(actingInForce(week, at('2026-12-06T17:00:00Z'))).toBe(true);
    expect(actingInForce(week, at('2026-12-13T16:59:59Z'))).toBe(true);
    expect(actingInForce(week, at('2026-12-13T17:00:00Z'))).toBe(false);
  });

  it('stops when ended early', () => {
    const ended = { ...week, endedAtMs: at('2026-12-09T03:00:00Z') };
    expect(actingInForce(ended, at('2026-12-09T02:59:59Z'))).toBe(true);
    expect(actingInForce(ended, at('2026-12-09T03:00:00Z'))).toBe(false);
  });

  it('refuses ranges that are not dates, end before they start, start in the past or last over three months', () => {
    const today = '2026-12-06';
    expect(actingRangeProblem('2026-12-06', '2026-12-06', today)).toBeNull();
    expect(actingRangeProblem('2026-12-07', '2027-03-08', today)).toBeNull(); // 92 days
    expect(actingRangeProblem('2026-02-30', '2026-12-06', today)?.field).toBe('startsOn');
    expect(actingRangeProblem('2026-12-07', '13-12-2026', today)?.field).toBe('endsOn');
    expect(actingRangeProblem('2026-12-05', '2026-12-10', today)).toEqual({
      field: 'startsOn',
      message: 'must not be in the past (today is 2026-12-06)',
    });
    expect(actingRangeProblem('2026-12-10', '2026-12-09', today)).toEqual({
      field: 'endsOn',
      message: 'must be on or after startsOn',
    });
    expect(actingRangeProblem('2026-12-07', '2027-03-09', today)?.message).toMatch(
      /at most 92 days.*93 days/,
    );
  });
});

describe('acting officials: overlaps, appointees and hats', () => {
  const a = { post: dinkesHead, startsOn: '2026-12-07', endsOn: '2026-12-13', endedAtMs: null };

  it('two appointments for one post may not share a day; other posts and ended ones do not count', () => {
    expect(actingOverlaps(a, { ...a, startsOn: '2026-12-13', endsOn: '2026-12-20' })).toBe(true);
    expect(actingOverlaps(a, { ...a, startsOn: '2026-12-14', endsOn: '2026-12-20' })).toBe(false);
    expect(actingOverlaps(a, { ...a, post: { kind: 'AGENCY_HEAD', agencyId: DINSOS } })).toBe(false);
    expect(actingOverlaps(a, { ...a, post: { kind: 'SEKDA' } })).toBe(false);
    expect(actingOverlaps(a, { ...a, endedAtMs: at('2026-12-08T00:00:00Z') })).toBe(false);
  });

  it('appoints an active user who does not hold the post', () => {
    expect(appointeeProblem({ role: 'STAFF', agencyId: DINKES, active: true }, dinkesHead)).toBeNull();
    expect(appointeeProblem({ role: 'AGENCY_HEAD', agencyId: DINSOS, active: true }, dinkesHead)).toBeNull();
    expect(appointeeProblem({ role: 'STAFF', agencyId: DINKES, active: false }, dinkesHead)).toMatch(
      /deactivated/,
    );
    expect(appointeeProblem({ role: 'AGENCY_HEAD', agencyId: DINKES, active: true }, dinkesHead)).toMatch(
      /already holds/,
    );
    expect(
      appointeeProblem(
        { role: 'LEADERSHIP', agencyId: DINKES, office: 'SEKDA', active: true },
        { kind: 'SEKDA' },
      ),
    ).toMatch(/already holds/);
    expect(appointeeProblem({ role: 'ADMIN', agencyId: DINKES, active: true }, dinkesHead)).toMatch(
      /administrator/,
    );
  });

  it('gives a Plt. Kepala the Kepala OPD hat: they work inside that OPD, and so never answer its escalations', () => {
    const hat = actingHat(
      { post: dinkesHead, title: 'PLT' },
      { userId: 'u1', agencyId: DINSOS },
      'Kepala Dinas Kesehatan',
    );
    expect(hat).toEqual({
      userId: 'u1',
      agencyId: DINKES,
      role: 'AGENCY_HEAD',
      acting: { title: 'PLT', post: 'Kepala Dinas Kesehatan' },
    });
    expect(actingLabel(hat.acting!)).toBe('Plt. Kepala Dinas Kesehatan');
    const task: TaskFacts = {
      agencyId: DINKES,
      state: 'ASSIGNED',
      escalationLevel: 1,
      deadlineExtended: false,
      lead: { userId: 'lead', agencyId: DINSOS },
    };
    expect(escalationAnswerRefusal(task, { userId: 'u1', agencyId: DINKES, role: 'STAFF' })?.kind).toBe(
      'FORBIDDEN',
    );
    // Acting as DINKES's Kepala they are of DINKES: separation of duties keeps them off its escalations.
    expect(escalationAnswerRefusal(task, hat)).toEqual({
      kind: 'FORBIDDEN',
      message: "separation of duties: nobody of the task's own OPD answers or extends its escalation",
    });
    expect(reassignRefusal(task, hat, { toUserId: 'someone' })).toBeNull();
    expect(answersEscalation(hat, { level: 2, agencyId: DINKES, lead: task.lead })).toBe(false);
  });

  it('gives a Plt. Sekda the leadership hat: level 2 is theirs', () => {
    const hat = actingHat(
      { post: { kind: 'SEKDA' }, title: 'PLH' },
      { userId: 'u2', agencyId: DINSOS },
      postName({ kind: 'SEKDA' }, null),
    );
    expect(hat.role).toBe('LEADERSHIP');
    expect(hat.office).toBe('SEKDA');
    expect(actingLabel(hat.acting!)).toBe('Plh. Sekretaris Daerah');
    const lead = { userId: 'lead', agencyId: BAPPEDA };
    expect(answersEscalation(hat, { level: 2, agencyId: DINKES, lead })).toBe(true);
    // Level 3 is the Bupati's; and their own OPD's escalation is not theirs to answer, at any level.
    expect(answersEscalation(hat, { level: 3, agencyId: DINKES, lead })).toBe(false);
    expect(answersEscalation(hat, { level: 2, agencyId: DINSOS, lead })).toBe(false);
  });
});

describe('who appoints a Plt. or Plh. (appointsActing)', () => {
  it('an ADMIN appoints to any post', () => {
    expect(appointsActing({ role: 'ADMIN', agencyId: DINSOS }, dinkesHead)).toBe(true);
    expect(appointsActing({ role: 'ADMIN', agencyId: DINSOS }, { kind: 'SEKDA' })).toBe(true);
  });

  it('a Kepala OPD to their own post only', () => {
    expect(appointsActing({ role: 'AGENCY_HEAD', agencyId: DINKES }, dinkesHead)).toBe(true);
    expect(appointsActing({ role: 'AGENCY_HEAD', agencyId: DINSOS }, dinkesHead)).toBe(false);
    expect(appointsActing({ role: 'AGENCY_HEAD', agencyId: DINKES }, { kind: 'SEKDA' })).toBe(false);
  });

  it("the Bupati to the Sekda's post; other leadership, staff and leads to none", () => {
    expect(
      appointsActing({ role: 'LEADERSHIP', agencyId: DINSOS, office: 'BUPATI' }, { kind: 'SEKDA' }),
    ).toBe(true);
    expect(appointsActing({ role: 'LEADERSHIP', agencyId: DINSOS, office: 'SEKDA' }, { kind: 'SEKDA' })).toBe(
      false,
    );
    expect(appointsActing({ role: 'LEADERSHIP', agencyId: DINSOS, office: 'BUPATI' }, dinkesHead)).toBe(
      false,
    );
    for (const role of ['STAFF', 'LEAD', 'WALIDATA'] as const) {
      expect(appointsActing({ role, agencyId: DINKES }, dinkesHead)).toBe(false);
    }
  });
});
