import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { ACKNOWLEDGEMENT_FORM, SITREP_FORM } from '@gotong/domain/emergency';
import type { FormSchema } from '@gotong/domain/form-schema';
import { SUMMARY_FORM } from '../apps/api/src/projects/project-planner';
import {
  RECEIVED_FORM,
  RESPONSE_FORM_V2,
  SENT_FORM,
} from '@gotong/workflows/incident/resource-request.workflow';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * A seeded flood (banjir) in Kecamatan Tongas driven through the real stack
 * (Nest API, Temporal worker and dev server, Postgres, Redis), over HTTP as
 * the users would: BPBD declares it, the response matrix mobilises the OPD
 * clusters, OPDs acknowledge and send sitreps through their ordinary inbox,
 * DINSOS asks DPUPR for resources, the command steers the response and closes
 * it with an after-action summary.
 *
 * The severity policy is real (BERAT: acknowledge within 15 minutes, a sitrep
 * every 6 hours), so nothing escalates while the test runs: the test asserts
 * the deadlines the API reports; escalation in seconds is the workflow tests'
 * (test/incident-workflows.spec.ts).
 *
 * The tests run in order on one incident; each builds on the state the
 * previous ones left. The last declares a second incident (leadership, a
 * drought over two kecamatan, siaga then closed). DISPENDUKCAPIL, mobilised
 * during the response, has no demo user: the test creates one in the
 * database. Other test files may run alongside on the same database, so
 * every lookup is by this test's own ids, never by global counts.
 */
