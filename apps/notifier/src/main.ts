import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { createNotifierApp } from './notifier.factory';

async function main(): Promise<void> {
  // A process started on its own logs at info unless LOG_LEVEL says otherwise, also when it inherits
  // NODE_ENV=test from a test that spawned it; only apps built in-process by the tests default to warn.
  process.env.LOG_LEVEL ||= 'info';
  const app = await createNotifierApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.NOTIFIER_PORT, config.NOTIFIER_HOST);
  const logger = new Logger('Notifier');
  logger.log(
    `health on http://${config.NOTIFIER_HOST}:${config.NOTIFIER_PORT}/health, metrics at /metrics; ` +
      `email ${config.SMTP_URL ? 'on' : 'off (SMTP_URL unset)'}, webhook ${config.WEBHOOK_URL ? 'on' : 'off (WEBHOOK_URL unset)'}`,
  );

  /**
   * SIGTERM/SIGINT: the relay finishes its pass and the workers finish the jobs in hand, then Redis, SMTP and
   * Postgres close. Past SHUTDOWN_GRACE the process exits anyway; a job it was still running is released
   * when its BullMQ lock expires and another notifier takes it (deliveries are idempotent by key).
   */
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the jobs in hand (at most ${config.SHUTDOWN_GRACE} ms)`);
    const giveUp = setTimeout(() => {
      logger.warn('grace period over: exiting with jobs still running (they are retried elsewhere)');
      process.exit(1);
    }, config.SHUTDOWN_GRACE);
    giveUp.unref();
    app.close().then(
      () => {
        logger.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
