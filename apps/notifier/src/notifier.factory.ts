import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NotifierModule } from './notifier.module';

/**
 * The notifier: BullMQ workers for notification channels and digests, the outbox relay, and a small HTTP
 * server for its health endpoint (GET /health). Used by main.ts and by the tests.
 */
export async function createNotifierApp(opts: { logger?: LogLevel[] } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(NotifierModule, { logger: opts.logger ?? ['log', 'warn', 'error'] });
  // Signals are handled by main.ts (drain within SHUTDOWN_GRACE, then exit 0).
  return app;
}
