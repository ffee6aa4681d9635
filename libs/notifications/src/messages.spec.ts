import { buildDigest, renderDigest } from './digest';
import { escapeHtml, renderEmail, renderMessage } from './messages';
import { LANGUAGES, type NotificationKind, type NotificationMessage } from './types';

const DUE = '2026-11-23T08:00:00.000Z'; // Senin, 23 November 2026 15.00 WIB

/** One example of every kind; the mapped type makes this fail to compile when a kind is added. */
const EXAMPLES: { [K in NotificationKind]: Extract<NotificationMessage, { kind: K }> } = {
  TASK_ASSIGNED: {
    kind: 'TASK_ASSIGNED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    dueAt: DUE,
  },
  TASK_REMINDER: {
    kind: 'TASK_REMINDER',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    percentOfSla: 75,
    dueAt: DUE,
  },
  TASK_ESCALATED: {
    kind: 'TASK_ESCALATED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    level: 2,
    dueAt: DUE,
  },
  ESCALATION_REMINDER: {
    kind: 'ESCALATION_REMINDER',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    level: 3,
    repeat: 2,
  },
  ESCALATION_ANSWERED: {
    kind: 'ESCALATION_ANSWERED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    instruction: 'Selesaikan paling lambat Jumat.\nKoordinasikan dengan Bappeda.',
    answeredBy: 'Sekretaris Daerah',
  },
  CONTRIBUTION_SUBMITTED: {
    kind: 'CONTRIBUTION_SUBMITTED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    version: 2,
  },
  CONTRIBUTION_RETURNED: {
    kind: 'CONTRIBUTION_RETURNED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    note: 'Data Desa Sumberasih belum lengkap.',
  },
  TASK_REASSIGNED: {
    kind: 'TASK_REASSIGNED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    fromAgencyName: 'Dinas Sosial',
    reason: 'Bukan kewenangan Dinas Sosial.',
  },
  INCIDENT_DECLARED: {
    kind: 'INCIDENT_DECLARED',
    incidentTitle: 'Banjir Kraksaan',
    severity: 'BERAT',
    kecamatan: ['Kraksaan', 'Pajarakan', 'Gending'],
  },
  OPD_MOBILISED: {
    kind: 'OPD_MOBILISED',
    incidentTitle: 'Banjir Kraksaan',
    severity: 'SEDANG',
    agencyName: 'Dinas Sosial',
    clusters: ['Pengungsian, perlindungan dan logistik'],
  },
  SITREP_MISSING: {
    kind: 'SITREP_MISSING',
    incidentTitle: 'Banjir Kraksaan',
    agencyName: 'Dinas Sosial',
    taskTitle: 'Laporan situasi harian',
    level: 1,
    dueAt: DUE,
  },
  CONTRIBUTION_ACCEPTED: {
    kind: 'CONTRIBUTION_ACCEPTED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    version: 2,
    note: 'Terima kasih, data lengkap.',
  },
  DEADLINE_EXTENDED: {
    kind: 'DEADLINE_EXTENDED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    dueAt: DUE,
    reason: 'Menunggu data posyandu dari tiga desa.',
  },
  PROJECT_CANCELLED: {
    kind: 'PROJECT_CANCELLED',
    projectTitle: 'Percepatan penurunan stunting 2026',
    reason: 'Digabung dengan program provinsi.',
  },
  TASK_RELEASED: {
    kind: 'TASK_RELEASED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    releasedBy: 'Budi Santoso',
    reason: 'Dinas luar kota.',
  },
  REVIEW_REMINDER: {
    kind: 'REVIEW_REMINDER',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    dueAt: DUE,
  },
  REVIEW_ESCALATED: {
    kind: 'REVIEW_ESCALATED',
    taskTitle: 'Verifikasi data balita stunting',
    projectTitle: 'Percepatan penurunan stunting 2026',
    agencyName: 'Dinas Kesehatan',
    leadName: 'Ir. Hendra Wijaya',
    level: 1,
    dueAt: DUE,
  },
  ACK_MISSING: {
    kind: 'ACK_MISSING',
    incidentTitle: 'Banjir Kraksaan',
    agencyName: 'Dinas Perhubungan',
    taskTitle: 'Konfirmasi kesiapan',
    level: 1,
    dueAt: DUE,
  },
  RESOURCE_REQUEST: {
    kind: 'RESOURCE_REQUEST',
    status: 'REFUSED',
    incidentTitle: 'Banjir Kraksaan',
    item: 'perahu karet',
    quantity: 4,
    unit: 'unit',
    stepQuantity: null,
    requestingAgencyName: 'BPBD',
    providingAgencyName: 'Dinas Perhubungan',
    reason: 'Semua perahu sedang dipakai di Gending.',
  },
  DATA_CONFLICT_OPENED: {
    kind: 'DATA_CONFLICT_OPENED',
    indicatorName: 'Jumlah balita stunting',
    areaName: 'Kraksaan',
    period: '2026-11',
    cells: 3,
    values: [
      { agencyName: 'Dinas Kesehatan', value: 120 },
      { agencyName: 'Dinas Sosial', value: 180.5 },
    ],
    agencyNames: ['Dinas Kesehatan', 'Dinas Sosial'],
  },
  COMMENT_MENTIONED: {
    kind: 'COMMENT_MENTIONED',
    subject: 'TASK',
    subjectTitle: 'Verifikasi data balita stunting',
    authorName: 'Siti Aminah',
    authorAgencyName: 'Dinas Kesehatan',
    mentionedAgencyName: 'Dinas Sosial',
    excerpt: '@DINSOS mohon data penerima bantuan Desa Tiris dikirim hari ini.',
  },
  POLICY_SIGN_OFF_AWAITED: {
    kind: 'POLICY_SIGN_OFF_AWAITED',
    draftTitle: 'Perbup Percepatan Penurunan Stunting',
    policyKind: 'PERBUP',
    draftingAgencyName: 'Dinas Kesehatan',
    version: 2,
    office: 'SEKDA',
    dueAt: DUE,
  },
  POLICY_SIGN_OFF_REMINDER: {
    kind: 'POLICY_SIGN_OFF_REMINDER',
    draftTitle: 'Perbup Percepatan Penurunan Stunting',
    draftingAgencyName: 'Dinas Kesehatan',
    version: 2,
    office: 'BUPATI',
  },
  POLICY_SIGN_OFF_ESCALATED: {
    kind: 'POLICY_SIGN_OFF_ESCALATED',
    draftTitle: 'Perbup Percepatan Penurunan Stunting',
    draftingAgencyName: 'Dinas Kesehatan',
    version: 2,
    office: 'SEKDA',
    level: 3,
  },
  POLICY_RETURNED: {
    kind: 'POLICY_RETURNED',
    draftTitle: 'Perbup Percepatan Penurunan Stunting',
    version: 1,
    by: 'REVIEWER',
    returnedBy: 'Bagian Hukum Sekretariat Daerah',
    note: 'Pasal 4 belum merujuk Perpres 72/2021.',
  },
  POLICY_SIGNED: {
    kind: 'POLICY_SIGNED',
    draftTitle: 'Perbup Percepatan Penurunan Stunting',
    policyKind: 'PERBUP',
    version: 2,
    signedBy: 'Bupati Probolinggo',
  },
  CITIZEN_REPORT_FILED: {
    kind: 'CITIZEN_REPORT_FILED',
    trackingNumber: 'LPR-7K2M-9QXD',
    category: { id: 'Jalan, jembatan dan sarana umum', en: 'Roads, bridges and public works' },
    desaName: 'Andungbiru',
    kecamatanName: 'Tiris',
    dueAt: DUE,
  },
  CITIZEN_REPORT_FORWARDED: {
    kind: 'CITIZEN_REPORT_FORWARDED',
    trackingNumber: 'LPR-7K2M-9QXD',
    category: { id: 'Bantuan dan perlindungan sosial', en: 'Social assistance' },
    desaName: 'Andungbiru',
    kecamatanName: 'Tiris',
    fromAgencyName: 'Dinas Komunikasi dan Informatika',
    note: 'Bantuan sosial, bukan infrastruktur.',
    dueAt: DUE,
  },
  CITIZEN_REPORT_REMINDER: {
    kind: 'CITIZEN_REPORT_REMINDER',
    trackingNumber: 'LPR-7K2M-9QXD',
    category: { id: 'Jalan, jembatan dan sarana umum', en: 'Roads, bridges and public works' },
    desaName: 'Andungbiru',
    agencyName: 'Dinas Pekerjaan Umum dan Penataan Ruang',
    percentOfSla: 75,
    dueAt: DUE,
  },
  CITIZEN_REPORT_ESCALATED: {
    kind: 'CITIZEN_REPORT_ESCALATED',
    trackingNumber: 'LPR-7K2M-9QXD',
    category: { id: 'Jalan, jembatan dan sarana umum', en: 'Roads, bridges and public works' },
    desaName: 'Andungbiru',
    agencyName: 'Dinas Pekerjaan Umum dan Penataan Ruang',
    level: 2,
    dueAt: DUE,
  },
  PLANNING_DECISIONS_LATE: {
    kind: 'PLANNING_DECISIONS_LATE',
    year: 2027,
    decisions: 5,
    proposals: 4,
    agencies: [
      { agencyName: 'Dinas Pekerjaan Umum dan Penataan Ruang', count: 3 },
      { agencyName: 'Dinas Kesehatan', count: 2 },
    ],
    dueAt: DUE,
  },
  DIGEST: {
    kind: 'DIGEST',
    digest: buildDigest({
      date: '2026-11-23',
      now: '2026-11-23T00:00:00Z',
      scope: { kind: 'REGENCY' },
      overdueTasks: [],
      openEscalations: [],
      emergencies: [],
    }),
  },
};

