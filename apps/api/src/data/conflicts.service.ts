import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { mayRole, readsDataDispute } from '@gotong/domain/permissions';
import { proposalOf, RECONCILIATION_CELL_ORDER } from '@gotong/domain/data-standard';
import { areaName } from '@gotong/domain/region';
import type { AuthContext } from '../common/auth-context';
import { agencyNames, userNames } from './data-lookups';

/** Conflicting figures: where the OPDs' verified values for one indicator, area and period disagree. */
@Injectable()
export class ConflictsService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(auth: AuthContext, status?: 'OPEN' | 'RESOLVED') {
    const regencyWide = mayRole(auth.role, 'data.all-opd');
    const where: Prisma.DataConflictWhereInput = {
      ...(status ? { status } : {}),
      // An OPD sees the conflicts its own figures are part of.
      ...(regencyWide ? {} : { values: { some: { agencyId: auth.agencyId } } }),
    };
    const rows = await this.db.dataConflict.findMany({
      where,
      orderBy: { openedAt: 'desc' },
      take: 200,
      include: { values: { include: { conflict: false } } },
    });
    const agencies = await agencyNames(
      this.db,
      rows.flatMap((r) => r.values.map((v) => v.agencyId)),
    );
    return rows.map(({ values, openKey: _openKey, ...c }) => ({
      ...c,
      agreedValue: c.agreedValue === null ? null : Number(c.agreedValue),
      publishedValue: c.publishedValue === null ? null : Number(c.publishedValue),
      values: values.map((v) => ({
        id: v.id,
        agency: agencies.get(v.agencyId),
        value: Number(v.value),
        status: v.status,
        taskId: v.taskId,
        verifiedAt: v.verifiedAt,
      })),
    }));
  }

  /** Reconciliations (one per request or project whose figures disagree), newest first, with their counts. */
  async reconciliations(auth: AuthContext, status?: 'OPEN' | 'RESOLVED') {
    const regencyWide = mayRole(auth.role, 'data.all-opd');
    const rows = await this.db.dataReconciliation.findMany({
      where: {
        ...(status ? { status } : {}),
        ...(regencyWide ? {} : { conflicts: { some: { values: { some: { agencyId: auth.agencyId } } } } }),
      },
      orderBy: { openedAt: 'desc' },
      take: 200,
      include: { conflicts: { select: { status: true } } },
    });
    return rows.map(({ conflicts, openKey: _openKey, ...r }) => ({
      ...r,
      cells: conflicts.length,
      openCells: conflicts.filter((c) => c.status === 'OPEN').length,
    }));
  }

  /**
   * One reconciliation on one screen: every cell with each OPD's figure, the figure published before (if any),
   * each OPD's explanation and proposal for it (from its reconciliation task), and the decision once made.
   */
  async reconciliation(auth: AuthContext, id: string) {
    const found = await this.db.dataReconciliation.findUnique({
      where: { id },
      include: {
        conflicts: {
          orderBy: [...RECONCILIATION_CELL_ORDER],
          include: { values: true },
        },
      },
    });
    if (!found) throw new NotFoundException(`reconciliation ${id} not found`);
    const agencyIds = [...new Set(found.conflicts.flatMap((c) => c.values.map((v) => v.agencyId)))];
    if (!readsDataDispute(auth, agencyIds)) {
      throw new ForbiddenException('your OPD has no figures in this reconciliation');
    }
    const tasks = found.projectId
      ? await this.db.task.findMany({
          where: { projectId: found.projectId },
          select: { id: true, agencyId: true, status: true },
        })
      : [];
    const contributions = await this.db.contribution.findMany({
      where: { taskId: { in: tasks.map((t) => t.id) } },
      orderBy: { version: 'desc' },
    });
    const latest = new Map<string, (typeof contributions)[number]>();
    for (const c of contributions) if (!latest.has(c.taskId)) latest.set(c.taskId, c);
    const agencies = await agencyNames(this.db, [...agencyIds, ...tasks.map((t) => t.agencyId)]);
    const names = mayRole(auth.role, 'data.personal-names');
    const people = await userNames(
      this.db,
      found.conflicts.map((c) => c.resolvedById),
    );
    const answers = tasks.map((t) => {
      const c = latest.get(t.id);
      const values = (c?.values ?? {}) as Record<string, unknown>;
      return {
        agencyId: t.agencyId,
        taskId: t.id,
        values,
        submittedAt: c?.submittedAt ?? null,
      };
    });
    const { openKey: _openKey, conflicts, ...rest } = found;
    return {
      ...rest,
      explanations: answers.map((a) => ({
        agency: agencies.get(a.agencyId),
        taskId: a.taskId,
        taskStatus: tasks.find((t) => t.id === a.taskId)?.status ?? null,
        explanation: typeof a.values['penjelasan'] === 'string' ? a.values['penjelasan'] : null,
        submittedAt: a.submittedAt,
      })),
      cells: conflicts.map((c, i) => ({
        conflictId: c.id,
        row: i + 1,
        indicatorCode: c.indicatorCode,
        areaCode: c.areaCode,
        areaName: areaName(c.areaCode),
        period: c.period,
        breakdown: c.breakdown,
        status: c.status,
        published: c.publishedValue === null ? null : Number(c.publishedValue),
        values: c.values
          .filter((v) => v.status === 'VERIFIED' || c.status === 'RESOLVED')
          .map((v) => ({ agency: agencies.get(v.agencyId), value: Number(v.value) })),
        proposals: answers
          .filter((a) => a.submittedAt !== null)
          .map((a) => ({ agency: agencies.get(a.agencyId), ...proposalOf(a.values, i + 1) }))
          .filter((p) => p.explanation !== null || p.proposal !== null),
        agreedValue: c.agreedValue === null ? null : Number(c.agreedValue),
        reasoning: c.reasoning,
        // The walidata's name only for the data's custodians (UU 27/2022).
        resolvedBy: c.resolvedById && names ? (people.get(c.resolvedById) ?? null) : null,
        resolvedAt: c.resolvedAt,
      })),
    };
  }
}
