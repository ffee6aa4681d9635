import type { Prisma } from '../libs/database/src/generated/prisma/client';

export type Tx = Prisma.TransactionClient;

/** Appends one audit event; a retried activity carries the same eventKey and writes nothing twice. */
export async function audit(tx: Tx, event: Prisma.AuditEventCreateManyInput): Promise<void> {
  await tx.auditEvent.createMany({ data: [event], skipDuplicates: true });
}
