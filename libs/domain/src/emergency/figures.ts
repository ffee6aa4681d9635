/** Sitrep figures: one number per OPD, desa and field, as reported at an instant. */
import { KODE_DESA_PATTERN } from '../form-schema';
import { byKey } from './collections';
import { SITREP_FIELDS } from './forms';
import { parseInstant } from './instants';

export interface SitrepFigure {
  agencyCode: string;
  /** Kode wilayah desa, e.g. '35.13.23.2001'. */
  desaCode: string;
  /** A SITREP_FIELDS key. */
  field: string;
  value: number;
  /** ISO-8601 with offset. */
  reportedAt: string;
}

/**
 * The figures of one sitrep whose values passed validateContribution(SITREP_FORM, …): one per field and desa,
 * in SITREP_FIELDS order then desa code order. Non-numeric values are skipped.
 */
export function sitrepFigures(
  agencyCode: string,
  values: Readonly<Record<string, unknown>>,
  reportedAt: string,
): SitrepFigure[] {
  parseInstant(reportedAt, 'reportedAt');
  const figures: SitrepFigure[] = [];
  for (const { key } of SITREP_FIELDS) {
    const perDesa = values[key];
    if (typeof perDesa !== 'object' || perDesa === null || Array.isArray(perDesa)) continue;
    for (const [desaCode, value] of Object.entries(perDesa as Record<string, unknown>).sort(byKey)) {
      if (typeof value === 'number' && Number.isFinite(value)) {
        figures.push({ agencyCode, desaCode, field: key, value, reportedAt });
      }
    }
  }
  return figures;
}

/** '35.13.23.2001' → '35.13.23'. Throws RangeError when desaCode is not a kode wilayah desa. */
export function kecamatanOf(desaCode: string): string {
  if (!KODE_DESA_PATTERN.test(desaCode)) {
    throw new RangeError(`"${desaCode}" is not a kode wilayah desa (e.g. 35.13.23.2001)`);
  }
  return desaCode.slice(0, 8);
}

/** The figures known at instant `at` (reportedAt ≤ at): rollUpSitreps of this gives the picture at that time. */
export function figuresAsOf(figures: readonly SitrepFigure[], at: string): SitrepFigure[] {
  const limit = parseInstant(at, 'at');
  return figures.filter((f) => parseInstant(f.reportedAt, 'reportedAt') <= limit);
}
