import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { OutboxRelay } from './outbox-relay';
import { QueueService } from './queues';

/**
 * The notifier's health: 503 when Postgres does not answer (nothing can be recorded); Redis being down is
 * reported as "degraded" with 200, since notifications then wait safely in the outbox.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly queues: QueueService,
    private readonly relay: OutboxRelay,
  ) {}

  /** Liveness: the process answers; no dependency checks (an outage must not restart every notifier). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness (also at /health/ready): as GET /health. */
  @Get('ready')
  ready() {
    return this.check();
  }

  @Get()
  async check() {
    let outbox: Awaited<ReturnType<OutboxRelay['backlog']>>;
    try {
      outbox = await this.relay.backlog();
    } catch (error) {
      throw new ServiceUnavailableException({
        status: 'unavailable',
        checks: { postgres: (error as Error).message },
      });
    }
    const redisUp = this.queues.isRedisUp();
    const [dead, waiting] = await Promise.all([
      this.db.notificationDelivery.count({ where: { status: 'DEAD' } }),
      redisUp ? this.queues.queue('notify-events').getJobCounts('wait', 'active', 'delayed', 'failed') : null,
    ]);
    return {
      status: redisUp ? 'ok' : 'degraded',
      checks: { postgres: 'ok', redis: redisUp ? 'ok' : 'unavailable' },
      outbox,
      deadDeliveries: dead,
      eventQueue: waiting,
    };
  }
}
