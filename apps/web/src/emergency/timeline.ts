/**
 * The incident timeline and the command's sitrep resolutions as the dashboard sends them (GET /incidents/:id
 * `timeline`, `resolutions`), with their Indonesian and English texts until those move into the i18n files.
 * Pure.
 */
import type { SitrepResolution, TimelineEntry } from '@gotong/domain/emergency';

export type { SitrepResolution, TimelineEntry } from '@gotong/domain/emergency';

/** The parts of the dashboard this reads (optional: a server before them sends neither). */
export interface WithTimeline {
  timeline?: TimelineEntry[];
  resolutions?: SitrepResolution[];
}

const ACTIONS: Record<'id' | 'en', Record<string, string>> = {
  id: {
    INCIDENT_DECLARED: 'Kedaruratan dinyatakan',
    INCIDENT_STATUS_CHANGED: 'Status diubah',
    OPD_MOBILISED: 'OPD dimobilisasi',
    OPD_RELEASED: 'OPD dilepas',
    SITREP_CORRECTED: 'Sitrep dikoreksi',
    SITREP_CONFLICT_RESOLVED: 'Angka berbeda ditetapkan komando',
    RESOURCE_REQUESTED: 'Permintaan sumber daya',
    RESOURCE_COMMITTED: 'Permintaan disanggupi',
    RESOURCE_SENT: 'Bantuan dikirim',
    RESOURCE_PARTIALLY_RECEIVED: 'Bantuan diterima sebagian',
    RESOURCE_RECEIVED: 'Bantuan diterima',
    RESOURCE_REFUSED: 'Permintaan ditolak',
    RESOURCE_CLOSED: 'Permintaan ditutup',
    RESOURCE_CANCELLED: 'Permintaan dibatalkan',
    INCIDENT_CLOSED: 'Kedaruratan ditutup',
  },
  en: {
    INCIDENT_DECLARED: 'Emergency declared',
    INCIDENT_STATUS_CHANGED: 'Status changed',
    OPD_MOBILISED: 'OPD mobilised',
    OPD_RELEASED: 'OPD released',
    SITREP_CORRECTED: 'Sitrep corrected',
    SITREP_CONFLICT_RESOLVED: 'Differing figure set by the command',
    RESOURCE_REQUESTED: 'Resources requested',
    RESOURCE_COMMITTED: 'Request committed',
    RESOURCE_SENT: 'Resources sent',
    RESOURCE_PARTIALLY_RECEIVED: 'Resources partly received',
    RESOURCE_RECEIVED: 'Resources received',
    RESOURCE_REFUSED: 'Request refused',
    RESOURCE_CLOSED: 'Request closed',
    RESOURCE_CANCELLED: 'Request cancelled',
    INCIDENT_CLOSED: 'Emergency closed',
  },
};

const TEXTS = {
  id: {
    timeline: 'Linimasa kedaruratan',
    noEvents: 'Belum ada kejadian.',
    resolve: 'Tetapkan angka',
    resolveHelp:
      'Komando menetapkan angka yang dipakai: angka salah satu OPD, atau angka terverifikasi dengan catatan.',
    pick: 'Angka yang dipakai',
    verified: 'Angka terverifikasi',
    value: 'Angka',
    note: 'Catatan',
    resolvedBy: 'ditetapkan komando',
    correct: 'Koreksi sitrep',
    correctHelp:
      'Koreksi laporan situasi terakhir OPD Anda. Alasan wajib diisi; rekap memakai angka koreksi.',
    correctReason: 'Alasan koreksi',
    correctSend: 'Kirim koreksi',
    corrected: 'Koreksi terkirim.',
    narasi: 'Narasi situasi',
  },
  en: {
    timeline: 'Emergency timeline',
    noEvents: 'Nothing has happened yet.',
    resolve: 'Set the figure',
    resolveHelp:
      "The command sets the figure that counts: one OPD's figure, or a verified figure with a note.",
    pick: 'Figure to use',
    verified: 'Verified figure',
    value: 'Figure',
    note: 'Note',
    resolvedBy: 'set by the command',
    correct: 'Correct a sitrep',
    correctHelp:
      "Correct your OPD's latest sitrep. A reason is required; the roll-up uses the corrected figures.",
    correctReason: 'Reason for the correction',
    correctSend: 'Send the correction',
    corrected: 'Correction sent.',
    narasi: 'Situation narrative',
  },
} as const;

export type TimelineText = keyof (typeof TEXTS)['id'];

const langOf = (language: string | undefined): 'id' | 'en' => (language?.startsWith('en') ? 'en' : 'id');

/** A text of the timeline and resolution panels in the app's language (Indonesian unless English). */
export function timelineText(language: string | undefined, key: TimelineText): string {
  return TEXTS[langOf(language)][key];
}

/**
 * One timeline entry as a line: what happened, by which OPD, with what detail (version, figure, status) and
 * the reason it carries.
 */
export function timelineLine(entry: TimelineEntry, language: string | undefined): string {
  const lang = langOf(language);
  const what = ACTIONS[lang][entry.action] ?? entry.action;
  const d = entry.detail;
  const parts: string[] = [what];
  if (entry.agencyCode) parts.push(entry.agencyCode);
  if (entry.action === 'SITREP_CORRECTED' && typeof d['version'] === 'number') parts.push(`v${d['version']}`);
  if (entry.action === 'SITREP_CONFLICT_RESOLVED')
    parts.push(`${String(d['desaCode'])} · ${String(d['field'])} = ${String(d['value'])}`);
  if (entry.action === 'INCIDENT_STATUS_CHANGED' && typeof d['to'] === 'string') parts.push(d['to']);
  if (entry.action === 'OPD_MOBILISED' && typeof d['agency'] === 'string') parts.push(d['agency']);
  const line = parts.join(' — ');
  return entry.reason ? `${line} (${entry.reason})` : line;
}

/** The resolution a cell counts with now (the latest), if any. */
export function resolutionOf(
  resolutions: readonly SitrepResolution[] | undefined,
  desaCode: string,
  field: string,
): SitrepResolution | undefined {
  return [...(resolutions ?? [])]
    .filter((r) => r.desaCode === desaCode && r.field === field)
    .sort((a, b) => Date.parse(b.resolvedAt) - Date.parse(a.resolvedAt))[0];
}
