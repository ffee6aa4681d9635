import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { loadConfig, logLevel, type AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { createLogger, requestIdMiddleware, PinoNestLogger } from '@gotong/observability/logging';
import { metricsHandler } from '@gotong/observability/metrics';
import { NotifierMetrics } from './metrics';
import { NotifierModule } from './notifier.module';

export interface NotifierAppOptions {
  /** Nest's console logger at these levels instead of JSON lines (the tests keep their output short). */
  logger?: LogLevel[];
  /** Where the JSON log lines go instead of stdout. */
  logDestination?: DestinationStream;
}

/**
 * The notifier: BullMQ workers for notification channels and digests, the outbox relay, and a small HTTP
 * server for its health endpoint (GET /health) and its Prometheus metrics (GET /metrics: outbox lag, queue
 * depth, dead letters, overdue tasks by OPD). Used by main.ts and by the tests.
 */
export async function createNotifierApp(opts: NotifierAppOptions = {}): Promise<INestApplication> {
  const logger =
    opts.logger ?? new PinoNestLogger(createLogger('notifier', logLevel(loadConfig()), opts.logDestination));
  const app = await NestFactory.create(NotifierModule, { logger });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.use(requestIdMiddleware());
  app.use('/metrics', metricsHandler(app.get(NotifierMetrics).registry, config.METRICS_TOKEN));
  // Signals are handled by main.ts (drain within SHUTDOWN_GRACE, then exit 0).
  return app;
}
