import { sitrepFigures, type SitrepFigure } from '@gotong/domain/emergency';
import type { Database } from './prisma';

/** Every sitrep figure of an incident's project (accepted sitrep contributions), as the roll-up wants them. */
export async function incidentSitrepFigures(db: Database, projectId: string): Promise<SitrepFigure[]> {
  const contributions = await db.contribution.findMany({
    where: { status: 'ACCEPTED', task: { projectId, stepKey: { startsWith: 'sitrep-' } } },
    orderBy: { submittedAt: 'asc' },
    select: { values: true, submittedAt: true, task: { select: { agency: { select: { code: true } } } } },
  });
  return contributions.flatMap((c) =>
    sitrepFigures(c.task.agency.code, c.values as Record<string, unknown>, c.submittedAt.toISOString()),
  );
}
