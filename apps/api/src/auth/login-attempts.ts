import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { rateLimitBucket, REDIS } from '../infra/redis';

/**
 * Clears a username+address login bucket after a successful login, so only failed attempts count towards
 * the limit. The buckets are RedisThrottlerStorage's (apps/api/src/infra/redis.ts): the Redis key
 * <bucket>:hits, and the bucket's rate_limit_bucket row, counted while Redis is down. Both are cleared
 * whichever is up now: a row counted during an outage that has just ended would otherwise still hold the
 * failures at the next one. The login itself has succeeded, so a failure here is only logged.
 */
@Injectable()
export class LoginAttempts {
  private readonly logger = new Logger('LoginAttempts');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async clear(key: string | undefined, throttlerName = 'login'): Promise<void> {
    if (!key) return;
    const bucket = rateLimitBucket(throttlerName, key);
    const warn = (where: string) => (error: Error) =>
      this.logger.warn(`could not clear a login counter in ${where}: ${error.message}`);
    await Promise.all([
      this.redis.del(`${bucket}:hits`).catch(warn('Redis')),
      this.db.$executeRaw`DELETE FROM rate_limit_bucket WHERE key = ${bucket}`.catch(warn('PostgreSQL')),
    ]);
  }
}
