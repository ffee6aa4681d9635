import type { Prisma } from './generated/prisma/client';
import { isNotifiable, type AuditOutboxPayload } from '@gotong/notifications/notifiable';

export type Tx = Prisma.TransactionClient;

/**
 * Appends one audit event; a retried activity carries the same eventKey and writes nothing twice.
 * Events people must hear about also go into the transactional outbox, in the same transaction, so the
 * notification exists exactly when the state change does (apps/notifier relays it to BullMQ).
 */
export async function audit(tx: Tx, event: Prisma.AuditEventCreateManyInput): Promise<void> {
  await tx.auditEvent.createMany({ data: [event], skipDuplicates: true });
  if (!isNotifiable(event.action)) return;
  const payload: AuditOutboxPayload = {
    eventKey: event.eventKey,
    action: event.action,
    projectId: event.projectId ?? null,
    taskId: event.taskId ?? null,
    actorUserId: event.actorUserId ?? null,
    actorAgencyId: event.actorAgencyId ?? null,
    detail: (event.detail ?? {}) as Record<string, unknown>,
    occurredAt: new Date(event.occurredAt).toISOString(),
  };
  await tx.outboxMessage.createMany({
    data: [{ key: event.eventKey, topic: 'audit', payload: payload as unknown as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
}

/**
 * Many audit events at once (a set-based projection): the ones nobody hears about in one insert, idempotent by
 * eventKey; the notifiable ones each through audit(), so their outbox rows are written as for any other event.
 */
export async function auditMany(tx: Tx, events: Prisma.AuditEventCreateManyInput[]): Promise<void> {
  const quiet = events.filter((e) => !isNotifiable(e.action));
  if (quiet.length > 0) await tx.auditEvent.createMany({ data: quiet, skipDuplicates: true });
  for (const event of events) if (isNotifiable(event.action)) await audit(tx, event);
}
