import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { BadRequestException, ValidationPipe, type INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ValidationError } from 'class-validator';
import type { Client } from '@temporalio/client';
import helmet from 'helmet';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { AppModule } from './app.module';
import { refuseHostileInput } from './common/hostile-input';
import { PrismaErrorFilter } from './common/prisma-error.filter';
import { TemporalDeadlineInterceptor } from './common/temporal-deadline.interceptor';
import { TEMPORAL_CLIENT } from './infra/temporal';
import { observeHttp } from './observability/http-observability';
import { setupOpenApi } from './openapi';

/** Flattens nested validation errors into "field: message" lines. */
function fieldMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${parent ? `${parent}.` : ''}${m}` : `${path}: ${m}`,
    );
    return [...own, ...fieldMessages(e.children ?? [], path)];
  });
}

/**
 * The built web app (apps/web → dist/web): WEB_DIST, else dist/web next to the nearest package.json above
 * this file — the repository (apps/api/src or dist/apps/api/src) or the image's /app. Read from the
 * environment directly: it only says where static files are, nothing the validated config must know.
 */
export function webDistDir(): string {
  if (process.env.WEB_DIST) return resolve(process.env.WEB_DIST);
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

const WEB_PREFIX = '/app';
const NOT_BUILT =
  'The Gotong web app is not built. Run `npx vite build apps/web` in the repository ' +
  '(npm start and npm test do it), or point WEB_DIST at a built copy.\n';

/**
 * Serves the browser app under /app (the API's own routes are at the root): hashed assets cached for a
 * year, index.html for every other GET under /app so that the app's routes (/app/tasks/…) survive a
 * reload, and / redirected to /app/. Without a build the API still runs and /app answers 404 with a hint.
 */
function serveWebApp(app: NestExpressApplication): void {
  const dist = webDistDir();
  const index = join(dist, 'index.html');
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (isRead && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.writeHead(302, { location: `${WEB_PREFIX}/` }).end();
      return;
    }
    next();
  });
  app.useStaticAssets(dist, {
    prefix: WEB_PREFIX,
    index: false,
    setHeaders: (res: ServerResponse, path: string) => {
      res.setHeader(
        'cache-control',
        path.startsWith(join(dist, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use(WEB_PREFIX, (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = new URL(req.url ?? '/', 'http://app').pathname;
    // A missing file (a stale asset name) is a 404, not the page: only extension-less paths are app routes.
    if (/\.[a-z0-9]+$/i.test(path) || !existsSync(index)) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end(existsSync(index) ? 'Not Found\n' : NOT_BUILT);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(index).pipe(res);
  });
}

/**
 * The largest JSON request body: a whole-regency contribution (330 desa, 3 indicators, two by sex: ~1,650
 * figures) is ~32 kB, with reasons for jumps and more indicators a few hundred kB; Express's default (100 kB)
 * would refuse a larger request. Beyond it: 413 naming the limit.
 */
export const JSON_BODY_LIMIT = '2mb';

function acceptBodiesUpTo(app: NestExpressApplication, limit: string): void {
  app.useBodyParser('json', { limit });
  app.use((err: unknown, _req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    const failure = err as { type?: string; length?: number } | null;
    if (failure?.type !== 'entity.too.large') return next(err);
    res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        statusCode: 413,
        error: 'Payload Too Large',
        message: [
          `body: the request body (${failure.length ?? 'unknown'} bytes) is larger than the limit of ${limit}; send fewer figures per request`,
        ],
      }),
    );
  });
}

export interface ApiAppOptions {
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** Builds the HTTP app exactly as production runs it; tests use the same factory. */
export async function createApiApp(options: ApiAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.withLogging(options.logDestination),
    {
      bufferLogs: true,
    },
  );
  // Nest's own lines (and every `new Logger(…)` in the services) as JSON through pino, with the request's
  // context; the buffered start-up lines are flushed through it.
  app.useLogger(app.get(PinoNestLogger));
  const config = app.get<AppConfig>(APP_CONFIG);
  // Request id, latency histogram, request span, GET /metrics: before anything else answers.
  observeHttp(app, config);
  // req.ip is the client address from X-Forwarded-For only when the request comes from one of these proxies
  // (the login limit counts per username and client address). An empty list trusts no proxy.
  const { TRUSTED_PROXIES, TEMPORAL_CALL_TIMEOUT } = config;
  app.set('trust proxy', TRUSTED_PROXIES.length > 0 ? TRUSTED_PROXIES : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The web app's scripts, styles and API calls (fetch, server-sent events) are all same-origin.
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          // The app is also opened over plain http inside the regency's network (npm start, the compose
          // file's port 3000); upgrading its own script and API requests to https would break it there.
          // Where TLS is terminated in front of the API, same-origin requests are https anyway.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  acceptBodiesUpTo(app, JSON_BODY_LIMIT);
  // Form bodies are parsed here, as Nest would at init (it skips a parser already registered), so that the
  // hostile-input check sees them parsed like JSON. The check runs before routing, guards and the
  // ValidationPipe: NUL characters, lone surrogates, deep nesting and __proto__ keys are a 400, never a 500.
  app.useBodyParser('urlencoded', { extended: true });
  app.use(refuseHostileInput);
  serveWebApp(app);
  // No enableShutdownHooks here: main.ts handles SIGTERM itself (drain within SHUTDOWN_GRACE, exit 0).
  const temporal = app.get<Client>(TEMPORAL_CLIENT);
  app.useGlobalFilters(new PrismaErrorFilter(app.get(HttpAdapterHost).httpAdapter, temporal));
  app.useGlobalInterceptors(
    new TemporalDeadlineInterceptor(temporal, TEMPORAL_CALL_TIMEOUT, app.get(Reflector)),
  );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new BadRequestException({ message: fieldMessages(errors), error: 'Bad Request', statusCode: 400 }),
    }),
  );
  setupOpenApi(app);
  return app;
}
