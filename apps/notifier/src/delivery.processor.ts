import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { NotificationChannel } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { absoluteLink } from '@gotong/notifications/links';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import type { DeliveryJobData } from './notification-writer';
import { QueueService } from './queues';

/**
 * Sends one delivery on its channel. The delivery row in Postgres is the record: a job for a delivery that is
 * no longer PENDING (sent, dead, skipped, or superseded by an ADMIN retry) does nothing. A permanent refusal, or
 * the last attempt failing, marks it DEAD for ADMIN to see and retry.
 *
 * A successful send leaves a receipt in Redis before it is recorded in Postgres. If Postgres cannot take the
 * record (it restarted just then), the job fails and is retried, and the retry records the receipt instead of
 * sending again: one email per delivery even across a database restart. Only a notifier killed between the
 * send and the receipt sends twice, and then under the same Message-ID (the delivery id).
 */
@Injectable()
export class DeliveryProcessor implements OnModuleInit {
  private readonly logger = new Logger('Delivery');

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueService,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
  ) {}

  onModuleInit(): void {
    this.queues.register('notify-email', 'deliver', (job) => this.deliver(job as Job<DeliveryJobData>));
    this.queues.register('notify-webhook', 'deliver', (job) => this.deliver(job as Job<DeliveryJobData>));
  }

  async deliver(job: Job<DeliveryJobData>): Promise<string> {
    const delivery = await this.db.notificationDelivery.findUnique({
      where: { id: job.data.deliveryId },
      include: {
        notification: {
          include: {
            user: {
              select: {
                id: true,
                fullName: true,
                email: true,
                phone: true,
                active: true,
                notificationPrefs: true,
              },
            },
          },
        },
      },
    });
    if (!delivery || delivery.status !== 'PENDING' || delivery.generation !== job.data.generation) {
      return 'nothing to do';
    }
    const { notification } = delivery;
    const { user } = notification;
    const prefs = user.notificationPrefs;
    const switchedOff = delivery.channel === 'EMAIL' ? prefs?.email === false : prefs?.webhook === false;
    if (!user.active || switchedOff) {
      await this.db.notificationDelivery.update({
        where: { id: delivery.id },
        data: {
          status: 'SKIPPED',
          lastError: user.active ? 'channel switched off by the user' : 'user deactivated',
        },
      });
      return 'skipped';
    }
    if (await this.queues.wasSent(delivery.id, delivery.generation)) {
      await this.recordSent(delivery.id);
      return 'sent before; recorded now';
    }
    const channel = this.channel(delivery.channel);
    try {
      await channel.send({
        deliveryId: delivery.id,
        notificationId: notification.id,
        kind: notification.kind,
        urgent: notification.urgent,
        language: prefs?.language ?? 'id',
        rendered: { title: notification.title, body: notification.body },
        link: notification.link ? absoluteLink(this.config.WEB_BASE_URL, notification.link) : null,
        recipient: { userId: user.id, name: user.fullName, email: user.email, phone: user.phone },
        createdAt: notification.createdAt.toISOString(),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = channel.classify(error) === 'permanent';
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.db.notificationDelivery.update({
        where: { id: delivery.id },
        data: { attempts: { increment: 1 }, lastError: message, status: last ? 'DEAD' : 'PENDING' },
      });
      if (last) this.logger.warn(`${delivery.channel} delivery ${delivery.id} dead-lettered: ${message}`);
      throw permanent ? new UnrecoverableError(message) : error;
    }
    await this.queues.rememberSent(delivery.id, delivery.generation).catch((error: Error) => {
      // Redis is how this job got here; if it has gone since, the record below is the only one.
      this.logger.warn(`no receipt for sent delivery ${delivery.id}: ${error.message}`);
    });
    await this.recordSent(delivery.id);
    return 'sent';
  }

  private async recordSent(deliveryId: string): Promise<void> {
    await this.db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
    });
  }

  private channel(channel: NotificationChannel): EmailChannel | WebhookChannel {
    switch (channel) {
      case 'EMAIL':
        return this.email;
      case 'WEBHOOK':
        return this.webhook;
    }
  }
}
