import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import { Redis } from 'ioredis';
import { APP_CONFIG } from '@gotong/database/database.module';
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

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RedisThrottlerStorage');
  private degraded = false;
  /** Counts while Redis is down: per API replica, so a guesser gets at most the limit times the replicas. */
  private readonly fallback = new ThrottlerStorageService();

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /**
   * With Redis down the login limit is counted in this process's memory instead: logins stay protected (the
   * chaos suite's Redis outage let 15 wrong passwords in a row through when they were not counted), and
   * nobody is locked out by the outage itself. The outage is logged once.
   */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.count(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis is back: login rate limit counted again');
      }
      return record;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(
          `Redis unavailable (${(error as Error).message}): login rate limit counted in this replica's memory`,
        );
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  private async count(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `throttle:${throttlerName}:${key}`;
    const [hits, ttlMs, blockMs] = (await this.redis.eval(
      INCREMENT,
      2,
      `${base}:hits`,
      `${base}:blocked`,
      ttl,
      limit,
      blockDuration > 0 ? blockDuration : ttl,
    )) as [number, number, number];
    const isBlocked = blockMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockMs / 1000) : 0,
    };
  }
}
