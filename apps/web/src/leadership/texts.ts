/**
 * Texts of the fair scorecards, their drill-down and the leadership home (Bahasa Indonesia first, English when
 * chosen). Kept beside the pages that use them; `useLeadershipTexts` picks the language the app shows.
 */
import { useTranslation } from 'react-i18next';
import type { LastWord, TaskJudgement } from '@gotong/domain/scorecard';
import { currentLang } from '../i18n';

const id = {
  scorecards: {
    intro:
      'OPD dinilai dari waktu pengirimannya, bukan dari waktu review pimpinan proyek. Tugas yang masih terbuka melewati tenggat dihitung terlambat; tugas yang tenggatnya diperpanjang tidak dihitung tepat waktu.',
    chartDescription:
      'Tugas yang dikirim sebelum tenggat yang berlaku saat itu, dibagi tugas selesai ditambah tugas terlambat yang masih terbuka; tertinggi di atas.',
    completionTitle: 'Median jam kerja OPD sampai kontribusi dikirim',
    completionDescription:
      'Jam kerja sejak tugas diterima OPD (atau dipindahkan kepadanya) sampai kontribusi pertamanya, paling lambat di atas.',
    medianWork: 'Median jam kerja OPD',
    late: 'Terlambat',
    extended: 'Diperpanjang',
    revisions: 'Revisi',
    reviewsTitle: 'Review oleh pimpinan proyek',
    reviewsIntro:
      'Per OPD pimpinan proyek: kontribusi yang di-review pada periode ini, median jam kerja sejak dikirim sampai di-review, dan review yang dieskalasi karena terlambat. Keterlambatan review tidak dihitung terhadap OPD pengirim.',
    reviewsNone: 'Tidak ada review pada periode ini.',
    reviewsDone: 'Review selesai',
    reviewsLate: 'Review terlambat',
    medianReview: 'Median jam review',
    tasksOf: (name: string) => `Tugas ${name}`,
    tasksFor: (name: string) => `Lihat tugas ${name}`,
    tasksIntro:
      'Tugas yang selesai pada periode ini dan tugas yang masih terbuka melewati tenggat, dengan penilaiannya.',
    noTasks: 'Tidak ada tugas yang dinilai pada periode ini.',
    close: 'Tutup rincian',
  },
  task: {
    task: 'Tugas',
    project: 'Proyek',
    judgement: 'Penilaian',
    due: 'Tenggat',
    submitted: 'Dikirim',
    holderTime: 'Jam kerja OPD',
    revisions: 'Revisi',
    escalation: 'Eskalasi',
    level: (level: number) => `Tingkat ${level}`,
    hours: (hours: string) => `${hours} jam`,
    none: '—',
  },
  judgement: {
    ON_TIME: 'Tepat waktu',
    LATE: 'Terlambat',
    EXTENDED: 'Tenggat diperpanjang',
    OPEN_OVERDUE: 'Terbuka, lewat tenggat',
  } satisfies Record<TaskJudgement, string>,
  home: {
    title: 'Beranda pimpinan',
    intro: 'Siapa terlambat, mengerjakan apa, sejak kapan, dan apa yang terakhir disampaikan.',
    autoRefresh: 'Diperbarui tiap 30 detik.',
    perOpd: 'Per OPD',
    opd: 'OPD',
    openOverdue: 'Tugas terlambat',
    lateReviews: 'Review terlambat',
    allClear: 'Tidak ada tugas atau review yang terlambat.',
    overdueTitle: 'Tugas terlambat',
    noOverdue: 'Tidak ada tugas yang terlambat.',
    overdueSince: 'Terlambat sejak',
    holder: 'Dipegang',
    unheld: 'belum diambil staf',
    project: 'Proyek',
    escalation: 'Eskalasi',
    noEscalation: 'belum dieskalasi',
    level: (level: number) => `Tingkat ${level}`,
    lastWord: 'Terakhir disampaikan',
    nothingSaid: 'Belum ada instruksi, catatan review atau komentar.',
    reviewsTitle: 'Review pimpinan proyek yang terlambat',
    noLateReviews: 'Tidak ada review yang terlambat.',
    lead: 'Pimpinan proyek',
    waitingSince: 'Menunggu review sejak',
    reviewDue: 'Batas review',
    scorecards: 'Lihat kinerja OPD',
  },
  word: {
    INSTRUCTION: 'Instruksi',
    REVIEW_NOTE: 'Catatan review',
    COMMENT: 'Komentar',
  } satisfies Record<LastWord['kind'], string>,
};

