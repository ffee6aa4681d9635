import { randomBytes } from 'node:crypto';
import { SEED_TEMPLATES } from '../prisma/data/templates';
import { projectSnapshotQuery } from '@gotong/workflows/project/messages';
import { eventually, http, startStack, type Stack } from './support/stack';
import { projectWorkflowIdOf } from './support/workflow-ids';

/** A step's form as its OPD gets it: the per-desa fields bound to the project's kecamatan (formWithinProjectArea). */
function boundTo<F extends { perArea?: string }>(form: { fields: F[] }, kecamatan: string) {
  return {
    ...form,
    fields: form.fields.map((f) => (f.perArea === 'desa' ? { ...f, withinKecamatan: [kecamatan] } : f)),
  };
}

/**
 * Template-driven joint work through the real stack (Nest API, Temporal worker
 * and dev server, Postgres, Redis), driven over HTTP as the users would:
 *
 * - the seeded 'percepatan-penurunan-stunting' template, untouched, starts for
 *   Kecamatan Tiris, puts its first wave in the right OPD inboxes and its
 *   verification join at the Tiris kecamatan office, and is cancelled;
 * - a template of the test's own ("jamban sehat": DINKES and DINSOS in parallel,
 *   joined by DPUPR) is versioned through POST /templates, with SLAs and
 *   escalation timeouts in seconds so that deadlines pass while the test runs;
 * - returns and resubmissions, the escalation ladder as leadership sees it,
 *   an OPD joining a running project, a reassignment, scorecards and the
 *   leadership overview.
 *
 * The seeded template has steps for DP3AP2KB, DPMD and the kecamatan office
 * (KEC-TIRIS), which have no demo users: the test creates one staff user for
 * each directly in the database.
 * The test's own template uses only OPDs with demo users (DINKES, DINSOS,
 * DPUPR, and BPBD when it joins).
 *
 * The tests run in order: the versioning test creates the template that the
 * later scenarios start projects from, and the overview test counts the
 * projects the others completed and cancelled.
 */
