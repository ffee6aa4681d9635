import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import type { OutboxTopic } from '@gotong/notifications/notifiable';
import { NotificationWriter } from './notification-writer';
import { QueueService } from './queues';

const BATCH = 200;

/**
 * Relays the transactional outbox (outbox_message, written by activities in the same transaction as the state
 * change) to BullMQ. Each row becomes one job whose id is derived from the row id, so relaying a row twice
 * (a crash between enqueue and mark, two notifier replicas) adds it once. Rows claim with SKIP LOCKED; a row
 * stays unrelayed while Redis is down and goes out when it is back. Rows relayed but never processed (Redis
 * restarted without its data) are relayed again after OUTBOX_REDELIVER_AFTER; the notifier's own records in
 * Postgres then keep anything already sent from going out twice.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failing = false;
  private lastSweep = 0;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueService,
    private readonly writer: NotificationWriter,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Before the queues and the database close (onApplicationShutdown): a pass in progress finishes first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One relay pass; returns how many rows went to Redis. Exposed for tests and the health check. */
  async relayOnce(): Promise<number> {
    const staleBefore = new Date(Date.now() - this.config.OUTBOX_REDELIVER_AFTER);
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; topic: string }[]>`
        SELECT id, topic FROM outbox_message
        WHERE processed_at IS NULL AND (relayed_at IS NULL OR relayed_at < ${staleBefore})
        ORDER BY id
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      await this.queues.queue('notify-events').addBulk(
        rows.map((row) => ({
          name: row.topic as OutboxTopic,
          data: { outboxId: row.id.toString() },
          opts: { jobId: `outbox-${row.id}` },
        })),
      );
      await tx.outboxMessage.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { relayedAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      return rows.length;
    });
  }

  /** Backlog figures for the health endpoint. */
  async backlog(): Promise<{ pending: number; oldestPendingSeconds: number | null }> {
    const [row] = await this.db.$queryRaw<{ pending: bigint; oldest: Date | null }[]>`
      SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox_message WHERE processed_at IS NULL`;
    if (!row) return { pending: 0, oldestPendingSeconds: null };
    return {
      pending: Number(row.pending),
      oldestPendingSeconds: row.oldest ? Math.floor((Date.now() - row.oldest.getTime()) / 1000) : null,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let relayed = 0;
    try {
      relayed = await this.relayOnce();
      // Lost deliveries only count as lost after OUTBOX_REDELIVER_AFTER: looking a few times per period is
      // enough, not on every poll.
      if (Date.now() - this.lastSweep >= this.config.OUTBOX_REDELIVER_AFTER / 4) {
        this.lastSweep = Date.now();
        await this.writer.sweep();
      }
      if (this.failing) {
        this.failing = false;
        this.logger.log('relaying again');
        await this.queues.upsertDigestSchedule();
      }
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(`relay paused, rows stay in the outbox: ${(error as Error).message}`);
      }
    }
    // A full batch means more is waiting: go on at once.
    this.schedule(relayed === BATCH ? 0 : this.config.OUTBOX_POLL_INTERVAL);
  }
}