const ALL = Object.values(EXAMPLES) as NotificationMessage[];

/** The task or incident a message is about. */
function subjectOf(message: NotificationMessage): string | null {
  if ('taskTitle' in message && message.kind !== 'SITREP_MISSING' && message.kind !== 'ACK_MISSING') {
    return message.taskTitle;
  }
  if ('incidentTitle' in message) return message.incidentTitle;
  if (message.kind === 'PROJECT_CANCELLED') return message.projectTitle;
  if (message.kind === 'DATA_CONFLICT_OPENED') return message.indicatorName;
  if ('draftTitle' in message) return message.draftTitle;
  if ('trackingNumber' in message) return message.trackingNumber;
  if (message.kind === 'PLANNING_DECISIONS_LATE') return String(message.year);
  return null;
}

describe('renderMessage, a comment mention', () => {
  it('names the mentioned OPD, the author and what the comment is on, and quotes it', () => {
    const id = renderMessage(EXAMPLES.COMMENT_MENTIONED, 'id');
    expect(id.title).toBe('Dinas Sosial disebut dalam komentar: Verifikasi data balita stunting');
    expect(id.body).toContain(
      'Siti Aminah (Dinas Kesehatan) menyebut Dinas Sosial dalam komentar pada tugas',
    );
    expect(id.body).toContain(EXAMPLES.COMMENT_MENTIONED.excerpt);
    const en = renderMessage({ ...EXAMPLES.COMMENT_MENTIONED, subject: 'INCIDENT' }, 'en');
    expect(en.title).toBe('Dinas Sosial mentioned in a comment: Verifikasi data balita stunting');
    expect(en.body).toContain('in a comment on the emergency “Verifikasi data balita stunting”');
  });
});

