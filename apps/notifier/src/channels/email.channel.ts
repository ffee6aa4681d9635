import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { classifySmtpError, type DeliveryOutcome } from '@gotong/notifications/delivery-errors';
import { renderEmail } from '@gotong/notifications/messages';
import type { ChannelMessage } from './channel';

/** Email through the regency's SMTP server (nodemailer), in the recipient's language, linking back to the task. */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.SMTP_URL ? createTransport(withTimeouts(config.SMTP_URL)) : null;
  }

  async send(message: ChannelMessage): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not configured');
    if (!message.recipient.email) throw new Error('the recipient has no email address');
    const email = renderEmail(message.rendered, message.link, message.language);
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: { name: message.recipient.name, address: message.recipient.email },
      subject: email.subject,
      text: email.text,
      html: email.html,
      // Stable per delivery: a resend after a crash between sending and recording is one message to mail clients.
      messageId: `<${message.deliveryId}@gotong.probolinggokab.go.id>`,
      headers: {
        'X-Gotong-Notification': message.notificationId,
        ...(message.urgent ? { Importance: 'high', 'X-Priority': '1' } : {}),
      },
    });
  }

  classify(error: unknown): DeliveryOutcome {
    return classifySmtpError(error);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** Bounded timeouts (nodemailer reads options from the URL's query), unless the URL sets its own. */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const defaults = { connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' };
  for (const [name, value] of Object.entries(defaults)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url.toString();
}
