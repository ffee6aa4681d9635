import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import type { AuditOutboxPayload } from '@gotong/notifications/notifiable';
import { DigestService } from './digest.service';
import { planAuditNotification } from './event-planner';
import { NotificationWriter } from './notification-writer';
import { QueueService } from './queues';

interface OutboxJob {
  outboxId: string;
}

/** Handles the jobs relayed from the outbox: audit events, ADMIN retries of dead deliveries, digest runs. */
@Injectable()
export class EventDispatcher implements OnModuleInit {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly queues: QueueService,
    private readonly writer: NotificationWriter,
    private readonly digests: DigestService,
  ) {}

  onModuleInit(): void {
    this.queues.register('notify-events', 'audit', (job) =>
      this.fromOutbox(job, async (payload) => {
        const plan = await planAuditNotification(this.db, payload as unknown as AuditOutboxPayload);
        if (plan) await this.writer.write(plan);
      }),
    );
    this.queues.register('notify-events', 'delivery.retry', (job) =>
      this.fromOutbox(job, async (payload) => {
        const delivery = await this.db.notificationDelivery.findUnique({
          where: { id: String(payload.deliveryId) },
          select: { id: true, channel: true, generation: true, notBefore: true, status: true },
        });
        if (delivery?.status === 'PENDING') await this.writer.enqueue([delivery]);
      }),
    );
    this.queues.register('notify-events', 'digest.run', (job) =>
      this.fromOutbox(job, async (payload) => {
        await this.digests.send(String(payload.date), { skipNonWorkingDays: false });
      }),
    );
    this.queues.register('notify-events', 'digest.scheduled', () =>
      this.digests.send(this.digests.today(), { skipNonWorkingDays: true }),
    );
  }

  /** Runs the handler for an outbox row once; a row already processed (relayed twice) is left alone. */
  private async fromOutbox(
    job: Job,
    handle: (payload: Record<string, unknown>) => Promise<void>,
  ): Promise<string> {
    const { outboxId } = job.data as OutboxJob;
    const row = await this.db.outboxMessage.findUnique({ where: { id: BigInt(outboxId) } });
    if (!row) throw new UnrecoverableError(`outbox row ${outboxId} does not exist`);
    if (row.processedAt) return 'already processed';
    await handle(row.payload as Record<string, unknown>);
    await this.db.outboxMessage.update({ where: { id: row.id }, data: { processedAt: new Date() } });
    return 'processed';
  }
}