describe('renderMessage, every kind', () => {
  it.each(ALL.map((m) => [m.kind, m] as const))(
    '%s has distinct Indonesian and English texts',
    (_kind, message) => {
      const id = renderMessage(message, 'id');
      const en = renderMessage(message, 'en');
      expect(id.title).not.toBe(en.title);
      expect(id.body).not.toBe(en.body);
      for (const rendered of [id, en]) {
        expect(rendered.title).not.toMatch(/[\r\n]/);
        expect(Array.from(rendered.title).length).toBeLessThanOrEqual(140);
        expect(rendered.body.length).toBeGreaterThan(0);
      }
    },
  );

  it.each(ALL.filter((m) => subjectOf(m) !== null).map((m) => [m.kind, m] as const))(
    '%s names its task or incident in the title and the body',
    (_kind, message) => {
      for (const language of LANGUAGES) {
        const rendered = renderMessage(message, language);
        expect(rendered.title).toContain(subjectOf(message));
        expect(rendered.body).toContain(subjectOf(message));
      }
    },
  );

  it('gives every kind its own title', () => {
    for (const language of LANGUAGES) {
      const titles = new Set(ALL.map((m) => renderMessage(m, language).title));
      expect(titles.size).toBe(ALL.length);
    }
  });
});

describe('renderMessage, texts', () => {
  it('announces a new task to the OPD with the deadline in WIB', () => {
    expect(renderMessage(EXAMPLES.TASK_ASSIGNED, 'id')).toEqual({
      title: 'Tugas baru untuk Dinas Kesehatan: Verifikasi data balita stunting',
      body: [
        'Dinas Kesehatan menerima tugas baru “Verifikasi data balita stunting” dalam proyek “Percepatan penurunan stunting 2026”.',
        'Batas waktu: Senin, 23 November 2026 15.00 WIB.',
        'Mohon tugas ini ditindaklanjuti sebelum batas waktu.',
      ].join('\n'),
    });
    const en = renderMessage(EXAMPLES.TASK_ASSIGNED, 'en');
    expect(en.title).toBe('New task for Dinas Kesehatan: Verifikasi data balita stunting');
    expect(en.body).toContain('Due: Monday, 23 November 2026 15:00 WIB.');
  });

  it('reminds with the share of the SLA used, in the number format of the language', () => {
    expect(renderMessage(EXAMPLES.TASK_REMINDER, 'id').title).toBe(
      'Pengingat: Verifikasi data balita stunting (75% waktu telah berlalu)',
    );
    const half = { ...EXAMPLES.TASK_REMINDER, percentOfSla: 62.5 };
    expect(renderMessage(half, 'id').body).toContain('62,5% dari waktu penyelesaian');
    expect(renderMessage(half, 'en').body).toContain('62.5% of the time allowed');
  });

  it.each([
    [1, 'Eskalasi tingkat 1 (Kepala OPD): ', 'Escalation level 1 – Head of agency (Kepala OPD): '],
    [2, 'Eskalasi tingkat 2 (Sekretaris Daerah): ', 'Escalation level 2 – Regional Secretary (Sekda): '],
    [
      3,
      'Eskalasi tingkat 3 (Bupati / Wakil Bupati): ',
      'Escalation level 3 – Regent / Vice Regent (Bupati / Wakil Bupati): ',
    ],
  ])('names escalation level %i', (level, id, en) => {
    const message = { ...EXAMPLES.TASK_ESCALATED, level };
    expect(renderMessage(message, 'id').title).toBe(`${id}Verifikasi data balita stunting`);
    expect(renderMessage(message, 'en').title).toBe(`${en}Verifikasi data balita stunting`);
  });

  it('says who the escalation went to and which deadline was missed', () => {
    const body = renderMessage(EXAMPLES.TASK_ESCALATED, 'id').body;
    expect(body).toContain('tanggung jawab Dinas Kesehatan');
    expect(body).toContain('batas waktu Senin, 23 November 2026 15.00 WIB');
    expect(body).toContain('dieskalasi ke tingkat 2 (Sekretaris Daerah)');
  });

  it('numbers escalation reminders', () => {
    expect(renderMessage(EXAMPLES.ESCALATION_REMINDER, 'id').title).toBe(
      'Pengingat ke-2, eskalasi tingkat 3 (Bupati / Wakil Bupati): Verifikasi data balita stunting',
    );
    expect(renderMessage(EXAMPLES.ESCALATION_REMINDER, 'en').body).toContain('This is reminder no. 2.');
  });

  it('passes on the instruction, the note and the reason in full', () => {
    const answered = renderMessage(EXAMPLES.ESCALATION_ANSWERED, 'id');
    expect(answered.title).toBe('Arahan eskalasi diterima: Verifikasi data balita stunting');
    expect(answered.body).toContain('Sekretaris Daerah telah memberikan arahan');
    expect(answered.body).toContain(
      'Arahan:\nSelesaikan paling lambat Jumat.\nKoordinasikan dengan Bappeda.',
    );

    const returned = renderMessage(EXAMPLES.CONTRIBUTION_RETURNED, 'id');
    expect(returned.title).toBe('Kontribusi dikembalikan: Verifikasi data balita stunting');
    expect(returned.body).toContain('Catatan peninjau:\nData Desa Sumberasih belum lengkap.');
    expect(renderMessage(EXAMPLES.CONTRIBUTION_RETURNED, 'en').body).toContain(
      "Reviewer's note:\nData Desa Sumberasih belum lengkap.",
    );

    const reassigned = renderMessage(EXAMPLES.TASK_REASSIGNED, 'id');
    expect(reassigned.title).toBe('Tugas dialihkan: Verifikasi data balita stunting');
    expect(reassigned.body).toContain('dialihkan dari Dinas Sosial.\nAlasan: Bukan kewenangan Dinas Sosial.');
  });

  it('tells the reviewer which version was submitted', () => {
    expect(renderMessage(EXAMPLES.CONTRIBUTION_SUBMITTED, 'id').body).toContain('kontribusi versi 2');
    expect(renderMessage(EXAMPLES.CONTRIBUTION_SUBMITTED, 'en').body).toContain(
      'version 2 of its contribution',
    );
  });

  it('marks emergencies as such in the title', () => {
    expect(renderMessage(EXAMPLES.INCIDENT_DECLARED, 'id').title).toBe('DARURAT: Banjir Kraksaan (Berat)');
    expect(renderMessage(EXAMPLES.INCIDENT_DECLARED, 'en').title).toBe('EMERGENCY: Banjir Kraksaan (Severe)');
    expect(renderMessage(EXAMPLES.OPD_MOBILISED, 'id').title).toBe(
      'DARURAT: Dinas Sosial dimobilisasi untuk Banjir Kraksaan',
    );
    for (const language of LANGUAGES) {
      for (const kind of ['INCIDENT_DECLARED', 'OPD_MOBILISED', 'SITREP_MISSING'] as const) {
        expect(renderMessage(EXAMPLES[kind], language).title).toMatch(/^(DARURAT|EMERGENCY): /);
      }
    }
  });

  it('lists the affected kecamatan, or says they are not known yet', () => {
    expect(renderMessage(EXAMPLES.INCIDENT_DECLARED, 'id').body).toContain(
      'Kecamatan terdampak: Kraksaan, Pajarakan, dan Gending',
    );
    expect(renderMessage(EXAMPLES.INCIDENT_DECLARED, 'en').body).toContain(
      'Affected kecamatan: Kraksaan, Pajarakan and Gending',
    );
    const none = { ...EXAMPLES.INCIDENT_DECLARED, kecamatan: [] };
    expect(renderMessage(none, 'id').body).toContain('Kecamatan terdampak: belum ditetapkan');
  });

  it('tells a late sitrep reminder (level 0) from a sitrep escalation', () => {
    const reminder = renderMessage({ ...EXAMPLES.SITREP_MISSING, level: 0 }, 'id');
    expect(reminder.title).toBe('DARURAT: laporan situasi Dinas Sosial belum masuk — Banjir Kraksaan');
    expect(reminder.body).toContain('Mohon laporan situasi segera dikirimkan.');
    const escalated = renderMessage(EXAMPLES.SITREP_MISSING, 'id');
    expect(escalated.title).toBe(
      'DARURAT: eskalasi tingkat 1 (Kepala OPD), laporan situasi terlambat — Banjir Kraksaan',
    );
    expect(escalated.body).toContain('“Laporan situasi harian” dari Dinas Sosial');
    expect(escalated.body).toContain('Senin, 23 November 2026 15.00 WIB');
  });

  it("tells the OPD its work was accepted, with the reviewer's note when there is one", () => {
    const id = renderMessage(EXAMPLES.CONTRIBUTION_ACCEPTED, 'id');
    expect(id.title).toBe('Kontribusi diterima: Verifikasi data balita stunting');
    expect(id.body).toContain('Kontribusi versi 2 untuk tugas “Verifikasi data balita stunting”');
    expect(id.body).toContain('Catatan peninjau:\nTerima kasih, data lengkap.');
    const plain = renderMessage({ ...EXAMPLES.CONTRIBUTION_ACCEPTED, note: '' }, 'en');
    expect(plain.body).toBe(
      'Version 2 of the contribution to the task “Verifikasi data balita stunting” in the project ' +
        '“Percepatan penurunan stunting 2026” has been accepted. The task is complete.',
    );
  });

  it('gives the new deadline of an extended task, and the revision deadline of a returned one', () => {
    const id = renderMessage(EXAMPLES.DEADLINE_EXTENDED, 'id');
    expect(id.title).toBe('Batas waktu diperpanjang: Verifikasi data balita stunting');
    expect(id.body).toContain('Batas waktu baru: Senin, 23 November 2026 15.00 WIB.');
    expect(id.body).toContain('Alasan: Menunggu data posyandu dari tiga desa.');
    expect(renderMessage(EXAMPLES.DEADLINE_EXTENDED, 'en').body).toContain(
      'New deadline: Monday, 23 November 2026 15:00 WIB.',
    );

    const returned = { ...EXAMPLES.CONTRIBUTION_RETURNED, dueAt: DUE };
    expect(renderMessage(returned, 'id').body).toContain(
      'dikembalikan untuk diperbaiki.\nBatas waktu perbaikan: Senin, 23 November 2026 15.00 WIB.',
    );
    expect(renderMessage(returned, 'en').body).toContain('Revision due: Monday, 23 November 2026 15:00 WIB.');
    expect(renderMessage(EXAMPLES.CONTRIBUTION_RETURNED, 'id').body).not.toContain('Batas waktu');
  });

  it('says a cancelled project needs no more work, with the reason', () => {
    expect(renderMessage(EXAMPLES.PROJECT_CANCELLED, 'id')).toEqual({
      title: 'Proyek dibatalkan: Percepatan penurunan stunting 2026',
      body:
        'Proyek “Percepatan penurunan stunting 2026” dibatalkan. Tugas yang masih terbuka di dalamnya tidak ' +
        'perlu dikerjakan lagi.\nAlasan: Digabung dengan program provinsi.',
    });
  });

  it('names both OPDs of a task moved to another OPD', () => {
    const moved = { ...EXAMPLES.TASK_REASSIGNED, toAgencyName: 'Dinas Kesehatan' };
    expect(renderMessage(moved, 'id').body).toContain('dialihkan dari Dinas Sosial ke Dinas Kesehatan.');
    expect(renderMessage(moved, 'en').body).toContain('reassigned from Dinas Sosial to Dinas Kesehatan.');
  });

  it('tells the lead a review is due, and the ladder that it is late', () => {
    expect(renderMessage(EXAMPLES.REVIEW_REMINDER, 'id').body).toContain(
      'Batas waktu tinjauan: Senin, 23 November 2026 15.00 WIB.',
    );
    const escalated = renderMessage({ ...EXAMPLES.REVIEW_ESCALATED, level: 2 }, 'id');
    expect(escalated.title).toBe(
      'Eskalasi tinjauan tingkat 2 (Sekretaris Daerah): Verifikasi data balita stunting',
    );
    expect(escalated.body).toContain('belum ditinjau oleh pimpinan proyek (Ir. Hendra Wijaya)');
  });

  it('numbers repeated review escalations and leaves out an unknown deadline', () => {
    const repeated = renderMessage({ ...EXAMPLES.REVIEW_ESCALATED, repeat: 2, dueAt: '' }, 'id');
    expect(repeated.title).toBe(
      'Pengingat ke-2, eskalasi tinjauan tingkat 1 (Kepala OPD): Verifikasi data balita stunting',
    );
    expect(repeated.body).not.toContain('batas waktu');
    expect(repeated.body).toContain('Ini adalah pengingat ke-2');
    expect(renderMessage({ ...EXAMPLES.REVIEW_ESCALATED, repeat: 2 }, 'en').title).toMatch(
      /^Reminder no\. 2, review escalation level 1/,
    );
  });

  it('asks for a review by its deadline when the review has one', () => {
    const withClock = { ...EXAMPLES.CONTRIBUTION_SUBMITTED, reviewDueAt: DUE };
    expect(renderMessage(withClock, 'id').body).toContain(
      'Mohon kontribusi ini ditinjau paling lambat Senin, 23 November 2026 15.00 WIB.',
    );
    expect(renderMessage(withClock, 'en').body).toContain(
      'Please review it by Monday, 23 November 2026 15:00 WIB.',
    );
  });

  it('tells the OPD head who released a task, and from whom when it was not their own claim', () => {
    const fromOther = renderMessage({ ...EXAMPLES.TASK_RELEASED, releasedFrom: 'Sri Wahyuni' }, 'id');
    expect(fromOther.body).toContain('dalam proyek “Percepatan penurunan stunting 2026” dari Sri Wahyuni.');
    const id = renderMessage(EXAMPLES.TASK_RELEASED, 'id');
    expect(id.body).toContain(
      'Budi Santoso melepas tugas “Verifikasi data balita stunting” (Dinas Kesehatan)',
    );
    expect(id.body).toContain('Alasan: Dinas luar kota.');
  });

  it('states the acknowledgement deadline of a mobilisation when known', () => {
    const withDue = { ...EXAMPLES.OPD_MOBILISED, ackDueAt: DUE };
    expect(renderMessage(withDue, 'id').body).toContain(
      'Mohon konfirmasi kesiapan paling lambat Senin, 23 November 2026 15.00 WIB',
    );
    expect(renderMessage(withDue, 'en').body).toContain(
      'Please acknowledge by Monday, 23 November 2026 15:00 WIB',
    );
    expect(renderMessage(EXAMPLES.OPD_MOBILISED, 'id').body).toContain(
      'Mohon segera lakukan konfirmasi kesiapan',
    );
  });

  it('tells a late acknowledgement (level 0) from an escalated one, naming the OPD', () => {
    const reminder = renderMessage({ ...EXAMPLES.ACK_MISSING, level: 0 }, 'id');
    expect(reminder.title).toBe(
      'DARURAT: konfirmasi kesiapan Dinas Perhubungan belum masuk — Banjir Kraksaan',
    );
    const escalated = renderMessage(EXAMPLES.ACK_MISSING, 'en');
    expect(escalated.title).toBe(
      'EMERGENCY: escalation level 1 – Head of agency (Kepala OPD), acknowledgement from Dinas Perhubungan late — Banjir Kraksaan',
    );
    expect(escalated.body).toContain('was not received by its deadline, Monday, 23 November 2026 15:00 WIB.');
  });

  it('renders each step of a resource request from the side that took it, a refusal with its reason', () => {
    const refused = renderMessage(EXAMPLES.RESOURCE_REQUEST, 'id');
    expect(refused.title).toBe('Ditolak oleh Dinas Perhubungan: perahu karet — Banjir Kraksaan');
    expect(refused.body).toContain(
      'Permintaan 4 unit perahu karet dari BPBD kepada Dinas Perhubungan untuk keadaan darurat “Banjir Kraksaan”: ' +
        'ditolak oleh Dinas Perhubungan.',
    );
    expect(refused.body).toContain('Alasan: Semua perahu sedang dipakai di Gending.');
    const partly = renderMessage(
      { ...EXAMPLES.RESOURCE_REQUEST, status: 'PARTIALLY_RECEIVED', stepQuantity: 2.5, reason: '' },
      'en',
    );
    expect(partly.title).toBe('Partly received by BPBD: perahu karet — Banjir Kraksaan');
    expect(partly.body).toContain('Quantity in this step: 2.5 unit.\nThe rest is still awaited.');
    expect(partly.body).not.toContain('Reason:');
    const committed = renderMessage({ ...EXAMPLES.RESOURCE_REQUEST, status: 'COMMITTED', reason: '' }, 'id');
    expect(committed.title).toBe('Disanggupi oleh Dinas Perhubungan: perahu karet — Banjir Kraksaan');
    // A status added later is shown as it is rather than not at all.
    expect(renderMessage({ ...EXAMPLES.RESOURCE_REQUEST, status: 'LOST' }, 'en').title).toBe(
      'LOST by Dinas Perhubungan: perahu karet — Banjir Kraksaan',
    );
  });

  it("lists each OPD's figure of a data conflict and how many cells were opened with it", () => {
    const id = renderMessage(EXAMPLES.DATA_CONFLICT_OPENED, 'id');
    expect(id.title).toBe('Data tidak sepakat: Jumlah balita stunting, Kraksaan 2026-11');
    expect(id.body).toContain('Dinas Kesehatan: 120\nDinas Sosial: 180,5');
    expect(id.body).toContain('Bersama 2 sel lain yang dibuka bersamaan.');
    const one = renderMessage({ ...EXAMPLES.DATA_CONFLICT_OPENED, cells: 1 }, 'en');
    expect(one.body).toContain('Dinas Sosial: 180.5');
    expect(one.body).not.toContain('other cell');
    expect(one.body).toContain('OPDs concerned: Dinas Kesehatan and Dinas Sosial.');
  });

  it('renders a digest as renderDigest does', () => {
    for (const language of LANGUAGES) {
      expect(renderMessage(EXAMPLES.DIGEST, language)).toEqual(
        renderDigest(EXAMPLES.DIGEST.digest, language),
      );
    }
  });

  it('shortens a long task title in the title and keeps it whole in the body', () => {
    const long = `Penyusunan laporan ${'evaluasi program '.repeat(20)}akhir`;
    const rendered = renderMessage({ ...EXAMPLES.TASK_ASSIGNED, taskTitle: long }, 'id');
    expect(Array.from(rendered.title).length).toBeLessThanOrEqual(140);
    expect(rendered.title).toMatch(
      /^Tugas baru untuk Dinas Kesehatan: Penyusunan laporan evaluasi program .*…$/,
    );
    expect(rendered.body).toContain(`“${long}”`);
  });

  it('keeps the title on one line when a name contains line breaks', () => {
    const rendered = renderMessage(
      { ...EXAMPLES.CONTRIBUTION_RETURNED, taskTitle: 'Rekap\ndata\r\n  desa' },
      'en',
    );
    expect(rendered.title).toBe('Contribution returned: Rekap data desa');
  });

  it('shows an unknown escalation level by number', () => {
    expect(renderMessage({ ...EXAMPLES.TASK_ESCALATED, level: 4 }, 'id').title).toBe(
      'Eskalasi tingkat 4: Verifikasi data balita stunting',
    );
  });
});

