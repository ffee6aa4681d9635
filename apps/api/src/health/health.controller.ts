import {
  Controller,
  Get,
  Inject,
  ServiceUnavailableException,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Client, Connection } from '@temporalio/client';
import type { Redis } from 'ioredis';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { Public } from '../common/auth-context';
import { REDIS } from '../infra/redis';
import { TEMPORAL_CLIENT } from '../infra/temporal';

/** 'ok', or what went wrong. */
type Check = string;

const PROBE_TIMEOUT_MS = 2000;

/** Readiness's 503 body (not the usual error body): what does not answer. */
const UNAVAILABLE = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['unavailable'] },
    checks: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: '"ok" or why not, per dependency (postgres, redis, temporal; api while shutting down)',
    },
  },
  required: ['status', 'checks'],
};

@ApiTags('health')
@Controller('health')
export class HealthController implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Once shutdown starts, readiness says so: a load balancer stops sending work while requests drain. */
  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  /**
   * Liveness: the process is up and its event loop answers. No dependency is checked, so an outage of
   * Postgres or Temporal does not make an orchestrator restart every API replica.
   */
  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency checks)' })
  @ApiOkResponse({ description: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 503 naming what does not answer when Postgres or Temporal is down, or while the process shuts
   * down. Redis only carries the login rate limit here (notifications wait in the Postgres outbox), so
   * without it the API still serves: 200 with status "degraded".
   */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Temporal answer (Redis is optional)' })
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency does not answer, or shutting down',
    schema: UNAVAILABLE,
  })
  ready(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, Check> }> {
    return this.readiness();
  }

  /** Readiness under its original path (docker-compose healthchecks and scripts poll it). */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Same as /health/ready' })
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency does not answer',
    schema: UNAVAILABLE,
  })
  check(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, Check> }> {
    return this.readiness();
  }

  private async readiness(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, Check> }> {
    const [postgres, redis, temporal] = await Promise.all([
      probe(() => this.db.$queryRaw`SELECT 1`),
      probe(() => this.redis.ping()),
      probe(() =>
        this.temporal.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
          (this.temporal.connection as Connection).healthService.check({}),
        ),
      ),
    ]);
    const checks: Record<string, Check> = { postgres, redis, temporal };
    if (this.draining) checks.api = 'shutting down';
    if (postgres !== 'ok' || temporal !== 'ok' || this.draining) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    return { status: redis === 'ok' ? 'ok' : 'degraded', checks };
  }
}

async function probe(fn: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out after 2 s')), PROBE_TIMEOUT_MS);
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
