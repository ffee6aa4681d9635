import type { Database } from '@gotong/database/prisma';
import type { LeadershipOffice, Prisma } from '@gotong/database/generated/prisma/client';
import { TASK_WORKER_ROLES } from '@gotong/domain/permissions';

/**
 * Who hears about what, resolved from roles, OPDs and leadership offices. Only active users; the caller of an
 * action is left out of its own notification.
 */
export class Audience {
  constructor(private readonly db: Database) {}

  /** The OPD's staff and its head: who must do an assigned task. */
  async agencyTeam(agencyId: string): Promise<string[]> {
    return this.ids({ agencyId, role: { in: [...TASK_WORKER_ROLES] } });
  }

  async agencyHeads(agencyId: string): Promise<string[]> {
    return this.ids({ agencyId, role: 'AGENCY_HEAD' });
  }

  async offices(offices: LeadershipOffice[]): Promise<string[]> {
    return this.ids({ role: 'LEADERSHIP', office: { in: offices } });
  }

  /**
   * The rung of the escalation ladder: level 1 the Kepala OPD, level 2 the Sekda, level 3 the Bupati and Wakil
   * Bupati. An OPD without a head's account escalates to the Sekda at level 1 rather than to nobody.
   */
  async ladder(level: number, agencyId: string): Promise<string[]> {
    if (level <= 1) {
      const heads = await this.agencyHeads(agencyId);
      return heads.length > 0 ? heads : this.offices(['SEKDA']);
    }
    if (level === 2) return this.offices(['SEKDA']);
    return this.offices(['BUPATI', 'WAKIL_BUPATI']);
  }

  async activeUsers(ids: (string | null | undefined)[]): Promise<string[]> {
    const wanted = ids.filter((id): id is string => typeof id === 'string');
    if (wanted.length === 0) return [];
    return this.ids({ id: { in: wanted } });
  }

  private async ids(where: Prisma.UserWhereInput): Promise<string[]> {
    const users = await this.db.user.findMany({ where: { ...where, active: true }, select: { id: true } });
    return users.map((u) => u.id);
  }
}
