import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { AppConfig } from '@gotong/config/config';
import type { Database } from '@gotong/database/prisma';
import type { AuthContext } from '../common/auth-context';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: {
    id: string;
    username: string;
    fullName: string;
    role: string;
    agencyCode: string;
    agencyName: string;
  };
}

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
      select: {
        id: true,
        username: true,
        fullName: true,
        role: true,
        active: true,
        passwordHash: true,
        agency: { select: { code: true, name: true } },
      },
    });
    // Verify even for unknown users so response time does not reveal which usernames exist.
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !user.active || !ok) throw new UnauthorizedException('wrong username or password');
    const expiresIn = Math.floor(this.config.JWT_TTL / 1000);
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn,
      user: {
        id: user.id,
        username: user.username,
        fullName: user.fullName,
        role: user.role,
        agencyCode: user.agency.code,
        agencyName: user.agency.name,
      },
    };
  }

  /** Resolves a token to the caller's current agency and role; a deactivated user is refused. */
  async resolve(token: string): Promise<AuthContext> {
    let sub: string;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(token));
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    const user = await this.db.user.findUnique({
      where: { id: sub },
      select: {
        id: true,
        username: true,
        role: true,
        active: true,
        agencyId: true,
        agency: { select: { code: true } },
      },
    });
    if (!user || !user.active) throw new UnauthorizedException('user is no longer active');
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      agencyId: user.agencyId,
      agencyCode: user.agency.code,
    };
  }
}
