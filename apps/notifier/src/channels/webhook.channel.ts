import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { classifyHttpStatus, type DeliveryOutcome } from '@gotong/notifications/delivery-errors';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from '@gotong/notifications/webhook-signature';
import type { ChannelMessage } from './channel';

/** A refusal by the gateway, with the HTTP status that decides whether to retry. */
export class WebhookRefused extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`webhook answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }
}

/**
 * POSTs to the WhatsApp/SMS gateway the regency already uses. The body is signed with HMAC-SHA256 over
 * "<timestamp>.<body>" (headers x-gotong-signature, x-gotong-timestamp) and carries the delivery id as
 * Idempotency-Key, so the gateway can drop a resend.
 */
@Injectable()
export class WebhookChannel {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(message: ChannelMessage): Promise<void> {
    if (!this.config.WEBHOOK_URL || !this.config.WEBHOOK_SECRET)
      throw new Error('WEBHOOK_URL is not configured');
    if (!message.recipient.phone) throw new Error('the recipient has no phone number');
    const body = JSON.stringify({
      id: message.deliveryId,
      notificationId: message.notificationId,
      event: message.kind,
      urgent: message.urgent,
      language: message.language,
      recipient: {
        userId: message.recipient.userId,
        name: message.recipient.name,
        phone: message.recipient.phone,
      },
      message: { title: message.rendered.title, body: message.rendered.body, link: message.link },
      createdAt: message.createdAt,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(this.config.WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(this.config.WEBHOOK_SECRET, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [IDEMPOTENCY_HEADER]: message.deliveryId,
      },
      body,
      signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT),
    });
    const text = await response.text().catch(() => '');
    if (classifyHttpStatus(response.status) !== 'ok') throw new WebhookRefused(response.status, text);
  }

  /** 4xx other than 429 is permanent; 5xx, 429, timeouts and connection errors are retried. */
  classify(error: unknown): DeliveryOutcome {
    if (error instanceof WebhookRefused) {
      const outcome = classifyHttpStatus(error.status);
      return outcome === 'ok' ? 'retry' : outcome;
    }
    return 'retry';
  }
}
