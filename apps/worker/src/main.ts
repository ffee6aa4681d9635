import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DATABASE, APP_CONFIG } from '@gotong/database/database.module';
import type { AppConfig } from '@gotong/config/config';
import type { Database } from '@gotong/database/prisma';
import { createGotongWorker } from './temporal-worker';
import { WorkerModule } from './worker.module';

/** Temporal worker as a Nest application context: config and database come from DI. */
async function main(): Promise<void> {
  const logger = new Logger('Worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: false });
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const worker = await createGotongWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: app.get<Database>(DATABASE),
    client,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE ?? join(process.cwd(), 'dist/workflow-bundle.js'),
  });
  logger.log(`polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  // Worker.run() installs SIGINT/SIGTERM handlers and drains in-flight tasks before resolving.
  await worker.run();
  await connection.close();
  await clientConnection.close();
  await app.close();
  logger.log('stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
