/**
 * Who owes sitreps on the incident page, and the few texts for it until they move into the i18n files.
 * Pure.
 */
import { owesSitreps } from '@gotong/domain/emergency';

/** The parts of a mobilised OPD's dashboard row this reads. */
export interface SitrepDutyRow {
  clusters: readonly string[];
  sitreps: { submitted: number; current: readonly unknown[] };
}

/**
 * Whether the OPD owes a sitrep every period: one of its clusters has sitrep duty (libs/domain SITREP_DUTY),
 * or it was given sitreps anyway (an incident declared before clusters had a duty).
 */
export function owesSitrepsRow(agency: SitrepDutyRow): boolean {
  return owesSitreps(agency.clusters) || agency.sitreps.submitted > 0 || agency.sitreps.current.length > 0;
}

const TEXTS = {
  id: {
    noSitrepDuty: 'Tidak wajib sitrep',
    noSitrepDutyHelp: 'Klaster OPD ini tidak melaporkan angka sitrep: cukup konfirmasi kesiapan dan tugas.',
    owingSummary: 'Wajib sitrep tiap periode',
    coversPeriods: 'berlaku juga untuk periode berikutnya sampai dikirim',
    notReady: 'Belum siap',
    notReadyHelp: 'OPD menyatakan belum siap; konfirmasi ulang diminta dalam batas waktu konfirmasi.',
    followUps: 'konfirmasi ulang',
  },
  en: {
    noSitrepDuty: 'No sitreps owed',
    noSitrepDutyHelp: "This OPD's clusters report no sitrep figures: it acknowledges and takes tasks.",
    owingSummary: 'Owe a sitrep every period',
    coversPeriods: 'also covers the following periods until it is sent',
    notReady: 'Not ready',
    notReadyHelp:
      'The OPD said it is not ready; a follow-up acknowledgement is due within the acknowledgement time.',
    followUps: 'follow-up acknowledgements',
  },
} as const;

export type SitrepDutyText = keyof (typeof TEXTS)['id'];

/** A text in the app's language (Indonesian unless English is chosen). */
export function sitrepDutyText(language: string | undefined, key: SitrepDutyText): string {
  return (language?.startsWith('en') ? TEXTS.en : TEXTS.id)[key];
}

/** The parts of a mobilised OPD's acknowledgement this reads (sent by the API since "not ready" is followed up). */
export interface AcknowledgementReadiness {
  ready?: boolean | null;
  followUps?: number;
}

/** Whether the OPD's latest acknowledgement said "not ready" (and no later one said ready). */
export function saidNotReady(acknowledgement: AcknowledgementReadiness | null | undefined): boolean {
  return acknowledgement?.ready === false;
}
