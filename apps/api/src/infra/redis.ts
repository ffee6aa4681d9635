import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import { Redis } from 'ioredis';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import type { AppConfig } from '@gotong/config/config';

export const REDIS = Symbol('REDIS');

export function redisProvider() {
  return {
    provide: REDIS,
    inject: [APP_CONFIG],
    // Connected before the app serves requests: the first login's rate-limit check must not hit a socket
    // that is still connecting (with the offline queue off it would fail instead of waiting).
    useFactory: async (config: AppConfig): Promise<Redis> => {
      const redis = new Redis(config.REDIS_URL, {
        keyPrefix: config.REDIS_KEY_PREFIX,
        // Fail fast instead of queueing commands forever while Redis is down.
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: true,
      });
      // ioredis reconnects by itself; log an outage once instead of an unhandled error per attempt.
      let down = false;
      redis.on('error', (error: Error) => {
        if (!down) new Logger('Redis').warn(`Redis unavailable: ${error.message}`);
        down = true;
      });
      redis.on('ready', () => {
        down = false;
      });
      await redis.connect();
      return redis;
    },
  };
}

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * A bucket's name: the base of its Redis keys (`<base>:hits`, `<base>:blocked`, under REDIS_KEY_PREFIX) and
 * its row's key in rate_limit_bucket (the database is the regency's own, so no prefix is needed there).
 */
export function rateLimitBucket(throttlerName: string, key: string): string {
  return `throttle:${throttlerName}:${key}`;
}

/**
 * Rate-limit counters in Redis, so the login limit holds across API replicas.
 * (@nest-lab/throttler-storage-redis does not declare NestJS 12 support yet.)
 * One Lua script increments the hit count, starts the window on the first hit,
 * and blocks the key for `blockDuration` once the limit is passed.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blockTtl = tonumber(ARGV[3])
end
return { hits, ttl, blockTtl }
`;

/** How often one replica deletes rate_limit_bucket rows whose window and block have both ended. */
const SWEEP_EVERY_MS = 60_000;

/** Where the counters are kept: Redis normally, PostgreSQL while Redis is down, memory if both are. */
type Counting = 'redis' | 'postgres' | 'memory';

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RedisThrottlerStorage');
  private counting: Counting = 'redis';
  /** Counts while Redis and PostgreSQL are both down: per API replica, the limit times the replicas at most. */
  private readonly fallback = new ThrottlerStorageService();
  private lastSweep = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  /**
   * With Redis down the limits are counted in PostgreSQL, which every replica shares, so a guesser still gets
   * the limit and no more (in this process's memory each of N replicas would allow the limit again). Only if
   * PostgreSQL fails too is the count kept in memory: logins stay protected, if per replica, and nobody is
   * locked out by the outage itself. Each change of where the counting happens is logged once.
   */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const bucket = rateLimitBucket(throttlerName, key);
    const block = blockDuration > 0 ? blockDuration : ttl;
    let cause: Error;
    try {
      const record = await this.countInRedis(bucket, ttl, limit, block);
      this.countingIn('redis', 'Redis is back: rate limits counted in Redis again');
      return record;
    } catch (error) {
      cause = error as Error;
    }
    try {
      const record = await this.countInPostgres(bucket, ttl, limit, block);
      this.countingIn(
        'postgres',
        `Redis unavailable (${cause.message}): rate limits counted in PostgreSQL, shared by all replicas`,
      );
      await this.sweep();
      return record;
    } catch (error) {
      this.countingIn(
        'memory',
        `Redis unavailable (${cause.message}) and PostgreSQL too (${(error as Error).message}): ` +
          "rate limits counted in this replica's memory",
      );
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  /** Stops the memory fallback's sweep timer. */
  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }

  private countingIn(counting: Counting, message: string): void {
    if (this.counting === counting) return;
    this.counting = counting;
    if (counting === 'redis') this.logger.log(message);
    else this.logger.warn(message);
  }

  private async countInRedis(
    bucket: string,
    ttl: number,
    limit: number,
    block: number,
  ): Promise<ThrottlerStorageRecord> {
    const [hits, ttlMs, blockMs] = (await this.redis.eval(
      INCREMENT,
      2,
      `${bucket}:hits`,
      `${bucket}:blocked`,
      ttl,
      limit,
      block,
    )) as [number, number, number];
    return record(hits, ttlMs, blockMs);
  }

  /**
   * The Lua script's semantics in one atomic statement on the bucket's row (the row lock orders concurrent
   * hits from all replicas): a hit after the window ended starts a new one at 1; past the limit, a bucket not
   * already blocked is blocked for `block` ms. Times are the database's clock, the same for every replica;
   * what is left is given in whole milliseconds, rounded down as Redis's PTTL is (the columns are rounded to
   * the millisecond, so 3 s from now could read 3.0004 s and be reported as 4 s).
   */
  private async countInPostgres(
    bucket: string,
    ttl: number,
    limit: number,
    block: number,
  ): Promise<ThrottlerStorageRecord> {
    const rows = await this.db.$queryRaw<{ hits: number; ttl_ms: number; block_ms: number | null }[]>`
      INSERT INTO rate_limit_bucket AS b (key, hits, window_ends, blocked_until)
      VALUES (
        ${bucket},
        1,
        now() + ${ttl}::float8 * interval '1 millisecond',
        CASE WHEN 1 > ${limit}::int THEN now() + ${block}::float8 * interval '1 millisecond' END
      )
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN b.window_ends <= now() THEN 1 ELSE b.hits + 1 END,
        window_ends = CASE WHEN b.window_ends <= now() THEN EXCLUDED.window_ends ELSE b.window_ends END,
        blocked_until = CASE
          WHEN b.blocked_until > now() THEN b.blocked_until
          WHEN (CASE WHEN b.window_ends <= now() THEN 1 ELSE b.hits + 1 END) > ${limit}::int
            THEN now() + ${block}::float8 * interval '1 millisecond'
        END
      RETURNING
        hits,
        floor(extract(epoch FROM window_ends - now()) * 1000)::float8 AS ttl_ms,
        floor(extract(epoch FROM blocked_until - now()) * 1000)::float8 AS block_ms`;
    const row = rows[0]!;
    return record(row.hits, row.ttl_ms, row.block_ms ?? 0);
  }

  /**
   * Deletes the rows whose window and block have both ended, at most once a minute per replica and only while
   * counting in PostgreSQL (nothing else adds rows), so the table holds only live buckets. SKIP LOCKED leaves
   * rows that another replica is counting or sweeping at that moment to a later sweep. A failure only waits
   * for the next sweep: the hit itself was counted.
   */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db.$executeRaw`
      DELETE FROM rate_limit_bucket WHERE key IN (
        SELECT key FROM rate_limit_bucket
         WHERE window_ends <= now() AND (blocked_until IS NULL OR blocked_until <= now())
         FOR UPDATE SKIP LOCKED
      )`.catch((error: Error) =>
      this.logger.warn(`could not delete ended rate-limit buckets: ${error.message}`),
    );
  }
}

function record(hits: number, ttlMs: number, blockMs: number): ThrottlerStorageRecord {
  const isBlocked = blockMs > 0;
  return {
    totalHits: hits,
    timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.ceil(blockMs / 1000) : 0,
  };
}
