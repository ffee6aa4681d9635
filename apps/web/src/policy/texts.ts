/**
 * Texts of the policy drafting screens (Rancangan kebijakan, issue #18), Bahasa Indonesia first, English when
 * chosen. Kept beside the pages that use them, like the planning and leadership texts.
 */
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n';
import type { ParafDecision, PolicyKind, PolicyStatus, TimelineKind } from './policy-api';

const id = {
  nav: 'Rancangan kebijakan',
  kind: {
    PERBUP: 'Peraturan Bupati',
    SK_BUPATI: 'Keputusan Bupati',
    SE_BUPATI: 'Surat Edaran Bupati',
    SOP: 'SOP',
  } satisfies Record<PolicyKind, string>,
  status: {
    DRAFTING: 'Penyusunan',
    IN_REVIEW: 'Paraf koordinasi',
    RETURNED: 'Dikembalikan untuk perbaikan',
    AWAITING_SEKDA: 'Menunggu Sekda',
    AWAITING_BUPATI: 'Menunggu Bupati',
    SIGNED: 'Ditandatangani',
    WITHDRAWN: 'Ditarik',
  } satisfies Record<PolicyStatus, string>,
  decision: { INITIALLED: 'Paraf', RETURNED: 'Dikembalikan' } satisfies Record<ParafDecision, string>,
  list: {
    title: 'Rancangan kebijakan',
    intro:
      'Rancangan Perbup, SK, SE Bupati dan SOP yang disusun bersama: tiap versi diparaf OPD terkait dan Bagian Hukum, lalu ditandatangani Sekda dan Bupati.',
    empty: 'Belum ada rancangan.',
    caption: 'Rancangan yang dapat Anda lihat',
    titleCol: 'Judul',
    kindCol: 'Jenis',
    drafting: 'OPD penyusun',
    status: 'Status',
    version: 'Versi',
    created: 'Dibuat',
    new: 'Rancangan baru',
  },
  create: {
    title: 'Rancangan kebijakan baru',
    kind: 'Jenis',
    titleField: 'Judul rancangan',
    description: 'Keterangan (opsional)',
    reviewers: 'OPD pemberi paraf koordinasi',
    reviewersHelp: 'Bagian Hukum Sekretariat Daerah selalu ikut memberi paraf.',
    file: 'Dokumen versi 1 (PDF atau DOCX)',
    fileRequired: 'Pilih dokumen rancangan.',
    titleRequired: 'Isi judul rancangan.',
    submit: 'Buat dan kirim untuk paraf',
    sending: 'Mengirim…',
  },
  draft: {
    drafting: 'OPD penyusun',
    createdBy: 'Dibuat oleh',
    status: 'Status',
    versions: 'Versi',
    version: (n: number) => `Versi ${n}`,
    uploadedBy: 'Diunggah oleh',
    note: 'Catatan',
    download: 'Unduh',
    grid: 'Paraf koordinasi per versi',
    gridCaption: 'OPD pemberi paraf × versi',
    reviewer: 'OPD',
    pending: 'Menunggu',
    closed: 'Ditutup',
    signOffs: 'Tanda tangan',
    office: { SEKDA: 'Sekda', BUPATI: 'Bupati' } as Record<'SEKDA' | 'BUPATI', string>,
    signed: 'Ditandatangani',
    returned: 'Dikembalikan',
    newVersion: 'Unggah versi baru',
    newVersionNote: 'Catatan perubahan (opsional)',
    upload: 'Unggah dan kirim untuk paraf',
    signOffTitle: 'Keputusan Anda',
    signOffNote: 'Catatan (wajib bila dikembalikan)',
    sign: 'Tandatangani',
    returnIt: 'Kembalikan',
    noteRequired: 'Tulis apa yang perlu diperbaiki.',
    timeline: 'Riwayat',
    done: 'Tersimpan.',
    discussion: 'Diskusi rancangan',
  },
  timeline: {
    CREATED: 'membuat rancangan',
    VERSION_UPLOADED: 'mengunggah versi',
    INITIALLED: 'memberi paraf versi',
    REVIEW_RETURNED: 'mengembalikan versi',
    SIGNED_OFF: 'menandatangani versi',
    SIGN_OFF_RETURNED: 'mengembalikan versi',
    SIGN_OFF_REMINDER: 'pengingat tanda tangan versi',
    SIGN_OFF_ESCALATED: 'tanda tangan terlambat dilaporkan ke atasan, versi',
    WITHDRAWN: 'menarik rancangan',
  } satisfies Record<TimelineKind, string>,
};

