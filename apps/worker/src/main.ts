import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DATABASE, APP_CONFIG } from '@gotong/database/database.module';
import { temporalTls, type AppConfig } from '@gotong/config/config';
import { temporalDataConverter } from '@gotong/config/temporal-data-converter';
import type { Database } from '@gotong/database/prisma';
import { createGotongWorker } from './temporal-worker';
import { WorkerModule } from './worker.module';

/** Temporal worker as a Nest application context: config and database come from DI. */
async function main(): Promise<void> {
  const logger = new Logger('Worker');
  // No Nest shutdown hooks: on SIGTERM they would close the database while activities still run. Worker.run()
  // handles SIGINT/SIGTERM itself (stops polling, lets activities in hand finish within SHUTDOWN_GRACE); the
  // database and connections close after it returns.
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: false });
  const config = app.get<AppConfig>(APP_CONFIG);
  const tls = temporalTls(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS, tls });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, tls });
  const dataConverter = temporalDataConverter(config);
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter,
  });
  const worker = await createGotongWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: app.get<Database>(DATABASE),
    dataConverter,
    client,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE ?? join(process.cwd(), 'dist/workflow-bundle.js'),
    shutdownGraceTime: config.SHUTDOWN_GRACE,
    slots: { activities: config.WORKER_ACTIVITY_SLOTS, workflowTasks: config.WORKER_WORKFLOW_TASK_SLOTS },
  });
  logger.log(`polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  await worker.run();
  logger.log('drained; closing connections and the database');
  await connection.close();
  await clientConnection.close();
  await app.close();
  logger.log('stopped');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
