/**
 * Audit actions that people must hear about. libs/database/src/audit.ts writes an outbox row for each of them in the
 * same transaction as the audit event, so a state change and its notification commit or roll back together.
 */
export const NOTIFIABLE_ACTIONS = [
  'TASK_ASSIGNED',
  'TASK_REMINDER',
  'TASK_ESCALATED',
  'ESCALATION_REMINDER',
  'ESCALATION_ANSWERED',
  'CONTRIBUTION_SUBMITTED',
  'CONTRIBUTION_RETURNED',
  'TASK_REASSIGNED',
  'TASK_REASSIGNED_WITHIN_OPD',
  'INCIDENT_DECLARED',
  'OPD_MOBILISED',
  'COMMENT_MENTIONED',
  'CONTRIBUTION_ACCEPTED',
  'DEADLINE_EXTENDED',
  'PROJECT_CANCELLED',
  'TASK_RELEASED',
  'REVIEW_REMINDER',
  'REVIEW_ESCALATED',
  'RESOURCE_REQUESTED',
  'RESOURCE_COMMITTED',
  'RESOURCE_SENT',
  'RESOURCE_PARTIALLY_RECEIVED',
  'RESOURCE_REFUSED',
  'RESOURCE_CANCELLED',
  'DATA_CONFLICT_OPENED',
  // #18: joint policy drafting, citizen reports, the planning cycle (apps/notifier/src/event-planner.ts).
  'POLICY_STATUS_CHANGED',
  'POLICY_REVIEW_RETURNED',
  'POLICY_SIGN_OFF_RETURNED',
  'POLICY_SIGN_OFF_REMINDER',
  'POLICY_SIGN_OFF_ESCALATED',
  'CITIZEN_REPORT_FILED',
  'CITIZEN_REPORT_TRIAGED',
  'CITIZEN_REPORT_REMINDER',
  'CITIZEN_REPORT_ESCALATED',
  'PLANNING_DECISION_LATE',
] as const;

export type NotifiableAction = (typeof NOTIFIABLE_ACTIONS)[number];

const notifiable: ReadonlySet<string> = new Set(NOTIFIABLE_ACTIONS);

export function isNotifiable(action: string): action is NotifiableAction {
  return notifiable.has(action);
}

/** Outbox topics and the job each becomes on the notifier's event queue. */
export const OUTBOX_TOPICS = ['audit', 'delivery.retry', 'digest.run'] as const;
export type OutboxTopic = (typeof OUTBOX_TOPICS)[number];

/** The outbox payload of an audit event: the event as written, occurredAt as ISO text. */
export interface AuditOutboxPayload {
  eventKey: string;
  action: NotifiableAction;
  projectId: string | null;
  taskId: string | null;
  actorUserId: string | null;
  actorAgencyId: string | null;
  detail: Record<string, unknown>;
  occurredAt: string;
}
