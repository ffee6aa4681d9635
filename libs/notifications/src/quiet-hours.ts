import { DateTime } from 'luxon';
import { WIB_ZONE } from './format';
import { type QuietHours } from './types';

/**
 * Quiet hours: a window of the day, in WIB, in which a recipient gets no non-urgent notifications. What
 * arrives in the window is held until it ends. The start is inside the window, the end is not; a window whose
 * end is earlier than its start wraps midnight (21:00 → 06:00).
 */

export class QuietHoursError extends Error {
  override readonly name = 'QuietHoursError';
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Checks quiet hours typed by a user (or read back from storage); throws a QuietHoursError saying what is wrong. */
export function parseQuietHours(value: { start: string; end: string }): QuietHours {
  const start = clockMinutes(value.start, 'start');
  const end = clockMinutes(value.end, 'end');
  if (start === end) {
    throw new QuietHoursError(
      `quiet hours start and end must differ (got ${value.start}–${value.end}); an empty or all-day window is not allowed`,
    );
  }
  return { start: value.start, end: value.end };
}

/**
 * When a notification created at `now` should be delivered: `now` itself when it is urgent, when there are no
 * quiet hours or when `now` is outside them; otherwise the instant the quiet window ends (the next time the
 * WIB clock shows `end`). Throws a QuietHoursError for invalid quiet hours, a RangeError for an invalid date.
 */
export function deliverAt(now: Date, quietHours: QuietHours | null, urgent: boolean): Date {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a valid Date');
  if (urgent || quietHours === null) return now;
  parseQuietHours(quietHours);

  const local = DateTime.fromMillis(nowMs, { zone: WIB_ZONE });
  const midnight = local.startOf('day');
  const sinceMidnight = nowMs - midnight.toMillis();
  const start = clockMinutes(quietHours.start, 'start') * MINUTE_MS;
  const end = clockMinutes(quietHours.end, 'end') * MINUTE_MS;

  const inside =
    start < end
      ? start <= sinceMidnight && sinceMidnight < end
      : sinceMidnight >= start || sinceMidnight < end;
  if (!inside) return now;

  // Zone arithmetic rather than adding milliseconds, so that this stays right in a zone with DST too.
  const [hour, minute] = quietHours.end.split(':').map(Number);
  let endsAt = midnight.set({ hour, minute });
  if (endsAt.toMillis() <= nowMs) endsAt = endsAt.plus({ days: 1 });
  return endsAt.toJSDate();
}

const MINUTE_MS = 60_000;

function clockMinutes(value: unknown, what: 'start' | 'end'): number {
  const match = typeof value === 'string' ? CLOCK.exec(value) : null;
  if (!match) {
    throw new QuietHoursError(
      `quiet hours ${what} must be a time 'HH:mm' from 00:00 to 23:59, got ${JSON.stringify(value)}`,
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** What the urgency of a notification is decided from: the audit event and the task it is about. */
export interface UrgencyFacts {
  /** The audit action. */
  action: string;
  /** The event belongs to an emergency (its project is an incident's). */
  emergency: boolean;
  /** The step key of the task the event is about, when it is about a task. */
  stepKey: string | null;
  /** The escalation level the event is at, for escalation events (detail.level). */
  level: number | null;
}

/** Events that are an escalation at a level of the ladder. */
const ESCALATION_ACTIONS: ReadonlySet<string> = new Set([
  'TASK_ESCALATED',
  'ESCALATION_REMINDER',
  'REVIEW_ESCALATED',
  'POLICY_SIGN_OFF_ESCALATED',
  'CITIZEN_REPORT_ESCALATED',
]);

/**
 * Whether a notification goes through quiet hours. Only what cannot wait until morning does: an emergency's
 * acknowledgements (the declaration, a mobilisation, and every event on an `ack-` step of an emergency task)
 * and escalations that have reached the Sekda or the Bupati (level ≥ 2). Everything else — sitreps, resource
 * requests and comments on an emergency included — waits for the end of the recipient's quiet hours.
 */
export function isUrgent(facts: UrgencyFacts): boolean {
  if (facts.action === 'COMMENT_MENTIONED') return false;
  if (facts.action === 'INCIDENT_DECLARED' || facts.action === 'OPD_MOBILISED') return true;
  if (facts.emergency && facts.stepKey?.startsWith('ack-')) return true;
  return ESCALATION_ACTIONS.has(facts.action) && (facts.level ?? 0) >= 2;
}
