import { randomInt } from 'node:crypto';
import { solve } from './support/citizen-challenge';
import { recordHistory } from './support/histories';
import { isolateTestFile } from './support/database';
import { eventually, http, startStack, type Stack } from './support/stack';
import { citizenReportWorkflowId } from '@gotong/workflows/citizen/messages';

/**
 * Citizen reports through the real stack (issue #18 parts 3 and 4): filed on the public API with a challenge
 * and a photo, followed by tracking number, triaged by the desk into a joint project from the road-repair
 * template whose tasks run to the end and give the citizen the final answer; forwarded and answered directly;
 * the first-response clock reminding and escalating in compressed time; personal data only for the handlers;
 * the public transparency figures from the same rows. Its own database, so the figures count this file only.
 */
const ANDUNGBIRU = '35.13.07.2001'; // Desa Andungbiru, Kecamatan Tiris (35.13.07), Kepmendagri 2025
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
describe('citizen reports (real API, Temporal, Postgres)', () => {
  let stack: Stack;
  let desk: string;
  const tokens: Record<string, string> = {};
  // A client address of this file's own (the API trusts X-Forwarded-For from loopback).
  const address = `198.51.100.${randomInt(1, 254)}`;

  beforeAll(async () => {
    await isolateTestFile('citizen');
    // Compressed time: the 5-working-day first response becomes 4 seconds, its ladder levels too.
    process.env.CITIZEN_FIRST_RESPONSE_TEST_SECONDS = '4';
    process.env.CITIZEN_REPORT_RATE_LIMIT = '100';
    stack = await startStack();
    desk = (await stack.createStaff('DISKOMINFO', { fullName: 'Dewi Pengaduan' })).token;
    for (const who of ['staff.dpupr', 'kepala.dpupr', 'staff.dinkes', 'staff.dinsos', 'sekda', 'admin']) {
      tokens[who] = await stack.login(who);
    }
    tokens['KEC-TIRIS'] = (await stack.createStaff('KEC-TIRIS')).token;
    tokens['DISHUB'] = (await stack.createStaff('DISHUB')).token;
    tokens['BKD'] = (await stack.createStaff('BKD')).token;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function publicGet(path: string) {
    const res = await fetch(`${stack.baseUrl}${path}`, { headers: { 'x-forwarded-for': address } });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  }

  async function file(fields: Record<string, string>, photo?: Buffer) {
    const challenge = await publicGet('/public/reports/challenge');
    expect(challenge.status).toBe(200);
    const form = new FormData();
    const all: Record<string, string> = {
      challengeToken: challenge.body.token,
      challengeAnswer: solve(challenge.body.questionEn),
      ...fields,
    };
    for (const [k, v] of Object.entries(all)) form.set(k, v);
    if (photo) form.set('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'jalan.png');
    const res = await fetch(`${stack.baseUrl}/public/reports`, {
      method: 'POST',
      body: form,
      headers: { 'x-forwarded-for': address },
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  const reportId = async (trackingNumber: string) =>
    (await stack.db.citizenReport.findUniqueOrThrow({ where: { trackingNumber } })).id;

  async function completeProject(projectId: string) {
    const values: Record<string, [string, Record<string, unknown>]> = {
      'verifikasi-aduan': ['KEC-TIRIS', { aduanValid: true, lokasiRuas: 'Jalan desa Andungbiru km 2' }],
      'survei-kerusakan': [
        'staff.dpupr',
        {
          panjangKerusakan: 0.4,
          tingkatKerusakan: 'Sedang',
          statusJalan: 'Jalan kabupaten',
          perkiraanBiaya: 150000000,
        },
      ],
      'manajemen-lalu-lintas': ['DISHUB', { rambuTerpasang: 4, perluPengalihanArus: false }],
      penganggaran: ['BKD', { nilaiAnggaran: 150000000, sumberAnggaran: 'APBD perubahan' }],
      'perbaikan-selesai': [
        'staff.dpupr',
        { tanggalSelesai: '2026-12-20', panjangDiperbaiki: 0.4, realisasiBiaya: 142000000 },
      ],
    };
    const done = new Set<string>();
    while (done.size < Object.keys(values).length) {
      // The next tasks the project has opened (dependencies decide which and when).
      const open = await eventually(async () => {
        const project = await http(stack.baseUrl, desk).get(`/projects/${projectId}`);
        const ready = (project.body.steps as any[]).filter(
          (s) => s.task && !done.has(s.key) && ['ASSIGNED', 'CLAIMED'].includes(s.task.status),
        );
        return ready.length > 0 ? ready : undefined;
      });
      for (const step of open) {
        const [who, stepValues] = values[step.key]!;
        const submitted = await http(stack.baseUrl, tokens[who]).post(`/tasks/${step.task.id}/contribution`, {
          values: stepValues,
        });
        expect([step.key, submitted.status]).toEqual([step.key, 200]);
        const accepted = await http(stack.baseUrl, desk).post(`/tasks/${step.task.id}/review`, {
          decision: 'ACCEPT',
        });
        expect([step.key, accepted.status]).toEqual([step.key, 200]);
        done.add(step.key);
      }
    }
  }

  it('files a road report publicly, turns it into a road-repair project, and answers the citizen when it is done', async () => {
    const categories = await publicGet('/public/reports/categories');
    expect(categories.status).toBe(200);
    expect(categories.body.find((c: any) => c.code === 'jalan')).toMatchObject({
      agencyCode: 'DPUPR',
      suggestedTemplateCode: 'perbaikan-jalan-aduan-warga',
      firstResponseSla: { amount: 5, unit: 'workingDays' },
    });
    const areas = await publicGet('/public/reports/areas');
    expect(areas.body.find((a: any) => a.code === ANDUNGBIRU)).toMatchObject({ kecamatanCode: '35.13.07' });

    const filed = await file(
      {
        category: 'jalan',
        desaCode: ANDUNGBIRU,
        description: 'Jalan desa berlubang besar dekat balai desa, sudah dua motor jatuh minggu ini.',
        reporterName: 'Slamet Riyadi',
        reporterContact: '081234567890',
      },
      TINY_PNG,
    );
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'RECEIVED' });
    const trackingNumber = filed.body.trackingNumber as string;
    expect(trackingNumber).toMatch(/^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    // The citizen follows it (as typed: lower case, no dashes); no personal data in the public view.
    const tracked = await publicGet(`/public/reports/${trackingNumber.toLowerCase().replace(/-/g, '')}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({
      trackingNumber,
      status: 'RECEIVED',
      hasPhoto: true,
      handlingAgency: { code: 'DPUPR' },
      kecamatanName: 'Tiris',
    });
    expect(JSON.stringify(tracked.body)).not.toMatch(/Slamet|0812345/);
    expect((await publicGet('/public/reports/LPR-0000-0000')).status).toBe(404);

    // The handling OPD and the desk see the reporter; leadership reads without; another OPD sees nothing.
    const id = await reportId(trackingNumber);
    const asHandler = await http(stack.baseUrl, tokens['kepala.dpupr']).get(`/citizen-reports/${id}`);
    expect(asHandler.status).toBe(200);
    expect(asHandler.body).toMatchObject({
      piiVisible: true,
      reporter: { name: 'Slamet Riyadi', contact: '081234567890' },
      photo: { mediaType: 'image/png' },
    });
    const asLeader = await http(stack.baseUrl, tokens['sekda']).get(`/citizen-reports/${id}`);
    expect(asLeader.status).toBe(200);
    expect(asLeader.body).toMatchObject({ piiVisible: false, reporter: null, photo: null });
    expect(JSON.stringify(asLeader.body)).not.toMatch(/Slamet|0812345/);
    expect((await http(stack.baseUrl, tokens['staff.dinkes']).get(`/citizen-reports/${id}`)).status).toBe(
      403,
    );
    const dinkesList = await http(stack.baseUrl, tokens['staff.dinkes']).get('/citizen-reports');
    expect(dinkesList.body.items.map((r: any) => r.id)).not.toContain(id);
    const deskList = await http(stack.baseUrl, desk).get('/citizen-reports?category=jalan');
    expect(deskList.body.items.map((r: any) => r.id)).toContain(id);
    const photo = await fetch(`${stack.baseUrl}/citizen-reports/${id}/photo`, {
      headers: { authorization: `Bearer ${desk}` },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(TINY_PNG)).toBe(true);
    expect((await http(stack.baseUrl, tokens['sekda']).get(`/citizen-reports/${id}/photo`)).status).toBe(403);

    // Another OPD may not triage; an unknown template is named.
    const triageBody = {
      action: 'project',
      templateCode: 'perbaikan-jalan-aduan-warga',
      title: 'Perbaikan jalan desa Andungbiru (aduan warga)',
      parameters: { lokasi: 'Jalan desa Andungbiru km 2' },
      text: 'Laporan Anda ditindaklanjuti: kecamatan memverifikasi, DPUPR menyurvei dan memperbaiki.',
    };
    expect(
      (await http(stack.baseUrl, tokens['staff.dinkes']).post(`/citizen-reports/${id}/triage`, triageBody))
        .status,
    ).toBe(403);
    const unknown = await http(stack.baseUrl, desk).post(`/citizen-reports/${id}/triage`, {
      ...triageBody,
      templateCode: 'tidak-ada',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['templateCode: no template tidak-ada']);

    const triaged = await http(stack.baseUrl, desk).post(`/citizen-reports/${id}/triage`, triageBody);
    expect(triaged.status).toBe(200);
    expect(triaged.body).toMatchObject({ status: 'IN_PROGRESS', projectTitle: triageBody.title });
    const projectId = triaged.body.projectId as string;
    // The project carries the report's number, desa and kecamatan.
    const project = await stack.db.jointProject.findUniqueOrThrow({ where: { id: projectId } });
    expect(project.parameters).toMatchObject({
      nomorAduan: trackingNumber,
      desa: ANDUNGBIRU,
      kecamatan: '35.13.07',
    });
    // Once a project, it cannot be triaged again.
    const again = await http(stack.baseUrl, desk).post(`/citizen-reports/${id}/triage`, {
      action: 'reject',
      reason: 'DUPLICATE',
      note: 'x',
    });
    expect(again.status).toBe(409);

    const inProgress = await publicGet(`/public/reports/${trackingNumber}`);
    expect(inProgress.body).toMatchObject({
      status: 'IN_PROGRESS',
      project: { tasksTotal: expect.any(Number) },
      answers: [{ text: triageBody.text, final: false }],
    });
    expect(inProgress.body.firstRespondedAt).not.toBeNull();

    await completeProject(projectId);

    const closed = await eventually(async () => {
      const view = await publicGet(`/public/reports/${trackingNumber}`);
      return view.body.status === 'CLOSED' ? view.body : undefined;
    });
    expect(closed.answers).toHaveLength(2);
    expect(closed.answers[1]).toMatchObject({
      final: true,
      agencyName: 'Dinas Pekerjaan Umum dan Penataan Ruang',
    });
    expect(closed.answers[1].text).toContain('selesai ditindaklanjuti');
    expect(closed.project).toMatchObject({ status: 'COMPLETED', tasksTotal: 5, tasksDone: 5 });
    await recordHistory(
      stack.temporal.workflow.getHandle(citizenReportWorkflowId(trackingNumber)),
      'citizenReportWorkflow-v1-project',
    );
  });

  it('forwards a report to the right OPD, which answers it directly; a final report takes no more answers', async () => {
    const filed = await file({
      category: 'kesehatan',
      desaCode: ANDUNGBIRU,
      description: 'Warga kesulitan mendapat bantuan sembako setelah banjir, mohon didata ulang.',
    });
    expect(filed.status).toBe(201);
    const { trackingNumber } = filed.body;
    const id = await reportId(trackingNumber);

    const badForward = await http(stack.baseUrl, tokens['staff.dinkes']).post(
      `/citizen-reports/${id}/triage`,
      {
        action: 'forward',
        agencyCode: 'NOPE',
        note: 'bukan kami',
      },
    );
    expect(badForward.status).toBe(400);
    expect(badForward.body.message).toEqual(['agencyCode: no active OPD NOPE']);
    const forwarded = await http(stack.baseUrl, tokens['staff.dinkes']).post(
      `/citizen-reports/${id}/triage`,
      {
        action: 'forward',
        agencyCode: 'DINSOS',
        note: 'Urusan bantuan sosial, bukan layanan kesehatan.',
      },
    );
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({
      status: 'RECEIVED',
      handlingAgency: { code: 'DINSOS' },
      firstRespondedAt: null,
    });
    // DINKES no longer handles it; the internal note is not public.
    expect((await http(stack.baseUrl, tokens['staff.dinkes']).get(`/citizen-reports/${id}`)).status).toBe(
      403,
    );
    expect(JSON.stringify((await publicGet(`/public/reports/${trackingNumber}`)).body)).not.toContain(
      'Urusan bantuan',
    );

    const progress = await http(stack.baseUrl, tokens['staff.dinsos']).post(
      `/citizen-reports/${id}/answers`,
      {
        text: 'Petugas kami akan mendata ulang minggu ini.',
      },
    );
    expect(progress.status).toBe(201);
    expect(progress.body).toMatchObject({ final: false, agencyName: 'Dinas Sosial' });
    const empty = await http(stack.baseUrl, tokens['staff.dinsos']).post(`/citizen-reports/${id}/answers`, {
      text: ' ',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toEqual(['text: required']);
    const final = await http(stack.baseUrl, tokens['staff.dinsos']).post(`/citizen-reports/${id}/answers`, {
      text: 'Bantuan sudah disalurkan kepada 12 keluarga.',
      final: true,
    });
    expect(final.status).toBe(201);
    const answered = await publicGet(`/public/reports/${trackingNumber}`);
    expect(answered.body).toMatchObject({
      status: 'ANSWERED',
      handlingAgency: { code: 'DINSOS' },
      answers: [{ final: false }, { final: true, text: 'Bantuan sudah disalurkan kepada 12 keluarga.' }],
    });
    const late = await http(stack.baseUrl, tokens['staff.dinsos']).post(`/citizen-reports/${id}/answers`, {
      text: 'Lagi',
    });
    expect(late.status).toBe(409);
    await recordHistory(
      stack.temporal.workflow.getHandle(citizenReportWorkflowId(trackingNumber)),
      'citizenReportWorkflow-v1-forward-answer',
    );
  });

  it('reminds the OPD and escalates an unanswered report up the ladder; a rejection shows only its reason', async () => {
    const filed = await file({
      category: 'jalan',
      desaCode: ANDUNGBIRU,
      description: 'Jembatan kecil di dusun Krajan retak, mohon segera diperiksa sebelum musim hujan.',
    });
    expect(filed.status).toBe(201);
    const { trackingNumber } = filed.body;
    const id = await reportId(trackingNumber);
    // Level 2 (the Sekda) comes after the deadline and level 1's timeout: wait for that state.
    await eventually(async () => {
      const report = await stack.db.citizenReport.findUniqueOrThrow({ where: { id } });
      return report.escalationLevel >= 2;
    });
    // Two reminders, then level 1 and level 2, each an audit event with its outbox row for the notifier.
    const events = await stack.db.auditEvent.findMany({
      where: { eventKey: { startsWith: `citizen-report:${id}:ladder:` } },
      orderBy: { occurredAt: 'asc' },
      select: { eventKey: true, action: true, detail: true },
    });
    expect(events.map((e) => [e.action, (e.detail as { level: number }).level]).slice(0, 4)).toEqual([
      ['CITIZEN_REPORT_REMINDER', 0],
      ['CITIZEN_REPORT_REMINDER', 0],
      ['CITIZEN_REPORT_ESCALATED', 1],
      ['CITIZEN_REPORT_ESCALATED', 2],
    ]);
    expect(events.slice(0, 2).map((e) => (e.detail as { percentOfSla: number }).percentOfSla)).toEqual([
      50, 75,
    ]);
    const outbox = await stack.db.outboxMessage.count({
      where: { key: { in: events.map((e) => e.eventKey) } },
    });
    expect(outbox).toBe(events.length);
    const listed = await http(stack.baseUrl, tokens['staff.dpupr']).get('/citizen-reports?status=RECEIVED');
    expect(listed.body.items.find((r: any) => r.id === id)).toMatchObject({ overdue: true });

    const rejected = await http(stack.baseUrl, desk).post(`/citizen-reports/${id}/triage`, {
      action: 'reject',
      reason: 'OUT_OF_SCOPE',
      note: 'Jembatan milik provinsi, diteruskan lewat surat.',
    });
    expect(rejected.status).toBe(200);
    const view = await publicGet(`/public/reports/${trackingNumber}`);
    expect(view.body).toMatchObject({ status: 'REJECTED', rejection: { reason: 'OUT_OF_SCOPE' } });
    expect(JSON.stringify(view.body)).not.toContain('provinsi, diteruskan');
    await recordHistory(
      stack.temporal.workflow.getHandle(citizenReportWorkflowId(trackingNumber)),
      'citizenReportWorkflow-v1-escalated-rejected',
    );
  });

  it('publishes per-OPD transparency figures from the same rows, without personal data', async () => {
    const figures = await publicGet(`/public/transparency`);
    expect(figures.status).toBe(200);
    const byCode = Object.fromEntries((figures.body.agencies as any[]).map((a) => [a.code, a]));
    // DPUPR: the road report (responded by the desk's triage) and the escalated one (rejected late).
    expect(byCode['DPUPR'].citizenReports).toMatchObject({ received: 2, responded: 2, open: 0, overdue: 0 });
    expect(byCode['DINSOS'].citizenReports).toMatchObject({ received: 1, responded: 1, open: 0 });
    expect(byCode['DPUPR'].jointWork.tasksCompleted).toBeGreaterThanOrEqual(2);
    expect(byCode['DISKOMINFO'].jointWork.projectsCompleted).toBe(1);
    expect(byCode['DLH'].citizenReports).toMatchObject({ received: 0, onTimeRate: null });
    const rates = (figures.body.agencies as any[]).flatMap((a) => [
      a.citizenReports.onTimeRate,
      a.jointWork.onTimeRate,
    ]);
    expect(rates.every((r) => r === null || (r >= 0 && r <= 1))).toBe(true);
    expect(JSON.stringify(figures.body)).not.toMatch(/Slamet|Dewi/);
  });
});
