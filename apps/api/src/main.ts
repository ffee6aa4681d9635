import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const app = await createApiApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.API_PORT, config.API_HOST);
  const url = await app.getUrl();
  new Logger('Api').log(`listening on ${url} (OpenAPI docs at ${url}/docs, web app at ${url}/app/)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
