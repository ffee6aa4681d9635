import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { initTracing } from '@gotong/observability/tracing';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  // A process started on its own logs at info unless LOG_LEVEL says otherwise, also when it inherits
  // NODE_ENV=test from a test that spawned it; only apps built in-process by the tests default to warn.
  process.env.LOG_LEVEL ||= 'info';
  // Traces (request → Temporal client → workflow → activities) go out over OTLP when a collector is set.
  const otlpEndpoint = loadConfig().OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracing = initTracing({ serviceName: 'gotong-api', otlpEndpoint });
  const app = await createApiApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.API_PORT, config.API_HOST);
  const url = await app.getUrl();
  const logger = new Logger('Api');
  logger.log(
    `listening on ${url} (OpenAPI docs at ${url}/docs, web app at ${url}/app/, metrics at ${url}/metrics; ` +
      `traces ${otlpEndpoint ? `to ${otlpEndpoint}` : 'off'})`,
  );

  /**
   * SIGTERM/SIGINT: readiness turns 503 and notification streams end (beforeApplicationShutdown), the server
   * stops accepting and waits for the requests in flight, then Temporal, Redis and Prisma close. A request
   * still running after SHUTDOWN_GRACE has its connection closed, so the process always exits in time.
   */
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const grace = config.SHUTDOWN_GRACE;
    logger.log(`${signal}: draining requests in flight (at most ${grace} ms)`);
    const server = app.getHttpServer() as Server;
    // server.close() drops the connections idle at that moment; a keep-alive connection whose request ends
    // during the drain would otherwise hold the process until its keep-alive timeout.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    const force = setTimeout(() => {
      logger.warn('grace period over: closing the connections still open');
      server.closeAllConnections();
    }, grace);
    force.unref();
    const giveUp = setTimeout(() => {
      logger.error('shutdown did not finish after the grace period; exiting');
      process.exit(1);
    }, grace + 5_000);
    giveUp.unref();
    app
      .close()
      .then(() => tracing?.shutdown())
      .then(
        () => {
          clearTimeout(force);
          clearInterval(idle);
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
