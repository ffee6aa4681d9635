/**
 * Texts of the planning screens (RKPD, Permendagri 86/2017), Bahasa Indonesia first, English when chosen. Kept
 * beside the pages that use them, like the leadership texts; `usePlanningTexts` picks the language the app shows.
 */
import { useTranslation } from 'react-i18next';
import type { PlanningProblem } from './problems';
import type { PlanningStage, ProposalStatus, StagePhase, StagePosition, YearStatus } from './planning-model';

const STAGES_ID: Record<PlanningStage, string> = {
  MUSRENBANG_DESA: 'Musrenbang desa',
  MUSRENBANG_KECAMATAN: 'Musrenbang kecamatan',
  FORUM_PERANGKAT_DAERAH: 'Forum Perangkat Daerah (Renja)',
  MUSRENBANG_KABUPATEN: 'Musrenbang kabupaten',
  PENETAPAN_RKPD: 'Rancangan akhir dan penetapan RKPD',
};

const id = {
  nav: 'Perencanaan',
  stage: STAGES_ID,
  position: { BEFORE: 'Belum dimulai', AFTER: 'Semua tahapan selesai', ...STAGES_ID } satisfies Record<
    StagePosition,
    string
  >,
  phase: { past: 'Selesai', current: 'Berlangsung', future: 'Akan datang' } satisfies Record<
    StagePhase,
    string
  >,
  yearStatus: {
    OPEN: 'Berjalan',
    CONSOLIDATING: 'Konsolidasi RKPD',
    CLOSED: 'Selesai',
  } satisfies Record<YearStatus, string>,
  status: {
    SUBMITTED: 'Diajukan',
    UNOWNED: 'Belum ada OPD',
    ROUTED: 'Menunggu keputusan OPD',
    ACCEPTED: 'Diterima',
    PARTLY_ACCEPTED: 'Diterima sebagian',
    DECLINED: 'Ditolak',
  } satisfies Record<ProposalStatus, string>,
  years: {
    title: 'Perencanaan (RKPD)',
    intro:
      'Siklus perencanaan tahunan menurut Permendagri 86/2017: usulan Musrenbang dari desa dan kecamatan diputuskan OPD ke dalam Renja, lalu dikonsolidasikan Bappeda menjadi RKPD. Tahapan berjalan pada tahun sebelum tahun rencana.',
    empty: 'Belum ada tahun rencana.',
    year: 'Tahun rencana',
    yearOf: (year: number) => `RKPD ${year}`,
    status: 'Status',
    currentStage: 'Tahapan sekarang',
    proposals: 'Usulan',
    timeline: 'Jadwal tahapan',
    open: (year: number) => `Buka usulan RKPD ${year}`,
  },
  create: {
    title: 'Buat tahun rencana',
    intro:
      'Tanggal tiap tahapan (hh/bb/tttt) berada di tahun sebelum tahun rencana; tiap tahapan dimulai setelah tahapan sebelumnya berakhir. Akhir Forum Perangkat Daerah adalah tenggat keputusan OPD.',
    year: 'Tahun rencana (RKPD)',
    yearRequired: 'Isi tahun rencana.',
    start: 'Mulai',
    end: 'Selesai',
    dateRequired: 'Isi tanggal.',
    dateInvalid: 'Tanggal tidak dikenal; tulis hh/bb/tttt.',
    submit: 'Buat tahun rencana',
    submitting: 'Membuat…',
    created: (year: number) => `RKPD ${year} dibuat.`,
  },
  edit: {
    title: 'Ubah tanggal tahapan',
    intro: 'Hanya tanggal yang belum lewat yang dapat diubah, dan tanggal baru harus di masa depan.',
    submit: 'Simpan tanggal',
    submitting: 'Menyimpan…',
    saved: 'Tanggal tahapan disimpan.',
    cancel: 'Batal',
  },
  year: {
    title: (year: number) => `Usulan Musrenbang RKPD ${year}`,
    back: 'Kembali ke perencanaan',
    intro:
      'Usulan kecamatan, OPD yang memutuskannya dan statusnya. Kecamatan melihat usulannya sendiri, OPD usulan yang diarahkan kepadanya, Bappeda dan pimpinan semuanya.',
    newProposal: 'Ajukan usulan',
    overview: 'Ikhtisar untuk pimpinan',
    kecamatan: 'Kecamatan',
    allKecamatan: 'Semua kecamatan',
    opd: 'OPD',
    allOpd: 'Semua OPD',
    status: 'Status',
    allStatuses: 'Semua status',
    empty: 'Tidak ada usulan yang cocok.',
    caption: 'Usulan Musrenbang',
    desa: 'Desa/kelurahan',
    proposal: 'Usulan',
    topic: 'Bidang',
    agencies: 'OPD yang memutuskan',
    noAgencies: 'Belum diarahkan',
    decisionDue: 'Tenggat keputusan',
    decisions: (accepted: number, declined: number, open: number) =>
      `${accepted} diterima, ${declined} ditolak, ${open} belum`,
  },
  badge: {
    late: 'Terlambat',
    escalated: 'Dieskalasi',
    level: (level: number) => `Eskalasi tingkat ${level}`,
  },
  form: {
    heading: (year: number) => `Ajukan usulan Musrenbang RKPD ${year}`,
    intro:
      'Usulan hasil Musrenbang kecamatan Anda: desa, permasalahannya dan kegiatan yang diusulkan. Bidang menentukan OPD yang memutuskan; pilih "Lainnya" bila tidak ada yang cocok, Bappeda akan menetapkan OPD-nya.',
    notAllowed: 'Usulan Musrenbang diajukan oleh staf atau camat kantor kecamatan.',
    kecamatan: 'Kecamatan',
    desa: 'Desa/kelurahan',
    desaHelp: 'Ketik nama desa di kecamatan Anda dan pilih dari daftar, atau tulis kode wilayahnya.',
    title: 'Judul usulan',
    problem: 'Permasalahan',
    problemHelp: 'Masalah yang dihadapi desa, dengan data bila ada.',
    proposedActivity: 'Usulan kegiatan',
    topic: 'Bidang',
    chooseTopic: 'Pilih bidang',
    topicOpds: (codes: string) => `Diputuskan oleh: ${codes}`,
    topicNobody: 'OPD ditetapkan oleh Bappeda.',
    priority: 'Prioritas kecamatan',
    priorityHelp: 'Urutan prioritas hasil Musrenbang kecamatan: 1 paling mendesak.',
    required: 'Wajib diisi.',
    fixErrors: 'Periksa isian yang ditandai.',
    submit: 'Kirim usulan',
    submitting: 'Mengirim…',
  },
  detail: {
    back: (year: number) => `Kembali ke usulan RKPD ${year}`,
    details: 'Rincian usulan',
    kecamatan: 'Kecamatan',
    desa: 'Desa/kelurahan',
    topic: 'Bidang',
    priority: 'Prioritas kecamatan',
    createdBy: 'Diajukan oleh',
    routedAt: 'Diarahkan ke OPD',
    notRouted: 'Belum diarahkan (saat Musrenbang kecamatan berakhir)',
    decisionDue: 'Tenggat keputusan OPD',
    problem: 'Permasalahan',
    proposedActivity: 'Usulan kegiatan',
    project: 'Kerja bersama usulan ini',
    openProject: 'Buka proyek bersama',
    decisions: 'Keputusan OPD',
    noDecisions: 'Belum ada OPD yang diminta memutuskan.',
    decisionsHelp:
      'Tiap OPD memutuskan di Kotak Tugas-nya: TERIMA dengan program, kegiatan, sub kegiatan, kode rekening dan pagu, atau TOLAK dengan alasan.',
    accepted: 'Diterima ke Renja',
    declined: 'Ditolak',
    undecided: 'Belum diputuskan',
    program: 'Program',
    kegiatan: 'Kegiatan',
    subKegiatan: 'Sub kegiatan',
    kodeRekening: 'Kode rekening',
    pagu: 'Pagu indikatif',
    reason: 'Alasan',
    decidedAt: 'Diputuskan',
    due: 'Tenggat',
    task: 'Buka tugas',
  },
  assign: {
    title: 'Tetapkan OPD',
    intro:
      'Usulan ini belum punya OPD. Pilih OPD yang memutuskannya (paling banyak 6); usulan langsung diarahkan.',
    agencies: 'OPD yang memutuskan',
    choose: 'Pilih paling sedikit satu OPD.',
    tooMany: 'Paling banyak 6 OPD.',
    submit: 'Tetapkan dan arahkan',
    submitting: 'Menetapkan…',
  },
  overview: {
    title: (year: number) => `Ikhtisar perencanaan RKPD ${year}`,
    link: 'Ikhtisar perencanaan (RKPD)',
    linkHelp: 'Usulan Musrenbang per kecamatan dan per OPD: yang belum ada OPD-nya, ditolak, dan terlambat.',
    intro:
      'Usulan per kecamatan dan keputusan per OPD. Yang bermasalah di atas: dieskalasi, terlambat, belum ada OPD, ditolak.',
    asOf: 'Keadaan per',
    decisionDue: 'Tenggat keputusan OPD',
    totals: 'Seluruh kabupaten',
    perKecamatan: 'Per kecamatan',
    perOpd: 'Per OPD',
    kecamatan: 'Kecamatan',
    opd: 'OPD',
    proposals: 'Usulan',
    submitted: 'Belum diarahkan',
    unowned: 'Belum ada OPD',
    routed: 'Menunggu OPD',
    accepted: 'Diterima',
    partlyAccepted: 'Diterima sebagian',
    declined: 'Ditolak',
    late: 'Terlambat',
    escalated: 'Dieskalasi',
    decisions: 'Keputusan diminta',
    open: 'Belum diputuskan',
    pagu: 'Pagu diterima',
    none: 'Belum ada usulan.',
    notAllowed: 'Ikhtisar ini untuk pimpinan daerah, Bappeda dan administrator.',
  },
  problem: (p: PlanningProblem): string => {
    switch (p.code) {
      case 'required':
        return 'Wajib diisi.';
      case 'minLength':
        return `Paling sedikit ${p.params.min} karakter.`;
      case 'maxLength':
        return `Paling banyak ${p.params.max} karakter.`;
      case 'notVillage':
        return `${p.params.code} bukan desa atau kelurahan di Kabupaten Probolinggo.`;
      case 'villageOutside':
        return `${p.params.code} tidak terletak di kecamatan ${p.params.kecamatan}.`;
      case 'oneOf':
        return 'Pilih salah satu pilihan yang ada.';
      case 'priorityRange':
        return `Bilangan bulat dari ${p.params.min} sampai ${p.params.max}.`;
      case 'wholeNumber':
        return 'Harus bilangan bulat.';
      case 'yearRange':
        return `Tahun dari ${p.params.min} sampai ${p.params.max}.`;
      case 'dateFormat':
        return 'Tanggal tidak dikenal; tulis hh/bb/tttt.';
      case 'outsideYear':
        return `Harus di tahun ${p.params.year}, tahun penyusunan RKPD ${p.params.rkpd}.`;
      case 'endBeforeStart':
        return 'Harus setelah tanggal mulai.';
      case 'beforePrevious':
        return `Tidak boleh sebelum ${STAGES_ID[p.params.stage as PlanningStage] ?? p.params.stage} berakhir.`;
      case 'passed':
        return 'Tanggal ini sudah lewat dan tidak dapat diubah.';
      case 'notFuture':
        return 'Tanggal yang diubah harus di masa depan.';
      case 'other':
        return p.text;
    }
  },
};

