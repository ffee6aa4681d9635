import { DateTime } from 'luxon';
import { deadlineFor, workCalendar, type Holiday, type Sla, type WorkCalendar } from './calendar';
import { SEVERITY_POLICY } from './emergency';
import {
  answered,
  applyLadderEvent,
  ladderStarted,
  nextLadderEvent,
  REMINDER_FRACTIONS,
  slaCalendarFor,
  type LadderEvent,
  type LadderState,
} from './escalation-ladder';
import { type TaskState } from './task-rules';
import { DEFAULT_ESCALATION, type EscalationPolicy } from './template';

const SECOND = 1_000;

/** A WIB wall-clock time as epoch ms. */
function wib(iso: string): number {
  const dt = DateTime.fromISO(iso, { zone: 'Asia/Jakarta' });
  if (!dt.isValid) throw new Error(`bad test instant ${iso}`);
  return dt.toMillis();
}

/** Epoch ms back to a readable WIB wall-clock time, so failures show dates rather than numbers. */
function local(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'Asia/Jakarta' }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS ccc");
}

/** Sunday 17 August 2025 (Proklamasi) and Monday 18 August 2025 (cuti bersama): a long weekend. */
const HUT_RI: Holiday[] = [
  { date: '2025-08-17', name: 'Proklamasi Kemerdekaan', kind: 'NATIONAL_HOLIDAY' },
  { date: '2025-08-18', name: 'Cuti bersama HUT ke-80 Kemerdekaan RI', kind: 'CUTI_BERSAMA' },
];
/** WIB office hours (Mon–Thu 07:30–16:00, Fri 07:30–16:30) with the HUT RI long weekend. */
const office = workCalendar(HUT_RI);
/** 24/7, as emergencies run. */
const always = workCalendar([], 'ALWAYS');

const hours = (amount: number): Sla => ({ amount, unit: 'hours' });
const minutes = (amount: number): Sla => ({ amount, unit: 'minutes' });
const workingHours = (amount: number): Sla => ({ amount, unit: 'workingHours' });
const workingDays = (amount: number): Sla => ({ amount, unit: 'workingDays' });

/** A three-level ladder: level 1 with `repeats1` repeats, levels 2 and 3 without. */
function ladderPolicy(timeout: Sla, repeats1 = 0): EscalationPolicy {
  return {
    levels: [
      { level: 1, timeout, repeats: repeats1 },
      { level: 2, timeout, repeats: 0 },
      { level: 3, timeout, repeats: 0 },
    ],
  };
}
const NO_LADDER: EscalationPolicy = { levels: [] };

/** A ladder on the clock `sla` started at `startIso` in `calendar` (as the workflow starts it). */
function started(startIso: string, sla: Sla, calendar: WorkCalendar = office): LadderState {
  const startMs = wib(startIso);
  return ladderStarted(startMs, deadlineFor(startMs, sla, calendar));
}

/** An event with its instant in WIB, for readable comparisons. */
function readable(event: LadderEvent | null) {
  if (event === null) return null;
  const { at, ...rest } = event;
  return { ...rest, at: local(at) };
}

interface Setting {
  taskState?: TaskState;
  policy: EscalationPolicy;
  calendar?: WorkCalendar;
  slaCalendar?: WorkCalendar;
}

function next(state: LadderState, setting: Setting): LadderEvent | null {
  const calendar = setting.calendar ?? office;
  return nextLadderEvent(
    state,
    setting.taskState ?? 'ASSIGNED',
    setting.policy,
    calendar,
    setting.slaCalendar ?? calendar,
  );
}

/**
 * Plays the ladder to its end as the workflow does: ask for the next event, fire it `lateMs` after it was due
 * (a timer fires no earlier, sometimes later), apply it, ask again. Returns the events in order.
 */
function replay(state: LadderState, setting: Setting, lateMs = 0): ReturnType<typeof readable>[] {
  const events: ReturnType<typeof readable>[] = [];
  for (let event = next(state, setting); event !== null; event = next(state, setting)) {
    events.push(readable(event));
    if (events.length > 20) throw new Error('the ladder does not end');
    state = applyLadderEvent(state, event, event.at + lateMs);
  }
  return events;
}

/** Fires `event` at `nowIso` (default: when it was due). */
function fired(state: LadderState, event: LadderEvent | null, nowIso?: string): LadderState {
  if (event === null) throw new Error('no event to fire');
  return applyLadderEvent(state, event, nowIso === undefined ? event.at : wib(nowIso));
}

