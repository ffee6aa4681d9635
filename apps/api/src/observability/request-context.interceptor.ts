import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Observable } from 'rxjs';
import { annotateActiveSpan } from '@gotong/observability/tracing';
import type { AuthContext } from '../common/auth-context';

/**
 * After the JWT guard: the authenticated caller on every log line of the request (userId, username, opd,
 * role) and on its trace span (enduser.id, enduser.role, gotong.opd). Public routes are left as they are.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const auth = context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
      if (auth) {
        try {
          this.logger.assign({
            userId: auth.userId,
            username: auth.username,
            opd: auth.agencyCode,
            role: auth.role,
          });
        } catch {
          // Outside nestjs-pino's request context (a route it does not cover): the span still gets the user.
        }
        annotateActiveSpan({
          'enduser.id': auth.userId,
          'enduser.role': auth.role,
          'gotong.opd': auth.agencyCode,
        });
      }
    }
    return next.handle();
  }
}