describe('a flood in Kecamatan Tongas through the real stack (API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let staffBpbd: string;
  let kepalaBpbd: string;
  let staffDinkes: string;
  let kepalaDinkes: string;
  let staffDinsos: string;
  let staffDpupr: string;
  let lead: string;
  let sekda: string;
  let userIds: Record<string, string>;

  const TAG = randomBytes(3).toString('hex');
  const TONGAS = '35.13.23';
  const DESA_1 = '35.13.23.2001';
  const DESA_2 = '35.13.23.2002';
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;

  /** The incident under test, set by the declaration. */
  let incidentId: string;
  let projectId: string;
  /** The two resource requests (DINSOS → DPUPR). */
  let tankerRequestId: string;
  let excavatorRequestId: string;
  /** The task the command assigned to DINSOS. */
  let dapurUmumTaskId: string;

  const FLOOD_MATRIX = [
    { agencyCode: 'BPBD', clusters: ['KOMANDO', 'PENGUNGSIAN_LOGISTIK'] },
    { agencyCode: 'DINKES', clusters: ['KESEHATAN'] },
    { agencyCode: 'DINSOS', clusters: ['PENGUNGSIAN_LOGISTIK'] },
    { agencyCode: 'DP3AP2KB', clusters: ['PENGUNGSIAN_LOGISTIK'] },
    { agencyCode: 'DPUPR', clusters: ['SARANA_PRASARANA'] },
    { agencyCode: 'SATPOLPP', clusters: ['KEAMANAN_KETERTIBAN'] },
    { agencyCode: 'DISHUB', clusters: ['TRANSPORTASI'] },
    { agencyCode: 'DISKOMINFO', clusters: ['INFORMASI_PUBLIK'] },
    { agencyCode: 'DISPENDIK', clusters: ['PENDIDIKAN'] },
    { agencyCode: 'DLH', clusters: ['LINGKUNGAN'] },
    { agencyCode: 'KEC-TONGAS', clusters: ['KECAMATAN'] },
  ];
  const ACKNOWLEDGING = ['BPBD', 'DINKES', 'DINSOS', 'DPUPR'];
  /** The OPDs of the flood whose clusters have sitrep duty (SITREP_DUTY); the others acknowledge only. */
  const OWING_SITREPS = ['BPBD', 'DINKES', 'DINSOS', 'DP3AP2KB', 'DPUPR', 'KEC-TONGAS'];

  beforeAll(async () => {
    stack = await startStack();
    [staffBpbd, kepalaBpbd, staffDinkes, kepalaDinkes, staffDinsos, staffDpupr, lead, sekda] =
      await Promise.all([
        stack.login('staff.bpbd'),
        stack.login('kepala.bpbd'),
        stack.login('staff.dinkes'),
        stack.login('kepala.dinkes'),
        stack.login('staff.dinsos'),
        stack.login('staff.dpupr'),
        stack.login('lead.bappeda'),
        stack.login('sekda'),
      ]);
    const users = await stack.db.user.findMany({
      where: { username: { in: ['staff.bpbd', 'kepala.bpbd', 'staff.dinkes', 'staff.dinsos', 'sekda'] } },
      select: { id: true, username: true },
    });
    userIds = Object.fromEntries(users.map((u) => [u.username, u.id]));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token: string) => http(stack.baseUrl, token);

  async function dashboard(token = staffBpbd): Promise<any> {
    const res = await api(token).get(`/incidents/${incidentId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The dashboard once `check` holds for it. */
  function dashboardWhen(check: (d: any) => boolean, timeoutMs?: number): Promise<any> {
    return eventually(async () => {
      const res = await api(staffBpbd).get(`/incidents/${incidentId}`);
      return res.status === 200 && check(res.body) ? res.body : undefined;
    }, timeoutMs);
  }

  const agencyOf = (d: any, code: string): any => d.agencies.find((a: any) => a.code === code);

  /** A task of this incident in the caller's inbox (Kotak Tugas), once the workflow has created it. */
  function inboxTask(token: string, stepKey: string): Promise<any> {
    return eventually(async () => {
      for (let page = 1; ; page++) {
        const res = await api(token).get(`/inbox?projectId=${projectId}&pageSize=100&page=${page}`);
        expect(res.status).toBe(200);
        const found = res.body.items.find((t: any) => t.project.id === projectId && t.stepKey === stepKey);
        if (found) return found;
        if (page * 100 >= res.body.total) return undefined;
      }
    });
  }

  /** Submits the values; acknowledgements, sitreps and request stages complete on submission. */
  async function complete(token: string, taskId: string, values: Record<string, unknown>) {
    const res = await api(token).post(`/tasks/${taskId}/contribution`, { values });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'COMPLETED', contributionVersion: 1 });
    return res.body;
  }

  function requestStatus(requestId: string, status: string): Promise<any> {
    return dashboardWhen((d) => d.requests.some((r: any) => r.id === requestId && r.status === status));
  }

  const declaration = {
    type: 'banjir',
    severity: 'BERAT',
    kecamatan: [TONGAS],
    desa: [DESA_1, DESA_2],
    description: `Luapan Sungai Tongas sejak pukul 02.00, air setinggi 80 cm (uji ${TAG})`,
  };

  // -------------------------------------------------------------------------

  it('refuses a declaration from outside the command, for an unknown kecamatan or type, or a desa elsewhere', async () => {
    const byDinkes = await api(staffDinkes).post('/incidents', declaration);
    expect(byDinkes.status).toBe(403);
    expect(byDinkes.body.message).toBe(
      'only BPBD (the command) or leadership declare and steer an emergency',
    );
    // A LEAD starts joint projects, not emergencies.
    expect((await api(lead).post('/incidents', declaration)).status).toBe(403);

    const unknownKecamatan = await api(staffBpbd).post('/incidents', {
      ...declaration,
      kecamatan: ['35.13.99'],
    });
    expect(unknownKecamatan.status).toBe(400);
    expect(unknownKecamatan.body.message).toEqual([
      'kecamatan: not a kecamatan of Kabupaten Probolinggo: 35.13.99',
    ]);

    // 35.13.07 is Tiris: its desa is not in the affected kecamatan Tongas; 35.13.23.2999 is no desa at all.
    const desaElsewhere = await api(staffBpbd).post('/incidents', {
      ...declaration,
      desa: [DESA_1, '35.13.07.2001', '35.13.23.2999'],
    });
    expect(desaElsewhere.status).toBe(400);
    expect(desaElsewhere.body.message).toEqual([
      'desa: 35.13.07.2001 (Andungbiru) does not lie in Kecamatan Tongas',
      'desa: 35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
    ]);

    const badType = await api(staffBpbd).post('/incidents', { ...declaration, type: 'tsunami' });
    expect(badType.status).toBe(400);
    expect(badType.body.message).toEqual([
      expect.stringMatching(/^type must be one of the following values/),
    ]);

    const badSeverity = await api(staffBpbd).post('/incidents', { ...declaration, severity: 'KRITIS' });
    expect(badSeverity.status).toBe(400);

    // Nothing was declared by any of them.
    expect(await stack.db.incident.count({ where: { description: declaration.description } })).toBe(0);
  });

  it('declares a BERAT flood in Tongas: the matrix mobilises the clusters, acks due in 15 minutes, sitreps every 6 hours', async () => {
    const declared = await api(staffBpbd).post('/incidents', declaration);
    expect(declared.status).toBe(201);
    expect(declared.body).toEqual({
      id: expect.any(String),
      projectId: expect.any(String),
      // Readable: the year, the type and the incident id's first 8 hex (docs/observability.md).
      workflowId: expect.stringMatching(/^incident-\d{4}-banjir-[0-9a-f]{8}$/),
      status: 'TANGGAP_DARURAT',
      mobilised: FLOOD_MATRIX,
      // Which OPDs have nobody to acknowledge depends on the users other test files create meanwhile
      // (test/coverage.e2e.spec.ts checks the warnings themselves).
      warnings: expect.any(Array),
      acknowledgeWithin: { amount: 15, unit: 'minutes' },
      sitrepEvery: { amount: 6, unit: 'hours' },
    });
    incidentId = declared.body.id;
    projectId = declared.body.projectId;

    // Every mobilised OPD has its acknowledgement; those whose clusters have sitrep duty their first sitrep.
    const d = await dashboardWhen(
      (x) =>
        x.agencies.length === FLOOD_MATRIX.length &&
        x.agencies.every(
          (a: any) =>
            a.acknowledgement !== null &&
            a.sitreps.current.length === (OWING_SITREPS.includes(a.code) ? 1 : 0),
        ),
      45_000,
    );
    // The page shows who owes sitreps: DLH, DISPENDIK and the other clusters without the duty do not.
    expect(
      d.agencies
        .filter((a: any) => a.owesSitreps)
        .map((a: any) => a.code)
        .sort(),
    ).toEqual([...OWING_SITREPS].sort());
    expect(d).toMatchObject({
      id: incidentId,
      projectId,
      title: 'Banjir — Kecamatan Tongas',
      type: 'banjir',
      severity: 'BERAT',
      status: 'TANGGAP_DARURAT',
      affectedKecamatan: [TONGAS],
      affectedDesa: [DESA_1, DESA_2],
      description: declaration.description,
      declaredById: userIds['staff.bpbd'],
      closedAt: null,
      summary: null,
      statusChanges: [
        { fromStatus: null, toStatus: 'TANGGAP_DARURAT', byUserId: userIds['staff.bpbd'], reason: null },
      ],
      requests: [],
      openRequests: [],
      tasks: [],
      rollUp: { desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] },
    });
    const byCode = (items: { code?: string; agencyCode?: string }[]) =>
      [...items].sort((a, b) => (a.code ?? a.agencyCode)!.localeCompare((b.code ?? b.agencyCode)!));
    expect(byCode(d.agencies).map((a: any) => ({ agencyCode: a.code, clusters: a.clusters }))).toEqual(
      byCode(FLOOD_MATRIX),
    );

    // The deadlines the API reports follow SEVERITY_POLICY.BERAT on the 24/7 calendar.
    const declaredAt = Date.parse(d.declaredAt);
    for (const agency of d.agencies) {
      expect(agency).toMatchObject({
        releasedAt: null,
        acknowledgement: { status: 'ASSIGNED', acknowledgedAt: null, late: false },
        sitreps: { submitted: 0, overdue: 0, latestAt: null },
        openEscalations: 0,
        highestEscalationLevel: 0,
      });
      const ackDue = Date.parse(agency.acknowledgement.dueAt) - declaredAt;
      expect(ackDue).toBeGreaterThanOrEqual(15 * MINUTE);
      // Mobilisation starts one OPD after another; allow for a slow machine.
      expect(ackDue).toBeLessThan(15 * MINUTE + 120_000);
      if (!OWING_SITREPS.includes(agency.code)) continue;
      expect(agency.sitreps.current[0].title).toBe('Laporan situasi #1: Banjir — Kecamatan Tongas');
      const sitrepDue = Date.parse(agency.sitreps.current[0].dueAt) - declaredAt;
      expect(sitrepDue).toBeGreaterThanOrEqual(6 * HOUR);
      expect(sitrepDue).toBeLessThan(6 * HOUR + 120_000);
    }
    // Exactly 15 minutes and 6 hours from the moment each task was assigned.
    const ack = await inboxTask(staffDinkes, 'ack-dinkes');
    expect(Date.parse(ack.dueAt) - Date.parse(ack.createdAt)).toBe(15 * MINUTE);
    const sitrep = await inboxTask(staffDinkes, 'sitrep-dinkes-1');
    expect(Date.parse(sitrep.dueAt) - Date.parse(sitrep.createdAt)).toBe(6 * HOUR);

    // The declaration is on the project's audit trail, by the BPBD officer.
    const audit = await api(staffBpbd).get(`/projects/${projectId}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body.find((e: any) => e.action === 'INCIDENT_DECLARED')).toMatchObject({
      actorUser: { id: userIds['staff.bpbd'] },
      detail: { type: 'banjir', severity: 'BERAT', status: 'TANGGAP_DARURAT', kecamatan: [TONGAS] },
    });
    expect(audit.body.filter((e: any) => e.action === 'OPD_MOBILISED')).toHaveLength(FLOOD_MATRIX.length);
  });

  it('shows the dashboard to a mobilised OPD, leadership and the list; refuses an OPD that is not mobilised', async () => {
    const asDinkes = await dashboard(staffDinkes);
    expect(asDinkes.id).toBe(incidentId);
    expect(asDinkes.agencies).toHaveLength(FLOOD_MATRIX.length);
    expect((await dashboard(sekda)).id).toBe(incidentId);

    // BAPPEDA is not in the flood matrix.
    const asBappeda = await api(lead).get(`/incidents/${incidentId}`);
    expect(asBappeda.status).toBe(403);
    expect(asBappeda.body.message).toBe('your OPD is not mobilised for this incident');
    expect((await api(lead).get(`/incidents/${incidentId}/sitreps`)).status).toBe(403);
    expect((await api(lead).get(`/projects/${projectId}`)).status).toBe(403);

    const listed = async (token: string) => {
      const res = await api(token).get('/incidents?status=TANGGAP_DARURAT&pageSize=100');
      expect(res.status).toBe(200);
      return res.body.items.find((i: any) => i.id === incidentId);
    };
    expect(await listed(staffDinkes)).toMatchObject({
      id: incidentId,
      projectId,
      type: 'banjir',
      severity: 'BERAT',
      status: 'TANGGAP_DARURAT',
      affectedKecamatan: [TONGAS],
      closedAt: null,
    });
    expect(await listed(lead)).toBeUndefined();

    const unknown = await api(staffBpbd).get('/incidents/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('takes acknowledgements through the ordinary inbox and task endpoints', async () => {
    const ack = await inboxTask(staffDinkes, 'ack-dinkes');
    const task = await api(staffDinkes).get(`/tasks/${ack.id}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({
      stepKey: 'ack-dinkes',
      status: 'ASSIGNED',
      title: 'Konfirmasi kesiapan: Banjir — Kecamatan Tongas',
      agency: { code: 'DINKES' },
      project: { id: projectId, status: 'ACTIVE' },
    });
    expect(task.body.form).toEqual(ACKNOWLEDGEMENT_FORM);
    // The form is checked: `siap` is required.
    const incomplete = await api(staffDinkes).post(`/tasks/${ack.id}/contribution`, {
      values: { personelDikerahkan: 12 },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.message).toEqual(['values.siap: is required']);
    // Another OPD may read it (a participant), never work it.
    expect(
      (await api(staffDinsos).post(`/tasks/${ack.id}/contribution`, { values: { siap: true } })).status,
    ).toBe(403);

    await complete(staffDinkes, ack.id, {
      siap: true,
      personelDikerahkan: 12,
      posKomando: 'Puskesmas Tongas',
    });
    const done = await api(kepalaDinkes).get(`/tasks/${ack.id}`);
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      completedBy: { id: userIds['staff.dinkes'] },
      result: { siap: true, personelDikerahkan: 12, posKomando: 'Puskesmas Tongas' },
    });
    // Completed: a second acknowledgement is refused.
    expect(
      (await api(staffDinkes).post(`/tasks/${ack.id}/contribution`, { values: { siap: true } })).status,
    ).toBe(409);

    for (const [token, code] of [
      [kepalaBpbd, 'bpbd'],
      [staffDinsos, 'dinsos'],
    ] as const) {
      const mine = await inboxTask(token, `ack-${code}`);
      await complete(token, mine.id, { siap: true, personelDikerahkan: 5 });
    }
    // DPUPR is not ready yet: shown on the dashboard, and followed up with a new acknowledgement, due within
    // the acknowledgement time (15 minutes) and escalated like a missed one.
    const dpuprAck = await inboxTask(staffDpupr, 'ack-dpupr');
    await complete(staffDpupr, dpuprAck.id, { siap: false, catatan: 'Alat berat masih di Kecamatan Tiris' });
    const followUp = await inboxTask(staffDpupr, 'ack-dpupr-ulang-1');
    expect(Date.parse(followUp.dueAt) - Date.parse(followUp.createdAt)).toBe(15 * MINUTE);
    const notReady = await dashboardWhen((x) => agencyOf(x, 'DPUPR').acknowledgement.taskId === followUp.id);
    expect(agencyOf(notReady, 'DPUPR').acknowledgement).toMatchObject({
      status: 'ASSIGNED',
      acknowledgedAt: null,
      ready: false,
      followUps: 1,
    });
    await complete(staffDpupr, followUp.id, { siap: true, personelDikerahkan: 5 });

    const d = await dashboardWhen((x) =>
      ACKNOWLEDGING.every((code) => agencyOf(x, code).acknowledgement.status === 'COMPLETED'),
    );
    for (const agency of d.agencies) {
      if (ACKNOWLEDGING.includes(agency.code)) {
        expect(agency.acknowledgement.ready).toBe(true);
        expect(agency.acknowledgement.acknowledgedAt).toEqual(expect.any(String));
        expect(Date.parse(agency.acknowledgement.acknowledgedAt)).toBeLessThan(
          Date.parse(agency.acknowledgement.dueAt),
        );
      } else {
        expect(agency.acknowledgement).toMatchObject({
          status: 'ASSIGNED',
          acknowledgedAt: null,
          late: false,
        });
      }
    }
  });

  it('rolls sitreps up by desa, kecamatan and kabupaten, flagging the figure DINKES and DINSOS disagree on', async () => {
    const dinkesSitrep = await inboxTask(staffDinkes, 'sitrep-dinkes-1');
    const form = await api(staffDinkes).get(`/tasks/${dinkesSitrep.id}`);
    // The sitrep form, its desa held to the incident's kecamatan.
    const sitrepForm: FormSchema = {
      fields: SITREP_FORM.fields.map((f) => (f.perArea === 'desa' ? { ...f, withinKecamatan: [TONGAS] } : f)),
    };
    expect(form.body.form).toEqual(sitrepForm);
    // A per-desa figure must be keyed by a kode wilayah desa.
    const badDesa = await api(staffDinkes).post(`/tasks/${dinkesSitrep.id}/contribution`, {
      values: { terdampak: { Curahtulis: 10 }, narasi: 'x' },
    });
    expect(badDesa.status).toBe(400);
    expect(badDesa.body.message).toEqual([
      'values.terdampak.Curahtulis: is not a kode wilayah desa (e.g. 35.13.08.2001)',
    ]);

    await complete(staffDinkes, dinkesSitrep.id, {
      terdampak: { [DESA_1]: 350, [DESA_2]: 120 },
      mengungsi: { [DESA_1]: 80 },
      lukaLuka: { [DESA_1]: 4 },
      narasi: 'Dua pos kesehatan dibuka; 4 warga luka ringan dirawat di Puskesmas Tongas.',
    });
    const dinkesAt = Date.now();
    await new Promise((r) => setTimeout(r, 50));

    const dinsosSitrep = await inboxTask(staffDinsos, 'sitrep-dinsos-1');
    await complete(staffDinsos, dinsosSitrep.id, {
      // DESA_1 terdampak conflicts with DINKES (410 vs 350); DESA_2 agrees (120).
      terdampak: { [DESA_1]: 410, [DESA_2]: 120 },
      mengungsi: { [DESA_1]: 80, [DESA_2]: 35 },
      posPengungsian: { [DESA_1]: 2 },
      narasi: 'Dua pos pengungsian di balai desa; dapur umum belum berdiri.',
      kebutuhan: 'Air bersih, tikar, selimut',
    });

    const d = await dashboardWhen(
      (x) => agencyOf(x, 'DINKES').sitreps.submitted === 1 && agencyOf(x, 'DINSOS').sitreps.submitted === 1,
    );
    expect(d.rollUp).toEqual({
      desa: {
        // The conflicting cell takes the higher figure, never the sum (760).
        [DESA_1]: { lukaLuka: 4, mengungsi: 80, posPengungsian: 2, terdampak: 410 },
        // Agreeing OPDs count once (120, not 240).
        [DESA_2]: { mengungsi: 35, terdampak: 120 },
      },
      kecamatan: { [TONGAS]: { lukaLuka: 4, mengungsi: 115, posPengungsian: 2, terdampak: 530 } },
      kabupaten: { lukaLuka: 4, mengungsi: 115, posPengungsian: 2, terdampak: 530 },
      conflicts: [
        {
          desaCode: DESA_1,
          field: 'terdampak',
          reports: [
            { agencyCode: 'DINKES', value: 350, reportedAt: expect.any(String) },
            { agencyCode: 'DINSOS', value: 410, reportedAt: expect.any(String) },
          ],
        },
      ],
    });
    expect(agencyOf(d, 'DINKES').sitreps).toMatchObject({ submitted: 1, overdue: 0, current: [] });
    expect(agencyOf(d, 'DINKES').sitreps.latestAt).toEqual(expect.any(String));
    expect(agencyOf(d, 'DPUPR').sitreps).toMatchObject({ submitted: 0, latestAt: null });

    // The history: every sitrep as submitted, and the roll-up as it was known between the two.
    const history = await api(staffDinsos).get(`/incidents/${incidentId}/sitreps`);
    expect(history.status).toBe(200);
    expect(history.body.sitreps.map((s: any) => [s.task.agency.code, s.submittedBy.fullName])).toEqual([
      ['DINKES', 'Siti Aminah'],
      ['DINSOS', 'Rudi Hartono'],
    ]);
    expect(history.body.rollUp).toEqual(d.rollUp);
    const [first, second] = history.body.sitreps.map((s: any) => Date.parse(s.submittedAt));
    expect(first).toBeLessThanOrEqual(dinkesAt);
    expect(second).toBeGreaterThan(first);
    const betweenSitreps = new Date(Math.floor((first + second) / 2)).toISOString();

    const earlier = await api(staffDinsos).get(
      `/incidents/${incidentId}/sitreps?asOf=${encodeURIComponent(betweenSitreps)}`,
    );
    expect(earlier.status).toBe(200);
    expect(earlier.body.asOf).toBe(betweenSitreps);
    expect(earlier.body.rollUp).toEqual({
      desa: {
        [DESA_1]: { lukaLuka: 4, mengungsi: 80, terdampak: 350 },
        [DESA_2]: { terdampak: 120 },
      },
      kecamatan: { [TONGAS]: { lukaLuka: 4, mengungsi: 80, terdampak: 470 } },
      kabupaten: { lukaLuka: 4, mengungsi: 80, terdampak: 470 },
      conflicts: [],
    });
    const beforeAll = await api(staffDinsos).get(
      `/incidents/${incidentId}/sitreps?asOf=${encodeURIComponent(new Date(first - 1).toISOString())}`,
    );
    expect(beforeAll.body.rollUp).toEqual({ desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] });
    expect((await api(staffDinsos).get(`/incidents/${incidentId}/sitreps?asOf=kemarin`)).status).toBe(400);
  });

  it('lets DINSOS correct its latest sitrep with a reason: the roll-up counts the correction, the timeline shows why', async () => {
    const dinsosSitrep = await inboxTask(staffDinsos, 'sitrep-dinsos-1');
    const correction = {
      values: {
        terdampak: { [DESA_1]: 410, [DESA_2]: 120 },
        mengungsi: { [DESA_1]: 80, [DESA_2]: 40 },
        posPengungsian: { [DESA_1]: 2 },
        narasi: 'Dua pos pengungsian; lima warga Desa 2 menyusul mengungsi.',
      },
      reason: 'Salah hitung di posko: 40 jiwa mengungsi di Desa 2, bukan 35',
    };
    const correct = (token: string, taskId: string, body: object) =>
      api(token).post(`/incidents/${incidentId}/sitreps/${taskId}/corrections`, body);

    // Only a sent sitrep of the incident, by its own OPD, with a reason and valid figures.
    expect((await correct(staffDinsos, randomUUID(), correction)).status).toBe(404);
    const foreign = await correct(staffDinkes, dinsosSitrep.id, correction);
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe("a sitrep is corrected by its OPD's staff or head");
    const dpuprSitrep = await inboxTask(staffDpupr, 'sitrep-dpupr-1');
    const unsent = await correct(staffDpupr, dpuprSitrep.id, correction);
    expect(unsent.status).toBe(409);
    expect(unsent.body.message).toBe('only a sitrep that was sent can be corrected');
    const noReason = await correct(staffDinsos, dinsosSitrep.id, { ...correction, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toEqual(['reason: a reason is required']);
    const badFigure = await correct(staffDinsos, dinsosSitrep.id, {
      ...correction,
      values: { ...correction.values, mengungsi: { [DESA_2]: -5 } },
    });
    expect(badFigure.status).toBe(400);
    expect(badFigure.body.message).toEqual([expect.stringMatching(/^values\.mengungsi\.35\.13\.23\.2002: /)]);

    const corrected = await correct(staffDinsos, dinsosSitrep.id, correction);
    expect(corrected.status).toBe(201);
    expect(corrected.body).toEqual({ correctionId: expect.any(String), taskId: dinsosSitrep.id, version: 2 });

    // The roll-up uses the correction at once; the timeline shows it with its reason.
    const d = await dashboard();
    expect(d.rollUp.desa[DESA_2]).toEqual({ mengungsi: 40, terdampak: 120 });
    expect(d.rollUp.kecamatan[TONGAS].mengungsi).toBe(120);
    expect(d.timeline.filter((e: any) => e.action === 'SITREP_CORRECTED')).toEqual([
      {
        action: 'SITREP_CORRECTED',
        at: expect.any(String),
        agencyCode: 'DINSOS',
        actorUserId: expect.any(String),
        taskId: dinsosSitrep.id,
        detail: { version: 2, reason: correction.reason },
        reason: correction.reason,
      },
    ]);
    expect(d.timeline[0].action).toBe('INCIDENT_DECLARED');
    // The sitrep history keeps both versions, the correction with its reason.
    const history = await api(staffDinsos).get(`/incidents/${incidentId}/sitreps`);
    expect(
      history.body.sitreps.map((s: any) => [s.task.agency.code, s.version, s.reviewNote ?? null]),
    ).toEqual([
      ['DINKES', 1, null],
      ['DINSOS', 1, null],
      ['DINSOS', 2, correction.reason],
    ]);
    // Still one sitrep sent by DINSOS: a correction is not another report.
    expect(agencyOf(d, 'DINSOS').sitreps.submitted).toBe(1);
  });

  it('lets the command resolve the conflict DINKES and DINSOS report with a verified figure: the roll-up uses it at once', async () => {
    const resolve = (token: string, body: object) =>
      api(token).post(`/incidents/${incidentId}/conflicts/resolve`, body);
    const verified = { desaCode: DESA_1, field: 'terdampak', value: 380, note: 'Dicek bersama di posko' };
    expect((await resolve(staffDinkes, verified)).status).toBe(403);
    const neither = await resolve(staffBpbd, { desaCode: DESA_1, field: 'terdampak' });
    expect(neither.status).toBe(400);
    expect(neither.body.message).toEqual([
      'agencyCode or value: give exactly one (an OPD whose figure counts, or a verified figure)',
    ]);
    const noNote = await resolve(staffBpbd, { ...verified, note: undefined });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toEqual(['note: a verified figure needs a note']);
    const agreed = await resolve(staffBpbd, { ...verified, desaCode: DESA_2 });
    expect(agreed.status).toBe(409);
    expect(agreed.body.message).toBe(`no open conflict on terdampak in ${DESA_2}`);
    const outsider = await resolve(staffBpbd, { desaCode: DESA_1, field: 'terdampak', agencyCode: 'DPUPR' });
    expect(outsider.status).toBe(409);
    expect(outsider.body.message).toBe('DPUPR did not report this figure');

    const resolved = await resolve(kepalaBpbd, verified);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({
      resolutionId: expect.any(String),
      desaCode: DESA_1,
      field: 'terdampak',
      value: 380,
      agencyCode: null,
    });
    const d = await dashboard();
    expect(d.rollUp.conflicts).toEqual([]);
    expect(d.rollUp.desa[DESA_1].terdampak).toBe(380);
    expect(d.rollUp.kecamatan[TONGAS].terdampak).toBe(380 + 120);
    expect(d.resolutions).toEqual([
      {
        desaCode: DESA_1,
        field: 'terdampak',
        value: 380,
        agencyCode: null,
        note: 'Dicek bersama di posko',
        resolvedAt: expect.any(String),
      },
    ]);
    expect(d.timeline.filter((e: any) => e.action === 'SITREP_CONFLICT_RESOLVED')).toEqual([
      expect.objectContaining({ agencyCode: 'BPBD', reason: 'Dicek bersama di posko' }),
    ]);
    // Resolved already: nothing left to resolve on that figure.
    expect((await resolve(staffBpbd, { ...verified, value: 390 })).status).toBe(409);
  });

  it('runs a request DINSOS → DPUPR to received, and shows one DPUPR refuses with its reason', async () => {
    // DPUPR's and DINSOS's own OPD only: nobody asks a non-mobilised OPD, or itself.
    const toBappeda = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'BAPPEDA',
      item: 'peta genangan',
      quantity: 1,
      unit: 'lembar',
    });
    expect(toBappeda.status).toBe(400);
    expect(toBappeda.body.message).toEqual(['BAPPEDA is not mobilised for this incident']);
    const toSelf = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DINSOS',
      item: 'tenda',
      quantity: 1,
      unit: 'unit',
    });
    expect(toSelf.status).toBe(400);
    const zero = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DPUPR',
      item: 'tenda',
      quantity: 0,
      unit: 'unit',
    });
    expect(zero.status).toBe(400);

    const undated = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DPUPR',
      item: 'mobil tangki air bersih',
      quantity: 2,
      unit: 'unit',
      neededBy: 'besok pagi',
    });
    expect(undated.status).toBe(400);
    expect(undated.body.message).toEqual([
      'neededBy: must be an instant with its offset, e.g. 2026-12-07T15:00:00+07:00',
    ]);
    const tanker = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DPUPR',
      item: 'mobil tangki air bersih',
      quantity: 2,
      unit: 'unit',
      destination: 'Posko Balai Desa Tongas Wetan',
      neededBy: '2026-12-08T06:00:00+07:00',
      note: 'Air bersih untuk 150 pengungsi',
    });
    expect(tanker.status).toBe(201);
    expect(tanker.body).toEqual({ id: expect.any(String), status: 'REQUESTED', warnings: [] });
    tankerRequestId = tanker.body.id;
    const excavator = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DPUPR',
      item: 'ekskavator',
      quantity: 1,
      unit: 'unit',
    });
    expect(excavator.status).toBe(201);
    excavatorRequestId = excavator.body.id;
    const stage = (requestId: string, key: string) => `permintaan-${requestId.slice(0, 8)}-${key}`;

    // DPUPR commits to the tanker ...
    const respond = await inboxTask(staffDpupr, stage(tankerRequestId, 'tanggapan'));
    expect(respond.title).toBe('Tanggapi permintaan DINSOS: 2 unit mobil tangki air bersih');
    expect((await api(staffDpupr).get(`/tasks/${respond.id}`)).body.form).toEqual(RESPONSE_FORM_V2);
    expect(Date.parse(respond.dueAt) - Date.parse(respond.createdAt)).toBe(15 * MINUTE);
    await complete(staffDpupr, respond.id, {
      keputusan: 'SANGGUP',
      jumlahDisanggupi: 2,
      keterangan: 'Berangkat dari UPT Kraksaan',
    });
    const committed = await requestStatus(tankerRequestId, 'COMMITTED');
    expect(committed.openRequests.find((r: any) => r.id === tankerRequestId)).toMatchObject({
      item: 'mobil tangki air bersih',
      quantity: 2,
      unit: 'unit',
      status: 'COMMITTED',
      fromAgency: { code: 'DINSOS' },
      toAgency: { code: 'DPUPR' },
      destination: 'Posko Balai Desa Tongas Wetan',
      neededBy: '2026-12-07T23:00:00.000Z',
      note: 'Air bersih untuk 150 pengungsi',
      quantityCommitted: 2,
      quantitySent: null,
      quantityReceived: null,
    });

    // ... sends it ...
    const send = await inboxTask(staffDpupr, stage(tankerRequestId, 'kirim'));
    expect((await api(staffDpupr).get(`/tasks/${send.id}`)).body.form).toEqual(SENT_FORM);
    expect(Date.parse(send.dueAt) - Date.parse(send.createdAt)).toBe(6 * HOUR);
    await complete(staffDpupr, send.id, { jumlahDikirim: 2, keterangan: 'Tiba pukul 10.00' });
    await requestStatus(tankerRequestId, 'SENT');

    // ... and DINSOS confirms receipt.
    const receive = await inboxTask(staffDinsos, stage(tankerRequestId, 'terima'));
    expect((await api(staffDinsos).get(`/tasks/${receive.id}`)).body.form).toEqual(RECEIVED_FORM);
    // Only the requesting OPD confirms.
    expect(
      (await api(staffDpupr).post(`/tasks/${receive.id}/contribution`, { values: { jumlahDiterima: 2 } }))
        .status,
    ).toBe(403);
    await complete(staffDinsos, receive.id, { jumlahDiterima: 2 });
    const received = await requestStatus(tankerRequestId, 'RECEIVED');
    expect(received.requests.find((r: any) => r.id === tankerRequestId)).toMatchObject({
      quantityCommitted: 2,
      quantitySent: 2,
      quantityReceived: 2,
    });

    // DPUPR refuses the excavator, with its reason.
    const refuse = await inboxTask(staffDpupr, stage(excavatorRequestId, 'tanggapan'));
    const noReason = await api(staffDpupr).post(`/tasks/${refuse.id}/contribution`, {
      values: { keputusan: 'TOLAK' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toEqual(['values.keterangan: is required']);
    await complete(staffDpupr, refuse.id, {
      keputusan: 'TOLAK',
      keterangan: 'Ekskavator sedang dipakai di longsor Kecamatan Tiris',
    });
    const d = await requestStatus(excavatorRequestId, 'REFUSED');
    expect(d.requests.map((r: any) => [r.item, r.status, r.reason])).toEqual([
      ['mobil tangki air bersih', 'RECEIVED', 'Tiba pukul 10.00'],
      ['ekskavator', 'REFUSED', 'Ekskavator sedang dipakai di longsor Kecamatan Tiris'],
    ]);
    expect(d.openRequests).toEqual([]);
    // The stage tasks are tasks of the incident, shown on the dashboard, all done.
    expect(d.tasks.map((t: any) => [t.stepKey, t.status]).sort()).toEqual(
      [
        [stage(tankerRequestId, 'tanggapan'), 'COMPLETED'],
        [stage(tankerRequestId, 'kirim'), 'COMPLETED'],
        [stage(tankerRequestId, 'terima'), 'COMPLETED'],
        [stage(excavatorRequestId, 'tanggapan'), 'COMPLETED'],
      ].sort(),
    );

    const audit = await api(staffDinsos).get(`/projects/${projectId}/audit`);
    expect(audit.status).toBe(200);
    const trail = (item: string) =>
      audit.body
        .filter((e: any) => e.action.startsWith('RESOURCE_') && e.detail.item === item)
        .map((e: any) => [e.action, e.actorAgency.code]);
    expect(trail('mobil tangki air bersih')).toEqual([
      ['RESOURCE_REQUESTED', 'DINSOS'],
      ['RESOURCE_COMMITTED', 'DPUPR'],
      ['RESOURCE_SENT', 'DPUPR'],
      ['RESOURCE_RECEIVED', 'DINSOS'],
    ]);
    expect(trail('ekskavator')).toEqual([
      ['RESOURCE_REQUESTED', 'DINSOS'],
      ['RESOURCE_REFUSED', 'DPUPR'],
    ]);
    expect(audit.body.find((e: any) => e.action === 'RESOURCE_REFUSED').detail).toEqual({
      status: 'REFUSED',
      requestingAgencyId: expect.any(String),
      providingAgencyId: expect.any(String),
      item: 'ekskavator',
      quantity: 1,
      unit: 'unit',
      quantities: { requested: 1, committed: null, sent: null, received: null },
      reason: 'Ekskavator sedang dipakai di longsor Kecamatan Tiris',
      destination: null,
      neededBy: null,
    });
  });

  it('keeps a partly received request open for the rest until DINSOS closes it with a reason', async () => {
    const tents = await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DPUPR',
      item: 'tenda pleton',
      quantity: 6,
      unit: 'unit',
      destination: 'Lapangan Desa Tongas Wetan',
    });
    expect(tents.status).toBe(201);
    const tentsId: string = tents.body.id;
    const stage = (key: string) => `permintaan-${tentsId.slice(0, 8)}-${key}`;
    const close = (token: string, body: unknown) =>
      api(token).post(`/incidents/${incidentId}/requests/${tentsId}/close`, body);

    // Nothing has been received yet: there is nothing partial to close.
    const early = await close(staffDinsos, { reason: 'Sudah tidak perlu' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('only a partly received request can be closed');

    await complete(staffDpupr, (await inboxTask(staffDpupr, stage('tanggapan'))).id, {
      keputusan: 'SANGGUP',
      jumlahDisanggupi: 6,
      keterangan: 'Dikirim bertahap dari gudang UPT',
    });
    await complete(staffDpupr, (await inboxTask(staffDpupr, stage('kirim'))).id, { jumlahDikirim: 4 });
    await complete(staffDinsos, (await inboxTask(staffDinsos, stage('terima'))).id, {
      jumlahDiterima: 4,
      keterangan: 'Empat tenda sudah berdiri',
    });
    const partly = await requestStatus(tentsId, 'PARTIALLY_RECEIVED');
    expect(partly.openRequests.find((r: any) => r.id === tentsId)).toMatchObject({
      quantity: 6,
      quantityCommitted: 6,
      quantitySent: 4,
      quantityReceived: 4,
    });
    // DPUPR is asked for the rest.
    const rest = await inboxTask(staffDpupr, stage('kirim-2'));
    expect(rest.title).toBe('Kirim sisa 2 unit tenda pleton ke DINSOS');

    // Only the requesting OPD closes it, and says why.
    expect((await close(staffDpupr, { reason: 'Stok habis' })).status).toBe(403);
    const blank = await close(staffDinsos, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toEqual([expect.stringContaining('reason')]);
    const closed = await close(staffDinsos, { reason: 'Pengungsi sebagian sudah pulang: 4 tenda cukup' });
    expect(closed.status).toBe(200);

    const d = await requestStatus(tentsId, 'CLOSED');
    expect(d.requests.find((r: any) => r.id === tentsId)).toMatchObject({
      status: 'CLOSED',
      reason: 'Pengungsi sebagian sudah pulang: 4 tenda cukup',
      quantityReceived: 4,
    });
    expect(d.openRequests.some((r: any) => r.id === tentsId)).toBe(false);
    // The send stage for the rest is no longer DPUPR's work.
    const restTask = await eventually(async () => {
      const t = (await api(staffDpupr).get(`/tasks/${rest.id}`)).body;
      return t.status !== 'ASSIGNED' ? t : undefined;
    });
    expect(restTask.status).toBe('CANCELLED');
    // A second close is refused: it is no longer partly received.
    expect((await close(staffDinsos, { reason: 'lagi' })).status).toBe(409);
  });

  it('lets only the command and leadership steer: status, mobilise, release, assign', async () => {
    // Status: only BPBD (or leadership), only forward (or back from transisi to tanggap).
    const byDinkes = await api(staffDinkes).post(`/incidents/${incidentId}/status`, {
      status: 'TRANSISI_DARURAT',
    });
    expect(byDinkes.status).toBe(403);
    const transisi = await api(staffBpbd).post(`/incidents/${incidentId}/status`, {
      status: 'TRANSISI_DARURAT',
      reason: 'Air surut, pengungsi mulai kembali',
    });
    expect(transisi.status).toBe(200);
    expect(transisi.body).toMatchObject({ incidentId, status: 'TRANSISI_DARURAT' });
    const backwards = await api(staffBpbd).post(`/incidents/${incidentId}/status`, {
      status: 'SIAGA_DARURAT',
    });
    expect(backwards.status).toBe(409);
    expect(backwards.body.message).toBe('cannot go back from Transisi darurat ke pemulihan to Siaga darurat');
    expect((await api(staffBpbd).post(`/incidents/${incidentId}/status`, { status: 'DARURAT' })).status).toBe(
      400,
    );

    // Mobilise one more OPD: its acknowledgement and first sitrep start at once.
    expect(
      (await api(staffDinsos).post(`/incidents/${incidentId}/agencies`, { agencyCode: 'DISPENDUKCAPIL' }))
        .status,
    ).toBe(403);
    const mobilised = await api(kepalaBpbd).post(`/incidents/${incidentId}/agencies`, {
      agencyCode: 'DISPENDUKCAPIL',
      clusters: ['PENGUNGSIAN_LOGISTIK'],
    });
    expect(mobilised.status).toBe(200);
    expect(mobilised.body.agencies.find((a: any) => a.agencyCode === 'DISPENDUKCAPIL')).toMatchObject({
      clusters: ['PENGUNGSIAN_LOGISTIK'],
      released: false,
      acknowledged: false,
    });
    const again = await api(kepalaBpbd).post(`/incidents/${incidentId}/agencies`, {
      agencyCode: 'DISPENDUKCAPIL',
    });
    expect(again.status).toBe(400);
    expect(again.body.message).toEqual(['DISPENDUKCAPIL is already mobilised']);
    expect(
      (await api(kepalaBpbd).post(`/incidents/${incidentId}/agencies`, { agencyCode: 'DINAS-FIKTIF' }))
        .status,
    ).toBe(400);

    // Release DLH with a reason; the command cannot be released, nor anyone without a reason.
    expect(
      (await api(staffBpbd).post(`/incidents/${incidentId}/agencies/DLH/release`, { reason: ' ' })).status,
    ).toBe(400);
    expect(
      (await api(staffBpbd).post(`/incidents/${incidentId}/agencies/BPBD/release`, { reason: 'selesai' }))
        .status,
    ).toBe(400);
    expect(
      (await api(staffDinkes).post(`/incidents/${incidentId}/agencies/DLH/release`, { reason: 'selesai' }))
        .status,
    ).toBe(403);
    const released = await api(staffBpbd).post(`/incidents/${incidentId}/agencies/DLH/release`, {
      reason: 'Tidak ada pencemaran; sampah banjir ditangani kecamatan',
    });
    expect(released.status).toBe(200);
    expect(released.body.agencies.find((a: any) => a.agencyCode === 'DLH')).toMatchObject({ released: true });
    expect(
      (await api(staffBpbd).post(`/incidents/${incidentId}/agencies/DLH/release`, { reason: 'lagi' })).status,
    ).toBe(400);

    // Assign a task to a mobilised OPD; not to a released or a never-mobilised one.
    const task = {
      agencyCode: 'DINSOS',
      title: 'Dirikan dapur umum di Balai Desa',
      instructions: 'Untuk 150 pengungsi, tiga kali makan sehari.',
      sla: { amount: 2, unit: 'hours' },
    };
    expect((await api(staffDinsos).post(`/incidents/${incidentId}/tasks`, task)).status).toBe(403);
    const toReleased = await api(staffBpbd).post(`/incidents/${incidentId}/tasks`, {
      ...task,
      agencyCode: 'DLH',
    });
    expect(toReleased.status).toBe(400);
    expect(toReleased.body.message).toEqual(['DLH is not mobilised for this incident']);
    expect(
      (await api(staffBpbd).post(`/incidents/${incidentId}/tasks`, { ...task, agencyCode: 'BAPPEDA' }))
        .status,
    ).toBe(400);
    const assigned = await api(staffBpbd).post(`/incidents/${incidentId}/tasks`, task);
    expect(assigned.status).toBe(200);
    const dapurUmum = await inboxTask(staffDinsos, 'tugas-1');
    dapurUmumTaskId = dapurUmum.id;
    const view = await api(staffDinsos).get(`/tasks/${dapurUmumTaskId}`);
    expect(view.body).toMatchObject({
      title: 'Dirikan dapur umum di Balai Desa',
      instructions: 'Untuk 150 pengungsi, tiga kali makan sehari.',
      status: 'ASSIGNED',
      agency: { code: 'DINSOS' },
    });
    expect(view.body.form).toEqual(SUMMARY_FORM);
    expect(Date.parse(view.body.dueAt) - Date.parse(view.body.createdAt)).toBe(2 * HOUR);

    const d = await dashboardWhen(
      (x) =>
        agencyOf(x, 'DISPENDUKCAPIL')?.acknowledgement !== null &&
        agencyOf(x, 'DISPENDUKCAPIL')?.sitreps.current.length === 1 &&
        agencyOf(x, 'DLH').releasedAt !== null &&
        agencyOf(x, 'DLH').acknowledgement.status === 'CANCELLED',
    );
    expect(d.status).toBe('TRANSISI_DARURAT');
    expect(d.statusChanges).toEqual([
      {
        fromStatus: null,
        toStatus: 'TANGGAP_DARURAT',
        byUserId: userIds['staff.bpbd'],
        reason: null,
        at: d.declaredAt,
      },
      {
        fromStatus: 'TANGGAP_DARURAT',
        toStatus: 'TRANSISI_DARURAT',
        byUserId: userIds['staff.bpbd'],
        reason: 'Air surut, pengungsi mulai kembali',
        at: expect.any(String),
      },
    ]);
    // A released OPD owes nothing more: its acknowledgement is cancelled, not escalated (DLH owed no sitrep).
    expect(agencyOf(d, 'DLH')).toMatchObject({
      acknowledgement: { status: 'CANCELLED', acknowledgedAt: null },
      sitreps: { submitted: 0, current: [] },
    });
    expect(agencyOf(d, 'DISPENDUKCAPIL')).toMatchObject({
      clusters: ['PENGUNGSIAN_LOGISTIK'],
      releasedAt: null,
      acknowledgement: { status: 'ASSIGNED' },
    });
    expect(d.tasks.find((t: any) => t.id === dapurUmumTaskId)).toMatchObject({
      stepKey: 'tugas-1',
      status: 'ASSIGNED',
    });
    // The new OPD reads the incident from now on.
    const staffDukcapil = await createStaffUser('DISPENDUKCAPIL');
    expect((await api(staffDukcapil).get(`/incidents/${incidentId}`)).status).toBe(200);

    const audit = await api(staffBpbd).get(`/projects/${projectId}/audit`);
    expect(audit.body.find((e: any) => e.action === 'OPD_RELEASED')).toMatchObject({
      actorUser: { id: userIds['staff.bpbd'] },
      detail: { reason: 'Tidak ada pencemaran; sampah banjir ditangani kecamatan' },
    });
    expect(audit.body.find((e: any) => e.action === 'INCIDENT_STATUS_CHANGED')).toMatchObject({
      actorUser: { id: userIds['staff.bpbd'] },
      detail: {
        from: 'TANGGAP_DARURAT',
        to: 'TRANSISI_DARURAT',
        reason: 'Air surut, pengungsi mulai kembali',
      },
    });
  });

  it('closes with an after-action summary, cancels the open work and lists the incident as closed', async () => {
    const closed = await api(sekda).post(`/incidents/${incidentId}/status`, {
      status: 'CLOSED',
      reason: 'Masa tanggap darurat berakhir',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');

    const d = await dashboardWhen((x) => x.status === 'CLOSED' && x.summary !== null);
    const durationMinutes = Math.floor((Date.parse(d.closedAt) - Date.parse(d.declaredAt)) / MINUTE);
    // Per OPD, from the times the dashboard shows: whole minutes from mobilisation to acknowledgement and to
    // the (only) sitrep; sitrep #1 is due 6 hours after mobilisation, long after closing: not missed.
    const minutesSince = (from: string, to: string | null) =>
      to === null ? null : Math.floor((Date.parse(to) - Date.parse(from)) / MINUTE);
    const secondsSince = (from: string, to: string | null) =>
      to === null ? null : Math.floor((Date.parse(to) - Date.parse(from)) / 1000);
    const durationSeconds = secondsSince(d.declaredAt, d.closedAt);
    const byAgency = (a: { agencyCode: string }, b: { agencyCode: string }) =>
      a.agencyCode.localeCompare(b.agencyCode);
    const expectedOpd = d.agencies
      .map((a: any) => ({
        agencyCode: a.code,
        minutesToAcknowledge: minutesSince(a.mobilisedAt, a.acknowledgement.acknowledgedAt),
        minutesToFirstSitrep: minutesSince(a.mobilisedAt, a.sitreps.latestAt),
        secondsToAcknowledge: secondsSince(a.mobilisedAt, a.acknowledgement.acknowledgedAt),
        secondsToFirstSitrep: secondsSince(a.mobilisedAt, a.sitreps.latestAt),
        sitrepsSubmitted: a.sitreps.submitted,
        sitrepsMissed: 0,
        escalations: 0,
      }))
      .sort(byAgency);
    expect(expectedOpd).toHaveLength(12);
    expect(
      expectedOpd.filter((o: any) => o.minutesToAcknowledge !== null).map((o: any) => o.agencyCode),
    ).toEqual([...ACKNOWLEDGING].sort());
    expect(expectedOpd.filter((o: any) => o.sitrepsSubmitted === 1).map((o: any) => o.agencyCode)).toEqual([
      'DINKES',
      'DINSOS',
    ]);
    expect([...d.summary.opd].sort(byAgency)).toEqual(expectedOpd);
    expect(d.summary).toEqual({
      durationMinutes,
      durationSeconds,
      opd: expect.any(Array),
      // The incident's events in order, with their reasons (the correction and the resolution among them).
      timeline: expect.arrayContaining([
        expect.objectContaining({ action: 'INCIDENT_DECLARED' }),
        expect.objectContaining({
          action: 'SITREP_CORRECTED',
          agencyCode: 'DINSOS',
          reason: expect.any(String),
        }),
        expect.objectContaining({ action: 'SITREP_CONFLICT_RESOLVED', reason: 'Dicek bersama di posko' }),
        expect.objectContaining({ action: 'OPD_RELEASED', agencyCode: 'BPBD' }),
      ]),
      totals: {
        opdMobilised: 12,
        opdAcknowledged: 4,
        sitrepsSubmitted: 2,
        sitrepsMissed: 0,
        escalations: 0,
        requests: 3,
        unmetRequests: 1,
      },
      unmetRequests: [
        {
          id: excavatorRequestId,
          fromAgency: 'DINSOS',
          toAgency: 'DPUPR',
          item: 'ekskavator',
          status: 'REFUSED',
        },
      ],
      finalFigures: d.rollUp,
    });
    expect(d.summary.opd).toHaveLength(12);
    expect(d.statusChanges.at(-1)).toMatchObject({
      fromStatus: 'TRANSISI_DARURAT',
      toStatus: 'CLOSED',
      byUserId: userIds['sekda'],
      reason: 'Masa tanggap darurat berakhir',
    });

    // Everything still open is cancelled: acknowledgements not given, sitreps not sent, the assigned task.
    const settled = await eventually(async () => {
      const tasks = await stack.db.task.findMany({
        where: { projectId },
        select: { id: true, stepKey: true, status: true },
      });
      return tasks.every((t) => t.status === 'COMPLETED' || t.status === 'CANCELLED') ? tasks : undefined;
    });
    const completed = settled.filter((t) => t.status === 'COMPLETED').map((t) => t.stepKey!);
    expect(completed.filter((k) => !k.startsWith('permintaan-')).sort()).toEqual([
      'ack-bpbd',
      'ack-dinkes',
      'ack-dinsos',
      'ack-dpupr',
      'ack-dpupr-ulang-1',
      'sitrep-dinkes-1',
      'sitrep-dinsos-1',
    ]);
    // Tanker 3 stages, excavator 1, tents 3 (respond, send, receive; the rest's send stage was cancelled).
    expect(completed.filter((k) => k.startsWith('permintaan-'))).toHaveLength(7);
    // 12 OPDs: 8 acknowledgements (DLH's cancelled at its release), the first sitreps of the 7 OPDs owing
    // them (6 of the flood and DISPENDUKCAPIL) but DINKES and DINSOS, the dapur umum task and the tents'
    // send stage for the rest, cancelled when DINSOS closed the request.
    expect(settled.filter((t) => t.status === 'CANCELLED')).toHaveLength(8 + 5 + 1 + 1);
    const after = await dashboard();
    expect(after.tasks.find((t: any) => t.id === dapurUmumTaskId).status).toBe('CANCELLED');
    expect(agencyOf(after, 'SATPOLPP').acknowledgement).toMatchObject({ status: 'CANCELLED', late: false });
    expect(after.agencies.every((a: any) => a.sitreps.current.length === 0)).toBe(true);
    const cancelledInbox = await api(staffDinsos).get('/inbox?status=CANCELLED&pageSize=100');
    expect(cancelledInbox.body.items.map((t: any) => t.id)).toContain(dapurUmumTaskId);
    const late = await api(staffDinsos).post(`/tasks/${dapurUmumTaskId}/contribution`, {
      values: { summary: 'Dapur umum berdiri' },
    });
    expect(late.status).toBe(409);

    // Closed stays closed.
    const reopen = await api(staffBpbd).post(`/incidents/${incidentId}/status`, {
      status: 'TANGGAP_DARURAT',
    });
    expect(reopen.status).toBe(409);
    expect(
      (
        await api(staffDinsos).post(`/incidents/${incidentId}/requests`, {
          toAgencyCode: 'DPUPR',
          item: 'tenda',
          quantity: 1,
          unit: 'unit',
        })
      ).status,
    ).toBe(409);

    const list = await api(staffDinkes).get('/incidents?status=CLOSED&pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.items.find((i: any) => i.id === incidentId)).toMatchObject({
      status: 'CLOSED',
      closedAt: d.closedAt,
    });
    const audit = await api(staffBpbd).get(`/projects/${projectId}/audit`);
    expect(audit.body.find((e: any) => e.action === 'INCIDENT_CLOSED')).toMatchObject({
      detail: { durationMinutes, durationSeconds, unmetRequests: 1 },
    });
    expect((await api(staffBpbd).get(`/projects/${projectId}`)).body.status).toBe('COMPLETED');
  });

  it('lets leadership declare a siaga over two kecamatan, mobilising their offices in the order given, and stand it down', async () => {
    // Tongas (35.13.23) before Dringu (35.13.19): not the order of the codes or of the seeded rows.
    const declared = await api(sekda).post('/incidents', {
      type: 'kekeringan',
      severity: 'SEDANG',
      kecamatan: [TONGAS, '35.13.19'],
      description: `Debit sumur warga turun drastis (uji ${TAG})`,
      status: 'SIAGA_DARURAT',
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({
      status: 'SIAGA_DARURAT',
      acknowledgeWithin: { amount: 30, unit: 'minutes' },
      sitrepEvery: { amount: 12, unit: 'hours' },
    });
    expect(declared.body.mobilised.map((m: any) => m.agencyCode)).toEqual([
      'BPBD',
      'DINKES',
      'DINSOS',
      'DPUPR',
      'DISKOMINFO',
      'DLH',
      'KEC-TONGAS',
      'KEC-DRINGU',
    ]);
    const id = declared.body.id;
    const d = await eventually(async () => {
      const res = await api(sekda).get(`/incidents/${id}`);
      return res.status === 200 && res.body.agencies.length === 8 ? res.body : undefined;
    }, 45_000);
    expect(d).toMatchObject({
      title: 'Kekeringan — Kecamatan Tongas, Kecamatan Dringu',
      status: 'SIAGA_DARURAT',
      severity: 'SEDANG',
      affectedKecamatan: [TONGAS, '35.13.19'],
      affectedDesa: [],
      declaredById: userIds['sekda'],
    });

    // The threat passes: siaga goes straight to closed.
    const closed = await api(sekda).post(`/incidents/${id}/status`, {
      status: 'CLOSED',
      reason: 'Hujan turun',
    });
    expect(closed.status).toBe(200);
    const done = await eventually(async () => {
      const res = await api(sekda).get(`/incidents/${id}`);
      return res.body.summary !== null ? res.body : undefined;
    });
    expect(done.statusChanges.map((c: any) => [c.fromStatus, c.toStatus])).toEqual([
      [null, 'SIAGA_DARURAT'],
      ['SIAGA_DARURAT', 'CLOSED'],
    ]);
    expect(done.summary.totals).toMatchObject({ opdMobilised: 8, opdAcknowledged: 0, requests: 0 });
  });

  /** A staff user for an OPD that has no demo user, created directly in the database. */
  async function createStaffUser(agencyCode: string): Promise<string> {
    const agency = await stack.db.agency.findUniqueOrThrow({ where: { code: agencyCode } });
    const username = `staff.${agencyCode.toLowerCase()}.${TAG}`;
    await stack.db.user.create({
      data: {
        username,
        fullName: `Staf ${agency.name}`,
        role: 'STAFF',
        position: 'Operator',
        agencyId: agency.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
    });
    return stack.login(username);
  }
});