describe('projects from templates over HTTP (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let lead: string;
  let sekda: string;
  let staffDinkes: string;
  let kepalaDinkes: string;
  let staffDinsos: string;
  let staffDpupr: string;
  let kepalaDpupr: string;
  let staffBpbd: string;
  let overviewBefore: { ACTIVE: number; COMPLETED: number; CANCELLED: number };
  const suiteStartedAt = new Date(Date.now() - 1_000).toISOString();

  /** The test's own template code (created by the versioning test), unique per run: other files use the seeded codes. */
  const code = `uji-jamban-sehat-${randomBytes(3).toString('hex')}`;
  /** Projects each scenario completed or cancelled, for the overview. */
  const projects = { completed: [] as string[], cancelled: [] as string[] };

  beforeAll(async () => {
    stack = await startStack();
    [lead, sekda, staffDinkes, kepalaDinkes, staffDinsos, staffDpupr, kepalaDpupr, staffBpbd] =
      await Promise.all([
        stack.login('lead.bappeda'),
        stack.login('sekda'),
        stack.login('staff.dinkes'),
        stack.login('kepala.dinkes'),
        stack.login('staff.dinsos'),
        stack.login('staff.dpupr'),
        stack.login('kepala.dpupr'),
        stack.login('staff.bpbd'),
      ]);
    const overview = await api(sekda).get('/projects/overview');
    expect(overview.status).toBe(200);
    overviewBefore = overview.body.projects;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token: string) => http(stack.baseUrl, token);

  // -------------------------------------------------------------------------
  // The test's template: two parallel branches joined by a third step.
  // -------------------------------------------------------------------------

  const seconds = (amount: number) => ({ amount, unit: 'seconds' as const });
  const tenMinutes = { amount: 10, unit: 'minutes' as const };

  const dataSanitasi = {
    key: 'data-sanitasi',
    title: 'Data rumah tangga tanpa jamban sehat',
    instructions: 'Isikan jumlah rumah tangga tanpa jamban sehat per desa dari data STBM puskesmas.',
    owner: { agency: 'DINKES' },
    form: {
      fields: [
        {
          key: 'rumahTanggaTanpaJamban',
          label: 'Rumah tangga tanpa jamban sehat',
          type: 'integer',
          required: true,
          unit: 'KK',
          min: 0,
          perArea: 'desa',
        },
        { key: 'tanggalPendataan', label: 'Tanggal pendataan', type: 'date', required: true },
        { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
      ],
    },
    sla: tenMinutes,
    dependsOn: [],
  };
  const bantuanKeluarga = {
    key: 'bantuan-keluarga',
    title: 'Keluarga miskin penerima bantuan jamban',
    instructions: 'Isikan keluarga miskin penerima bantuan stimulan jamban per desa dan sumber dananya.',
    owner: { agency: 'DINSOS' },
    form: {
      fields: [
        {
          key: 'keluargaPenerima',
          label: 'Keluarga penerima bantuan',
          type: 'integer',
          required: true,
          unit: 'keluarga',
          min: 0,
          perArea: 'desa',
        },
        {
          key: 'sumberDana',
          label: 'Sumber dana',
          type: 'select',
          required: true,
          options: ['APBD Kabupaten', 'Dana Desa', 'CSR / mitra'],
        },
      ],
    },
    sla: tenMinutes,
    dependsOn: [],
  };
  /** The join: short SLA and a ladder in seconds, so a task left open escalates during the test. */
  const pembangunanJamban = {
    key: 'pembangunan-jamban',
    title: 'Pembangunan jamban sehat komunal',
    instructions: 'Bangun jamban sehat komunal untuk keluarga penerima dan laporkan hasilnya per desa.',
    owner: { agency: 'DPUPR' },
    form: {
      fields: [
        {
          key: 'jambanDibangun',
          label: 'Jamban dibangun',
          type: 'integer',
          required: true,
          unit: 'unit',
          min: 0,
          perArea: 'desa',
        },
        { key: 'tanggalSelesai', label: 'Tanggal selesai', type: 'date', required: true },
        { key: 'sesuaiRencana', label: 'Selesai sesuai rencana', type: 'boolean', required: true },
      ],
    },
    // Six seconds: an extension gives at most the step's SLA again, and the checks after one need that long.
    sla: seconds(6),
    dependsOn: ['data-sanitasi', 'bantuan-keluarga'],
    escalation: {
      levels: [
        // Level 1 lasts long enough for the Kepala OPD to answer it (and for the task to be completed while
        // it is current) even on a loaded machine; it still passes within the test.
        { level: 1, timeout: seconds(8), repeats: 0 },
        { level: 2, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
      ],
    },
  };
  const templateV1 = {
    code,
    name: 'Jamban Sehat Desa Lokus Stunting (uji)',
    description: 'Data sanitasi dari Dinkes dan penerima bantuan dari Dinsos.',
    category: 'PROGRAM',
    parameters: [{ key: 'kecamatan', label: 'Kecamatan lokasi', type: 'kecamatan', required: true }],
    steps: [dataSanitasi, bantuanKeluarga],
  };
  const templateV2 = {
    ...templateV1,
    description: 'Data sanitasi dari Dinkes dan penerima bantuan dari Dinsos, lalu DPUPR membangun jamban.',
    steps: [dataSanitasi, bantuanKeluarga, pembangunanJamban],
  };

  const sanitasiValues = (kec: string) => ({
    rumahTanggaTanpaJamban: { [`${kec}.2001`]: 42, [`${kec}.2003`]: 17 },
    tanggalPendataan: '2026-03-02',
  });
  const bantuanValues = (kec: string) => ({
    keluargaPenerima: { [`${kec}.2001`]: 30 },
    sumberDana: 'Dana Desa',
  });
  const jambanValues = (kec: string) => ({
    jambanDibangun: { [`${kec}.2001`]: 12 },
    tanggalSelesai: '2026-03-20',
    sesuaiRencana: true,
  });

  // -------------------------------------------------------------------------
  // Helpers, all through the HTTP API (and one Temporal query where the test
  // must know the project workflow has seen something before asserting absence).
  // -------------------------------------------------------------------------

  async function startFromTemplate(body: Record<string, unknown>) {
    const res = await api(lead).post('/projects/from-template', body);
    expect(res.status).toBe(201);
    return res.body as { id: string; workflowId: string; steps: { key: string; agencyCode: string }[] };
  }

  async function project(projectId: string, token = lead) {
    const res = await api(token).get(`/projects/${projectId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The task of a step once the workflow has started it (from the project's step graph). */
  function stepTask(projectId: string, stepKey: string): Promise<any> {
    return eventually(async () => {
      const p = await project(projectId);
      return p.steps.find((s: any) => s.key === stepKey)?.task ?? undefined;
    });
  }

  /** Every task of an OPD's inbox matching the query (all pages). */
  async function inbox(token: string, query = ''): Promise<any[]> {
    const items: any[] = [];
    for (let page = 1; ; page++) {
      const res = await api(token).get(`/inbox?pageSize=100&page=${page}${query ? `&${query}` : ''}`);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      if (page * 100 >= res.body.total) return items;
    }
  }

  async function inboxTaskIds(token: string, query = ''): Promise<string[]> {
    return (await inbox(token, query)).map((t) => t.id);
  }

  async function submit(token: string, taskId: string, values: unknown) {
    return api(token).post(`/tasks/${taskId}/contribution`, { values });
  }

  async function submitAndAccept(token: string, taskId: string, values: unknown) {
    const submitted = await submit(token, taskId, values);
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('SUBMITTED');
    const accepted = await api(lead).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('COMPLETED');
  }

  function projectStatus(projectId: string, status: string): Promise<any> {
    return eventually(async () => {
      const p = await project(projectId);
      return p.status === status ? p : undefined;
    });
  }

  async function audit(projectId: string): Promise<any[]> {
    const res = await api(lead).get(`/projects/${projectId}/audit`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The project workflow's own view (a Temporal query): which steps it counts as done. */
  async function workflowSnapshot(projectId: string) {
    const workflowId = await projectWorkflowIdOf(stack.db, projectId);
    return stack.temporal.workflow.getHandle(workflowId).query(projectSnapshotQuery);
  }

  async function board(token: string, query = '') {
    const res = await api(token).get(`/escalations${query ? `?${query}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as { byLevel: Record<string, number>; items: any[] };
  }

  /** A staff user for an OPD that has no demo user, created directly in the database. */
  // -------------------------------------------------------------------------

  it('runs the seeded stunting template for Kecamatan Tiris through its kecamatan join, then cancels it', async () => {
    const seeded = SEED_TEMPLATES.find((t) => t.code === 'percepatan-penurunan-stunting')!;
    const [staffDp3ap2kb, staffDpmd, staffKecTiris] = await Promise.all([
      stack.createStaff('DP3AP2KB').then((s) => s.token),
      stack.createStaff('DPMD').then((s) => s.token),
      stack.createStaff('KEC-TIRIS').then((s) => s.token),
    ]);

    const started = await startFromTemplate({
      templateCode: 'percepatan-penurunan-stunting',
      templateVersion: 1,
      parameters: { kecamatan: '35.13.07', tahun: '2026' },
    });
    // Owners resolved through the responsibility matrix and the kecamatan parameter.
    expect(started.steps).toEqual([
      { key: 'data-stunting', agencyCode: 'DINKES' },
      { key: 'keluarga-berisiko', agencyCode: 'DP3AP2KB' },
      { key: 'distribusi-pmt', agencyCode: 'DINSOS' },
      { key: 'dana-desa-stunting', agencyCode: 'DPMD' },
      { key: 'verifikasi-kecamatan', agencyCode: 'KEC-TIRIS' },
      { key: 'rekap-rencana-aksi', agencyCode: 'BAPPEDA' },
      { key: 'publikasi', agencyCode: 'DISKOMINFO' },
    ]);
    const firstWave = {
      'data-stunting': staffDinkes,
      'keluarga-berisiko': staffDp3ap2kb,
      'distribusi-pmt': staffDinsos,
      'dana-desa-stunting': staffDpmd,
    };
    const tasks = Object.fromEntries(
      await Promise.all(
        Object.keys(firstWave).map(async (key) => [key, await stepTask(started.id, key)] as const),
      ),
    );

    const view = await project(started.id);
    expect(view).toMatchObject({
      title: 'Percepatan Penurunan Stunting — Kecamatan Tiris',
      status: 'ACTIVE',
      template: { code: 'percepatan-penurunan-stunting', version: 1 },
      parameters: { kecamatan: '35.13.07', tahun: '2026' },
      leadAgency: { code: 'BAPPEDA' },
    });
    expect(view.steps.map((s: any) => [s.key, s.plannedAgency, s.status, s.dependsOn])).toEqual(
      seeded.steps.map((s) => [
        s.key,
        started.steps.find((p) => p.key === s.key)!.agencyCode,
        s.dependsOn.length === 0 ? 'ASSIGNED' : 'WAITING',
        s.dependsOn,
      ]),
    );
    expect(view.steps.filter((s: any) => s.task !== null)).toHaveLength(4);
    expect(view.steps.every((s: any) => s.late === false)).toBe(true);

    // Each first-wave task is in its own OPD's inbox, with the step's form and instructions.
    for (const [key, token] of Object.entries(firstWave)) {
      const step = seeded.steps.find((s) => s.key === key)!;
      const task = tasks[key];
      expect(await inboxTaskIds(token, 'status=ASSIGNED')).toContain(task.id);
      const res = await api(token).get(`/tasks/${task.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        stepKey: key,
        status: 'ASSIGNED',
        title: step.title,
        instructions: step.instructions,
        agency: { code: started.steps.find((s) => s.key === key)!.agencyCode },
        project: { id: started.id, status: 'ACTIVE' },
        escalationLevel: 0,
        reassignmentCount: 0,
      });
      // The step's form, its per-desa fields bound to the project's kecamatan (Tiris).
      expect(res.body.form).toEqual(boundTo(step.form, '35.13.07'));
    }
    // DINKES works only its own step of this project.
    expect(await inboxTaskIds(staffDinkes)).not.toContain(tasks['distribusi-pmt'].id);

    // One valid per-desa contribution, accepted by the lead.
    const dataStunting = tasks['data-stunting'].id;
    const submitted = await submit(staffDinkes, dataStunting, {
      jumlahBalitaDiukur: { '35.13.07.2001': 120, '35.13.07.2005': 86 },
      jumlahBalitaStunting: { '35.13.07.2001': 17, '35.13.07.2005': 9 },
      tanggalPengukuran: '2026-02-27',
      catatan: '  Hasil e-PPGBM Februari  ',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'SUBMITTED', contributionVersion: 1 });
    const accepted = await api(lead).post(`/tasks/${dataStunting}/review`, { decision: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('COMPLETED');
    const done = await api(staffDinkes).get(`/tasks/${dataStunting}`);
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      completedBy: { fullName: 'Siti Aminah' },
      result: {
        jumlahBalitaDiukur: { '35.13.07.2001': 120, '35.13.07.2005': 86 },
        jumlahBalitaStunting: { '35.13.07.2001': 17, '35.13.07.2005': 9 },
        tanggalPengukuran: '2026-02-27',
        catatan: 'Hasil e-PPGBM Februari',
      },
    });
    // verifikasi-kecamatan also waits for keluarga-berisiko: it has not started.
    expect(
      (await project(started.id)).steps.find((s: any) => s.key === 'verifikasi-kecamatan').task,
    ).toBeNull();

    // With both of its inputs accepted, the join goes to the office of the project's kecamatan.
    await submitAndAccept(staffDp3ap2kb, tasks['keluarga-berisiko'].id, {
      jumlahKeluargaBerisiko: { '35.13.07.2001': 64, '35.13.07.2005': 31 },
      jumlahTpkAktif: 12,
    });
    const verifikasi = await stepTask(started.id, 'verifikasi-kecamatan');
    expect(verifikasi.agency.code).toBe('KEC-TIRIS');
    expect(await inboxTaskIds(staffKecTiris, 'status=ASSIGNED')).toContain(verifikasi.id);
    const atKecamatan = await api(staffKecTiris).get(`/tasks/${verifikasi.id}`);
    expect(atKecamatan.body.form).toEqual(seeded.steps.find((s) => s.key === 'verifikasi-kecamatan')!.form);

    // The kecamatan office has no operator yet: the lead moves the step to DPMD, with a reason.
    const moved = await api(lead).post(`/tasks/${verifikasi.id}/reassign`, {
      toAgencyCode: 'DPMD',
      reason: 'Operator Kecamatan Tiris belum tersedia; DPMD memverifikasi bersama kepala desa',
    });
    expect(moved.status).toBe(200);
    expect(await inboxTaskIds(staffKecTiris)).not.toContain(verifikasi.id);
    expect(await inboxTaskIds(staffDpmd, 'status=ASSIGNED')).toContain(verifikasi.id);
    // The kecamatan office shows on the scorecard with the reassignment away, though it completed nothing.
    const movedAt = Date.parse(
      (await api(lead).get(`/tasks/${verifikasi.id}/history`)).body.find(
        (e: any) => e.action === 'TASK_REASSIGNED',
      ).occurredAt,
    );
    const window = `from=${new Date(movedAt).toISOString()}&to=${new Date(movedAt + 1).toISOString()}`;
    const kecCard = (await api(sekda).get(`/scorecards?${window}`)).body.opd.find(
      (c: any) => c.agencyCode === 'KEC-TIRIS',
    );
    expect(kecCard).toMatchObject({ agencyName: 'Kecamatan Tiris', reassignmentsAway: 1, completed: 0 });

    // Only the lead (or leadership) cancels, and only with a reason.
    expect((await api(staffDinsos).post(`/projects/${started.id}/cancel`, { reason: 'x' })).status).toBe(403);
    const noReason = await api(lead).post(`/projects/${started.id}/cancel`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    const cancel = await api(lead).post(`/projects/${started.id}/cancel`, {
      reason: 'Digabung dengan program konvergensi provinsi',
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('CANCELLED');

    const cancelled = await projectStatus(started.id, 'CANCELLED');
    projects.cancelled.push(started.id);
    expect(cancelled.cancelReason).toBe('Digabung dengan program konvergensi provinsi');
    const open = ['distribusi-pmt', 'dana-desa-stunting', 'verifikasi-kecamatan'];
    const settled = await eventually(async () => {
      const p = await project(started.id);
      return open.every((key) => p.steps.find((s: any) => s.key === key).task.status === 'CANCELLED')
        ? p
        : undefined;
    });
    expect(settled.steps.map((s: any) => [s.key, s.status])).toEqual([
      ['data-stunting', 'COMPLETED'],
      ['keluarga-berisiko', 'COMPLETED'],
      ['distribusi-pmt', 'CANCELLED'],
      ['dana-desa-stunting', 'CANCELLED'],
      ['verifikasi-kecamatan', 'CANCELLED'],
      ['rekap-rencana-aksi', 'NOT_STARTED'],
      ['publikasi', 'NOT_STARTED'],
    ]);
    expect(await inboxTaskIds(staffDinsos, 'status=CANCELLED')).toContain(tasks['distribusi-pmt'].id);
    expect(await inboxTaskIds(staffDpmd, 'status=CANCELLED')).toEqual(
      expect.arrayContaining([tasks['dana-desa-stunting'].id, verifikasi.id]),
    );
    const late = await submit(staffDinsos, tasks['distribusi-pmt'].id, {
      paketPmt: { '35.13.07.2001': 40 },
      sumberDana: 'APBN',
    });
    expect(late.status).toBe(409);
    expect((await api(lead).post(`/projects/${started.id}/cancel`, { reason: 'lagi' })).status).toBe(409);

    const trail = await audit(started.id);
    expect(trail.find((e) => e.action === 'PROJECT_CANCELLED')).toMatchObject({
      actorUser: { fullName: 'Nur Hidayati' },
      detail: { reason: 'Digabung dengan program konvergensi provinsi' },
    });
    expect(
      trail
        .filter((e) => e.action === 'TASK_CANCELLED')
        .map((e) => e.taskId)
        .sort(),
    ).toEqual([tasks['distribusi-pmt'].id, tasks['dana-desa-stunting'].id, verifikasi.id].sort());
  });

  it('versions a template: refuses invalid ones and non-authors, running projects keep their version', async () => {
    const v1 = await api(lead).post('/templates', templateV1);
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ code, version: 1, category: 'PROGRAM' });
    const p1 = await startFromTemplate({ templateCode: code, parameters: { kecamatan: '35.13.15' } });
    expect(p1.steps.map((s) => s.key)).toEqual(['data-sanitasi', 'bantuan-keluarga']);
    await Promise.all(['data-sanitasi', 'bantuan-keluarga'].map((key) => stepTask(p1.id, key)));

    // Every problem at once, each naming where it is; nothing is saved.
    const step = (key: string, agency: string, dependsOn: string[]) => ({
      key,
      title: `Langkah ${key}`,
      instructions: 'Kerjakan.',
      owner: { agency },
      form: { fields: [{ key: 'laporan', label: 'Laporan', type: 'longtext', required: true }] },
      sla: tenMinutes,
      dependsOn,
    });
    const invalid = await api(lead).post('/templates', {
      ...templateV1,
      steps: [
        { ...step('data', 'DINKES', []), form: { fields: [] } },
        step('survei', 'DINAS-FIKTIF', ['data']),
        step('verifikasi', 'DINSOS', ['rekap']),
        step('rekap', 'DPUPR', ['verifikasi']),
        step('publikasi', 'DISKOMINFO', ['tidak-ada']),
      ],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toEqual([
      'steps[0].form: must have at least one field',
      'steps[1].owner: unknown OPD "DINAS-FIKTIF"',
      'steps[4].dependsOn: unknown step "tidak-ada"',
      'steps: dependency cycle verifikasi → rekap → verifikasi',
    ]);

    // Only ADMIN and LEAD author templates.
    for (const token of [staffDinkes, kepalaDinkes, sekda]) {
      const refused = await api(token).post('/templates', templateV2);
      expect(refused.status).toBe(403);
    }

    const v2 = await api(lead).post('/templates', templateV2);
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ code, version: 2 });

    const latest = await api(staffDinkes).get(`/templates/${code}`);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ code, version: 2, definition: { steps: templateV2.steps } });
    expect(latest.body.versions.map((v: any) => v.version)).toEqual([1, 2]);
    const first = await api(staffDinkes).get(`/templates/${code}/versions/1`);
    expect(first.status).toBe(200);
    expect(first.body.definition.steps.map((s: any) => s.key)).toEqual(['data-sanitasi', 'bantuan-keluarga']);
    expect((await api(staffDinkes).get(`/templates/${code}/versions/3`)).status).toBe(404);
    const list = await api(staffDinkes).get('/templates');
    expect(list.body.find((t: any) => t.code === code)).toMatchObject({ version: 2, versions: 2 });
    expect(list.body.find((t: any) => t.code === 'percepatan-penurunan-stunting')).toBeDefined();

    // The running project keeps version 1 and its two steps; new projects get version 2 unless told otherwise.
    const running = await project(p1.id);
    expect(running.template).toMatchObject({ code, version: 1 });
    expect(running.steps.map((s: any) => s.key)).toEqual(['data-sanitasi', 'bantuan-keluarga']);
    const pinned = await startFromTemplate({
      templateCode: code,
      templateVersion: 1,
      parameters: { kecamatan: '35.13.16' },
    });
    expect(pinned.steps).toHaveLength(2);
    expect(
      (
        await api(lead).post('/projects/from-template', {
          templateCode: code,
          templateVersion: 3,
          parameters: { kecamatan: '35.13.16' },
        })
      ).status,
    ).toBe(404);
    const badParameters = await api(lead).post('/projects/from-template', {
      templateCode: code,
      parameters: { kecamatan: '35.13.99', tahun: '2026' },
    });
    expect(badParameters.status).toBe(400);
    expect(badParameters.body.message).toEqual([
      'parameters.tahun: not a parameter of this template',
      'parameters.kecamatan: "35.13.99" is not a kecamatan of Kabupaten Probolinggo (kode wilayah such as 35.13.08)',
    ]);
    const staffStart = await api(staffDinkes).post('/projects/from-template', {
      templateCode: code,
      parameters: { kecamatan: '35.13.16' },
    });
    expect(staffStart.status).toBe(403);

    for (const id of [p1.id, pinned.id]) {
      expect((await api(lead).post(`/projects/${id}/cancel`, { reason: 'Uji versi selesai' })).status).toBe(
        200,
      );
      await projectStatus(id, 'CANCELLED');
      projects.cancelled.push(id);
    }
  });

  it('runs parallel branches into a join; refuses contributions that do not fit the form; returns and resubmits', async () => {
    const kec = '35.13.07';
    const started = await startFromTemplate({ templateCode: code, parameters: { kecamatan: kec } });
    expect(started.steps.map((s) => [s.key, s.agencyCode])).toEqual([
      ['data-sanitasi', 'DINKES'],
      ['bantuan-keluarga', 'DINSOS'],
      ['pembangunan-jamban', 'DPUPR'],
    ]);
    const [sanitasi, bantuan] = await Promise.all([
      stepTask(started.id, 'data-sanitasi'),
      stepTask(started.id, 'bantuan-keluarga'),
    ]);
    const before = await project(started.id);
    expect(before.template).toMatchObject({ code, version: 2 });
    expect(before.steps.find((s: any) => s.key === 'pembangunan-jamban')).toMatchObject({
      status: 'WAITING',
      task: null,
      plannedAgency: 'DPUPR',
      dependsOn: ['data-sanitasi', 'bantuan-keluarga'],
    });

    // Contributions that do not fit the form: every problem, field by field; nothing is recorded.
    const wrong = await submit(staffDinkes, sanitasi.id, {
      rumahTanggaTanpaJamban: { [`${kec}.2001`]: 'empat puluh', Tiris: 5, [kec]: 3 },
      catatan: 'Belum lengkap',
      jumlahKk: 12,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toEqual([
      'values.jumlahKk: is not a field of this form',
      `values.rumahTanggaTanpaJamban.${kec}.2001: must be a whole number`,
      'values.rumahTanggaTanpaJamban.Tiris: is not a kode wilayah desa (e.g. 35.13.08.2001)',
      `values.rumahTanggaTanpaJamban.${kec}: is not a kode wilayah desa (e.g. 35.13.08.2001)`,
      'values.tanggalPendataan: is required',
    ]);
    expect(wrong.body.fieldErrors).toEqual(
      expect.arrayContaining([{ field: 'tanggalPendataan', message: 'is required' }]),
    );
    const wrongDinsos = await submit(staffDinsos, bantuan.id, {
      keluargaPenerima: { [`${kec}.2001`]: -3 },
      sumberDana: 'APBN',
    });
    expect(wrongDinsos.status).toBe(400);
    expect(wrongDinsos.body.message).toEqual([
      `values.keluargaPenerima.${kec}.2001: must be at least 0`,
      'values.sumberDana: must be one of: APBD Kabupaten, Dana Desa, CSR / mitra',
    ]);
    const badDate = await submit(staffDinkes, sanitasi.id, {
      ...sanitasiValues(kec),
      tanggalPendataan: '2/3/2026',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toEqual(['values.tanggalPendataan: must be a date in the form YYYY-MM-DD']);
    expect((await api(staffDinkes).get(`/tasks/${sanitasi.id}/contributions`)).body).toEqual([]);
    expect((await api(staffDinkes).get(`/tasks/${sanitasi.id}`)).body.status).toBe('ASSIGNED');

    // One branch done: the project workflow has seen it, and the join has still not started.
    await submitAndAccept(staffDinsos, bantuan.id, bantuanValues(kec));
    await eventually(
      async () =>
        (await workflowSnapshot(started.id)).steps?.find((s) => s.key === 'bantuan-keluarga')?.done === true,
    );
    const halfway = await project(started.id);
    expect(halfway.steps.map((s: any) => [s.key, s.status])).toEqual([
      ['data-sanitasi', 'ASSIGNED'],
      ['bantuan-keluarga', 'COMPLETED'],
      ['pembangunan-jamban', 'WAITING'],
    ]);
    expect((await inbox(staffDpupr)).filter((t) => t.project.id === started.id)).toEqual([]);

    // The other branch: claimed, submitted, returned with a reason, resubmitted, accepted.
    const claimed = await api(staffDinkes).post(`/tasks/${sanitasi.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.state).toBe('CLAIMED');
    const firstVersion = { ...sanitasiValues(kec), rumahTanggaTanpaJamban: { [`${kec}.2001`]: 42 } };
    const v1 = await submit(staffDinkes, sanitasi.id, firstVersion);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ state: 'SUBMITTED', contributionVersion: 1 });
    const noNote = await api(lead).post(`/tasks/${sanitasi.id}/review`, { decision: 'RETURN' });
    expect(noNote.status).toBe(400);
    const note = 'Data Desa 2003 belum masuk, lengkapi dari Puskesmas Tiris.';
    const returned = await api(lead).post(`/tasks/${sanitasi.id}/review`, { decision: 'RETURN', note });
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('RETURNED');
    expect(await inboxTaskIds(staffDinkes, 'status=RETURNED')).toContain(sanitasi.id);
    const history = await api(staffDinkes).get(`/tasks/${sanitasi.id}/history`);
    expect(history.body.find((e: any) => e.action === 'CONTRIBUTION_RETURNED')).toMatchObject({
      actorUser: { fullName: 'Nur Hidayati' },
      detail: { version: 1, note },
    });
    expect(
      (await project(started.id)).steps.find((s: any) => s.key === 'pembangunan-jamban').task,
    ).toBeNull();

    const v2 = await submit(staffDinkes, sanitasi.id, sanitasiValues(kec));
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ state: 'SUBMITTED', contributionVersion: 2 });
    expect(
      (await project(started.id)).steps.find((s: any) => s.key === 'pembangunan-jamban').task,
    ).toBeNull();
    const accepted = await api(lead).post(`/tasks/${sanitasi.id}/review`, { decision: 'ACCEPT' });
    expect(accepted.status).toBe(200);

    const contributions = await api(staffDinkes).get(`/tasks/${sanitasi.id}/contributions`);
    expect(contributions.status).toBe(200);
    expect(contributions.body).toMatchObject([
      {
        version: 1,
        status: 'RETURNED',
        values: firstVersion,
        reviewNote: note,
        submittedBy: { fullName: 'Siti Aminah' },
        reviewedBy: { fullName: 'Nur Hidayati' },
      },
      { version: 2, status: 'ACCEPTED', values: sanitasiValues(kec), reviewNote: null },
    ]);

    // Both branches accepted: the join appears in DPUPR's inbox with its own form.
    const join = await stepTask(started.id, 'pembangunan-jamban');
    const dpuprInbox = (await inbox(staffDpupr)).filter((t) => t.project.id === started.id);
    expect(dpuprInbox.map((t) => t.id)).toEqual([join.id]);
    expect(dpuprInbox[0]).toMatchObject({ stepKey: 'pembangunan-jamban', agency: { code: 'DPUPR' } });
    expect(dpuprInbox[0].form).toEqual(boundTo(pembangunanJamban.form, kec));
    const sanitasiDone = (await api(lead).get(`/tasks/${sanitasi.id}`)).body;
    expect(Date.parse(join.createdAt)).toBeGreaterThanOrEqual(Date.parse(sanitasiDone.completedAt));
    await submitAndAccept(staffDpupr, join.id, jambanValues(kec));

    const completed = await projectStatus(started.id, 'COMPLETED');
    projects.completed.push(started.id);
    expect(completed.steps.map((s: any) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    const trail = (await audit(started.id)).map((e) => `${e.action}:${e.taskId ?? ''}`);
    const joinAssigned = trail.indexOf(`TASK_ASSIGNED:${join.id}`);
    expect(joinAssigned).toBeGreaterThan(trail.lastIndexOf(`CONTRIBUTION_ACCEPTED:${sanitasi.id}`));
    expect(joinAssigned).toBeGreaterThan(trail.lastIndexOf(`CONTRIBUTION_ACCEPTED:${bantuan.id}`));
    expect(trail.filter((a) => a.startsWith('CONTRIBUTION_SUBMITTED:'))).toHaveLength(4);
    expect(trail.at(-1)).toBe('PROJECT_COMPLETED:');
  });

  it('escalates a task left open as leadership sees it: answered, level 2, extended once, resolved', async () => {
    const kec = '35.13.23';
    const started = await startFromTemplate({ templateCode: code, parameters: { kecamatan: kec } });
    const [sanitasi, bantuan] = await Promise.all([
      stepTask(started.id, 'data-sanitasi'),
      stepTask(started.id, 'bantuan-keluarga'),
    ]);
    await Promise.all([
      submitAndAccept(staffDinkes, sanitasi.id, sanitasiValues(kec)),
      submitAndAccept(staffDinsos, bantuan.id, bantuanValues(kec)),
    ]);
    const join = await stepTask(started.id, 'pembangunan-jamban');

    // Past its 6-second deadline the task reaches level 1 (Kepala OPD) on the board.
    const level1 = await eventually(async () =>
      (await board(sekda, 'level=1')).items.find((e) => e.task.id === join.id),
    );
    expect(level1).toMatchObject({
      level: 1,
      levelTitle: 'Kepala OPD',
      status: 'OPEN',
      instruction: null,
      agency: { code: 'DPUPR' },
      project: { id: started.id },
      task: { id: join.id, status: 'ASSIGNED', reassignmentCount: 0 },
      ageMinutes: 0,
    });
    expect(Date.parse(level1.openedAt)).toBeGreaterThanOrEqual(Date.parse(level1.task.dueAt));
    expect((await board(sekda)).byLevel['1']).toBeGreaterThanOrEqual(1);
    expect((await board(kepalaDpupr)).items.map((e) => e.id)).toContain(level1.id);
    expect((await board(kepalaDinkes)).items.map((e) => e.id)).not.toContain(level1.id);
    expect((await api(staffDpupr).get('/escalations')).status).toBe(403);
    expect(await inboxTaskIds(staffDpupr, 'overdue=true')).toContain(join.id);
    expect((await project(started.id)).steps.find((s: any) => s.key === 'pembangunan-jamban').late).toBe(
      true,
    );

    // Separation of duties: DPUPR's staff and its own Kepala do not answer, nor another OPD's head; the
    // project's lead (BAPPEDA) does, and it enters the timeline.
    const instruction = 'Kerahkan tim Cipta Karya, jamban komunal selesai minggu ini.';
    expect((await api(staffDpupr).post(`/escalations/${level1.id}/answer`, { instruction })).status).toBe(
      403,
    );
    expect((await api(kepalaDinkes).post(`/escalations/${level1.id}/answer`, { instruction })).status).toBe(
      403,
    );
    const ownHead = await api(kepalaDpupr).post(`/escalations/${level1.id}/answer`, { instruction });
    expect(ownHead.status).toBe(403);
    expect(ownHead.body.message).toMatch(/^separation of duties/);
    const answered = await api(lead).post(`/escalations/${level1.id}/answer`, { instruction });
    expect(answered.status).toBe(200);
    expect(answered.body.escalationLevel).toBe(1);
    const onBoard = (await board(sekda, 'level=1')).items.find((e) => e.id === level1.id);
    expect(onBoard).toMatchObject({
      status: 'ANSWERED',
      instruction,
      answeredBy: { fullName: 'Nur Hidayati' },
    });
    expect((await audit(started.id)).find((e) => e.action === 'ESCALATION_ANSWERED')).toMatchObject({
      taskId: join.id,
      actorUser: { fullName: 'Nur Hidayati' },
      actorAgency: { code: 'BAPPEDA' },
      detail: { level: 1, instruction },
    });

    // Still open after level 1's time (counted again from the answer): level 2, Sekda.
    const level2 = await eventually(async () =>
      (await board(sekda, 'level=2')).items.find((e) => e.task.id === join.id),
    );
    expect(level2).toMatchObject({ level: 2, levelTitle: 'Sekretaris Daerah', status: 'OPEN' });
    expect(Date.parse(level2.openedAt) - Date.parse(onBoard.answeredAt)).toBeGreaterThanOrEqual(7_900);
    expect((await board(sekda, 'status=SUPERSEDED')).items.map((e) => e.id)).toContain(level1.id);
    expect((await board(sekda)).items.filter((e) => e.task.id === join.id).map((e) => e.level)).toEqual([2]);
    // Level 2 names the Sekda: the lead no longer answers it.
    const notSekda = await api(lead).post(`/escalations/${level2.id}/answer`, { instruction: 'Siap' });
    expect(notSekda.status).toBe(403);
    expect(notSekda.body.message).toMatch(/Sekda/);

    // Sekda extends the deadline once, with a reason.
    const reason = 'Material pipa baru tiba dari penyedia; beri waktu tambahan.';
    // Long enough for the checks below to run before the new deadline passes, even on a loaded machine.
    const extended = await api(sekda).post(`/escalations/${level2.id}/extend`, {
      extension: seconds(6),
      reason,
    });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ escalationLevel: 0, deadlineExtended: true });
    expect((await board(sekda)).items.filter((e) => e.task.id === join.id)).toEqual([]);
    const afterExtension = (await api(staffDpupr).get(`/tasks/${join.id}`)).body;
    expect(afterExtension).toMatchObject({
      deadlineExtended: true,
      escalationLevel: 0,
      dueAt: extended.body.dueAt,
    });
    expect((await audit(started.id)).find((e) => e.action === 'DEADLINE_EXTENDED')).toMatchObject({
      taskId: join.id,
      actorUser: { fullName: 'H. Ugas Irwanto' },
      detail: { level: 2, extension: '6 detik', reason, dueAt: extended.body.dueAt },
    });

    // The new deadline passes too: escalated again, but a second extension is refused.
    const again = await eventually(async () =>
      (await board(sekda, 'level=1')).items.find((e) => e.task.id === join.id && e.id !== level1.id),
    );
    const second = await api(sekda).post(`/escalations/${again.id}/extend`, {
      extension: seconds(30),
      reason,
    });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/already extended/);

    // Completing the task takes it off the board.
    await submitAndAccept(staffDpupr, join.id, jambanValues(kec));
    expect((await board(sekda)).items.filter((e) => e.task.id === join.id)).toEqual([]);
    const resolved = (await board(sekda, 'status=RESOLVED')).items.map((e) => e.id);
    expect(resolved).toEqual(expect.arrayContaining([level2.id, again.id]));
    await projectStatus(started.id, 'COMPLETED');
    projects.completed.push(started.id);

    const history = await api(lead).get(`/tasks/${join.id}/history`);
    expect(
      history.body.map((e: any) =>
        e.action === 'TASK_ESCALATED' ? `${e.action}:${e.detail.level}` : e.action,
      ),
    ).toEqual([
      'TASK_ASSIGNED',
      'TASK_REMINDER',
      'TASK_REMINDER',
      'TASK_ESCALATED:1',
      'ESCALATION_ANSWERED',
      'TASK_ESCALATED:2',
      'DEADLINE_EXTENDED',
      'TASK_REMINDER',
      'TASK_REMINDER',
      'TASK_ESCALATED:1',
      'CONTRIBUTION_SUBMITTED',
      'CONTRIBUTION_ACCEPTED',
    ]);
  });

  it('lets the lead add an OPD and reassign a step; scorecards show it', async () => {
    const kec = '35.13.01';
    const started = await startFromTemplate({ templateCode: code, parameters: { kecamatan: kec } });
    const [sanitasi, bantuan] = await Promise.all([
      stepTask(started.id, 'data-sanitasi'),
      stepTask(started.id, 'bantuan-keluarga'),
    ]);

    // "One has the work, the others join in": BPBD joins the running project.
    const addition = {
      agencyCode: 'BPBD',
      title: 'Data desa rawan banjir di lokasi jamban komunal',
      instructions: 'Tandai desa yang rawan banjir agar jamban dibangun di lokasi aman.',
      sla: tenMinutes,
    };
    expect((await api(staffDinkes).post(`/projects/${started.id}/agencies`, addition)).status).toBe(403);
    const unknown = await api(lead).post(`/projects/${started.id}/agencies`, {
      ...addition,
      agencyCode: 'NOPE',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['agencyCode: unknown OPD code(s): NOPE']);
    const added = await api(lead).post(`/projects/${started.id}/agencies`, addition);
    expect(added.status).toBe(200);
    expect(added.body.steps.map((s: any) => [s.key, s.agencyCode])).toEqual([
      ['data-sanitasi', 'DINKES'],
      ['bantuan-keluarga', 'DINSOS'],
      ['pembangunan-jamban', 'DPUPR'],
      ['tambahan-bpbd', 'BPBD'],
    ]);
    const bpbdTask = await stepTask(started.id, 'tambahan-bpbd');
    const bpbdInbox = (await inbox(staffBpbd)).filter((t) => t.project.id === started.id);
    expect(bpbdInbox).toHaveLength(1);
    expect(bpbdInbox[0]).toMatchObject({
      id: bpbdTask.id,
      title: addition.title,
      instructions: addition.instructions,
      agency: { code: 'BPBD' },
      form: { fields: [{ key: 'summary', type: 'longtext', required: true }] },
    });
    expect((await project(started.id, staffBpbd)).participants.map((p: any) => p.agency.code)).toContain(
      'BPBD',
    );
    expect((await audit(started.id)).find((e) => e.action === 'AGENCY_ADDED')).toMatchObject({
      actorUser: { fullName: 'Nur Hidayati' },
      detail: { step: 'tambahan-bpbd', agency: 'BPBD', title: addition.title },
    });

    // The lead moves the sanitation data to DPUPR (Cipta Karya keeps it), with a reason.
    expect(await inboxTaskIds(staffDinkes, 'status=ASSIGNED')).toContain(sanitasi.id);
    const reason = 'Data jamban dan sanitasi dikelola Bidang Cipta Karya DPUPR';
    expect(
      (await api(kepalaDinkes).post(`/tasks/${sanitasi.id}/reassign`, { toAgencyCode: 'DPUPR', reason }))
        .status,
    ).toBe(403);
    expect((await api(lead).post(`/tasks/${sanitasi.id}/reassign`, { toAgencyCode: 'DPUPR' })).status).toBe(
      400,
    );
    const moved = await api(lead).post(`/tasks/${sanitasi.id}/reassign`, { toAgencyCode: 'DPUPR', reason });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ state: 'ASSIGNED', reassignmentCount: 1 });
    expect(await inboxTaskIds(staffDinkes)).not.toContain(sanitasi.id);
    expect(await inboxTaskIds(staffDpupr, 'status=ASSIGNED')).toContain(sanitasi.id);
    const movedTask = (await api(staffDpupr).get(`/tasks/${sanitasi.id}`)).body;
    expect(movedTask).toMatchObject({ agency: { code: 'DPUPR' }, status: 'ASSIGNED', reassignmentCount: 1 });
    expect(movedTask.form).toEqual(boundTo(dataSanitasi.form, kec));
    expect((await project(started.id)).steps.find((s: any) => s.key === 'data-sanitasi')).toMatchObject({
      plannedAgency: 'DINKES',
      task: { id: sanitasi.id, agency: { code: 'DPUPR' }, reassignmentCount: 1 },
    });
    // DINKES still takes part (read-only) but no longer works the task.
    expect((await api(staffDinkes).get(`/tasks/${sanitasi.id}`)).status).toBe(200);
    expect((await submit(staffDinkes, sanitasi.id, sanitasiValues(kec))).status).toBe(403);
    const reassigned = (await api(lead).get(`/tasks/${sanitasi.id}/history`)).body.find(
      (e: any) => e.action === 'TASK_REASSIGNED',
    );
    expect(reassigned).toMatchObject({
      actorUser: { fullName: 'Nur Hidayati' },
      detail: { reason, reassignmentCount: 1 },
    });

    // Every template step done, but the added OPD's task is still open: the project does not complete.
    await Promise.all([
      submitAndAccept(staffDpupr, sanitasi.id, sanitasiValues(kec)),
      submitAndAccept(staffDinsos, bantuan.id, bantuanValues(kec)),
    ]);
    const join = await stepTask(started.id, 'pembangunan-jamban');
    await submitAndAccept(staffDpupr, join.id, jambanValues(kec));
    await eventually(async () => {
      const snapshot = await workflowSnapshot(started.id);
      return snapshot.steps?.filter((s) => s.done).length === 3 ? snapshot : undefined;
    });
    const waiting = await project(started.id);
    expect(waiting.status).toBe('ACTIVE');
    expect(waiting.steps.map((s: any) => [s.key, s.status])).toEqual([
      ['data-sanitasi', 'COMPLETED'],
      ['bantuan-keluarga', 'COMPLETED'],
      ['pembangunan-jamban', 'COMPLETED'],
      ['tambahan-bpbd', 'ASSIGNED'],
    ]);
    const report = await submit(staffBpbd, bpbdTask.id, {
      summary: 'Desa Ngadisari dan Wonokerto rawan banjir',
    });
    expect(report.status).toBe(200);
    expect((await project(started.id)).status).toBe('ACTIVE');
    expect((await api(lead).post(`/tasks/${bpbdTask.id}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    await projectStatus(started.id, 'COMPLETED');
    projects.completed.push(started.id);

    // Scorecards: leadership sees every OPD; a Kepala OPD only its own; staff none.
    const cards = await api(sekda).get(`/scorecards?from=${suiteStartedAt}`);
    expect(cards.status).toBe(200);
    const card = (agencyCode: string) => cards.body.opd.find((c: any) => c.agencyCode === agencyCode);
    expect(card('DINKES').reassignmentsAway).toBeGreaterThanOrEqual(1);
    // The escalation scenario's DPUPR task went to level 1, level 2, and level 1 again.
    expect(card('DPUPR').escalationsReceived).toBeGreaterThanOrEqual(3);
    expect(card('DPUPR').escalationsByLevel['1']).toBeGreaterThanOrEqual(2);
    expect(card('DPUPR').escalationsByLevel['2']).toBeGreaterThanOrEqual(1);
    expect(card('DPUPR').completed).toBeGreaterThanOrEqual(4);
    // Exactly this reassignment, in a period of one millisecond around it.
    const at = Date.parse(reassigned.occurredAt);
    const instant = await api(sekda).get(
      `/scorecards?from=${new Date(at).toISOString()}&to=${new Date(at + 1).toISOString()}`,
    );
    expect(instant.body.opd.find((c: any) => c.agencyCode === 'DINKES').reassignmentsAway).toBe(1);
    expect(instant.body.opd.find((c: any) => c.agencyCode === 'DPUPR').reassignmentsAway).toBe(0);

    const own = await api(kepalaDinkes).get(`/scorecards?from=${suiteStartedAt}`);
    expect(own.status).toBe(200);
    expect(own.body.opd.map((c: any) => c.agencyCode)).toEqual(['DINKES']);
    expect(own.body.opd[0].reassignmentsAway).toBeGreaterThanOrEqual(1);
    // A Kepala's escalation count agrees with the escalations on its own board in the same period.
    await eventually(async () => {
      const to = new Date().toISOString();
      const [scorecard, ...boards] = await Promise.all([
        api(kepalaDpupr).get(`/scorecards?from=${suiteStartedAt}&to=${to}`),
        ...['OPEN', 'ANSWERED', 'SUPERSEDED', 'RESOLVED'].map((s) => board(kepalaDpupr, `status=${s}`)),
      ]);
      const onBoards = boards
        .flatMap((b) => b.items)
        .filter((e) => e.openedAt >= suiteStartedAt && e.openedAt < to).length;
      const dpupr = scorecard.body.opd;
      return dpupr.length === 1 && dpupr[0].escalationsReceived === onBoards && onBoards >= 3;
    });
    expect((await api(staffDinkes).get('/scorecards')).status).toBe(403);
    expect((await api(lead).get('/scorecards')).status).toBe(403);
  });

  it('gives leadership an overview of active, completed and cancelled projects', async () => {
    expect(projects.completed).toHaveLength(3);
    expect(projects.cancelled).toHaveLength(3);
    const overview = await api(sekda).get('/projects/overview');
    expect(overview.status).toBe(200);
    const counts = overview.body.projects;
    expect(counts.COMPLETED - overviewBefore.COMPLETED).toBeGreaterThanOrEqual(projects.completed.length);
    expect(counts.CANCELLED - overviewBefore.CANCELLED).toBeGreaterThanOrEqual(projects.cancelled.length);
    expect(overview.body).toMatchObject({
      openTasks: expect.any(Number),
      overdueTasks: expect.any(Number),
      openEscalations: expect.any(Number),
    });

    // The same numbers as the project list by status (other test files may run alongside: retry on a race).
    await eventually(async () => {
      const [now, ...lists] = await Promise.all([
        api(sekda).get('/projects/overview'),
        ...['ACTIVE', 'COMPLETED', 'CANCELLED'].map((s) =>
          api(sekda).get(`/projects?status=${s}&pageSize=100`),
        ),
      ]);
      return (['ACTIVE', 'COMPLETED', 'CANCELLED'] as const).every(
        (s, i) => now.body.projects[s] === lists[i]!.body.total,
      );
    });
    const completed = await api(sekda).get('/projects?status=COMPLETED&pageSize=100');
    expect(completed.body.items.map((p: any) => p.id)).toEqual(expect.arrayContaining(projects.completed));
    const cancelled = await api(sekda).get('/projects?status=CANCELLED&pageSize=100');
    expect(cancelled.body.items.map((p: any) => p.id)).toEqual(expect.arrayContaining(projects.cancelled));

    // A Kepala OPD sees the projects its OPD takes part in; staff and leads do not get the overview.
    const own = await api(kepalaDinkes).get('/projects/overview');
    expect(own.status).toBe(200);
    expect(own.body.projects.COMPLETED).toBeGreaterThanOrEqual(3);
    // Completed projects only ever grow, so the regency-wide count read afterwards bounds the OPD's.
    const regency = await api(sekda).get('/projects/overview');
    expect(own.body.projects.COMPLETED).toBeLessThanOrEqual(regency.body.projects.COMPLETED);
    expect((await api(staffDinkes).get('/projects/overview')).status).toBe(403);
    expect((await api(lead).get('/projects/overview')).status).toBe(403);
  });
});
