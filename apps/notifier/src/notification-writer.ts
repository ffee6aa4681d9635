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

  /**
   * One transaction for the whole event: every recipient's notification in one insert, their deliveries in a
   * second, one pg_notify per new notification in a third. An attempt that finds some notifications written
   * already (an earlier attempt, or the event relayed twice) adds only the missing ones and their deliveries;
   * what it enqueues is then read back, every delivery of the event's notifications still pending.
   */
  async write(plan: NotificationPlan): Promise<void> {
    if (plan.recipients.length === 0) return;
    const users = await this.db.user.findMany({
      where: { id: { in: plan.recipients }, active: true },
      select: { id: true, email: true, phone: true, notificationPrefs: true },
    });
    if (users.length === 0) return;
    const now = new Date();
    const rows = users.map((user) => {
      const prefs = user.notificationPrefs;
      const rendered = renderMessage(plan.message, prefs?.language ?? 'id');
      const quiet =
        prefs?.quietHoursStart && prefs.quietHoursEnd
          ? { start: prefs.quietHoursStart, end: prefs.quietHoursEnd }
          : null;
      const channels: NotificationChannel[] = [];
      if (this.config.SMTP_URL && user.email && (prefs?.email ?? true)) channels.push('EMAIL');
      if (this.config.WEBHOOK_URL && user.phone && (prefs?.webhook ?? true)) channels.push('WEBHOOK');
      return {
        notification: {
          key: `${plan.eventKey}:${user.id}`,
          userId: user.id,
          kind: plan.message.kind,
          urgent: plan.urgent,
          title: rendered.title,
          body: rendered.body,
          link: plan.link,
          projectId: plan.projectId,
          taskId: plan.taskId,
        },
        channels,
        notBefore: deliverAt(now, quiet, plan.urgent),
      };
    });
    const byUser = new Map(rows.map((row) => [row.notification.userId, row]));
    const { inserted, deliveries } = await this.db.$transaction(async (tx) => {
      const inserted = await tx.notification.createManyAndReturn({
        data: rows.map((row) => row.notification),
        skipDuplicates: true,
        select: { id: true, userId: true },
      });
      const wanted = inserted.flatMap((n) => {
        const row = byUser.get(n.userId)!;
        return row.channels.map((channel) => ({ notificationId: n.id, channel, notBefore: row.notBefore }));
      });
      const deliveries =
        wanted.length === 0
          ? []
          : await tx.notificationDelivery.createManyAndReturn({
              data: wanted,
              select: { id: true, channel: true, generation: true, notBefore: true },
            });
      if (inserted.length > 0) {
        // Delivered to listeners on commit only, like the rows themselves.
        const messages = inserted.map((n) => JSON.stringify({ userId: n.userId, id: n.id }));
        await tx.$executeRaw`SELECT pg_notify(${NOTIFICATION_PG_CHANNEL}, message) FROM unnest(${messages}::text[]) AS message`;
      }
      return { inserted, deliveries };
    });
    // All new: their deliveries are the pending ones. Otherwise an earlier attempt wrote some, and may have
    // stopped before it enqueued their deliveries.
    const pending =
      inserted.length === rows.length
        ? deliveries
        : await this.db.notificationDelivery.findMany({
            where: {
              status: 'PENDING',
              notification: { key: { in: rows.map((row) => row.notification.key) } },
            },
            select: { id: true, channel: true, generation: true, notBefore: true },
          });
    await this.enqueue(pending);
  }

  /**
   * Enqueues deliveries under deterministic job ids, delayed to their notBefore (quiet hours): one round trip
   * to Redis per channel.
   */
  async enqueue(
    deliveries: { id: string; channel: NotificationChannel; generation: number; notBefore: Date }[],
  ): Promise<void> {
    const now = Date.now();
    for (const channel of Object.keys(CHANNEL_QUEUE) as (keyof typeof CHANNEL_QUEUE)[]) {
      const jobs = deliveries
        .filter((d) => d.channel === channel)
        .map((d) => {
          const data: DeliveryJobData = { deliveryId: d.id, generation: d.generation };
          return {
            name: 'deliver' as const,
            data: { ...data },
            opts: {
              jobId: `${channel.toLowerCase()}-${d.id}-g${d.generation}`,
              delay: Math.max(0, d.notBefore.getTime() - now),
            },
          };
        });
      if (jobs.length > 0) await this.queues.addBulk(CHANNEL_QUEUE[channel], jobs);
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
