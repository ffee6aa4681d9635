/**
 * The reminders and escalation ladder of one OPD task, as pure data and functions.
 *
 * Pure and deterministic so that Temporal workflow code can call it: no Temporal, no clock (`Date.now()`),
 * no randomness, no I/O. Every instant is a number of epoch milliseconds. The task workflow keeps one
 * `LadderState`, asks `nextLadderEvent` what is due next, sleeps until `event.at`, then records the event
 * (projection activities) and moves on with `applyLadderEvent`.
 *
 * The rules:
 *
 * - The ladder runs only while the OPD owes work: the task is ASSIGNED, CLAIMED or RETURNED. While a
 *   contribution waits for review (SUBMITTED) nothing is due; an accepted submission (COMPLETED) or a
 *   cancellation (CANCELLED) stops it for good.
 * - Reminders go out at 50 % and 75 % of the SLA (`REMINDER_FRACTIONS`), measured in the SLA's own calendar:
 *   office time for working units (workingHours, workingDays), calendar time for the others (seconds,
 *   minutes, hours, days), see `slaCalendarFor`.
 * - Level 1 of the policy (normally Kepala OPD) is escalated to at the deadline, once both reminders are out.
 * - Each level's timeout is counted, in the task's calendar, from the instant that level fired, or from its
 *   last repeat or answer. When it runs out the level is first repeated (`repeats` times), then the ladder
 *   climbs to the next level of the policy (2 Sekda, 3 Bupati / Wakil Bupati). After the last level's
 *   timeout (and repeats) nothing more happens.
 * - An answer by the escalated official moves that anchor to the answer's instant (`answered`): the OPD gets
 *   that level's time again to act on the instruction. The level and its repeat count stay.
 * - An extension of the deadline, or a move of the task to another OPD, restarts the ladder (`ladderStarted`):
 *   a fresh SLA clock, both reminders again, no level, no repeats.
 *
 * Where the policy comes from: the `escalation` of the step plan the task runs (`StepPlan.escalation`), chosen
 * in one place, below: `stepLadder` (a template step's own policy, else `DEFAULT_ESCALATION`, which ad-hoc and
 * data-request steps get) and `incidentLadder` (the incident's severity's, on a 24/7 calendar).
 */
import { deadlineFor, isWorkingUnit, pointInSla, type Sla, type WorkCalendar } from './calendar';
import { OPD_WORKING_STATES, type TaskState } from './task-rules';
import { SEVERITY_POLICY, type Severity } from './emergency/severity';
import { DEFAULT_ESCALATION, DEFAULT_REVIEW, type EscalationPolicy, type ReviewPolicy } from './template';

/** The ladder a step's task climbs: the step's own policy (a template may set one), else the default. */
export function stepLadder(step: { escalation?: EscalationPolicy | undefined } = {}): EscalationPolicy {
  return step.escalation ?? DEFAULT_ESCALATION;
}

/** The lead's review clock and the OPD's revision window of a step: the step's own, else the default. */
export function stepReview(step: { review?: ReviewPolicy | undefined } = {}): ReviewPolicy {
  return step.review ?? DEFAULT_REVIEW;
}

/** The ladder every task of an incident climbs: the one of the incident's severity. */
export function incidentLadder(severity: Severity): EscalationPolicy {
  return SEVERITY_POLICY[severity].escalation;
}

/** Reminders at 50 % and 75 % of the SLA, in this order. */
export const REMINDER_FRACTIONS: readonly number[] = Object.freeze([0.5, 0.75]);

export interface LadderState {
  /** When the current SLA clock started: the assignment, the last move to another OPD or the extension. */
  startMs: number;
  /** The deadline of the current SLA clock. */
  dueMs: number;
  /** Reminders sent on the current clock (0 … REMINDER_FRACTIONS.length). */
  remindersSent: number;
  /** The escalation level reached (0: not escalated). */
  level: number;
  /** Repeats sent at the current level. */
  levelRepeats: number;
  /** The current level's timeout counts from here: when it fired, was last repeated or answered. */
  anchorMs: number;
}

