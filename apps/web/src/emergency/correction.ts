/**
 * Correcting the caller's OPD's latest sitrep on the incident page: which sitrep, and its figures as an
 * editable draft and back. Pure.
 */
import { SITREP_FIELDS } from '@gotong/domain/emergency';

/** A sitrep as GET /incidents/:id/sitreps lists it (the parts this reads). */
export interface SentSitrep {
  submittedAt: string;
  values: unknown;
  task: { id: string; title: string; agency: { code: string } };
}

/** The OPD's latest sent sitrep (a correction counts as sent then): the one it may correct; null if none. */
export function latestSitrepOf(sitreps: readonly SentSitrep[], agencyCode: string): SentSitrep | null {
  return (
    [...sitreps]
      .filter((s) => s.task.agency.code === agencyCode)
      .sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt))[0] ?? null
  );
}

export interface CorrectionDraft {
  /** One row per field and desa the sitrep reported, in SITREP_FIELDS then desa order; values as typed. */
  figures: { field: string; desaCode: string; value: string }[];
  narasi: string;
  kebutuhan: string;
}

/** The sitrep's values as a draft to edit. */
export function correctionDraft(values: unknown): CorrectionDraft {
  const v = (typeof values === 'object' && values !== null ? values : {}) as Record<string, unknown>;
  const figures: CorrectionDraft['figures'] = [];
  for (const { key } of SITREP_FIELDS) {
    const perDesa = v[key];
    if (typeof perDesa !== 'object' || perDesa === null) continue;
    for (const [desaCode, value] of Object.entries(perDesa as Record<string, unknown>).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      figures.push({ field: key, desaCode, value: typeof value === 'number' ? String(value) : '' });
    }
  }
  return {
    figures,
    narasi: typeof v['narasi'] === 'string' ? v['narasi'] : '',
    kebutuhan: typeof v['kebutuhan'] === 'string' ? v['kebutuhan'] : '',
  };
}

/**
 * The draft as sitrep values: a figure left blank is left out; one that is not a number is sent as typed, so
 * the API names it. The whole sitrep is restated, as a correction must be.
 */
export function correctionValues(draft: CorrectionDraft): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { field, desaCode, value } of draft.figures) {
    if (value.trim() === '') continue;
    const number = Number(value);
    const perDesa = (values[field] ??= {}) as Record<string, unknown>;
    perDesa[desaCode] = Number.isFinite(number) ? number : value;
  }
  if (draft.narasi.trim()) values['narasi'] = draft.narasi.trim();
  if (draft.kebutuhan.trim()) values['kebutuhan'] = draft.kebutuhan.trim();
  return values;
}