describe('renderMessage, joint work (issue #18)', () => {
  it('asks the Sekda to sign a draft every reviewer initialled, by its deadline', () => {
    const id = renderMessage(EXAMPLES.POLICY_SIGN_OFF_AWAITED, 'id');
    expect(id.title).toBe('Menunggu tanda tangan Sekretaris Daerah: Perbup Percepatan Penurunan Stunting');
    expect(id.body).toContain('Rancangan Peraturan Bupati “Perbup Percepatan Penurunan Stunting”');
    expect(id.body).toContain('dari Dinas Kesehatan (versi 2)');
    expect(id.body).toContain('Batas waktu: Senin, 23 November 2026 15.00 WIB.');
    const en = renderMessage({ ...EXAMPLES.POLICY_SIGN_OFF_AWAITED, office: 'BUPATI', dueAt: null }, 'en');
    expect(en.title).toBe('Awaiting sign-off by the Regent (Bupati): Perbup Percepatan Penurunan Stunting');
    expect(en.body).not.toContain('Due:');
  });

  it('reminds the office of a waiting sign-off and reports a late Sekda to the Bupati', () => {
    expect(renderMessage(EXAMPLES.POLICY_SIGN_OFF_REMINDER, 'id').title).toBe(
      'Pengingat tanda tangan Bupati: Perbup Percepatan Penurunan Stunting',
    );
    const late = renderMessage(EXAMPLES.POLICY_SIGN_OFF_ESCALATED, 'id');
    expect(late.title).toBe(
      'Eskalasi tingkat 3 (Bupati / Wakil Bupati): tanda tangan terlambat — Perbup Percepatan Penurunan Stunting',
    );
    expect(late.body).toContain('belum diputuskan Sekretaris Daerah hingga batas waktunya.');
    expect(late.body).toContain('Hal ini dilaporkan ke tingkat 3 (Bupati / Wakil Bupati).');
    expect(renderMessage(EXAMPLES.POLICY_SIGN_OFF_ESCALATED, 'en').body).toContain(
      'was not decided by the Regional Secretary (Sekda) by its deadline',
    );
  });

  it('tells the drafting OPD who returned a version and quotes the note', () => {
    const byReviewer = renderMessage(EXAMPLES.POLICY_RETURNED, 'id');
    expect(byReviewer.title).toBe(
      'Rancangan dikembalikan untuk perbaikan: Perbup Percepatan Penurunan Stunting',
    );
    expect(byReviewer.body).toContain('oleh Bagian Hukum Sekretariat Daerah pada paraf koordinasi.');
    expect(byReviewer.body).toContain('Catatan:\nPasal 4 belum merujuk Perpres 72/2021.');
    const bySekda = renderMessage(
      { ...EXAMPLES.POLICY_RETURNED, by: 'SEKDA', returnedBy: 'Drs. Budi, Plt. Sekretaris Daerah' },
      'en',
    );
    expect(bySekda.body).toContain(
      'has been returned by the Regional Secretary (Sekda) (Drs. Budi, Plt. Sekretaris Daerah).',
    );
    expect(bySekda.body).toContain('Note:\nPasal 4');
  });

  it('announces the signature to the drafting OPD', () => {
    const id = renderMessage(EXAMPLES.POLICY_SIGNED, 'id');
    expect(id.title).toBe('Rancangan telah ditandatangani Bupati: Perbup Percepatan Penurunan Stunting');
    expect(id.body).toContain('telah ditandatangani oleh Bupati Probolinggo.');
    expect(renderMessage({ ...EXAMPLES.POLICY_SIGNED, signedBy: '' }, 'en').body).toContain(
      'has been signed by the Regent.',
    );
  });

  it('names a citizen report by tracking number, category and desa, in the reader’s language', () => {
    const id = renderMessage(EXAMPLES.CITIZEN_REPORT_FILED, 'id');
    expect(id.title).toBe('Aduan warga baru LPR-7K2M-9QXD: Jalan, jembatan dan sarana umum, Andungbiru');
    expect(id.body).toContain('dari Desa Andungbiru, Kecamatan Tiris');
    expect(id.body).toContain('Tanggapan pertama paling lambat Senin, 23 November 2026 15.00 WIB.');
    const en = renderMessage(EXAMPLES.CITIZEN_REPORT_FILED, 'en');
    expect(en.title).toBe('New citizen report LPR-7K2M-9QXD: Roads, bridges and public works, Andungbiru');
  });

  it('tells the OPD who forwarded a report to it, with the note, and that the clock keeps running', () => {
    const id = renderMessage(EXAMPLES.CITIZEN_REPORT_FORWARDED, 'id');
    expect(id.title).toBe('Aduan warga diteruskan dari Dinas Komunikasi dan Informatika: LPR-7K2M-9QXD');
    expect(id.body).toContain('Tanggapan pertama tetap paling lambat');
    expect(id.body).toContain('Catatan:\nBantuan sosial, bukan infrastruktur.');
  });

  it('reminds the OPD of the first response and names the rung of an escalation', () => {
    const reminder = renderMessage(EXAMPLES.CITIZEN_REPORT_REMINDER, 'id');
    expect(reminder.title).toBe('Pengingat: aduan warga LPR-7K2M-9QXD belum ditanggapi');
    expect(reminder.body).toContain('75% dari waktu tanggapan pertama');
    const escalated = renderMessage(EXAMPLES.CITIZEN_REPORT_ESCALATED, 'en');
    expect(escalated.title).toBe(
      'Escalation level 2 – Regional Secretary (Sekda): citizen report LPR-7K2M-9QXD past its response deadline',
    );
    expect(escalated.body).toContain('handled by Dinas Pekerjaan Umum dan Penataan Ruang');
  });

  it('sums up the late planning decisions of a year in one message, per OPD', () => {
    const id = renderMessage(EXAMPLES.PLANNING_DECISIONS_LATE, 'id');
    expect(id.title).toBe('Keputusan OPD terlambat, Musrenbang RKPD 2027: 5 keputusan, 2 OPD');
    expect(id.body).toContain(
      '5 keputusan OPD atas 4 usulan Musrenbang RKPD 2027 belum diambil hingga batas waktu',
    );
    expect(id.body).toContain('Dinas Pekerjaan Umum dan Penataan Ruang: 3\nDinas Kesehatan: 2');
    const en = renderMessage({ ...EXAMPLES.PLANNING_DECISIONS_LATE, dueAt: null }, 'en');
    expect(en.body).toContain('were not taken by the Renja deadline.');
  });
});

