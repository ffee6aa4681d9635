import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

/** Where the guard leaves the login's counter key, so a successful login can clear it. */
export const LOGIN_THROTTLE_KEY = Symbol('loginThrottleKey');

/** The parts of Express's request this guard reads (@types/express is not installed). */
interface LoginRequest {
  body?: { username?: unknown };
  [LOGIN_THROTTLE_KEY]?: string;
}

/**
 * The login limit, counted per username AND client address: one user's mistyped passwords do not lock out
 * colleagues behind the same office NAT, and one address cannot guess at a username without limit.
 * The client address is `req.ip`, which honours X-Forwarded-For only from TRUSTED_PROXIES (Express's
 * `trust proxy`, set in app.factory.ts). A successful login clears its bucket (AuthController.login), so
 * only failed attempts add up. A refusal carries the standard Retry-After header (seconds).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const name = (req as unknown as LoginRequest).body?.username;
    const username = typeof name === 'string' ? name.trim().toLowerCase() : '';
    // The base class's tracker: req.ip, an IPv6 address widened to its /64 (one client, many addresses).
    const address = await super.getTracker(req);
    return `${username}\n${address}`;
  }

  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    const key = super.generateKey(context, suffix, name);
    context.switchToHttp().getRequest<LoginRequest>()[LOGIN_THROTTLE_KEY] = key;
    return key;
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