/** The state after both reminders, escalated to `level` at `anchorIso`, with `levelRepeats` repeats sent. */
function escalatedState(
  level: number,
  anchorIso: string,
  levelRepeats = 0,
  startIso = '2025-08-14T10:00',
  sla: Sla = workingDays(2),
): LadderState {
  return { ...started(startIso, sla), remindersSent: 2, level, levelRepeats, anchorMs: wib(anchorIso) };
}

describe('REMINDER_FRACTIONS', () => {
  it('is 50 % and 75 %, in this order, and cannot be changed', () => {
    expect(REMINDER_FRACTIONS).toEqual([0.5, 0.75]);
    expect(Object.isFrozen(REMINDER_FRACTIONS)).toBe(true);
  });
});

describe('ladderStarted', () => {
  it('starts a clock with no reminder sent and no level', () => {
    expect(ladderStarted(wib('2025-08-14T10:00'), wib('2025-08-19T10:00'))).toEqual({
      startMs: wib('2025-08-14T10:00'),
      dueMs: wib('2025-08-19T10:00'),
      remindersSent: 0,
      level: 0,
      levelRepeats: 0,
      anchorMs: wib('2025-08-14T10:00'),
    });
  });
});

describe('slaCalendarFor: the calendar reminders are measured in', () => {
  it.each<Sla>([workingHours(8), workingDays(2)])('is the task calendar for %o', (sla) => {
    expect(slaCalendarFor(sla, office)).toBe(office);
  });

  it.each<Sla>([{ amount: 30, unit: 'seconds' }, minutes(30), hours(8), { amount: 2, unit: 'days' }])(
    'is the same calendar in ALWAYS mode for %o',
    (sla) => {
      expect(slaCalendarFor(sla, office)).toEqual({ ...office, mode: 'ALWAYS' });
      expect(office.mode).toBe('WORKING');
    },
  );
});

describe('nextLadderEvent: reminders at 50 % and 75 % of the SLA', () => {
  it('puts them in calendar time for an SLA in hours, even on an office calendar', () => {
    const state = started('2025-08-14T10:00', hours(8));
    expect(local(state.dueMs)).toBe('2025-08-14T18:00:00.000 Thu');
    const setting = { policy: NO_LADDER, slaCalendar: slaCalendarFor(hours(8), office) };
    expect(readable(next(state, setting))).toEqual({
      kind: 'REMINDER',
      percent: 50,
      at: '2025-08-14T14:00:00.000 Thu',
    });
    expect(readable(next({ ...state, remindersSent: 1 }, setting))).toEqual({
      kind: 'REMINDER',
      percent: 75,
      at: '2025-08-14T16:00:00.000 Thu',
    });
    // Measured in office time instead, half of the 6 office hours before 18:00 would be 13:00.
    expect(readable(next(state, { policy: NO_LADDER, slaCalendar: office }))?.at).toBe(
      '2025-08-14T13:00:00.000 Thu',
    );
  });

  it('counts office time for working hours, skipping the weekend and the cuti bersama', () => {
    // Friday 14:30 + 8 working hours: 2 on Friday, then Tuesday 07:30 + 6 → Tuesday 13:30.
    const state = started('2025-08-15T14:30', workingHours(8));
    expect(local(state.dueMs)).toBe('2025-08-19T13:30:00.000 Tue');
    expect(replay(state, { policy: NO_LADDER })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-19T09:30:00.000 Tue' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-19T11:30:00.000 Tue' },
    ]);
  });

  it('counts office time for working days over the long weekend', () => {
    // Thursday 10:00 + 2 working days (Friday, then Tuesday: Monday is cuti bersama) → Tuesday 10:00.
    // Office time in between: Thu 6 h + Fri 9 h + Tue 2.5 h = 17.5 h; 50 % = 8 h 45 min, 75 % = 13 h 7.5 min.
    const state = started('2025-08-14T10:00', workingDays(2));
    expect(local(state.dueMs)).toBe('2025-08-19T10:00:00.000 Tue');
    expect(replay(state, { policy: NO_LADDER })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-15T10:15:00.000 Fri' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-15T14:37:30.000 Fri' },
    ]);
  });

  it('counts from the next opening when the task is assigned after closing', () => {
    // Friday 17:00: the clock starts at the next opening, Tuesday 07:30; 1 working day later → Wednesday 07:30.
    // Office time in between: Tuesday's 8.5 h; 50 % = 4 h 15 min, 75 % = 6 h 22.5 min.
    const state = started('2025-08-15T17:00', workingDays(1));
    expect(local(state.dueMs)).toBe('2025-08-20T07:30:00.000 Wed');
    expect(replay(state, { policy: NO_LADDER })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-19T11:45:00.000 Tue' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-19T13:52:30.000 Tue' },
    ]);
  });

  it('runs around the clock on an ALWAYS calendar', () => {
    const state = started('2025-08-17T03:00', minutes(15), always);
    expect(replay(state, { policy: NO_LADDER, calendar: always })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-17T03:07:30.000 Sun' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-17T03:11:15.000 Sun' },
    ]);
  });

  it('keeps the 75 % reminder at its instant when the 50 % one fired late', () => {
    const state = started('2025-08-14T10:00', workingDays(2));
    const afterLateFirst = fired(state, next(state, { policy: NO_LADDER }), '2025-08-15T13:00');
    expect(readable(next(afterLateFirst, { policy: NO_LADDER }))).toEqual({
      kind: 'REMINDER',
      percent: 75,
      at: '2025-08-15T14:37:30.000 Fri',
    });
  });

  it('sends no reminder once both are sent', () => {
    const state = { ...started('2025-08-14T10:00', workingDays(2)), remindersSent: 2 };
    expect(next(state, { policy: NO_LADDER })).toBeNull();
    expect(next(state, { policy: DEFAULT_ESCALATION })?.kind).toBe('ESCALATE');
  });
});

