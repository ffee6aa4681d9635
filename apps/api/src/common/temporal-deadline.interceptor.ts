import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import { defer, lastValueFrom, type Observable } from 'rxjs';

/** Nest's marker for @Sse() handlers (SSE_METADATA in @nestjs/common/constants). */
const SSE_METADATA = '__sse__';

/**
 * Gives every Temporal call a request makes one shared deadline, TEMPORAL_CALL_TIMEOUT from the request's
 * start: an update, a start, a workflow run to its end, a query. Without it an update waits forever while
 * no worker polls (the SDK re-polls the server's long poll). The client keeps the deadline in an
 * AsyncLocalStorage scope, so the handler runs inside it and no call site needs to know; a call past the
 * deadline fails with DEADLINE_EXCEEDED, which the exception filter answers with 503 and Retry-After.
 * Server-sent event streams are left out: they stay open for hours and make no Temporal calls.
 */
export class TemporalDeadlineInterceptor implements NestInterceptor {
  constructor(
    private readonly temporal: Client,
    private readonly timeoutMs: number,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || this.reflector.get<boolean>(SSE_METADATA, context.getHandler()))
      return next.handle();
    return defer(() =>
      this.temporal.withDeadline(Date.now() + this.timeoutMs, () =>
        // The abort signal also cuts a retry backoff short (the SDK retries UNAVAILABLE with pauses of up to
        // 5 s, and a deadline is only checked when the next attempt starts).
        this.temporal.withAbortSignal(AbortSignal.timeout(this.timeoutMs), () =>
          lastValueFrom(next.handle(), { defaultValue: undefined }),
        ),
      ),
    );
  }
}
