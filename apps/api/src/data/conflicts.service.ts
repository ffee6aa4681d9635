import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { mayRole } from '@gotong/domain/permissions';
import type { AuthContext } from '../common/auth-context';
import { agencyNames } from './data-lookups';

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
}