describe('renderEmail', () => {
  const link = 'https://gotong.probolinggokab.go.id/tugas/t-1';

  it('uses the title as subject and adds the link and the footer to the text', () => {
    const rendered = renderMessage(EXAMPLES.CONTRIBUTION_RETURNED, 'id');
    const email = renderEmail(rendered, link, 'id');
    expect(email.subject).toBe(rendered.title);
    expect(email.text).toBe(
      [
        rendered.body,
        '',
        `Buka: ${link}`,
        '',
        'Pesan ini dikirim secara otomatis oleh Gotong, Pemerintah Kabupaten Probolinggo. Mohon tidak membalas email ini.',
      ].join('\n'),
    );
  });

  it('writes the link and footer in English for English readers', () => {
    const email = renderEmail(renderMessage(EXAMPLES.CONTRIBUTION_RETURNED, 'en'), link, 'en');
    expect(email.text).toContain(`\n\nOpen: ${link}\n\n`);
    expect(email.text).toContain(
      'This is an automatic message from Gotong, Pemerintah Kabupaten Probolinggo',
    );
    expect(email.html).toContain('<html lang="en">');
  });

  it('leaves the link out when there is none', () => {
    const rendered = renderMessage(EXAMPLES.INCIDENT_DECLARED, 'id');
    const email = renderEmail(rendered, null, 'id');
    expect(email.text).not.toContain('Buka:');
    expect(email.text.startsWith(`${rendered.body}\n\nPesan ini dikirim secara otomatis`)).toBe(true);
    expect(email.html).not.toContain('<a ');
  });

  it('has the same content in HTML, with the link as an anchor', () => {
    const email = renderEmail(renderMessage(EXAMPLES.ESCALATION_ANSWERED, 'id'), link, 'id');
    expect(email.html).toContain(`<title>Arahan eskalasi diterima: Verifikasi data balita stunting</title>`);
    expect(email.html).toContain(
      '<p>Arahan:<br>Selesaikan paling lambat Jumat.<br>Koordinasikan dengan Bappeda.</p>',
    );
    expect(email.html).toContain(`<p>Buka: <a href="${link}">${link}</a></p>`);
    expect(email.html).toContain('Pemerintah Kabupaten Probolinggo');
  });

  it('escapes a task title with markup in the HTML and leaves the plain text as typed', () => {
    const taskTitle = '<script>alert("x")</script> & \'data\'';
    const email = renderEmail(renderMessage({ ...EXAMPLES.TASK_ASSIGNED, taskTitle }, 'id'), link, 'id');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;data&#39;');
    expect(email.subject).toContain(taskTitle);
    expect(email.text).toContain(taskTitle);
  });

  it('escapes the link inside the attribute and does not make a non-http link clickable', () => {
    const tricky = 'https://gotong.example/a?b=1&c="><img src=x>';
    const html = renderEmail({ title: 'T', body: 'B' }, tricky, 'id').html;
    expect(html).toContain('<a href="https://gotong.example/a?b=1&amp;c=&quot;&gt;&lt;img src=x&gt;">');
    expect(html).not.toContain('<img');

    const script = renderEmail({ title: 'T', body: 'B' }, 'javascript:alert(1)', 'id').html;
    expect(script).not.toContain('<a ');
    expect(script).toContain('<p>Buka: javascript:alert(1)</p>');
  });

  it('escapeHtml escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});