export type LadderEvent =
  | { kind: 'REMINDER'; at: number; percent: number }
  | { kind: 'ESCALATE'; at: number; level: number }
  | { kind: 'REPEAT'; at: number };

/**
 * A fresh ladder on an SLA clock that starts at `startMs` with deadline `dueMs`: no reminder sent, not
 * escalated. Also what a move to another OPD or an extension of the deadline gives (everything restarts).
 */
export function ladderStarted(startMs: number, dueMs: number): LadderState {
  return { startMs, dueMs, remindersSent: 0, level: 0, levelRepeats: 0, anchorMs: startMs };
}

/** The escalated official answered at `nowMs`: the OPD gets the current level's time again from then. */
export function answered(state: LadderState, nowMs: number): LadderState {
  return { ...state, anchorMs: nowMs };
}

/**
 * The calendar reminders are measured in: the task's calendar for SLAs in working units, else the same
 * calendar in ALWAYS mode, so that an SLA in hours or days has its reminders in calendar time.
 */
export function slaCalendarFor(sla: Sla, calendar: WorkCalendar): WorkCalendar {
  return isWorkingUnit(sla.unit) ? calendar : { ...calendar, mode: 'ALWAYS' };
}

/**
 * The next reminder, escalation or repeat and when it is due, or null when nothing is: the OPD owes nothing
 * (`taskState` not in OPD_WORKING_STATES) or the ladder is exhausted. `calendar` is the task's calendar (level
 * timeouts); `slaCalendar` the SLA's (reminders, see `slaCalendarFor`). `at` may lie in the past: a late event
 * is due at once.
 */
export function nextLadderEvent(
  state: LadderState,
  taskState: TaskState,
  policy: EscalationPolicy,
  calendar: WorkCalendar,
  slaCalendar: WorkCalendar,
): LadderEvent | null {
  if (!OPD_WORKING_STATES.includes(taskState)) return null;
  return nextClockEvent(state, policy, calendar, slaCalendar);
}

/**
 * The next event of the lead's review clock (fair clocks): the same reminders and ladder as an OPD's, on the
 * step's review policy (`stepReview`), running while a submission waits for review. The workflow calls it only
 * then; null when the ladder is exhausted.
 */
export function nextReviewEvent(
  state: LadderState,
  policy: EscalationPolicy,
  calendar: WorkCalendar,
  slaCalendar: WorkCalendar,
): LadderEvent | null {
  return nextClockEvent(state, policy, calendar, slaCalendar);
}

function nextClockEvent(
  state: LadderState,
  policy: EscalationPolicy,
  calendar: WorkCalendar,
  slaCalendar: WorkCalendar,
): LadderEvent | null {
  if (state.remindersSent < REMINDER_FRACTIONS.length) {
    const fraction = REMINDER_FRACTIONS[state.remindersSent]!;
    return {
      kind: 'REMINDER',
      at: pointInSla(state.startMs, state.dueMs, fraction, slaCalendar),
      percent: fraction * 100,
    };
  }
  const levels = policy.levels;
  if (state.level === 0) {
    const first = levels[0];
    return first ? { kind: 'ESCALATE', at: state.dueMs, level: first.level } : null;
  }
  const current = levels.find((l) => l.level === state.level);
  if (!current) return null;
  const at = deadlineFor(state.anchorMs, current.timeout, calendar);
  if (state.levelRepeats < current.repeats) return { kind: 'REPEAT', at };
  const next = levels.find((l) => l.level > state.level);
  return next ? { kind: 'ESCALATE', at, level: next.level } : null;
}

/**
 * The ladder after `event` fired at `nowMs` (which may be later than `event.at`): a reminder counts; an
 * escalation moves to its level with no repeats yet; a repeat counts. The next timeout counts from `nowMs`.
 */
export function applyLadderEvent(state: LadderState, event: LadderEvent, nowMs: number): LadderState {
  switch (event.kind) {
    case 'REMINDER':
      return { ...state, remindersSent: state.remindersSent + 1 };
    case 'ESCALATE':
      return { ...state, level: event.level, levelRepeats: 0, anchorMs: nowMs };
    case 'REPEAT':
      return { ...state, levelRepeats: state.levelRepeats + 1, anchorMs: nowMs };
  }
}
