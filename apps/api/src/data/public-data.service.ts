import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import type { IndicatorStandard } from '@gotong/domain/data-standard';

/** What the open data page needs besides the figures: which indicators have published figures, for which periods. */
@Injectable()
export class PublicDataService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Every indicator with at least one published figure: its standard (newest version, with the metadata's source,
   * method and office contact) and the periods it has figures for, newest first.
   */
  async indicators() {
    const groups = await this.db.publishedFigure.groupBy({
      by: ['indicatorCode', 'period'],
      _count: { _all: true },
    });
    const codes = [...new Set(groups.map((g) => g.indicatorCode))];
    const rows = await this.db.indicator.findMany({
      where: { code: { in: codes } },
      orderBy: [{ code: 'asc' }, { version: 'desc' }],
    });
    const latest = new Map<string, IndicatorStandard>();
    for (const row of rows)
      if (!latest.has(row.code)) latest.set(row.code, row.standard as unknown as IndicatorStandard);
    return codes.sort().map((code) => {
      const s = latest.get(code);
      return {
        code,
        name: s?.name ?? code,
        definition: s?.definition ?? null,
        unit: s?.unit ?? null,
        valueType: s?.valueType ?? null,
        areaLevel: s?.areaLevel ?? null,
        periodicity: s?.periodicity ?? null,
        breakdown: s?.breakdown ?? null,
        producers: s?.producers ?? [],
        metadata: s?.metadata ?? null,
        periods: groups
          .filter((g) => g.indicatorCode === code)
          .map((g) => ({ period: g.period, figures: g._count._all }))
          .sort((a, b) => b.period.localeCompare(a.period)),
      };
    });
  }
}
