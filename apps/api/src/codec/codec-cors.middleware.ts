import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';

/**
 * CORS for /codec/decode and /codec/encode, for the Temporal UI's origins only (CODEC_CORS_ORIGINS): the UI
 * runs in the operator's browser on its own origin and POSTs JSON with an X-Namespace header, so the browser
 * asks first (OPTIONS). Credentials are allowed (the codec session cookie). A request from any other origin
 * is refused with 403; a request without an Origin (the CLI, curl) is not a browser's and goes on to the
 * login check like any other.
 */
@Injectable()
export class CodecCorsMiddleware implements NestMiddleware {
  private readonly origins: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.origins = new Set(config.CODEC_CORS_ORIGINS);
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const origin = req.headers.origin;
    res.setHeader('Vary', 'Origin');
    if (origin === undefined) return next();
    if (!this.origins.has(origin)) {
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' }).end(
        JSON.stringify({
          statusCode: 403,
          error: 'Forbidden',
          message: `origin ${origin} may not call the codec endpoint: it is not in CODEC_CORS_ORIGINS`,
        }),
      );
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      // The UI sends content-type and X-Namespace (and Authorization when it passes its own token).
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.headers['access-control-request-headers'] ?? 'content-type, x-namespace, authorization',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return;
    }
    next();
  }
}
