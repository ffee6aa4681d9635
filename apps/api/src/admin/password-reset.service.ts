import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { adminAudit, oneTimePassword } from './one-time-password';
import { accountDetail, ACCOUNT_SELECT, type CreatedAccount } from './user-accounts.service';

/**
 * Resetting a forgotten password: an admin for any account, a Kepala OPD for the staff of their own OPD. The
 * new one-time password is in the answer only; the user's sessions end and they must choose their own.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /** A new one-time password, shown once; the user's sessions end and they must choose their own. */
  async reset(auth: AuthContext, userId: string): Promise<CreatedAccount> {
    const current = await this.access.requireUserAccount(auth, userId);
    if (!current.active) throw new ConflictException(`${current.username} is deactivated`);
    const password = oneTimePassword();
    const passwordHash = await hash(password);
    const user = await this.db.$transaction(async (tx) => {
      const updated = await tx.user.update({
        where: { id: userId },
        data: { passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 } },
        select: ACCOUNT_SELECT,
      });
      await adminAudit(tx, auth, 'PASSWORD_RESET', `user:${userId}`, accountDetail(updated));
      return updated;
    });
    return { user, oneTimePassword: password };
  }
}
