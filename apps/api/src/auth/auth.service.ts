import { BadRequestException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { AppConfig } from '@gotong/config/config';
import type { Database } from '@gotong/database/prisma';
import type { AuthContext } from '../common/auth-context';
import type { TokenSession } from './session';
import { adminAudit } from '../admin/one-time-password';

/** The shortest password a user may choose (checked on change; the seed and admins set the first one). */
export const PASSWORD_MIN_LENGTH = 10;

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the token expires; POST /auth/refresh before then for a fresh one. */
  expiresIn: number;
  /** When the token expires (ISO 8601). */
  expiresAt: string;
  user: {
    id: string;
    username: string;
    fullName: string;
    role: string;
    agencyCode: string;
    agencyName: string;
    /** Signed in with a one-time password: only POST /auth/password (and /auth/me, logout) until changed. */
    mustChangePassword: boolean;
  };
}

/**
 * The only algorithm tokens are signed and verified with. Pinned on both sides: left open, verification
 * accepts any HMAC variant (HS384, HS512) of the secret, so a token's own header would choose how it is checked.
 */
const JWT_ALGORITHM = 'HS256';

interface Claims {
  sub: string;
  jti?: string;
  /** The user's session version when the token was issued; a password change raises it. */
  ver?: number;
  exp: number;
}

const USER_SELECT = {
  id: true,
  username: true,
  fullName: true,
  role: true,
  active: true,
  sessionVersion: true,
  mustChangePassword: true,
  agency: { select: { code: true, name: true } },
} as const;

type TokenUser = {
  id: string;
  username: string;
  fullName: string;
  role: string;
  sessionVersion: number;
  mustChangePassword: boolean;
  agency: { code: string; name: string };
};

@Injectable()
export class AuthService {
  /** Hash of a random secret: checking an unknown username costs the same as a real check. */
  private readonly dummyHash = hash(randomUUID());

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.db.user.findUnique({
      where: { username: username.trim().toLowerCase() },
      select: { ...USER_SELECT, passwordHash: true },
    });
    // Verify even for unknown users so response time does not reveal which usernames exist.
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !user.active || !ok) throw new UnauthorizedException('wrong username or password');
    return this.issue(user);
  }

  /**
   * Checks a token: signature and expiry, its `jti` not on the revocation list, the user still active and the
   * token issued since the user's last password change. Resolves the caller's current agency and role.
   */
  async authenticate(token: string): Promise<{ auth: AuthContext; session: TokenSession }> {
    let claims: Claims;
    try {
      claims = await this.jwt.verifyAsync<Claims>(token, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    const { sub, jti, ver, exp } = claims;
    // Tokens from before revocation existed carry no jti and could not be logged out: they are refused.
    if (!jti || typeof ver !== 'number') throw new UnauthorizedException('invalid or expired token');
    const [user, revoked] = await Promise.all([
      this.db.user.findUnique({
        where: { id: sub },
        select: {
          id: true,
          username: true,
          role: true,
          office: true,
          active: true,
          agencyId: true,
          sessionVersion: true,
          mustChangePassword: true,
          agency: { select: { code: true } },
        },
      }),
      this.db.revokedToken.findUnique({ where: { jti }, select: { jti: true } }),
    ]);
    if (revoked) throw new UnauthorizedException('the session has ended (signed out)');
    if (!user || !user.active) throw new UnauthorizedException('user is no longer active');
    if (user.sessionVersion !== ver)
      throw new UnauthorizedException('the session has ended (the password was changed)');
    return {
      auth: {
        userId: user.id,
        username: user.username,
        role: user.role,
        office: user.office,
        agencyId: user.agencyId,
        agencyCode: user.agency.code,
        mustChangePassword: user.mustChangePassword,
      },
      session: { jti, expiresAt: new Date(exp * 1000), token },
    };
  }

  /** Whether a token checked earlier is still good (for requests that stay open, like the event stream). */
  async stillValid(token: string): Promise<boolean> {
    return this.authenticate(token).then(
      () => true,
      () => false,
    );
  }

  /** Ends a session: its token goes on the revocation list until it would have expired anyway. */
  async logout(auth: AuthContext, session: TokenSession): Promise<void> {
    await this.revoke(auth.userId, session);
  }

  /** A fresh token for a valid one (sliding session); the old token is revoked. */
  async refresh(auth: AuthContext, session: TokenSession): Promise<LoginResult> {
    const user = await this.db.user.findUnique({ where: { id: auth.userId }, select: USER_SELECT });
    if (!user || !user.active) throw new UnauthorizedException('user is no longer active');
    await this.revoke(auth.userId, session);
    return this.issue(user);
  }

  /**
   * Changes the caller's password. Every other session of the user ends (the session version is raised, so
   * older tokens are refused); the caller gets a fresh token to carry on with.
   */
  async changePassword(
    auth: AuthContext,
    session: TokenSession,
    currentPassword: string,
    newPassword: string,
  ): Promise<LoginResult> {
    const user = await this.db.user.findUnique({
      where: { id: auth.userId },
      select: { ...USER_SELECT, passwordHash: true },
    });
    if (!user || !user.active) throw new UnauthorizedException('user is no longer active');
    const ok = await verify(user.passwordHash, currentPassword).catch(() => false);
    if (!ok) throw new BadRequestException(problem('currentPassword: is not the current password'));
    if (newPassword.length < PASSWORD_MIN_LENGTH)
      throw new BadRequestException(
        problem(`newPassword: must be at least ${PASSWORD_MIN_LENGTH} characters long`),
      );
    if (newPassword === currentPassword)
      throw new BadRequestException(problem('newPassword: must differ from the current password'));
    const passwordHash = await hash(newPassword);
    const updated = await this.db.$transaction(async (tx) => {
      const changed = await tx.user.update({
        where: { id: user.id },
        // A one-time password (new account, admin reset) is replaced by the user's own.
        data: { passwordHash, sessionVersion: { increment: 1 }, mustChangePassword: false },
        select: USER_SELECT,
      });
      // Who changed their password when (never the password): an account's security history is audited.
      await adminAudit(tx, auth, 'PASSWORD_CHANGED', `user:${user.id}`, {
        userId: user.id,
        username: user.username,
        firstSignIn: user.mustChangePassword,
      });
      return changed;
    });
    await this.revoke(user.id, session);
    return this.issue(updated);
  }

  private async issue(user: TokenUser): Promise<LoginResult> {
    const expiresIn = Math.floor(this.config.JWT_TTL / 1000);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, ver: user.sessionVersion },
      { expiresIn, jwtid: randomUUID(), algorithm: JWT_ALGORITHM },
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn,
      expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
      user: {
        id: user.id,
        username: user.username,
        fullName: user.fullName,
        role: user.role,
        agencyCode: user.agency.code,
        agencyName: user.agency.name,
        mustChangePassword: user.mustChangePassword,
      },
    };
  }

  private async revoke(userId: string, session: TokenSession): Promise<void> {
    const now = new Date();
    await this.db.$transaction([
      this.db.revokedToken.createMany({
        data: [{ jti: session.jti, userId, expiresAt: session.expiresAt }],
        skipDuplicates: true,
      }),
      // Rows of tokens that have expired anyway are not needed any more.
      this.db.revokedToken.deleteMany({ where: { expiresAt: { lt: now } } }),
    ]);
  }
}

/** The same body shape as the validation pipe's 400s: a list of "field: message" lines. */
function problem(message: string) {
  return { message: [message], error: 'Bad Request', statusCode: 400 };
}
