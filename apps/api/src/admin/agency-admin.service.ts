import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { FINISHED_STATES } from '@gotong/domain/task-rules';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import type { CreateAgencyDto, RenameAgencyDto } from './admin.dto';
import { adminAudit } from './one-time-password';

const AGENCY_SELECT = {
  id: true,
  code: true,
  name: true,
  kind: true,
  areaCode: true,
  active: true,
  createdAt: true,
} as const;

/** The regency's OPDs as the admin keeps them: create, rename, deactivate (ADMIN, agency.admin). */
@Injectable()
export class AgencyAdminService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async list(auth: AuthContext) {
    this.access.requireRole(auth, 'agency.admin');
    const agencies = await this.db.agency.findMany({
      select: { ...AGENCY_SELECT, _count: { select: { users: { where: { active: true } } } } },
      orderBy: [{ active: 'desc' }, { kind: 'asc' }, { code: 'asc' }],
    });
    return agencies.map(({ _count, ...agency }) => ({ ...agency, activeUsers: _count.users }));
  }

  async create(auth: AuthContext, body: CreateAgencyDto) {
    this.access.requireRole(auth, 'agency.admin');
    return this.db.$transaction(async (tx) => {
      const taken = await tx.agency.findUnique({ where: { code: body.code }, select: { id: true } });
      if (taken) throw new ConflictException(`an OPD with code ${body.code} already exists`);
      const agency = await tx.agency.create({ data: body, select: AGENCY_SELECT });
      await adminAudit(tx, auth, 'AGENCY_CREATED', `agency:${agency.id}`, {
        agencyId: agency.id,
        code: agency.code,
        name: agency.name,
        kind: agency.kind,
      });
      return agency;
    });
  }

  async rename(auth: AuthContext, agencyId: string, body: RenameAgencyDto) {
    this.access.requireRole(auth, 'agency.admin');
    return this.db.$transaction(async (tx) => {
      const before = await tx.agency.findUnique({ where: { id: agencyId }, select: AGENCY_SELECT });
      if (!before) throw new NotFoundException(`agency ${agencyId} not found`);
      const agency = await tx.agency.update({
        where: { id: agencyId },
        data: { name: body.name },
        select: AGENCY_SELECT,
      });
      await adminAudit(tx, auth, 'AGENCY_RENAMED', `agency:${agencyId}`, {
        agencyId,
        code: agency.code,
        from: before.name,
        to: agency.name,
      });
      return agency;
    });
  }

  /**
   * Deactivates an OPD after a reorganisation. Refused (409, naming what is open) while it still has active
   * users or open tasks: those are moved or closed first, so no work is left without an office.
   */
  async deactivate(auth: AuthContext, agencyId: string) {
    this.access.requireRole(auth, 'agency.admin');
    return this.db.$transaction(async (tx) => {
      const agency = await tx.agency.findUnique({ where: { id: agencyId }, select: AGENCY_SELECT });
      if (!agency) throw new NotFoundException(`agency ${agencyId} not found`);
      if (!agency.active) throw new ConflictException(`${agency.code} is already deactivated`);
      const [users, openTasks] = await Promise.all([
        tx.user.findMany({
          where: { agencyId, active: true },
          select: { username: true },
          orderBy: { username: 'asc' },
        }),
        tx.task.count({ where: { agencyId, status: { notIn: [...FINISHED_STATES] } } }),
      ]);
      const open: string[] = [];
      if (users.length > 0)
        open.push(`${users.length} active user(s): ${users.map((u) => u.username).join(', ')}`);
      if (openTasks > 0) open.push(`${openTasks} open task(s)`);
      if (open.length > 0) {
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `${agency.code} still has ${open.join(' and ')}; deactivate or move the users and finish or reassign the tasks first`,
          activeUsers: users.map((u) => u.username),
          openTasks,
        });
      }
      const updated = await tx.agency.update({
        where: { id: agencyId },
        data: { active: false },
        select: AGENCY_SELECT,
      });
      await adminAudit(tx, auth, 'AGENCY_DEACTIVATED', `agency:${agencyId}`, {
        agencyId,
        code: agency.code,
      });
      return updated;
    });
  }
}
