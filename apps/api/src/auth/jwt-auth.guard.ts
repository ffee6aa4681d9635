import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@gotong/domain/roles';
import { IS_PUBLIC, ROLES_KEY, type AuthContext } from '../common/auth-context';
import { AuthService } from './auth.service';

/** Global guard: every route needs a bearer token unless marked @Public(); @Roles() narrows by role. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; auth?: AuthContext }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('missing bearer token');
    request.auth = await this.auth.resolve(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.auth.role)) {
      throw new ForbiddenException(`this action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
