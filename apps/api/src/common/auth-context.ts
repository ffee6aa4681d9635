import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@gotong/domain/roles';

/** The authenticated caller, resolved by the JWT guard from the token and the user's current record. */
export interface AuthContext extends Actor {
  username: string;
  agencyCode: string;
  /**
   * Signed in with a one-time password (a new account, or one an admin reset): until the user has chosen
   * their own, only the routes marked @AllowsTemporaryPassword() answer (change password, /auth/me).
   */
  mustChangePassword?: boolean;
}

/** The caller as a workflow actor (only the fields workflows know). */
export const actorOf = (auth: AuthContext): Actor => ({
  userId: auth.userId,
  agencyId: auth.agencyId,
  role: auth.role,
  ...(auth.office ? { office: auth.office } : {}),
});

export const IS_PUBLIC = 'gotong:isPublic';
/** Marks a route that needs no token (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOWS_TEMPORARY_PASSWORD = 'gotong:allowsTemporaryPassword';
/** Marks a route a user who still holds a one-time password may call (change password, who am I). */
export const AllowsTemporaryPassword = () => SetMetadata(ALLOWS_TEMPORARY_PASSWORD, true);

export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const request = ctx.switchToHttp().getRequest<{ auth?: AuthContext }>();
  if (!request.auth) throw new Error('Auth used on a public route');
  return request.auth;
});
