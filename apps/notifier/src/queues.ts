import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';

/** Every queue and the job names it carries. A job name with no handler, or two, stops start-up. */
export const QUEUES = {
  'notify-events': ['audit', 'delivery.retry', 'digest.run', 'digest.scheduled'],
  'notify-email': ['deliver'],
  'notify-webhook': ['deliver'],
} as const;

export type QueueName = keyof typeof QUEUES;
export type JobName<Q extends QueueName> = (typeof QUEUES)[Q][number];
export type JobHandler = (job: Job) => Promise<unknown>;

export const DIGEST_SCHEDULER_ID = 'leadership-digest';

/** The BullMQ key prefix under the deployment's Redis prefix ("gotong:" → "gotong:bull"). */
export function bullPrefix(redisKeyPrefix: string): string {
  return `${redisKeyPrefix.replace(/:+$/, '')}:bull`;
}

/**
 * The notifier's queues and workers, with one registry of job handlers. Services register their handlers in
 * onModuleInit; at bootstrap the registry is checked against QUEUES, then the workers start.
 */
@Injectable()
export class QueueService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Queues');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  /** Producers fail fast while Redis is down (the outbox keeps the work); workers wait for it to return. */
  private readonly producer: Redis;
  private readonly connections: Redis[] = [];
  private redisDownSince: number | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.producer = this.connection({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const queue = new Queue(name, {
        connection: this.producer,
        prefix: bullPrefix(config.REDIS_KEY_PREFIX),
        defaultJobOptions: this.defaultJobOptions(name),
      });
      queue.on('error', (error) => this.redisError(error));
      this.queues.set(name, queue);
    }
  }

  register<Q extends QueueName>(queue: Q, name: JobName<Q>, handler: JobHandler): void {
    const key = `${queue}/${name}`;
    if (this.handlers.has(key)) throw new Error(`two handlers for job ${key}`);
    this.handlers.set(key, handler);
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  /** Adds jobs in one round trip; a job whose id is still in Redis is left as it is (a no-op for that job). */
  async addBulk<Q extends QueueName>(
    queue: Q,
    jobs: { name: JobName<Q>; data: Record<string, unknown>; opts: JobsOptions & { jobId: string } }[],
  ): Promise<void> {
    await this.queue(queue).addBulk(jobs);
  }

  isRedisUp(): boolean {
    return this.producer.status === 'ready';
  }

  /**
   * Remembers in Redis, for a week, that a delivery went out. The database records it too, but a send can
   * succeed just as the database goes away: the job then fails and is retried, and the retry must find this
   * receipt instead of sending the message a second time.
   */
  async rememberSent(deliveryId: string, generation: number): Promise<void> {
    await this.producer.set(
      this.receiptKey(deliveryId, generation),
      new Date().toISOString(),
      'EX',
      7 * 24 * 3600,
    );
  }

  /** Whether a delivery went out but may not be recorded yet (see rememberSent). */
  async wasSent(deliveryId: string, generation: number): Promise<boolean> {
    return (await this.producer.exists(this.receiptKey(deliveryId, generation))) === 1;
  }

  private receiptKey(deliveryId: string, generation: number): string {
    return `${this.config.REDIS_KEY_PREFIX.replace(/:+$/, '')}:sent:${deliveryId}:g${generation}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const declared = new Set(
      Object.entries(QUEUES).flatMap(([queue, names]) => names.map((n: string) => `${queue}/${n}`)),
    );
    const missing = [...declared].filter((k) => !this.handlers.has(k));
    const unknown = [...this.handlers.keys()].filter((k) => !declared.has(k));
    if (missing.length || unknown.length) {
      throw new Error(
        `job handlers do not match the declared jobs: missing ${missing.join(', ') || '-'}; ` +
          `undeclared ${unknown.join(', ') || '-'}`,
      );
    }
    const rate = (max: number) => ({ max, duration: this.config.NOTIFY_RATE_WINDOW });
    this.startWorker('notify-events', { concurrency: 4 });
    this.startWorker('notify-email', { concurrency: 2, limiter: rate(this.config.EMAIL_RATE_LIMIT) });
    this.startWorker('notify-webhook', { concurrency: 4, limiter: rate(this.config.WEBHOOK_RATE_LIMIT) });
    await this.upsertDigestSchedule().catch((error: unknown) => {
      // Redis may be down at boot; the schedule is upserted again whenever the relay finds Redis back.
      this.logger.warn(`digest schedule not registered yet: ${(error as Error).message}`);
    });
  }

  /** Each working day at 07:00 WIB (DIGEST_CRON); the job skips holidays and cuti bersama itself. */
  async upsertDigestSchedule(): Promise<void> {
    await this.queue('notify-events').upsertJobScheduler(
      DIGEST_SCHEDULER_ID,
      { pattern: this.config.DIGEST_CRON, tz: 'Asia/Jakarta' },
      { name: 'digest.scheduled', data: {} },
    );
  }

  /**
   * Workers stop taking jobs and finish the ones in hand while the database, the SMTP transport and the
   * queues are still open (those close in onApplicationShutdown). A job cut off by the process's grace
   * period keeps its lock only until it expires; BullMQ then hands it to another notifier as stalled.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /** Then the queues and connections. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private startWorker(
    name: QueueName,
    opts: { concurrency: number; limiter?: { max: number; duration: number } },
  ) {
    const worker = new Worker(
      name,
      async (job: Job) => {
        const handler = this.handlers.get(`${name}/${job.name}`);
        if (!handler) throw new UnrecoverableError(`no handler for job ${name}/${job.name}`);
        return handler(job);
      },
      {
        connection: this.connection({ maxRetriesPerRequest: null }),
        prefix: bullPrefix(this.config.REDIS_KEY_PREFIX),
        ...opts,
      },
    );
    worker.on('error', (error) => this.redisError(error));
    worker.on('failed', (job, error) => {
      if (job)
        this.logger.warn(
          `${name}/${job.name} ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`,
        );
    });
    this.workers.push(worker);
  }

  private defaultJobOptions(name: QueueName): JobsOptions {
    const events = name === 'notify-events';
    return {
      attempts: events ? 10 : this.config.NOTIFY_ATTEMPTS,
      backoff: { type: 'exponential', delay: events ? 1_000 : this.config.NOTIFY_BACKOFF },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
  }

  private connection(opts: { enableOfflineQueue?: boolean; maxRetriesPerRequest: number | null }): Redis {
    const redis = new Redis(this.config.REDIS_URL, {
      ...opts,
      // Keep trying to reconnect, at most every 2 s: Redis coming back must be noticed quickly.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    redis.on('error', (error) => this.redisError(error));
    redis.on('ready', () => {
      if (this.redisDownSince !== null) {
        this.logger.log(`Redis is back after ${Math.round((Date.now() - this.redisDownSince) / 1000)} s`);
        this.redisDownSince = null;
      }
    });
    this.connections.push(redis);
    return redis;
  }

  /** Logs an outage once, not once per reconnect attempt. */
  private redisError(error: Error): void {
    if (this.redisDownSince !== null) return;
    this.redisDownSince = Date.now();
    this.logger.warn(`Redis unavailable (${error.message}); notifications wait in the outbox`);
  }
}
