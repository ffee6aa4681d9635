import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Client } from 'pg';
import { ReplaySubject, Subject, type Observable } from 'rxjs';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';

/** Must match apps/notifier's NOTIFICATION_PG_CHANNEL. */
const CHANNEL = 'gotong_notification';

export interface NewNotification {
  userId: string;
  id: string;
}

/**
 * New notifications as they are committed, from Postgres LISTEN/NOTIFY (the notifier calls pg_notify in the
 * transaction that writes the row). Works with Redis down and across API replicas; one connection per API
 * process, re-established if it drops.
 */
@Injectable()
export class NotificationEvents implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationEvents');
  private readonly subject = new Subject<NewNotification>();
  /** Emits once shutdown begins (also to streams opened after it): open streams end so the server can close. */
  private readonly shuttingDown = new ReplaySubject<void>(1);
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get events(): Observable<NewNotification> {
    return this.subject.asObservable();
  }

  get closing(): Observable<void> {
    return this.shuttingDown.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  /** Before the HTTP server closes: it waits for every open response, and a stream never ends by itself. */
  beforeApplicationShutdown(): void {
    this.shuttingDown.next();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.subject.complete();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.subject.next(JSON.parse(message.payload) as NewNotification);
      } catch {
        this.logger.warn(`ignored a malformed ${CHANNEL} payload`);
      }
    });
    client.on('error', (error) => {
      this.logger.warn(`LISTEN connection lost (${error.message}); reconnecting`);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn(`cannot LISTEN yet (${(error as Error).message}); retrying`);
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || (this.client !== client && this.client !== null)) return;
    this.client = null;
    client.removeAllListeners();
    void client.end().catch(() => undefined);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), 1_000);
  }
}
