import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { filter, from, interval, merge, mergeMap, Observable, take, takeUntil, timer } from 'rxjs';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './session';

/** Nest's marker for @Sse() handlers (SSE_METADATA in @nestjs/common/constants). */
const SSE_METADATA = '__sse__';
/** How often an open stream re-checks its token (logout, refresh, password change, deactivation). */
export const STREAM_RECHECK_MS = 15_000;

/**
 * A server-sent event stream (GET /notifications/stream) is authenticated once, by the JWT guard, when it
 * opens; it then stays open for hours. This ends it when its token expires or stops being valid (revoked
 * by logout or refresh, superseded by a password change, the user deactivated), re-checked every
 * STREAM_RECHECK_MS. The web app reconnects with its current token, which the guard checks again.
 */
@Injectable()
export class SessionStreamInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const stream = next.handle();
    if (context.getType() !== 'http' || !this.reflector.get<boolean>(SSE_METADATA, context.getHandler()))
      return stream;
    const session = context.switchToHttp().getRequest<AuthenticatedRequest>().session;
    if (!session) return stream;
    const expired = timer(Math.max(0, session.expiresAt.getTime() - Date.now()));
    const invalidated = interval(STREAM_RECHECK_MS).pipe(
      mergeMap(() => from(this.auth.stillValid(session.token))),
      filter((valid) => !valid),
    );
    return stream.pipe(takeUntil(merge(expired, invalidated).pipe(take(1))));
  }
}
