import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@gotong/domain/roles';

/** The authenticated caller, resolved by the JWT guard from the token and the user's current record. */
export interface AuthContext extends Actor {
  username: string;
  agencyCode: string;
}

export const IS_PUBLIC = 'gotong:isPublic';
/** Marks a route that needs no token (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const request = ctx.switchToHttp().getRequest<{ auth?: AuthContext }>();
  if (!request.auth) throw new Error('Auth used on a public route');
  return request.auth;
});
