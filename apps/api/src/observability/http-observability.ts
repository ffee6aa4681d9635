import type { INestApplication } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { AppConfig } from '@gotong/config/config';
import { requestIdMiddleware } from '@gotong/observability/logging';
import { createRegistry, httpMetricsMiddleware, metricsHandler } from '@gotong/observability/metrics';
import { httpTracingMiddleware } from '@gotong/observability/tracing';

/** Paths answered outside Nest's router, each one label value (the web app's files, the scrape itself). */
export const STATIC_ROUTES = ['/app', '/metrics'];

/**
 * The API's request plumbing, in front of everything else (helmet, body parsing, the hostile-input check):
 * the request id (X-Request-Id in and out), the latency histogram by route pattern, the request's server
 * span, and GET /metrics (Prometheus: the histogram and Node's process metrics).
 */
export function observeHttp(app: INestApplication, config: AppConfig): Registry {
  const registry = createRegistry('api');
  app.use(requestIdMiddleware());
  app.use(httpMetricsMiddleware(registry, STATIC_ROUTES));
  app.use(httpTracingMiddleware(STATIC_ROUTES));
  app.use('/metrics', metricsHandler(registry, config.METRICS_TOKEN));
  return registry;
}
