import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Client, Connection } from '@temporalio/client';
import type { Redis } from 'ioredis';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { Public } from '../common/auth-context';
import { REDIS } from '../infra/redis';
import { TEMPORAL_CLIENT } from '../infra/temporal';

/** 'ok', or what went wrong. */
type Check = string;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /**
   * Liveness and readiness in one: 503 naming what does not answer when Postgres or Temporal is down. Redis
   * only carries the login rate limit here (notifications wait in the Postgres outbox), so without it the
   * API still serves: 200 with status "degraded".
   */
  @Public()
  @Get()
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency does not answer' })
  async check(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, Check> }> {
    const checks = {
      postgres: await probe(() => this.db.$queryRaw`SELECT 1`),
      redis: await probe(() => this.redis.ping()),
      temporal: await probe(() => (this.temporal.connection as Connection).healthService.check({})),
    };
    if (checks.postgres !== 'ok' || checks.temporal !== 'ok') {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    return { status: checks.redis === 'ok' ? 'ok' : 'degraded', checks };
  }
}

async function probe(fn: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out after 2 s')), 2000);
  });
  try {
    await Promise.race([fn(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
