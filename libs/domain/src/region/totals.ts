/**
 * Kecamatan and kabupaten totals of figures published per area (data satu pintu): what a published count per
 * desa comes to for its kecamatan and for the regency. Pure. Only for indicators whose values may be summed —
 * the caller decides (counts may; percentages and averages may not).
 */
import { areaByCode, AREAS, KABUPATEN_PROBOLINGGO_AREA, KECAMATAN_AREAS, villagesOf } from '.';

export interface AreaFigure {
  areaCode: string;
  value: number;
}

export interface AreaTotal {
  level: 'KECAMATAN' | 'KABUPATEN';
  areaCode: string;
  value: number;
  /** How many areas' figures the total adds up. */
  areasCounted: number;
  /** How many areas of that level lie in the total's area: the total is complete when both agree. */
  areasTotal: number;
}

const VILLAGE_COUNT = AREAS.filter((a) => a.level === 'DESA' || a.level === 'KELURAHAN').length;

/**
 * The totals of one indicator's figures for one period and breakdown. Figures per desa or kelurahan add up to
 * their kecamatan (one total per kecamatan with a figure) and to the kabupaten; when there are none, figures per
 * kecamatan add up to the kabupaten. Figures at a coarser level than the finest present, and codes outside the
 * reference list, are left out, so nothing is counted twice. Kecamatan in code order, the kabupaten last.
 */
export function areaTotals(figures: readonly AreaFigure[]): AreaTotal[] {
  const villages = figures.filter((f) => {
    const level = areaByCode(f.areaCode)?.level;
    return level === 'DESA' || level === 'KELURAHAN';
  });
  if (villages.length > 0) {
    const byKecamatan = new Map<string, AreaFigure[]>();
    for (const f of villages) {
      const kecamatan = areaByCode(f.areaCode)!.parentCode!;
      byKecamatan.set(kecamatan, [...(byKecamatan.get(kecamatan) ?? []), f]);
    }
    const kecamatan = [...byKecamatan.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, list]): AreaTotal => ({
        level: 'KECAMATAN',
        areaCode: code,
        value: sum(list),
        areasCounted: list.length,
        areasTotal: villagesOf(code).length,
      }));
    return [
      ...kecamatan,
      {
        level: 'KABUPATEN',
        areaCode: KABUPATEN_PROBOLINGGO_AREA.code,
        value: sum(villages),
        areasCounted: villages.length,
        areasTotal: VILLAGE_COUNT,
      },
    ];
  }
  const kecamatan = figures.filter((f) => areaByCode(f.areaCode)?.level === 'KECAMATAN');
  if (kecamatan.length === 0) return [];
  return [
    {
      level: 'KABUPATEN',
      areaCode: KABUPATEN_PROBOLINGGO_AREA.code,
      value: sum(kecamatan),
      areasCounted: kecamatan.length,
      areasTotal: KECAMATAN_AREAS.length,
    },
  ];
}

/** Sums without binary-fraction noise for values with up to 6 decimals (counts are whole anyway). */
function sum(figures: readonly AreaFigure[]): number {
  return Math.round(figures.reduce((total, f) => total + f.value, 0) * 1e6) / 1e6;
}