export type LeadershipTexts = typeof id;

const en: LeadershipTexts = {
  scorecards: {
    intro:
      'An OPD is judged by when it submitted, not by when the lead reviewed. Tasks still open past their deadline count as late; a task whose deadline was extended does not count as on time.',
    chartDescription:
      'Tasks submitted by the deadline in force then, over tasks completed plus tasks still open past their deadline; highest first.',
    completionTitle: 'Median OPD working hours to submit',
    completionDescription:
      'Working hours from when the OPD got the task (or it was moved to it) to its first contribution, slowest first.',
    medianWork: 'Median OPD working hours',
    late: 'Late',
    extended: 'Extended',
    revisions: 'Revisions',
    reviewsTitle: 'Reviews by project leads',
    reviewsIntro:
      'Per lead OPD: contributions reviewed in the period, median working hours from submission to review, and reviews escalated as late. A late review never counts against the submitting OPD.',
    reviewsNone: 'No reviews in this period.',
    reviewsDone: 'Reviews done',
    reviewsLate: 'Reviews late',
    medianReview: 'Median review hours',
    tasksOf: (name: string) => `Tasks of ${name}`,
    tasksFor: (name: string) => `Show the tasks of ${name}`,
    tasksIntro:
      'Tasks completed in the period and tasks still open past their deadline, each with its judgement.',
    noTasks: 'No judged tasks in this period.',
    close: 'Close the list',
  },
  task: {
    task: 'Task',
    project: 'Project',
    judgement: 'Judgement',
    due: 'Deadline',
    submitted: 'Submitted',
    holderTime: 'OPD working hours',
    revisions: 'Revisions',
    escalation: 'Escalation',
    level: (level: number) => `Level ${level}`,
    hours: (hours: string) => `${hours} hours`,
    none: '—',
  },
  judgement: {
    ON_TIME: 'On time',
    LATE: 'Late',
    EXTENDED: 'Deadline extended',
    OPEN_OVERDUE: 'Open, past deadline',
  },
  home: {
    title: 'Leadership home',
    intro: 'Who is late, on what, since when, and what was said last.',
    autoRefresh: 'Refreshed every 30 seconds.',
    perOpd: 'Per OPD',
    opd: 'OPD',
    openOverdue: 'Overdue tasks',
    lateReviews: 'Late reviews',
    allClear: 'No task or review is late.',
    overdueTitle: 'Overdue tasks',
    noOverdue: 'No task is overdue.',
    overdueSince: 'Overdue since',
    holder: 'Held by',
    unheld: 'not yet claimed',
    project: 'Project',
    escalation: 'Escalation',
    noEscalation: 'not escalated yet',
    level: (level: number) => `Level ${level}`,
    lastWord: 'Said last',
    nothingSaid: 'No instruction, review note or comment yet.',
    reviewsTitle: "Project leads' late reviews",
    noLateReviews: 'No review is late.',
    lead: 'Project lead',
    waitingSince: 'Waiting for review since',
    reviewDue: 'Review due',
    scorecards: 'See OPD performance',
  },
  word: {
    INSTRUCTION: 'Instruction',
    REVIEW_NOTE: 'Review note',
    COMMENT: 'Comment',
  },
};

export function leadershipTexts(language: string): LeadershipTexts {
  return currentLang(language) === 'en' ? en : id;
}

/** The texts in the language the app shows now. */
export function useLeadershipTexts(): LeadershipTexts {
  const { i18n } = useTranslation();
  return leadershipTexts(i18n.language);
}

/** The badge class of a judgement (the app's existing badge colours). */
export const JUDGEMENT_BADGE: Record<TaskJudgement, string> = {
  ON_TIME: 'badge badge-completed',
  LATE: 'badge badge-overdue',
  EXTENDED: 'badge badge-returned',
  OPEN_OVERDUE: 'badge badge-escalated',
};
