import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ALLOWS_TEMPORARY_PASSWORD, IS_PUBLIC, type AuthContext } from '../common/auth-context';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './session';

/** Global guard: every route needs a bearer token unless marked @Public(). Who may do what is
 * decided by AccessService (libs/domain/src/permissions.ts), one call at the top of each service method.
 * An expired, revoked (logout, refresh) or superseded (password change) token is refused with 401 — the
 * notification stream included, which SessionStreamInterceptor also ends when its token stops being valid.
 * A user still holding a one-time password (mustChangePassword) may only call the routes marked
 * @AllowsTemporaryPassword(); everything else answers 403 until they have chosen their own. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { auth?: AuthContext }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('missing bearer token');
    const { auth, session } = await this.auth.authenticate(token);
    request.auth = auth;
    request.session = session;
    if (
      auth.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWS_TEMPORARY_PASSWORD, targets)
    )
      throw new ForbiddenException('choose your own password first (POST /auth/password)');
    return true;
  }
}
