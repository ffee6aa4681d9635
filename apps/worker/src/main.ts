import 'reflect-metadata';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DATABASE, APP_CONFIG } from '@gotong/database/database.module';
import {
  loadConfig,
  logLevel,
  temporalTls,
  workerMetricsAddress,
  type AppConfig,
} from '@gotong/config/config';
import { temporalDataConverter } from '@gotong/config/temporal-data-converter';
import type { Database } from '@gotong/database/prisma';
import { createLogger, PinoNestLogger } from '@gotong/observability/logging';
import { installTemporalRuntime } from '@gotong/observability/temporal-runtime';
import { initTracing, temporalClientInterceptors } from '@gotong/observability/tracing';
import { ensureSearchAttributes } from '@gotong/config/search-attributes';
import { createGotongWorker } from './temporal-worker';
import { WorkerModule } from './worker.module';

/** Temporal worker as a Nest application context: config and database come from DI. */
async function main(): Promise<void> {
  // A process started on its own logs at info unless LOG_LEVEL says otherwise, also when it inherits
  // NODE_ENV=test from a test that spawned it; only apps built in-process by the tests default to warn.
  process.env.LOG_LEVEL ||= 'info';
  // JSON lines on stdout for everything: Nest's, the Temporal SDK's (and Core's), workflows' and activities'.
  const level = logLevel(loadConfig());
  const pino = createLogger('worker', level);
  const logger = new Logger('Worker');
  // No Nest shutdown hooks: on SIGTERM they would close the database while activities still run. Worker.run()
  // handles SIGINT/SIGTERM itself (stops polling, lets activities in hand finish within SHUTDOWN_GRACE); the
  // database and connections close after it returns.
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new PinoNestLogger(pino),
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  // Before any connection: the SDK's logger and its Prometheus endpoint (WORKER_METRICS_ADDRESS/metrics).
  const metricsAddress = workerMetricsAddress(config);
  installTemporalRuntime({ logger: pino, level, metricsAddress });
  const tracing = initTracing({
    serviceName: 'gotong-worker',
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const tls = temporalTls(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS, tls });
  const dataConverter = temporalDataConverter(config);
  // The activities' client shares the worker's connection: the task starts it makes are eager, their first
  // workflow task comes back with the start (activities/task-start.activities.ts).
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter,
    interceptors: temporalClientInterceptors(),
  });
  // Before polling: a workflow that sets a search attribute the namespace does not know fails its task.
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
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
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowStackTraces: config.WORKER_WORKFLOW_STACK_TRACES,
    tracing,
    logActivityCompletions: level === 'debug' || level === 'trace',
  });
  // The launchers set the heap limit (node-flags.ts); a worker started without it says so here.
  const heapLimitMiB = Math.round(getHeapStatistics().heap_size_limit / 1024 ** 2);
  logger.log(
    `polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}; ` +
      `cache ${config.WORKER_MAX_CACHED_WORKFLOWS} workflows, heap limit ${heapLimitMiB} MiB per thread; ` +
      `metrics ${metricsAddress ? `on http://${metricsAddress}/metrics` : 'off'}, ` +
      `traces ${config.OTEL_EXPORTER_OTLP_ENDPOINT ? `to ${config.OTEL_EXPORTER_OTLP_ENDPOINT}` : 'off'}`,
  );
  await worker.run();
  logger.log('drained; closing connections and the database');
  await connection.close();
  await app.close();
  await tracing?.shutdown();
  logger.log('stopped');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
