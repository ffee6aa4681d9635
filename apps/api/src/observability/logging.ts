import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { logLevel, type AppConfig } from '@gotong/config/config';
import { createLogger, requestIdOf } from '@gotong/observability/logging';
import { routeOf } from '@gotong/observability/metrics';
import { STATIC_ROUTES } from './http-observability';

/** Requests that would only repeat themselves in the log: probes and scrapes. */
const QUIET = /^\/(health|metrics)(\/|\?|$)/;

/**
 * nestjs-pino for the API: one JSON line per request when it ends ("POST /tasks/:id/contribution 201", with
 * requestId, status and responseTime), and every Nest log line made while handling a request carries its
 * requestId — plus userId, username, opd and role once the caller is authenticated (RequestContextInterceptor).
 */
export function apiLoggingParams(config: AppConfig, destination?: DestinationStream): Params {
  return {
    pinoHttp: {
      logger: createLogger('api', logLevel(config), destination),
      // requestIdMiddleware ran first and set req.id (the caller's X-Request-Id, or a new one).
      genReqId: (req: IncomingMessage & { id?: unknown }) =>
        typeof req.id === 'string' ? req.id : requestIdOf(req),
      customAttributeKeys: { reqId: 'requestId' },
      // Lines made during the request carry the request id, not the whole request object.
      quietReqLogger: true,
      autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
      serializers: {
        req: (req: { method?: string; url?: string }) => ({
          method: req.method,
          url: req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      // 503 is a dependency outage the API answers on purpose (logged once by its handler): warn.
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info',
      // pino-http makes up an Error ("failed with status code 5xx") for a 5xx without one: no stack for it.
      customErrorObject: (
        _req: IncomingMessage,
        _res: ServerResponse,
        error: Error,
        value: Record<string, unknown>,
      ) => (error.message.startsWith('failed with status code') ? { ...value, err: undefined } : value),
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
        `${req.method} ${routeOf(req, STATIC_ROUTES)} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
        `${req.method} ${routeOf(req, STATIC_ROUTES)} ${res.statusCode}`,
    },
    // The "request completed" line carries the user too.
    assignResponse: true,
  };
}