export type PolicyTexts = typeof id;

const en: PolicyTexts = {
  nav: 'Policy drafts',
  kind: { PERBUP: 'Regent regulation', SK_BUPATI: 'Regent decree', SE_BUPATI: 'Regent circular', SOP: 'SOP' },
  status: {
    DRAFTING: 'Drafting',
    IN_REVIEW: 'Coordination initials',
    RETURNED: 'Returned for revision',
    AWAITING_SEKDA: 'Awaiting the Sekda',
    AWAITING_BUPATI: 'Awaiting the Regent',
    SIGNED: 'Signed',
    WITHDRAWN: 'Withdrawn',
  },
  decision: { INITIALLED: 'Initialled', RETURNED: 'Returned' },
  list: {
    title: 'Policy drafts',
    intro:
      'Regent regulations, decrees, circulars and SOPs drafted jointly: each version is initialled by the OPDs concerned and the legal section, then signed by the Sekda and the Regent.',
    empty: 'No drafts yet.',
    caption: 'Drafts you may see',
    titleCol: 'Title',
    kindCol: 'Kind',
    drafting: 'Drafting OPD',
    status: 'Status',
    version: 'Version',
    created: 'Created',
    new: 'New draft',
  },
  create: {
    title: 'New policy draft',
    kind: 'Kind',
    titleField: 'Title',
    description: 'Description (optional)',
    reviewers: 'OPDs that initial',
    reviewersHelp: 'The legal section of the Regional Secretariat always initials too.',
    file: 'Version 1 document (PDF or DOCX)',
    fileRequired: 'Choose the draft document.',
    titleRequired: 'Enter the title.',
    submit: 'Create and send for initials',
    sending: 'Sending…',
  },
  draft: {
    drafting: 'Drafting OPD',
    createdBy: 'Created by',
    status: 'Status',
    versions: 'Versions',
    version: (n: number) => `Version ${n}`,
    uploadedBy: 'Uploaded by',
    note: 'Note',
    download: 'Download',
    grid: 'Coordination initials per version',
    gridCaption: 'Reviewing OPD × version',
    reviewer: 'OPD',
    pending: 'Waiting',
    closed: 'Closed',
    signOffs: 'Signatures',
    office: { SEKDA: 'Sekda', BUPATI: 'Regent' },
    signed: 'Signed',
    returned: 'Returned',
    newVersion: 'Upload a new version',
    newVersionNote: 'What changed (optional)',
    upload: 'Upload and send for initials',
    signOffTitle: 'Your decision',
    signOffNote: 'Note (required to return)',
    sign: 'Sign',
    returnIt: 'Return',
    noteRequired: 'Say what needs revising.',
    timeline: 'History',
    done: 'Saved.',
    discussion: 'Discussion',
  },
  timeline: {
    CREATED: 'created the draft',
    VERSION_UPLOADED: 'uploaded version',
    INITIALLED: 'initialled version',
    REVIEW_RETURNED: 'returned version',
    SIGNED_OFF: 'signed version',
    SIGN_OFF_RETURNED: 'returned version',
    SIGN_OFF_REMINDER: 'signature reminder, version',
    SIGN_OFF_ESCALATED: 'late signature reported upwards, version',
    WITHDRAWN: 'withdrew the draft',
  },
};

export function policyTexts(language: string): PolicyTexts {
  return currentLang(language) === 'en' ? en : id;
}

/** The texts in the language the app shows now. */
export function usePolicyTexts(): PolicyTexts {
  const { i18n } = useTranslation();
  return policyTexts(i18n.language);
}
