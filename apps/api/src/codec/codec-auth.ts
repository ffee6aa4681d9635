import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { mayRole, ROLE_PERMISSIONS } from '@gotong/domain/permissions';
import { AuthService } from '../auth/auth.service';
import type { AuthContext } from '../common/auth-context';
import type { TokenSession } from '../auth/session';

/** The codec session cookie: an ordinary access token, HttpOnly, sent only to /codec and only same-site. */
export const CODEC_COOKIE = 'gotong_codec';
export const CODEC_PATH = '/codec';

export interface CodecRequest {
  headers: Record<string, string | undefined>;
  secure?: boolean;
  auth?: AuthContext;
  session?: TokenSession;
}

/** The value of one cookie of the request, or undefined. */
export function cookie(request: CodecRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The token of a codec request: a bearer token (the CLI's --codec-auth, a UI that passes its own) or the
 * codec session cookie (the Temporal UI with "include cross-origin credentials"). */
export function codecToken(request: CodecRequest): string | undefined {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  if (scheme === 'Bearer' && token) return token;
  return cookie(request, CODEC_COOKIE) || undefined;
}

/** Set-Cookie for a codec session that ends when its token does. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${CODEC_COOKIE}=${encodeURIComponent(token)}`,
    `Path=${CODEC_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedCookie(secure: boolean): string {
  return [
    `${CODEC_COOKIE}=`,
    `Path=${CODEC_PATH}`,
    'Max-Age=0',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * Who may use the codec endpoint: an operator (permission temporal.payloads, ADMIN) signed in with a valid
 * token, from the cookie or a bearer header. An expired, revoked or superseded token is a 401 as everywhere
 * (AuthService.authenticate); another role, or an ADMIN still holding a one-time password, a 403.
 */
@Injectable()
export class CodecAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CodecRequest>();
    const token = codecToken(request);
    if (!token)
      throw new UnauthorizedException(
        `sign in as an operator first: POST ${CODEC_PATH}/session (the form at ${CODEC_PATH}), or send a bearer token`,
      );
    const { auth, session } = await this.auth.authenticate(token);
    requireOperator(auth);
    request.auth = auth;
    request.session = session;
    return true;
  }
}

export function requireOperator(auth: AuthContext): void {
  if (!mayRole(auth.role, 'temporal.payloads'))
    throw new ForbiddenException(
      `decoding Temporal payloads needs one of the roles: ${ROLE_PERMISSIONS['temporal.payloads'].join(', ')}`,
    );
  if (auth.mustChangePassword)
    throw new ForbiddenException('choose your own password first (POST /auth/password)');
}
