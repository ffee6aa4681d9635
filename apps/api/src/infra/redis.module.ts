import { Global, Module } from '@nestjs/common';
import { redisProvider, RedisLifecycle, RedisThrottlerStorage, REDIS } from './redis';

@Global()
@Module({
  providers: [redisProvider(), RedisLifecycle, RedisThrottlerStorage],
  exports: [REDIS, RedisThrottlerStorage],
})
export class RedisModule {}
