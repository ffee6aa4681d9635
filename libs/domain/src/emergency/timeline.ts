/**
 * The incident's timeline: what happened, in order, from its audit events. Pure.
 */

/** The audit actions an incident's timeline shows (its own events; task-level reminders stay on the tasks). */
export const TIMELINE_ACTIONS: readonly string[] = Object.freeze([
  'INCIDENT_DECLARED',
  'INCIDENT_STATUS_CHANGED',
  'OPD_MOBILISED',
  'OPD_RELEASED',
  'SITREP_CORRECTED',
  'SITREP_CONFLICT_RESOLVED',
  'RESOURCE_REQUESTED',
  'RESOURCE_COMMITTED',
  'RESOURCE_SENT',
  'RESOURCE_PARTIALLY_RECEIVED',
  'RESOURCE_RECEIVED',
  'RESOURCE_REFUSED',
  'RESOURCE_CLOSED',
  'RESOURCE_CANCELLED',
  'INCIDENT_CLOSED',
]);

export interface TimelineEvent {
  action: string;
  /** ISO instant. */
  at: string;
  agencyCode: string | null;
  actorUserId: string | null;
  taskId: string | null;
  detail: Record<string, unknown>;
}

export interface TimelineEntry extends TimelineEvent {
  /** The reason or note the event carries (a correction's, a release's, a resolution's, a status change's). */
  reason: string | null;
}

/**
 * The timeline: the events of TIMELINE_ACTIONS in the order they happened (equal instants keep their given
 * order), each with the reason or note it carries. Throws RangeError for an instant that is not ISO-8601.
 */
export function incidentTimeline(events: readonly TimelineEvent[]): TimelineEntry[] {
  return events
    .map((event, index) => {
      const ms = Date.parse(event.at);
      if (Number.isNaN(ms)) throw new RangeError(`timeline event ${event.action}: at is not an instant`);
      return { event, ms, index };
    })
    .filter(({ event }) => TIMELINE_ACTIONS.includes(event.action))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ event }) => {
      const reason = event.detail['reason'] ?? event.detail['note'];
      return { ...event, reason: typeof reason === 'string' && reason.trim() ? reason : null };
    });
}
