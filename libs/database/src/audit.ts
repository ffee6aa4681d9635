import type { Prisma } from './generated/prisma/client';
import { isNotifiable, type AuditOutboxPayload } from '@gotong/notifications/notifiable';

export type Tx = Prisma.TransactionClient;

/**
 * Appends one audit event; a retried activity carries the same eventKey and writes nothing twice. The database
 * puts it on its stream's hash chain (stream, position, prevHash and hash are filled by the insert trigger of
 * prisma/migrations/20261207010000_append_only_audit) and refuses every UPDATE, DELETE and TRUNCATE of it.
 * Events people must hear about also go into the transactional outbox, in the same transaction, so the
 * notification exists exactly when the state change does (apps/notifier relays it to BullMQ).
 */
export async function audit(tx: Tx, event: Prisma.AuditEventCreateManyInput): Promise<void> {
  await tx.auditEvent.createMany({ data: [event], skipDuplicates: true });
  if (!isNotifiable(event.action)) return;
  await tx.outboxMessage.createMany({ data: [outboxRow(event)], skipDuplicates: true });
}

/** The outbox row that carries a notifiable audit event to apps/notifier. */
function outboxRow(event: Prisma.AuditEventCreateManyInput): Prisma.OutboxMessageCreateManyInput {
  const payload: AuditOutboxPayload = {
    eventKey: event.eventKey,
    action: event.action as AuditOutboxPayload['action'], // only notifiable events reach here
    projectId: event.projectId ?? null,
    taskId: event.taskId ?? null,
    actorUserId: event.actorUserId ?? null,
    actorAgencyId: event.actorAgencyId ?? null,
    detail: (event.detail ?? {}) as Record<string, unknown>,
    occurredAt: new Date(event.occurredAt).toISOString(),
  };
  return { key: event.eventKey, topic: 'audit', payload: payload as unknown as Prisma.InputJsonValue };
}

/**
 * Many audit events at once (a set-based projection): one insert of the events and one of the outbox rows of
 * the notifiable ones (a whole-regency request may open hundreds of conflicts), idempotent by eventKey.
 */
export async function auditMany(tx: Tx, events: Prisma.AuditEventCreateManyInput[]): Promise<void> {
  if (events.length > 1) {
    // The chain trigger locks each event's stream as it appends it; a statement with events of several streams
    // would take those locks in row order, and two such statements in opposite orders would deadlock. Taking
    // them all first, in one fixed order, makes every later lock one this transaction already holds.
    await tx.$executeRaw`
      SELECT audit_event_lock(s)
        FROM (SELECT DISTINCT audit_event_stream(p, k) AS s
                FROM unnest(${events.map((e) => e.projectId ?? null)}::uuid[], ${events.map((e) => e.eventKey)}::text[])
                  AS x(p, k)) AS streams
       ORDER BY s COLLATE "C"`;
  }
  if (events.length === 0) return;
  await tx.auditEvent.createMany({ data: events, skipDuplicates: true });
  const notifiable = events.filter((e) => isNotifiable(e.action));
  if (notifiable.length > 0)
    await tx.outboxMessage.createMany({ data: notifiable.map(outboxRow), skipDuplicates: true });
}
