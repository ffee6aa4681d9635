import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { createNotifierApp } from './notifier.factory';

async function main(): Promise<void> {
  const app = await createNotifierApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.NOTIFIER_PORT, config.NOTIFIER_HOST);
  new Logger('Notifier').log(
    `health on http://${config.NOTIFIER_HOST}:${config.NOTIFIER_PORT}/health; ` +
      `email ${config.SMTP_URL ? 'on' : 'off (SMTP_URL unset)'}, webhook ${config.WEBHOOK_URL ? 'on' : 'off (WEBHOOK_URL unset)'}`,
  );
  // SIGTERM/SIGINT: Nest's shutdown hooks stop the relay, let workers finish the jobs in hand, close Redis.
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