describe('nextLadderEvent: level 1 at the deadline', () => {
  const afterReminders = { ...started('2025-08-14T10:00', workingDays(2)), remindersSent: 2 };

  it('escalates to the first level exactly at the deadline', () => {
    expect(readable(next(afterReminders, { policy: DEFAULT_ESCALATION }))).toEqual({
      kind: 'ESCALATE',
      level: 1,
      at: '2025-08-19T10:00:00.000 Tue',
    });
  });

  it('escalates at the deadline even when the reminders went out late (the event is due at once)', () => {
    const oneSent = { ...afterReminders, remindersSent: 1 };
    // The 75 % reminder (due Friday 14:37:30) fired only on Tuesday 11:00, after the deadline.
    const state = fired(oneSent, next(oneSent, { policy: DEFAULT_ESCALATION }), '2025-08-19T11:00');
    expect(readable(next(state, { policy: DEFAULT_ESCALATION }))).toEqual({
      kind: 'ESCALATE',
      level: 1,
      at: '2025-08-19T10:00:00.000 Tue',
    });
  });

  it("escalates to the policy's first level, whichever it is", () => {
    const policy: EscalationPolicy = { levels: [{ level: 2, timeout: workingDays(1), repeats: 0 }] };
    expect(next(afterReminders, { policy })).toMatchObject({ kind: 'ESCALATE', level: 2 });
  });

  it('has nothing after the reminders when the policy has no level', () => {
    const state = started('2025-08-14T10:00', workingDays(2));
    expect(replay(state, { policy: NO_LADDER }).map((e) => e?.kind)).toEqual(['REMINDER', 'REMINDER']);
    expect(next(afterReminders, { policy: NO_LADDER })).toBeNull();
  });
});

