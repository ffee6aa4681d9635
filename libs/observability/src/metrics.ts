import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * A process's own Prometheus registry (not prom-client's global one, so that two apps in one process — the
 * tests — do not collide), with Node's default process metrics (CPU, memory, event-loop lag, GC) under the
 * usual names and an `app` label.
 */
export function createRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds: most API calls take 10–300 ms; a Temporal update waits up to TEMPORAL_CALL_TIMEOUT (10 s). */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The label for a request that matched no route: one series, whatever the URL (no unbounded labels). */
export const UNMATCHED_ROUTE = 'unmatched';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * The route pattern a request matched (`/tasks/:id/contribution`), never the raw URL, so that the number
 * of series stays that of the routes. The web app's files are one route (`/app`).
 */
export function routeOf(req: IncomingMessage, staticPrefixes: string[] = []): string {
  const routed = req as RoutedRequest;
  const path = routed.route?.path;
  if (typeof path === 'string') return `${routed.baseUrl ?? ''}${path}` || '/';
  const url = req.url ?? '/';
  const prefix = staticPrefixes.find((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
  return prefix ?? UNMATCHED_ROUTE;
}

/**
 * `gotong_http_request_duration_seconds{method,route,status}` for every request the process answers, as
 * connect middleware registered first (so that 400/413 answered before routing count too).
 */
export function httpMetricsMiddleware(registry: Registry, staticPrefixes: string[] = []) {
  const histogram = new Histogram({
    name: 'gotong_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern and status code: duration until the response ended.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe(
        { method: req.method ?? 'GET', route: routeOf(req, staticPrefixes), status: String(res.statusCode) },
        seconds,
      );
    });
    next();
  };
}

/**
 * GET /metrics in Prometheus's text format. Without a token the endpoint is open, like /health: it is meant
 * to be reachable only inside the deployment (the reverse proxy must not forward /metrics). With METRICS_TOKEN
 * set, a scrape must send `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`).
 */
export function metricsHandler(registry: Registry, token?: string) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res
          .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' })
          .end('metrics: send the METRICS_TOKEN as a bearer token\n');
        return;
      }
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        res
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`metrics: ${(error as Error).message}\n`);
      },
    );
  };
}
