import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
} from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { Role } from '@gotong/domain/roles';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import type { Page } from '../common/pagination';
import { officeProblem, type CreateUserDto, type UpdateUserDto, type UserListQuery } from './admin.dto';
import { adminAudit, oneTimePassword } from './one-time-password';

export const ACCOUNT_SELECT = {
  id: true,
  username: true,
  fullName: true,
  role: true,
  office: true,
  position: true,
  email: true,
  phone: true,
  active: true,
  mustChangePassword: true,
  createdAt: true,
  agency: { select: { id: true, code: true, name: true } },
} satisfies Prisma.UserSelect;

export type Account = Prisma.UserGetPayload<{ select: typeof ACCOUNT_SELECT }>;

/** A new account and its one-time password, shown this once. */
export interface CreatedAccount {
  user: Account;
  oneTimePassword: string;
}

export function badRequest(messages: string[]) {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages });
}

/** What an audit event says about an account: never its password. */
export function accountDetail(user: Account): Record<string, unknown> {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    agencyCode: user.agency.code,
    office: user.office,
  };
}

/** What an edit changed, field by field: `{ position: { from, to } }` (the fields an admin edits). */
function accountChanges(before: Account, after: Account): Record<string, { from: unknown; to: unknown }> {
  const fields = ['fullName', 'role', 'office', 'position', 'email', 'phone'] as const;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields)
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  if (before.agency.code !== after.agency.code)
    changes.agencyCode = { from: before.agency.code, to: after.agency.code };
  return changes;
}

/**
 * User accounts: an admin manages every account, a Kepala OPD the STAFF of their own OPD
 * (permissions managesUser). Creating one returns its one-time password once.
 */
@Injectable()
export class UserAccountsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async list(auth: AuthContext, query: UserListQuery): Promise<Page<Account>> {
    const scope = this.access.manageableUsers(auth);
    if (auth.role !== 'ADMIN' && query.agencyCode && query.agencyCode.toUpperCase() !== auth.agencyCode)
      throw new ForbiddenException(
        `a Kepala OPD sees the accounts of their own OPD (${auth.agencyCode}) only`,
      );
    const where: Prisma.UserWhereInput = {
      AND: [
        scope,
        query.agencyCode ? { agency: { code: query.agencyCode.toUpperCase() } } : {},
        query.role ? { role: query.role } : {},
        query.active !== undefined ? { active: query.active } : {},
        query.q
          ? {
              OR: [
                { username: { contains: query.q, mode: 'insensitive' } },
                { fullName: { contains: query.q, mode: 'insensitive' } },
              ],
            }
          : {},
      ],
    };
    const [items, total] = await Promise.all([
      this.db.user.findMany({
        where,
        select: ACCOUNT_SELECT,
        orderBy: [{ agency: { code: 'asc' } }, { username: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.user.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  async get(auth: AuthContext, userId: string): Promise<Account> {
    await this.access.requireUserAccount(auth, userId);
    return this.db.user.findUniqueOrThrow({ where: { id: userId }, select: ACCOUNT_SELECT });
  }

  async create(auth: AuthContext, body: CreateUserDto): Promise<CreatedAccount> {
    this.access.requireRole(auth, 'user.admin');
    const agency = await this.activeAgency(body.agencyCode);
    this.access.requireUserManage(auth, { role: body.role, agencyId: agency.id });
    const password = oneTimePassword();
    const passwordHash = await hash(password);
    const user = await this.db.$transaction(async (tx) => {
      const taken = await tx.user.findUnique({ where: { username: body.username }, select: { id: true } });
      if (taken) throw new ConflictException(`username ${body.username} is taken`);
      const created = await tx.user.create({
        data: {
          username: body.username,
          fullName: body.fullName,
          role: body.role,
          office: body.office ?? null,
          position: body.position ?? null,
          email: body.email ?? null,
          phone: body.phone ?? null,
          agencyId: agency.id,
          passwordHash,
          mustChangePassword: true,
        },
        select: ACCOUNT_SELECT,
      });
      await adminAudit(tx, auth, 'USER_CREATED', `user:${created.id}`, accountDetail(created));
      return created;
    });
    return { user, oneTimePassword: password };
  }

  async update(auth: AuthContext, userId: string, body: UpdateUserDto): Promise<Account> {
    const current = await this.access.requireUserAccount(auth, userId);
    const agency = body.agencyCode ? await this.activeAgency(body.agencyCode) : null;
    const role: Role = body.role ?? current.role;
    const existing = await this.db.user.findUniqueOrThrow({ where: { id: userId }, select: ACCOUNT_SELECT });
    // A role change away from LEADERSHIP drops the office; otherwise the office stays unless given.
    const office = body.office !== undefined ? body.office : role === 'LEADERSHIP' ? existing.office : null;
    const problem = officeProblem(role, office);
    if (problem) throw badRequest([problem]);
    this.access.requireUserManage(auth, { role, agencyId: agency?.id ?? current.agencyId });
    if (userId === auth.userId && (body.role !== undefined || agency))
      throw new ConflictException('you cannot change your own role or OPD');
    const data: Prisma.UserUncheckedUpdateInput = {
      ...(body.fullName !== undefined ? { fullName: body.fullName } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(agency ? { agencyId: agency.id } : {}),
      office,
      ...(body.position !== undefined ? { position: body.position } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
    };
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id: userId }, data, select: ACCOUNT_SELECT });
      await adminAudit(tx, auth, 'USER_UPDATED', `user:${userId}`, {
        ...accountDetail(user),
        changed: Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined),
        changes: accountChanges(existing, user),
      });
      return user;
    });
  }

  /** Deactivates an account: it can no longer sign in and its sessions end at once. */
  async deactivate(auth: AuthContext, userId: string): Promise<Account> {
    const current = await this.access.requireUserAccount(auth, userId);
    if (userId === auth.userId) throw new ConflictException('you cannot deactivate your own account');
    if (!current.active) throw new ConflictException(`${current.username} is already deactivated`);
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id: userId },
        data: { active: false, sessionVersion: { increment: 1 } },
        select: ACCOUNT_SELECT,
      });
      await adminAudit(tx, auth, 'USER_DEACTIVATED', `user:${userId}`, accountDetail(user));
      return user;
    });
  }

  private async activeAgency(code: string) {
    const agency = await this.db.agency.findUnique({
      where: { code: code.toUpperCase() },
      select: { id: true, code: true, active: true },
    });
    if (!agency) throw badRequest([`agencyCode: no OPD has the code ${code}`]);
    if (!agency.active) throw badRequest([`agencyCode: ${agency.code} is deactivated`]);
    return agency;
  }
}
