import { createHash } from 'node:crypto';
import { Inject, Injectable, SetMetadata, type ExecutionContext, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';

/** The throttler's name: its counters are `throttle:public:<key>` in Redis, its headers `…-public`. */
export const PUBLIC_THROTTLER = 'public';

const SIGNED_IN_UNCOUNTED = 'gotong:signedInUncounted';
/**
 * Marks routes that authenticate a bearer token themselves (401 for a bad one): a request carrying one is a
 * signed-in caller and is not counted. Elsewhere (the open API ignores tokens) every request counts.
 */
export const SignedInUncounted = () => SetMetadata(SIGNED_IN_UNCOUNTED, true);

interface PublicRequest {
  headers?: { authorization?: string };
}

/**
 * The limit on the open data endpoints: PUBLIC_RATE_LIMIT requests per client address per PUBLIC_RATE_WINDOW,
 * one bucket per address across every open data route (a scraper cannot spread over routes). The address is
 * `req.ip`, which honours X-Forwarded-For only from TRUSTED_PROXIES, as the login limit does. Over the limit:
 * 429 with the standard Retry-After header (seconds).
 *
 * Only this throttler runs here (the login throttler of the ThrottlerModule is the login route's own). On routes
 * marked @SignedInUncounted() a request that carries a bearer token is not counted: the route authenticates it
 * (401 for a bad token) before any work.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard implements OnModuleInit {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = [
      {
        name: PUBLIC_THROTTLER,
        limit: this.config.PUBLIC_RATE_LIMIT,
        ttl: this.config.PUBLIC_RATE_WINDOW,
      },
    ];
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const marked = this.reflector.getAllAndOverride<boolean>(SIGNED_IN_UNCOUNTED, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!marked) return Promise.resolve(false);
    const request = context.switchToHttp().getRequest<PublicRequest>();
    return Promise.resolve(/^Bearer \S+$/.test(request.headers?.authorization ?? ''));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    // Hashed as the base class does: no client address is kept in Redis in the clear.
    return createHash('sha256').update(`${name}-data-${tracker}`).digest('hex');
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context
      .switchToHttp()
      .getResponse<{ setHeader(name: string, value: string): void }>()
      .setHeader('Retry-After', String(retryAfter));
    return super.throwThrottlingException(context, detail);
  }
}
