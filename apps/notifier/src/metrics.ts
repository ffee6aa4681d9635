import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { createRegistry } from '@gotong/observability/metrics';
import { QUEUES, QueueService, type QueueName } from './queues';

const QUEUE_STATES = ['wait', 'active', 'delayed', 'prioritized', 'failed'] as const;

/**
 * The notifier's Prometheus metrics (GET /metrics on its HTTP server), read from PostgreSQL and Redis when
 * Prometheus scrapes, so they are true whichever notifier replica answers:
 * - gotong_outbox_lag_seconds — age of the oldest outbox row not yet processed (0 when none): how late
 *   notifications are; gotong_outbox_pending — how many;
 * - gotong_notify_queue_jobs{queue,state} — BullMQ's job counts (absent while Redis is down);
 * - gotong_notification_deliveries_dead{channel} — deliveries given up on, waiting for an ADMIN retry;
 * - gotong_tasks_overdue{opd} — open tasks past their due time, per OPD (0 for OPDs with none);
 * plus Node's process metrics. A source that does not answer leaves its series out of that scrape.
 */
@Injectable()
export class NotifierMetrics {
  readonly registry: Registry = createRegistry('notifier');

  constructor(@Inject(DATABASE) database: Database, queueService: QueueService) {
    const registers = [this.registry];
    const pending = new Gauge({
      name: 'gotong_outbox_pending',
      help: 'Outbox rows not yet processed.',
      registers,
    });
    new Gauge({
      name: 'gotong_outbox_lag_seconds',
      help: 'Age in seconds of the oldest outbox row not yet processed (0 when the outbox is empty).',
      registers,
      async collect() {
        this.reset();
        pending.reset();
        const [row] =
          (await ignoreFailure(
            database.$queryRaw<{ pending: bigint; oldest: Date | null }[]>`
            SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox_message WHERE processed_at IS NULL`,
          )) ?? [];
        if (!row) return;
        pending.set(Number(row.pending));
        this.set(row.oldest ? Math.max(0, (Date.now() - row.oldest.getTime()) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'gotong_notify_queue_jobs',
      help: 'Jobs in the notifier queues by state (BullMQ job counts).',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        if (!queueService.isRedisUp()) return;
        await Promise.all(
          (Object.keys(QUEUES) as QueueName[]).map(async (queue) => {
            const counts = await ignoreFailure(queueService.queue(queue).getJobCounts(...QUEUE_STATES));
            for (const state of QUEUE_STATES) if (counts) this.set({ queue, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'gotong_notification_deliveries_dead',
      help: 'Notification deliveries given up on after their last attempt (dead letters), by channel.',
      labelNames: ['channel'] as const,
      registers,
      async collect() {
        this.reset();
        // Every channel, 0 included, so that an alert on the series has something to compare.
        const rows = await ignoreFailure(
          database.$queryRaw<{ channel: string; dead: bigint }[]>`
            SELECT c::text AS channel, count(d.id) AS dead
            FROM unnest(enum_range(NULL::"NotificationChannel")) AS c
            LEFT JOIN notification_delivery d ON d.channel = c AND d.status = 'DEAD'
            GROUP BY c`,
        );
        for (const row of rows ?? []) this.set({ channel: row.channel }, Number(row.dead));
      },
    });
    new Gauge({
      name: 'gotong_tasks_overdue',
      // A SUBMITTED task waits on the lead, not on the OPD: only ASSIGNED, CLAIMED and RETURNED count.
      help: 'Open tasks (assigned, claimed or returned) past their due time, by OPD.',
      labelNames: ['opd'] as const,
      registers,
      async collect() {
        this.reset();
        const rows = await ignoreFailure(
          database.$queryRaw<{ opd: string; overdue: bigint }[]>`
            SELECT a.code AS opd, count(t.id) AS overdue
            FROM agency a
            LEFT JOIN task t ON t.agency_id = a.id
              AND t.status::text IN ('ASSIGNED', 'CLAIMED', 'RETURNED')
              AND t.due_at < now()
            GROUP BY a.code`,
        );
        for (const row of rows ?? []) this.set({ opd: row.opd }, Number(row.overdue));
      },
    });
  }
}

async function ignoreFailure<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch {
    return undefined;
  }
}
