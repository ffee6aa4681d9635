import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../infra/redis';

/**
 * Clears a username+address login bucket after a successful login, so only failed attempts count towards
 * the limit. The keys are RedisThrottlerStorage's (apps/api/src/infra/redis.ts): throttle:<name>:<key>:hits.
 * With Redis down nothing is counted anyway (fail open), so a failure here is only logged.
 */
@Injectable()
export class LoginAttempts {
  private readonly logger = new Logger('LoginAttempts');

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async clear(key: string | undefined, throttlerName = 'login'): Promise<void> {
    if (!key) return;
    await this.redis.del(`throttle:${throttlerName}:${key}:hits`).catch((error: Error) => {
      this.logger.warn(`could not clear a login counter: ${error.message}`);
    });
  }
}
