import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The bearer token a request came with, as checked by the JWT guard: what logout and refresh end. */
export interface TokenSession {
  /** The token's `jti` claim: the key of the revocation list. */
  jti: string;
  /** When the token expires on its own. */
  expiresAt: Date;
  /** The raw token, for re-checking a long-lived request (the notification stream). */
  token: string;
}

export interface AuthenticatedRequest {
  headers: Record<string, string | undefined>;
  session?: TokenSession;
}

export const Session = createParamDecorator((_data: unknown, ctx: ExecutionContext): TokenSession => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.session) throw new Error('Session used on a public route');
  return request.session;
});