export type PlanningTexts = typeof id;

const STAGES_EN: Record<PlanningStage, string> = {
  MUSRENBANG_DESA: 'Village Musrenbang',
  MUSRENBANG_KECAMATAN: 'Kecamatan Musrenbang',
  FORUM_PERANGKAT_DAERAH: 'OPD forum (Renja)',
  MUSRENBANG_KABUPATEN: 'Regency Musrenbang',
  PENETAPAN_RKPD: 'Final draft and adoption of the RKPD',
};

const en: PlanningTexts = {
  nav: 'Planning',
  stage: STAGES_EN,
  position: { BEFORE: 'Not started', AFTER: 'All stages over', ...STAGES_EN },
  phase: { past: 'Over', current: 'Under way', future: 'To come' },
  yearStatus: { OPEN: 'Running', CONSOLIDATING: 'RKPD consolidation', CLOSED: 'Closed' },
  status: {
    SUBMITTED: 'Submitted',
    UNOWNED: 'No OPD yet',
    ROUTED: 'Waiting for OPD decisions',
    ACCEPTED: 'Accepted',
    PARTLY_ACCEPTED: 'Partly accepted',
    DECLINED: 'Declined',
  },
  years: {
    title: 'Planning (RKPD)',
    intro:
      'The annual planning cycle of Permendagri 86/2017: Musrenbang proposals from the desa and kecamatan are decided by the OPDs into their Renja, then consolidated by Bappeda into the RKPD. The stages run in the year before the plan year.',
    empty: 'No plan year yet.',
    year: 'Plan year',
    yearOf: (year) => `RKPD ${year}`,
    status: 'Status',
    currentStage: 'Current stage',
    proposals: 'Proposals',
    timeline: 'Stage schedule',
    open: (year) => `Open the RKPD ${year} proposals`,
  },
  create: {
    title: 'Create a plan year',
    intro:
      'Each stage date (dd/mm/yyyy) lies in the year before the plan year; each stage starts after the one before ends. The end of the OPD forum is the OPDs’ decision deadline.',
    year: 'Plan year (RKPD)',
    yearRequired: 'Enter the plan year.',
    start: 'Start',
    end: 'End',
    dateRequired: 'Enter the date.',
    dateInvalid: 'Unknown date; write dd/mm/yyyy.',
    submit: 'Create plan year',
    submitting: 'Creating…',
    created: (year) => `RKPD ${year} created.`,
  },
  edit: {
    title: 'Change stage dates',
    intro: 'Only dates not yet past can change, and a new date must lie in the future.',
    submit: 'Save dates',
    submitting: 'Saving…',
    saved: 'Stage dates saved.',
    cancel: 'Cancel',
  },
  year: {
    title: (year) => `Musrenbang proposals, RKPD ${year}`,
    back: 'Back to planning',
    intro:
      'The kecamatan proposals, the OPDs deciding them and their status. A kecamatan sees its own, an OPD those routed to it, Bappeda and leadership all.',
    newProposal: 'File a proposal',
    overview: 'Overview for leadership',
    kecamatan: 'Kecamatan',
    allKecamatan: 'All kecamatan',
    opd: 'OPD',
    allOpd: 'All OPDs',
    status: 'Status',
    allStatuses: 'All statuses',
    empty: 'No matching proposals.',
    caption: 'Musrenbang proposals',
    desa: 'Desa/kelurahan',
    proposal: 'Proposal',
    topic: 'Topic',
    agencies: 'Deciding OPDs',
    noAgencies: 'Not routed yet',
    decisionDue: 'Decision deadline',
    decisions: (accepted, declined, open) => `${accepted} accepted, ${declined} declined, ${open} open`,
  },
  badge: {
    late: 'Late',
    escalated: 'Escalated',
    level: (level) => `Escalation level ${level}`,
  },
  form: {
    heading: (year) => `File a Musrenbang proposal, RKPD ${year}`,
    intro:
      'A proposal agreed at your kecamatan Musrenbang: the desa, its problem and the proposed activity. The topic decides which OPDs decide it; choose "Lainnya" when none fits and Bappeda assigns the OPDs.',
    notAllowed: 'Musrenbang proposals are filed by the staff or the camat of a kecamatan office.',
    kecamatan: 'Kecamatan',
    desa: 'Desa/kelurahan',
    desaHelp:
      'Type the name of a desa of your kecamatan and choose it from the list, or write its area code.',
    title: 'Proposal title',
    problem: 'Problem',
    problemHelp: 'The problem the desa faces, with figures if there are any.',
    proposedActivity: 'Proposed activity',
    topic: 'Topic',
    chooseTopic: 'Choose a topic',
    topicOpds: (codes) => `Decided by: ${codes}`,
    topicNobody: 'Bappeda assigns the OPDs.',
    priority: 'Kecamatan priority',
    priorityHelp: 'The kecamatan Musrenbang’s ranking: 1 is the most urgent.',
    required: 'Required.',
    fixErrors: 'Check the marked fields.',
    submit: 'Send proposal',
    submitting: 'Sending…',
  },
  detail: {
    back: (year) => `Back to the RKPD ${year} proposals`,
    details: 'Proposal details',
    kecamatan: 'Kecamatan',
    desa: 'Desa/kelurahan',
    topic: 'Topic',
    priority: 'Kecamatan priority',
    createdBy: 'Filed by',
    routedAt: 'Routed to the OPDs',
    notRouted: 'Not routed yet (when the kecamatan Musrenbang ends)',
    decisionDue: 'OPD decision deadline',
    problem: 'Problem',
    proposedActivity: 'Proposed activity',
    project: 'Joint work on this proposal',
    openProject: 'Open the joint project',
    decisions: 'OPD decisions',
    noDecisions: 'No OPD has been asked to decide yet.',
    decisionsHelp:
      'Each OPD decides in its inbox: TERIMA with programme, activity, sub-activity, budget line and ceiling, or TOLAK with a reason.',
    accepted: 'Accepted into the Renja',
    declined: 'Declined',
    undecided: 'Not decided yet',
    program: 'Programme',
    kegiatan: 'Activity',
    subKegiatan: 'Sub-activity',
    kodeRekening: 'Budget line',
    pagu: 'Indicative ceiling',
    reason: 'Reason',
    decidedAt: 'Decided',
    due: 'Due',
    task: 'Open the task',
  },
  assign: {
    title: 'Assign OPDs',
    intro: 'This proposal has no OPD. Choose the OPDs that decide it (at most 6); it is routed at once.',
    agencies: 'Deciding OPDs',
    choose: 'Choose at least one OPD.',
    tooMany: 'At most 6 OPDs.',
    submit: 'Assign and route',
    submitting: 'Assigning…',
  },
  overview: {
    title: (year) => `Planning overview, RKPD ${year}`,
    link: 'Planning overview (RKPD)',
    linkHelp: 'Musrenbang proposals per kecamatan and per OPD: those without an OPD, declined and late.',
    intro:
      'Proposals per kecamatan and decisions per OPD. Problems first: escalated, late, without an OPD, declined.',
    asOf: 'As of',
    decisionDue: 'OPD decision deadline',
    totals: 'The whole regency',
    perKecamatan: 'Per kecamatan',
    perOpd: 'Per OPD',
    kecamatan: 'Kecamatan',
    opd: 'OPD',
    proposals: 'Proposals',
    submitted: 'Not routed',
    unowned: 'No OPD',
    routed: 'Waiting for OPDs',
    accepted: 'Accepted',
    partlyAccepted: 'Partly accepted',
    declined: 'Declined',
    late: 'Late',
    escalated: 'Escalated',
    decisions: 'Decisions asked',
    open: 'Not decided',
    pagu: 'Ceiling accepted',
    none: 'No proposals yet.',
    notAllowed: 'This overview is for the regency’s leadership, Bappeda and the administrator.',
  },
  problem: (p) => {
    switch (p.code) {
      case 'required':
        return 'Required.';
      case 'minLength':
        return `At least ${p.params.min} characters.`;
      case 'maxLength':
        return `At most ${p.params.max} characters.`;
      case 'notVillage':
        return `${p.params.code} is not a desa or kelurahan of Kabupaten Probolinggo.`;
      case 'villageOutside':
        return `${p.params.code} does not lie in kecamatan ${p.params.kecamatan}.`;
      case 'oneOf':
        return 'Choose one of the options.';
      case 'priorityRange':
        return `A whole number from ${p.params.min} to ${p.params.max}.`;
      case 'wholeNumber':
        return 'Must be a whole number.';
      case 'yearRange':
        return `A year from ${p.params.min} to ${p.params.max}.`;
      case 'dateFormat':
        return 'Unknown date; write dd/mm/yyyy.';
      case 'outsideYear':
        return `Must lie in ${p.params.year}, the year the RKPD ${p.params.rkpd} is drawn up.`;
      case 'endBeforeStart':
        return 'Must be after the start date.';
      case 'beforePrevious':
        return `Must not be before the end of the ${STAGES_EN[p.params.stage as PlanningStage] ?? p.params.stage}.`;
      case 'passed':
        return 'This date has passed and cannot change.';
      case 'notFuture':
        return 'A changed date must lie in the future.';
      case 'other':
        return p.text;
    }
  },
};

export function planningTexts(language: string): PlanningTexts {
  // As currentLang (../i18n) reads it; not imported, so that the texts load without a browser (the specs).
  return language === 'en' ? en : id;
}

/** The texts in the language the app shows now. */
export function usePlanningTexts(): PlanningTexts {
  const { i18n } = useTranslation();
  return planningTexts(i18n.language);
}
