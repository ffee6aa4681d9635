import { appointmentsInForce } from '@gotong/database/acting';
import type { Database } from '@gotong/database/prisma';
import type { LeadershipOffice, Prisma } from '@gotong/database/generated/prisma/client';
import { TASK_WORKER_ROLES } from '@gotong/domain/permissions';

/**
 * Who hears about what, resolved from roles, OPDs and leadership offices. Only active users; the caller of an
 * action is left out of its own notification.
 *
 * Acting officials (libs/domain/src/acting.ts): while a Plt./Plh. appointment is in force at `at` (the
 * event's time), what is addressed to the post (a Kepala OPD, the Sekda) goes to the acting official instead
 * of the holder: a redirect, not a copy, because the holder is away.
 */
export class Audience {
  constructor(
    private readonly db: Database,
    private readonly at: Date = new Date(),
  ) {}

  /** The OPD's staff and its head: who must do an assigned task. */
  async agencyTeam(agencyId: string): Promise<string[]> {
    return this.ids({ agencyId, role: { in: [...TASK_WORKER_ROLES] } });
  }

  /** The OPD's leads (role LEAD): who lead its joint work, e.g. the drafting of a policy, the planning cycle. */
  async agencyLeads(agencyId: string): Promise<string[]> {
    return this.ids({ agencyId, role: 'LEAD' });
  }

  /** The Kepala OPD, or whoever stands in for them (Plt./Plh.) at the event's time. */
  async agencyHeads(agencyId: string): Promise<string[]> {
    const acting = await this.actingFor({ postKind: 'AGENCY_HEAD', agencyId });
    if (acting.length > 0) return acting;
    return this.ids({ agencyId, role: 'AGENCY_HEAD' });
  }

  /** The Sekda, or whoever stands in for them (Plt./Plh.) at the event's time. */
  async sekda(): Promise<string[]> {
    const acting = await this.actingFor({ postKind: 'SEKDA' });
    return acting.length > 0 ? acting : this.offices(['SEKDA']);
  }

  /** Active acting officials of a post at the event's time. */
  private async actingFor(
    post: { postKind: 'AGENCY_HEAD'; agencyId: string } | { postKind: 'SEKDA' },
  ): Promise<string[]> {
    const appointments = await appointmentsInForce(
      this.db,
      { ...post, actingUser: { active: true } },
      this.at,
    );
    return appointments.map((a) => a.actingUserId);
  }

  /** The walidata (data custodians) of the regency: who decide conflicting figures. */
  async walidata(): Promise<string[]> {
    return this.ids({ role: 'WALIDATA' });
  }

  async offices(offices: LeadershipOffice[]): Promise<string[]> {
    return this.ids({ role: 'LEADERSHIP', office: { in: offices } });
  }

  /**
   * The rung of the escalation ladder: level 1 the Kepala OPD, level 2 the Sekda, level 3 the Bupati and Wakil
   * Bupati. An OPD without a head's account escalates to the Sekda at level 1 rather than to nobody. A post
   * with a Plt./Plh. in force is addressed to them instead (agencyHeads, sekda).
   */
  async ladder(level: number, agencyId: string): Promise<string[]> {
    if (level <= 1) {
      const heads = await this.agencyHeads(agencyId);
      return heads.length > 0 ? heads : this.sekda();
    }
    if (level === 2) return this.sekda();
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
