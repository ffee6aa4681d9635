import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import {
  cellsFromValues,
  confirmationCell,
  isSuspiciousJump,
  previousPeriod,
  type DataRequestIndicator,
  type IndicatorStandard,
} from '@gotong/domain/data-standard';
import { badRequest } from './data-lookups';

/**
 * The check a data-request contribution passes before it goes to its task workflow: a figure that jumps
 * beyond the indicator's factor from the published previous period needs the producer's reason (a
 * confirmation). Read-only: the reasons travel with the submission and the workflow's activity records them
 * once the workflow has accepted it (activities/data.activities.ts recordConfirmations).
 */
@Injectable()
export class SubmissionCheckService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Refuses (400) figures that jump without a reason. Returns the non-blank reasons to send with the
   * submission, or undefined when there are none (or the task is not part of a data request).
   */
  async check(
    task: string | { projectId: string },
    values: Record<string, unknown>,
    confirmations: Record<string, string> | undefined,
  ): Promise<Record<string, string> | undefined> {
    // The task's id, or its project when the caller read it already (the access check).
    const projectId =
      typeof task === 'string'
        ? (await this.db.task.findUnique({ where: { id: task }, select: { projectId: true } }))?.projectId
        : task.projectId;
    const request = projectId ? await this.db.dataRequest.findUnique({ where: { projectId } }) : null;
    if (!request) return undefined;
    const given = Object.fromEntries(
      Object.entries(confirmations ?? {})
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
        .map(([cell, reason]) => [cell, reason.trim().slice(0, 2000)]),
    );
    const problems: string[] = [];
    for (const wanted of request.indicators as unknown as DataRequestIndicator[]) {
      const row = await this.db.indicator.findUnique({
        where: { code_version: { code: wanted.code, version: wanted.version } },
      });
      if (!row) continue;
      const standard = row.standard as unknown as IndicatorStandard;
      const cells = cellsFromValues(standard, values);
      if (cells.length === 0) continue;
      const before = previousPeriod(standard.periodicity, request.period);
      const previous = await this.db.publishedFigure.findMany({
        where: { indicatorCode: wanted.code, period: before },
        select: { areaCode: true, breakdown: true, value: true },
      });
      for (const cell of cells) {
        const published = previous.find(
          (p) => p.areaCode === cell.areaCode && p.breakdown === cell.breakdown,
        );
        const prev = published ? Number(published.value) : null;
        const name = confirmationCell(cell);
        if (isSuspiciousJump(prev, cell.value, standard.jumpFactor) && !given[name]) {
          problems.push(
            `confirmations.${name}: ${cell.value} differs from the published ${before} ` +
              `figure (${prev}) by more than ${standard.jumpFactor}×; give the reason in confirmations["${name}"]`,
          );
        }
      }
    }
    if (problems.length > 0) throw badRequest(problems);
    return Object.keys(given).length > 0 ? given : undefined;
  }
}
