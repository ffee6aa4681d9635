import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { NotificationChannel } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { renderMessage } from '@gotong/notifications/messages';
import { deliverAt } from '@gotong/notifications/quiet-hours';
import type { NotificationPlan } from './event-planner';
import { QueueService } from './queues';

/** Postgres channel the API listens on to push new notifications to browsers (SSE). */
export const NOTIFICATION_PG_CHANNEL = 'gotong_notification';

export const CHANNEL_QUEUE = { EMAIL: 'notify-email', WEBHOOK: 'notify-webhook' } as const;

export interface DeliveryJobData {
  deliveryId: string;
  generation: number;
}

/**
 * Writes each recipient's notification (the in-app inbox entry, in the recipient's language) and one delivery
 * per outside channel the recipient can be reached on, then enqueues the deliveries. Keys make every step
 * idempotent: writing the same plan again adds nothing and re-enqueues only what is still pending, under the
 * same job ids.
 */
@Injectable()
export class NotificationWriter {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueService,
  ) {}

  async write(plan: NotificationPlan): Promise<void> {
    if (plan.recipients.length === 0) return;
    const users = await this.db.user.findMany({
      where: { id: { in: plan.recipients }, active: true },
      select: { id: true, email: true, phone: true, notificationPrefs: true },
    });
    const now = new Date();
    const keys: string[] = [];
    for (const user of users) {
      const prefs = user.notificationPrefs;
      const rendered = renderMessage(plan.message, prefs?.language ?? 'id');
      const key = `${plan.eventKey}:${user.id}`;
      keys.push(key);
      const quiet =
        prefs?.quietHoursStart && prefs.quietHoursEnd
          ? { start: prefs.quietHoursStart, end: prefs.quietHoursEnd }
          : null;
      const channels: NotificationChannel[] = [];
      if (this.config.SMTP_URL && user.email && (prefs?.email ?? true)) channels.push('EMAIL');
      if (this.config.WEBHOOK_URL && user.phone && (prefs?.webhook ?? true)) channels.push('WEBHOOK');
      await this.db.$transaction(async (tx) => {
        const [inserted] = await tx.notification.createManyAndReturn({
          data: [
            {
              key,
              userId: user.id,
              kind: plan.message.kind,
              urgent: plan.urgent,
              title: rendered.title,
              body: rendered.body,
              link: plan.link,
              projectId: plan.projectId,
              taskId: plan.taskId,
            },
          ],
          skipDuplicates: true,
          select: { id: true },
        });
        if (!inserted) return; // written by an earlier attempt, with its deliveries
        await tx.notificationDelivery.createMany({
          data: channels.map((channel) => ({
            notificationId: inserted.id,
            channel,
            notBefore: deliverAt(now, quiet, plan.urgent),
          })),
        });
        // Delivered to listeners on commit only, like the rows themselves.
        await tx.$executeRaw`SELECT pg_notify(${NOTIFICATION_PG_CHANNEL}, ${JSON.stringify({ userId: user.id, id: inserted.id })})`;
      });
    }
    const pending = await this.db.notificationDelivery.findMany({
      where: { status: 'PENDING', notification: { key: { in: keys } } },
      select: { id: true, channel: true, generation: true, notBefore: true },
    });
    await this.enqueue(pending);
  }

  /** Enqueues deliveries under deterministic job ids, delayed to their notBefore (quiet hours). */
  async enqueue(
    deliveries: { id: string; channel: NotificationChannel; generation: number; notBefore: Date }[],
  ): Promise<void> {
    const now = Date.now();
    for (const d of deliveries) {
      const data: DeliveryJobData = { deliveryId: d.id, generation: d.generation };
      await this.queues.add(
        CHANNEL_QUEUE[d.channel],
        'deliver',
        { ...data },
        {
          jobId: `${d.channel.toLowerCase()}-${d.id}-g${d.generation}`,
          delay: Math.max(0, d.notBefore.getTime() - now),
        },
      );
    }
  }

  /**
   * Pending deliveries that are due but untouched for OUTBOX_REDELIVER_AFTER (their job was lost with a Redis
   * that restarted empty, or never enqueued): enqueued again. A job still in Redis makes this a no-op.
   */
  async sweep(): Promise<number> {
    const now = new Date();
    const stale = await this.db.notificationDelivery.findMany({
      where: {
        status: 'PENDING',
        notBefore: { lte: now },
        updatedAt: { lt: new Date(now.getTime() - this.config.OUTBOX_REDELIVER_AFTER) },
      },
      select: { id: true, channel: true, generation: true, notBefore: true },
      orderBy: { updatedAt: 'asc' },
      take: 200,
    });
    if (stale.length === 0) return 0;
    await this.enqueue(stale);
    await this.db.notificationDelivery.updateMany({
      where: { id: { in: stale.map((d) => d.id) }, status: 'PENDING' },
      data: { updatedAt: now },
    });
    return stale.length;
  }
}
