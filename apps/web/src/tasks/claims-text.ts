/**
 * The words of the claim, hand-over, open-work and review-queue screens (issue #17), in both languages. Kept
 * beside the screens until they join the main catalogue (i18n/id.ts, en.ts); `useClaimsText` picks the
 * language the app shows, as i18next does for the rest.
 */
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n';

const id = {
  nav: { reviews: 'Perlu ditinjau' },
  inbox: {
    openOnly: 'Semua pekerjaan terbuka',
    allStatuses: 'Semua status',
    mine: 'Tugas saya',
    holder: 'Dikerjakan oleh',
    nobody: 'Belum diambil',
    openIntro:
      'Yang ditampilkan: pekerjaan terbuka, yang paling mendesak di atas. Centang "Semua status" untuk melihat yang sudah selesai.',
  },
  task: {
    heldBy: (name: string) => `Tugas ini sedang dikerjakan oleh ${name}.`,
    heldByYou: 'Anda sedang mengerjakan tugas ini.',
    heldByOther:
      'Hanya pemegang tugas yang dapat mengirim kontribusi. Minta dia melepaskannya, atau minta Kepala OPD menyerahkannya kepada Anda.',
    holding: 'Pemegang tugas',
    release: 'Lepaskan',
    releasing: 'Melepaskan…',
    releaseHelp: 'Lepaskan tugas agar rekan di OPD dapat mengambilnya.',
    releaseConfirm:
      'Lepaskan tugas ini? Tugas kembali ke pekerjaan terbuka OPD dan dapat diambil rekan lain.',
    handOver: 'Serahkan tugas',
    handOverHelp: 'Sebagai Kepala OPD, serahkan tugas ini kepada staf lain di OPD Anda.',
    handOverTo: 'Serahkan kepada',
    choose: 'Pilih staf',
    reason: 'Alasan',
    handOverSubmit: 'Serahkan',
    handingOver: 'Menyerahkan…',
    handedOver: (name: string) => `Tugas diserahkan kepada ${name}.`,
    chooseRequired: 'Pilih staf yang menerima tugas.',
    reasonRequired: 'Tulis alasan penyerahan.',
    noCandidates: 'Tidak ada staf aktif lain di OPD ini.',
  },
  reviews: {
    title: 'Perlu ditinjau',
    intro:
      'Kontribusi yang menunggu review Anda di proyek yang Anda pimpin; yang paling lama menunggu di atas.',
    empty: 'Tidak ada kontribusi yang menunggu review Anda.',
    task: 'Tugas',
    project: 'Proyek',
    agency: 'OPD',
    version: 'Versi',
    submittedAt: 'Dikirim',
    reviewDue: 'Batas review',
    noDue: 'Tidak ditetapkan',
  },
};

export type ClaimsText = typeof id;

const en: ClaimsText = {
  nav: { reviews: 'To review' },
  inbox: {
    openOnly: 'All open work',
    allStatuses: 'All statuses',
    mine: 'My tasks',
    holder: 'Worked on by',
    nobody: 'Not claimed yet',
    openIntro: 'Showing open work, the most urgent first. Tick "All statuses" to see finished work too.',
  },
  task: {
    heldBy: (name: string) => `${name} is working on this task.`,
    heldByYou: 'You are working on this task.',
    heldByOther:
      'Only the holder submits the contribution. Ask them to release it, or your Kepala OPD to hand it over to you.',
    holding: 'Holder',
    release: 'Release',
    releasing: 'Releasing…',
    releaseHelp: 'Release the task so that a colleague in the OPD can claim it.',
    releaseConfirm: "Release this task? It goes back to the OPD's open work for a colleague to claim.",
    handOver: 'Hand the task over',
    handOverHelp: 'As Kepala OPD, hand this task over to another staff member of your OPD.',
    handOverTo: 'Hand over to',
    choose: 'Choose a staff member',
    reason: 'Reason',
    handOverSubmit: 'Hand over',
    handingOver: 'Handing over…',
    handedOver: (name: string) => `Task handed over to ${name}.`,
    chooseRequired: 'Choose who takes the task.',
    reasonRequired: 'Give a reason for the hand-over.',
    noCandidates: 'There is no other active staff member in this OPD.',
  },
  reviews: {
    title: 'To review',
    intro: 'Contributions waiting for your review in the projects you lead; the longest waiting first.',
    empty: 'No contribution is waiting for your review.',
    task: 'Task',
    project: 'Project',
    agency: 'OPD',
    version: 'Version',
    submittedAt: 'Submitted',
    reviewDue: 'Review due',
    noDue: 'Not set',
  },
};

export const CLAIMS_TEXT: Record<'id' | 'en', ClaimsText> = { id, en };

/** The texts in the language the app shows now. */
export function useClaimsText(): ClaimsText {
  const { i18n } = useTranslation();
  return CLAIMS_TEXT[currentLang(i18n.language)];
}