describe("nextLadderEvent: each level's timeout", () => {
  it('counts from the instant the level fired, not from when it was due', () => {
    const state = fired(
      { ...started('2025-08-14T10:00', workingDays(2)), remindersSent: 2 },
      { kind: 'ESCALATE', level: 1, at: wib('2025-08-19T10:00') },
      '2025-08-19T10:00:00.250',
    );
    expect(readable(next(state, { policy: ladderPolicy(workingDays(1)) }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-20T10:00:00.250 Wed',
    });
  });

  it('counts working days in the calendar, skipping the long weekend (clamped to the closing time)', () => {
    // Friday 16:20 + 1 working day → Tuesday 16:20, after Tuesday's 16:00 closing → 16:00.
    const state = escalatedState(1, '2025-08-15T16:20');
    expect(readable(next(state, { policy: ladderPolicy(workingDays(1)) }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-19T16:00:00.000 Tue',
    });
  });

  it('counts working hours in the calendar', () => {
    // Friday 15:00 + 4 working hours: 1.5 on Friday, 2.5 from Tuesday 07:30 → Tuesday 10:00.
    const state = escalatedState(1, '2025-08-15T15:00');
    expect(readable(next(state, { policy: ladderPolicy(workingHours(4)) }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-19T10:00:00.000 Tue',
    });
  });

  it('counts a timeout in minutes as calendar time, even after closing', () => {
    const state = escalatedState(1, '2025-08-15T16:20');
    expect(readable(next(state, { policy: ladderPolicy(minutes(30)) }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-15T16:50:00.000 Fri',
    });
  });

  it("uses the current level's timeout, not the next one's", () => {
    const policy: EscalationPolicy = {
      levels: [
        { level: 1, timeout: workingHours(1), repeats: 0 },
        { level: 2, timeout: workingDays(3), repeats: 0 },
      ],
    };
    expect(readable(next(escalatedState(1, '2025-08-19T10:00'), { policy }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-19T11:00:00.000 Tue',
    });
  });
});

describe('nextLadderEvent: repeats before climbing', () => {
  const policy: EscalationPolicy = {
    levels: [
      { level: 1, timeout: workingHours(2), repeats: 2 },
      { level: 2, timeout: workingHours(2), repeats: 1 },
    ],
  };

  it('repeats a level its number of times, each counted from the last repeat, then climbs', () => {
    const state = escalatedState(1, '2025-08-19T08:00');
    expect(replay(state, { policy })).toEqual([
      { kind: 'REPEAT', at: '2025-08-19T10:00:00.000 Tue' },
      { kind: 'REPEAT', at: '2025-08-19T12:00:00.000 Tue' },
      { kind: 'ESCALATE', level: 2, at: '2025-08-19T14:00:00.000 Tue' },
      // Level 2 starts with no repeats of its own yet; its 2 working hours end at Tuesday's closing.
      { kind: 'REPEAT', at: '2025-08-19T16:00:00.000 Tue' },
    ]);
  });

  it('climbs once the repeats are used up', () => {
    expect(readable(next(escalatedState(1, '2025-08-19T12:00', 2), { policy }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-19T14:00:00.000 Tue',
    });
  });
});

describe('nextLadderEvent: the top of the ladder', () => {
  it('has nothing after the last level', () => {
    expect(next(escalatedState(3, '2025-08-19T10:00'), { policy: DEFAULT_ESCALATION })).toBeNull();
  });

  it('still repeats the last level when it has repeats, then nothing', () => {
    const policy: EscalationPolicy = {
      levels: [
        { level: 1, timeout: workingDays(1), repeats: 0 },
        { level: 3, timeout: workingDays(1), repeats: 1 },
      ],
    };
    // Level 1 climbs straight to 3: level 2 is not in this policy.
    expect(readable(next(escalatedState(1, '2025-08-19T10:00'), { policy }))).toEqual({
      kind: 'ESCALATE',
      level: 3,
      at: '2025-08-20T10:00:00.000 Wed',
    });
    expect(replay(escalatedState(3, '2025-08-20T10:00'), { policy })).toEqual([
      { kind: 'REPEAT', at: '2025-08-21T10:00:00.000 Thu' },
    ]);
  });

  it('has nothing at a level the policy does not know', () => {
    const policy: EscalationPolicy = { levels: [{ level: 1, timeout: workingDays(1), repeats: 0 }] };
    expect(next(escalatedState(2, '2025-08-19T10:00'), { policy })).toBeNull();
  });
});

describe('nextLadderEvent: only while the OPD owes work', () => {
  const states: [string, LadderState][] = [
    ['a fresh ladder', started('2025-08-14T10:00', workingDays(2))],
    ['a ladder after its reminders', { ...started('2025-08-14T10:00', workingDays(2)), remindersSent: 2 }],
    ['a ladder at level 1', escalatedState(1, '2025-08-19T10:00')],
    ['a ladder at level 2', escalatedState(2, '2025-08-21T10:00')],
  ];

  describe.each<TaskState>(['ASSIGNED', 'CLAIMED', 'RETURNED'])('%s', (taskState) => {
    it.each(states)('has an event for %s', (_, state) => {
      expect(next(state, { taskState, policy: DEFAULT_ESCALATION })).not.toBeNull();
    });
  });

  describe.each<TaskState>(['SUBMITTED', 'COMPLETED', 'CANCELLED'])('%s', (taskState) => {
    it.each(states)('has nothing for %s', (_, state) => {
      expect(next(state, { taskState, policy: DEFAULT_ESCALATION })).toBeNull();
    });
  });

  it('picks up where it stopped when a returned contribution puts the work back on the OPD', () => {
    const state = escalatedState(1, '2025-08-19T10:00', 1);
    expect(next(state, { taskState: 'SUBMITTED', policy: DEFAULT_ESCALATION })).toBeNull();
    expect(readable(next(state, { taskState: 'RETURNED', policy: DEFAULT_ESCALATION }))).toEqual({
      kind: 'ESCALATE',
      level: 2,
      at: '2025-08-20T10:00:00.000 Wed',
    });
  });
});

describe('answered: the OPD gets the level’s time again', () => {
  it('moves the anchor to the answer and keeps level, repeats and reminders', () => {
    const state = escalatedState(1, '2025-08-19T10:00');
    const after = answered(state, wib('2025-08-19T14:00'));
    expect(after).toEqual({ ...state, anchorMs: wib('2025-08-19T14:00') });
    expect(readable(next(state, { policy: DEFAULT_ESCALATION }))).toEqual({
      kind: 'REPEAT',
      at: '2025-08-20T10:00:00.000 Wed',
    });
    expect(readable(next(after, { policy: DEFAULT_ESCALATION }))).toEqual({
      kind: 'REPEAT',
      at: '2025-08-20T14:00:00.000 Wed',
    });
  });

  it('does not give the repeats back: after a repeat the answer postpones the climb', () => {
    const after = answered(escalatedState(1, '2025-08-20T10:00', 1), wib('2025-08-20T15:00'));
    expect(replay(after, { policy: DEFAULT_ESCALATION })).toEqual([
      { kind: 'ESCALATE', level: 2, at: '2025-08-21T15:00:00.000 Thu' },
      { kind: 'ESCALATE', level: 3, at: '2025-08-25T15:00:00.000 Mon' },
    ]);
  });

  it('does not touch the SLA clock', () => {
    const state = escalatedState(2, '2025-08-21T10:00');
    const after = answered(state, wib('2025-08-21T11:00'));
    expect([after.startMs, after.dueMs, after.remindersSent]).toEqual([
      state.startMs,
      state.dueMs,
      state.remindersSent,
    ]);
  });
});

describe('restarting: an extension or a move to another OPD', () => {
  it('starts the reminders and the ladder again on the new clock', () => {
    const atLevel2 = escalatedState(2, '2025-08-20T10:00');
    // Extended (or moved) on Wednesday 11:00 by 3 working hours → Wednesday 14:00.
    const now = wib('2025-08-20T11:00');
    const restarted = ladderStarted(now, deadlineFor(now, workingHours(3), office));
    expect(restarted).toEqual({
      startMs: now,
      dueMs: wib('2025-08-20T14:00'),
      remindersSent: 0,
      level: 0,
      levelRepeats: 0,
      anchorMs: now,
    });
    expect(next(atLevel2, { policy: DEFAULT_ESCALATION })?.kind).toBe('ESCALATE');
    expect(replay(restarted, { policy: DEFAULT_ESCALATION })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-20T12:30:00.000 Wed' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-20T13:15:00.000 Wed' },
      { kind: 'ESCALATE', level: 1, at: '2025-08-20T14:00:00.000 Wed' },
      { kind: 'REPEAT', at: '2025-08-21T14:00:00.000 Thu' },
      { kind: 'ESCALATE', level: 2, at: '2025-08-22T14:00:00.000 Fri' },
      { kind: 'ESCALATE', level: 3, at: '2025-08-26T14:00:00.000 Tue' },
    ]);
  });
});

describe('applyLadderEvent', () => {
  const state = escalatedState(1, '2025-08-19T10:00', 0);
  const now = wib('2025-08-20T10:05');

  it('counts a reminder and nothing else', () => {
    const fresh = started('2025-08-14T10:00', workingDays(2));
    expect(
      applyLadderEvent(fresh, { kind: 'REMINDER', percent: 50, at: wib('2025-08-15T10:15') }, now),
    ).toEqual({ ...fresh, remindersSent: 1 });
  });

  it('moves to the escalated level with no repeats, anchored at the firing instant', () => {
    const repeated = { ...state, levelRepeats: 1 };
    expect(
      applyLadderEvent(repeated, { kind: 'ESCALATE', level: 2, at: wib('2025-08-20T10:00') }, now),
    ).toEqual({
      ...state,
      level: 2,
      levelRepeats: 0,
      anchorMs: now,
    });
  });

  it('counts a repeat, anchored at the firing instant', () => {
    expect(applyLadderEvent(state, { kind: 'REPEAT', at: wib('2025-08-20T10:00') }, now)).toEqual({
      ...state,
      levelRepeats: 1,
      anchorMs: now,
    });
  });

  it('leaves the given state alone', () => {
    const frozen = Object.freeze({ ...state });
    const events: LadderEvent[] = [
      { kind: 'REMINDER', percent: 75, at: now },
      { kind: 'ESCALATE', level: 2, at: now },
      { kind: 'REPEAT', at: now },
    ];
    for (const event of events) expect(applyLadderEvent(frozen, event, now)).not.toBe(frozen);
    expect(answered(frozen, now)).not.toBe(frozen);
    expect(frozen).toEqual(state);
  });
});

describe('a whole ladder, as the workflow plays it', () => {
  it('reminds, reminds, escalates to 1, repeats, climbs to 2 and 3, then stops (default policy, WIB office)', () => {
    const state = started('2025-08-14T10:00', workingDays(2));
    expect(replay(state, { policy: DEFAULT_ESCALATION })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-15T10:15:00.000 Fri' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-15T14:37:30.000 Fri' },
      { kind: 'ESCALATE', level: 1, at: '2025-08-19T10:00:00.000 Tue' },
      { kind: 'REPEAT', at: '2025-08-20T10:00:00.000 Wed' },
      { kind: 'ESCALATE', level: 2, at: '2025-08-21T10:00:00.000 Thu' },
      { kind: 'ESCALATE', level: 3, at: '2025-08-25T10:00:00.000 Mon' },
    ]);
  });

  it('shifts every rung by the delay of the one before, but not the reminders or level 1', () => {
    const state = started('2025-08-14T10:00', workingDays(2));
    expect(replay(state, { policy: DEFAULT_ESCALATION }, 1 * SECOND)).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-15T10:15:00.000 Fri' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-15T14:37:30.000 Fri' },
      { kind: 'ESCALATE', level: 1, at: '2025-08-19T10:00:00.000 Tue' },
      { kind: 'REPEAT', at: '2025-08-20T10:00:01.000 Wed' },
      { kind: 'ESCALATE', level: 2, at: '2025-08-21T10:00:02.000 Thu' },
      { kind: 'ESCALATE', level: 3, at: '2025-08-25T10:00:03.000 Mon' },
    ]);
  });

  it('plays an emergency ladder around the clock (BERAT, 15 minutes to acknowledge)', () => {
    const state = started('2025-08-17T03:00', SEVERITY_POLICY.BERAT.acknowledgeWithin, always);
    expect(replay(state, { policy: SEVERITY_POLICY.BERAT.escalation, calendar: always })).toEqual([
      { kind: 'REMINDER', percent: 50, at: '2025-08-17T03:07:30.000 Sun' },
      { kind: 'REMINDER', percent: 75, at: '2025-08-17T03:11:15.000 Sun' },
      { kind: 'ESCALATE', level: 1, at: '2025-08-17T03:15:00.000 Sun' },
      { kind: 'ESCALATE', level: 2, at: '2025-08-17T03:25:00.000 Sun' },
      { kind: 'ESCALATE', level: 3, at: '2025-08-17T03:45:00.000 Sun' },
    ]);
  });

  it('ends with the state the workflow reports (2 reminders, level 3) and nothing due', () => {
    let state = started('2025-08-14T10:00', workingDays(2));
    const firedAt: string[] = [];
    for (let event = next(state, { policy: DEFAULT_ESCALATION }); event;) {
      firedAt.push(local(event.at));
      state = applyLadderEvent(state, event, event.at);
      event = next(state, { policy: DEFAULT_ESCALATION });
    }
    expect(firedAt).toHaveLength(6);
    expect(state).toEqual({
      startMs: wib('2025-08-14T10:00'),
      dueMs: wib('2025-08-19T10:00'),
      remindersSent: 2,
      level: 3,
      levelRepeats: 0,
      anchorMs: wib('2025-08-25T10:00'),
    });
  });
});
