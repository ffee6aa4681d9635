import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { TASK_WORKER_ROLES } from '@gotong/domain/permissions';
import { OPD_WORKING_STATES } from '@gotong/domain/task-rules';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';

/**
 * Said beside a start or an assignment whose work lands on an OPD nobody works for: the work still starts
 * (the escalation ladder reaches the Sekda), but nobody sees it in an inbox until someone gets an account.
 */
export interface CoverageWarning {
  /**
   * AGENCY_UNCOVERED: the OPD got the work but has nobody to do it. AGENCY_INACTIVE: a deactivated OPD the
   * response matrix names was left out of an incident's mobilisation (mobilise the OPD that took over).
   */
  code: 'AGENCY_UNCOVERED' | 'AGENCY_INACTIVE';
  agencyCode: string;
  agencyName: string;
  message: string;
}

/** An OPD and the work it owes, on the leadership views. */
export interface UncoveredAgency {
  code: string;
  name: string;
  kind: string;
  /** Tasks the OPD owes (assigned, claimed, returned). */
  openTasks: number;
  /** Of those, past their deadline. */
  overdueTasks: number;
  /** Open or answered escalations of its tasks. */
  openEscalations: number;
}

export interface CoverageReport {
  /** Whose OPDs were checked: the whole regency, the caller's own OPD, or the OPDs working in a lead's projects. */
  scope: 'REGENCY' | 'OWN_OPD' | 'LEAD_PROJECTS';
  /** How many active OPDs were checked. */
  checked: number;
  /** The active OPDs with no active staff or Kepala account: those with open work first. */
  uncovered: UncoveredAgency[];
}

/**
 * Coverage: whether an OPD has someone to work its tasks, i.e. an active user in one of TASK_WORKER_ROLES
 * (its staff or its Kepala). An uncovered OPD's tasks reach no inbox; only the escalation ladder notices them
 * (level 1 goes to the Sekda when the OPD has no Kepala account and no Plt./Plh. in force for the post:
 * apps/notifier/src/audience.ts).
 */
@Injectable()
export class CoverageService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /** The ids, among those given, of OPDs with at least one active staff member or Kepala. */
  async coveredIds(agencyIds: readonly string[]): Promise<Set<string>> {
    const ids = [...new Set(agencyIds)];
    if (ids.length === 0) return new Set();
    const rows = await this.db.user.findMany({
      where: { agencyId: { in: ids }, active: true, role: { in: [...TASK_WORKER_ROLES] } },
      select: { agencyId: true },
      distinct: ['agencyId'],
    });
    return new Set(rows.map((r) => r.agencyId));
  }

  /** One warning per OPD (in the order given, each once) that has nobody to work the task it was just given. */
  async warningsFor(agencies: readonly { id: string; code: string }[]): Promise<CoverageWarning[]> {
    const covered = await this.coveredIds(agencies.map((a) => a.id));
    const seen = new Set<string>();
    const missing = agencies.filter((a) => !covered.has(a.id) && !seen.has(a.id) && seen.add(a.id));
    if (missing.length === 0) return [];
    const names = await this.db.agency.findMany({
      where: { id: { in: missing.map((a) => a.id) } },
      select: { id: true, name: true },
    });
    return missing.map((a) => {
      const agencyName = names.find((n) => n.id === a.id)?.name ?? a.code;
      return {
        code: 'AGENCY_UNCOVERED' as const,
        agencyCode: a.code,
        agencyName,
        message:
          `${a.code} (${agencyName}) has no active staff or Kepala OPD account: nobody sees its task in an inbox. ` +
          'The work has started anyway; when the deadline passes, the escalation goes to the Sekda ' +
          '(level 1 of an OPD without a Kepala account, unless a Plt./Plh. stands in for its Kepala). ' +
          `Create an account for ${a.code} (Admin → Users).`,
      };
    });
  }

  /** The warning for a deactivated OPD left out of work the rules would have given it. */
  inactiveWarning(agency: { code: string; name: string }): CoverageWarning {
    return {
      code: 'AGENCY_INACTIVE',
      agencyCode: agency.code,
      agencyName: agency.name,
      message:
        `${agency.code} (${agency.name}) is deactivated and was not mobilised: ` +
        'mobilise the OPD that took over its duties.',
    };
  }

  /**
   * The uncovered OPDs a leadership view shows, with the work each owes. Leadership and admins see the whole
   * regency, a Kepala OPD their own OPD, a lead the OPDs with work in their projects (as on the escalation
   * board; 403 for anyone else).
   */
  async report(auth: AuthContext): Promise<CoverageReport> {
    this.access.requireRole(auth, 'escalation.board');
    const own = this.access.ownAgencyOnly(auth);
    const lead = auth.role === 'LEAD';
    const projectScope: Prisma.TaskWhereInput = lead
      ? { project: { OR: [{ leadUserId: auth.userId }, { leadAgencyId: auth.agencyId }] } }
      : {};
    const openWork: Prisma.TaskWhereInput = { ...projectScope, status: { in: [...OPD_WORKING_STATES] } };
    const agencyWhere: Prisma.AgencyWhereInput = lead
      ? { active: true, tasks: { some: openWork } }
      : own
        ? { id: own, active: true }
        : { active: true };
    const agencies = await this.db.agency.findMany({
      where: agencyWhere,
      select: { id: true, code: true, name: true, kind: true },
      orderBy: { code: 'asc' },
    });
    const covered = await this.coveredIds(agencies.map((a) => a.id));
    const uncovered = agencies.filter((a) => !covered.has(a.id));
    const ids = uncovered.map((a) => a.id);
    const [open, overdue, escalations] = await Promise.all([
      this.db.task.groupBy({
        by: ['agencyId'],
        where: { ...openWork, agencyId: { in: ids } },
        _count: { _all: true },
      }),
      this.db.task.groupBy({
        by: ['agencyId'],
        where: { ...openWork, agencyId: { in: ids }, dueAt: { lt: new Date() } },
        _count: { _all: true },
      }),
      this.db.escalation.groupBy({
        by: ['agencyId'],
        where: {
          agencyId: { in: ids },
          status: { in: ['OPEN', 'ANSWERED'] },
          ...(lead ? { project: projectScope.project } : {}),
        },
        _count: { _all: true },
      }),
    ]);
    const count = (rows: { agencyId: string; _count: { _all: number } }[], id: string) =>
      rows.find((r) => r.agencyId === id)?._count._all ?? 0;
    return {
      scope: lead ? 'LEAD_PROJECTS' : own ? 'OWN_OPD' : 'REGENCY',
      checked: agencies.length,
      uncovered: uncovered
        .map((a) => ({
          code: a.code,
          name: a.name,
          kind: a.kind,
          openTasks: count(open, a.id),
          overdueTasks: count(overdue, a.id),
          openEscalations: count(escalations, a.id),
        }))
        .sort(
          (a, b) =>
            b.openTasks - a.openTasks ||
            b.openEscalations - a.openEscalations ||
            a.code.localeCompare(b.code),
        ),
    };
  }
}
