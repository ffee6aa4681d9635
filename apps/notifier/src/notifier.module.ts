import { Module } from '@nestjs/common';
import { DatabaseModule } from '@gotong/database/database.module';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliveryProcessor } from './delivery.processor';
import { DigestService } from './digest.service';
import { EventDispatcher } from './event-dispatcher';
import { HealthController } from './health.controller';
import { NotifierMetrics } from './metrics';
import { NotificationWriter } from './notification-writer';
import { OutboxRelay } from './outbox-relay';
import { QueueService } from './queues';

@Module({
  imports: [DatabaseModule],
  controllers: [HealthController],
  providers: [
    QueueService,
    OutboxRelay,
    NotificationWriter,
    EventDispatcher,
    DeliveryProcessor,
    DigestService,
    EmailChannel,
    WebhookChannel,
    NotifierMetrics,
  ],
})
export class NotifierModule {}
