import { randomBytes, randomUUID } from 'node:crypto';
import { eventually, http, startStack, type Stack } from './support/stack';
import { taskWorkflowIdOf } from './support/workflow-ids';

/**
 * "Create means created, once; a retry gets the same answer", through the real stack (Nest API, Temporal
 * worker and dev server, Postgres, Redis):
 *
 * - a create answers 201 only when the object can be read back (projects, incidents, data requests,
 *   resource requests);
 * - an `Idempotency-Key` names one submission of one user: a repeat, or copies fired together, get the first
 *   answer and make one object; the key with another body is refused (422); a malformed key is a 400;
 * - two identical declarations of an emergency by one user without a key make one incident;
 * - an action (submit, accept) repeated with its key gets the first answer instead of 409, and records once.
 *
 * Every lookup is by this file's own tag: other test files may share the database.
 */
describe('idempotent creates and actions (Idempotency-Key) through the real stack', () => {
  let stack: Stack;
  let lead: string;
  let sekda: string;
  let staffBpbd: string;
  let staffDinkes: string;
  let staffDinsos: string;
  let walidata: string;

  const TAG = randomBytes(3).toString('hex');
  const TONGAS = '35.13.23';
  const TIRIS = '35.13.07';
  /** How long each create took and how many reads right after it were refused, printed at the end. */
  const figures: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    [lead, sekda, staffBpbd, staffDinkes, staffDinsos, walidata] = await Promise.all([
      stack.login('lead.bappeda'),
      stack.login('sekda'),
      stack.login('staff.bpbd'),
      stack.login('staff.dinkes'),
      stack.login('staff.dinsos'),
      stack.login('walidata'),
    ]);
  });

  afterAll(async () => {
    if (figures.length > 0) console.log(`idempotency figures:\n${figures.join('\n')}`);
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  /** A POST with an Idempotency-Key header (http() of the stack sends none). */
  async function post(token: string, path: string, body: unknown, key?: string) {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key !== undefined ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Creates, then reads the object back at once; records how long the create took. */
  async function createThenRead(
    label: string,
    create: () => Promise<{ status: number; body: any }>,
    read: (created: any) => Promise<{ status: number }>,
  ) {
    const began = performance.now();
    const created = await create();
    const took = performance.now() - began;
    expect(created.status).toBe(201);
    const answered = performance.now();
    const first = await read(created.body);
    let readable = first.status === 200 ? 0 : null;
    // Only for the printed figure: how long the object stayed unreadable (bounded, never asserted on).
    for (let i = 0; readable === null && i < 400; i++) {
      await new Promise((r) => setTimeout(r, 25));
      if ((await read(created.body)).status === 200) readable = performance.now() - answered;
    }
    figures.push(
      `  ${label}: 201 after ${took.toFixed(0)} ms; first read ${first.status}; ` +
        `unreadable for ${readable === null ? '>10 s' : `${readable.toFixed(0)} ms`}`,
    );
    expect(first.status).toBe(200);
    return created.body;
  }

  const adHoc = (title: string) => ({
    title,
    agencyCodes: ['DINKES'],
    sla: { amount: 5, unit: 'workingDays' },
  });

  // -------------------------------------------------------------------------

  it('answers a create only once its object can be read back', async () => {
    const project = await createThenRead(
      'POST /projects',
      () => post(lead, '/projects', adHoc(`Siap dibaca ${TAG}`)),
      (p) => api(lead).get(`/projects/${p.id}`),
    );
    const fromTemplate = await createThenRead(
      'POST /projects/from-template',
      () =>
        post(lead, '/projects/from-template', {
          templateCode: 'percepatan-penurunan-stunting',
          parameters: { kecamatan: TIRIS, tahun: '2026' },
          title: `Stunting Tiris ${TAG}`,
        }),
      (p) => api(lead).get(`/projects/${p.id}`),
    );
    const incident = await createThenRead(
      'POST /incidents',
      () =>
        post(staffBpbd, '/incidents', {
          type: 'banjir',
          severity: 'SEDANG',
          kecamatan: [TONGAS],
          description: `Genangan, siap dibaca (uji ${TAG})`,
        }),
      (i) => api(staffBpbd).get(`/incidents/${i.id}`),
    );
    const request = await createThenRead(
      'POST /data/requests',
      () =>
        post(walidata, '/data/requests', {
          indicators: ['RT_MISKIN'],
          period: '2041',
          areas: [`${TIRIS}.2001`],
          title: `Permintaan siap dibaca ${TAG}`,
        }),
      (r) => api(walidata).get(`/projects/${r.id}`),
    );
    await bothMobilised(incident.id);
    const resource = await createThenRead(
      'POST /incidents/:id/requests',
      () =>
        post(staffDinsos, `/incidents/${incident.id}/requests`, {
          toAgencyCode: 'DPUPR',
          item: `pompa air ${TAG}`,
          quantity: 1,
          unit: 'unit',
        }),
      async (r) => {
        const dashboard = await api(staffDinsos).get(`/incidents/${incident.id}`);
        const found = (dashboard.body.requests as { id: string }[]).some((x) => x.id === r.id);
        return { status: found ? 200 : 404 };
      },
    );
    // The project's own record is there too: its lead, its OPDs, its steps.
    const read = await api(lead).get(`/projects/${project.id}`);
    expect(read.body).toMatchObject({ id: project.id, status: 'ACTIVE', title: `Siap dibaca ${TAG}` });
    expect(read.body.participants.map((p: any) => p.agency.code)).toEqual(['DINKES']);
    expect(fromTemplate.id).toBeDefined();
    expect(request.id).toBeDefined();
    expect(resource.status).toBe('REQUESTED');
  });

  it('refuses a malformed key with a clear 400, and the same key with another body with a 422', async () => {
    for (const key of ['short', 'x'.repeat(300), 'has spaces in it', 'ünïcödé-key-1234']) {
      const res = await post(lead, '/projects', adHoc(`Kunci salah ${TAG}`), key);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^Idempotency-Key: /)]);
    }
    const key = randomUUID();
    const first = await post(lead, '/projects', adHoc(`Kunci sekali ${TAG}`), key);
    expect(first.status).toBe(201);
    const other = await post(lead, '/projects', adHoc(`Kunci sekali, judul lain ${TAG}`), key);
    expect(other.status).toBe(422);
    expect(other.body.message).toMatch(/Idempotency-Key .* already used for a different request/);
    // …and on another route.
    const elsewhere = await post(lead, '/projects/from-template', { templateCode: 'x', parameters: {} }, key);
    expect(elsewhere.status).toBe(422);
    expect(await stack.db.jointProject.count({ where: { title: { startsWith: 'Kunci sekali' } } })).toBe(1);
  });

  it('answers a retried create with its first answer, per user', async () => {
    const key = randomUUID();
    const body = adHoc(`Diulang ${TAG}`);
    const first = await post(lead, '/projects', body, key);
    const again = await post(lead, '/projects', body, key);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    // The key is the user's own: leadership sending the same key starts a project of its own.
    const bySekda = await post(sekda, '/projects', body, key);
    expect(bySekda.status).toBe(201);
    expect(bySekda.body.id).not.toBe(first.body.id);
    expect(await stack.db.jointProject.count({ where: { title: `Diulang ${TAG}` } })).toBe(2);
  });

  // -------------------------------------------------------------------------

  /**
   * A declaration is readable at once, but its OPDs are mobilised by the workflow a moment later: until then a
   * request between DINSOS and DPUPR is refused as "not mobilised". Waits for both in the incident's OPD list.
   */
  async function bothMobilised(incidentId: string): Promise<void> {
    await eventually(async () => {
      const detail = await api(staffDinsos).get(`/incidents/${incidentId}`);
      const codes =
        detail.status === 200 ? (detail.body.agencies as { code: string }[]).map((a) => a.code) : [];
      return codes.includes('DINSOS') && codes.includes('DPUPR');
    });
  }

  /** Fires `copies` identical requests at once and expects one answer for all of them. */
  async function together(copies: number, send: () => Promise<{ status: number; body: any }>) {
    const answers = await Promise.all(Array.from({ length: copies }, send));
    expect(answers.map((a) => a.status)).toEqual(Array(copies).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    return answers[0]!.body;
  }

  it('makes one project of identical creates fired together with one key', async () => {
    const key = randomUUID();
    const created = await together(5, () => post(lead, '/projects', adHoc(`Serentak ${TAG}`), key));
    expect(await stack.db.jointProject.count({ where: { title: `Serentak ${TAG}` } })).toBe(1);
    const tasks = await eventually(async () => {
      const rows = await stack.db.task.findMany({ where: { projectId: created.id } });
      return rows.length > 0 ? rows : undefined;
    });
    expect(tasks).toHaveLength(1);
  });

  it('makes one incident of identical declarations fired together, with one key or with none', async () => {
    const declaration = (what: string) => ({
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: [TONGAS],
      description: `${what} (uji ${TAG})`,
    });
    const key = randomUUID();
    const keyed = await together(4, () => post(staffBpbd, '/incidents', declaration('Dengan kunci'), key));
    // Without a key: a double click or a proxy's retry still declares one emergency.
    const unkeyed = await together(4, () => post(staffBpbd, '/incidents', declaration('Tanpa kunci')));
    for (const [what, created] of [
      ['Dengan kunci', keyed],
      ['Tanpa kunci', unkeyed],
    ] as const) {
      expect(await stack.db.incident.count({ where: { description: `${what} (uji ${TAG})` } })).toBe(1);
      // Every OPD of the response matrix is mobilised once.
      const mobilised = await eventually(async () => {
        const events = await stack.db.auditEvent.count({
          where: { action: 'OPD_MOBILISED', project: { incident: { description: `${what} (uji ${TAG})` } } },
        });
        return events >= created.mobilised.length ? events : undefined;
      });
      expect(mobilised).toBe(created.mobilised.length);
    }
  });

  it('makes one data request of identical requests fired together with one key', async () => {
    const key = randomUUID();
    const title = `Data serentak ${TAG}`;
    const created = await together(4, () =>
      post(
        walidata,
        '/data/requests',
        { indicators: ['RT_MISKIN'], period: '2042', areas: [`${TIRIS}.2001`], title },
        key,
      ),
    );
    expect(await stack.db.dataRequest.count({ where: { title } })).toBe(1);
    expect(await stack.db.jointProject.count({ where: { title } })).toBe(1);
    expect(created.period).toBe('2042');
  });

  it('makes one resource request of identical requests fired together with one key', async () => {
    const incident = await post(staffBpbd, '/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: [TONGAS],
      description: `Permintaan sumber daya (uji ${TAG})`,
    });
    expect(incident.status).toBe(201);
    await bothMobilised(incident.body.id);
    const key = randomUUID();
    const item = `tenda keluarga ${TAG}`;
    const created = await together(4, () =>
      post(
        staffDinsos,
        `/incidents/${incident.body.id}/requests`,
        { toAgencyCode: 'DPUPR', item, quantity: 3, unit: 'unit' },
        key,
      ),
    );
    expect(await stack.db.resourceRequest.count({ where: { item } })).toBe(1);
    expect(created.status).toBe('REQUESTED');
  });

  // -------------------------------------------------------------------------

  it('answers a submit and an accept repeated with their key with the first answer, recorded once', async () => {
    const project = await post(lead, '/projects', adHoc(`Aksi diulang ${TAG}`), randomUUID());
    expect(project.status).toBe(201);
    const task = await eventually(async () =>
      stack.db.task
        .findFirst({ where: { projectId: project.body.id }, select: { id: true } })
        .then((t) => t ?? undefined),
    );
    const values = { values: { summary: `Laporan ${TAG}` } };
    const submitKey = randomUUID();
    // Fired together, then once more after the answer: one contribution, one audit event, one answer.
    const submits = await Promise.all([
      post(staffDinkes, `/tasks/${task.id}/contribution`, values, submitKey),
      post(staffDinkes, `/tasks/${task.id}/contribution`, values, submitKey),
    ]);
    const retried = await post(staffDinkes, `/tasks/${task.id}/contribution`, values, submitKey);
    expect(submits[0].status).toBe(200);
    expect(submits[0].body.state).toBe('SUBMITTED');
    expect(submits[1]).toEqual(submits[0]);
    expect(retried).toEqual(submits[0]);
    expect(await stack.db.contribution.count({ where: { taskId: task.id } })).toBe(1);
    expect(
      await stack.db.auditEvent.count({ where: { taskId: task.id, action: 'CONTRIBUTION_SUBMITTED' } }),
    ).toBe(1);
    // The same key for another body of the same action is refused.
    const reused = await post(
      staffDinkes,
      `/tasks/${task.id}/contribution`,
      { values: { summary: 'x' } },
      submitKey,
    );
    expect(reused.status).toBe(422);

    const acceptKey = randomUUID();
    const accepted = await post(lead, `/tasks/${task.id}/review`, { decision: 'ACCEPT' }, acceptKey);
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('COMPLETED');
    // The task's workflow has finished; the retried accept still gets the first answer.
    await eventually(async () => {
      const { status } = await stack.temporal.workflow
        .getHandle(await taskWorkflowIdOf(stack.db, task.id))
        .describe();
      return status.name === 'COMPLETED';
    });
    expect(await post(lead, `/tasks/${task.id}/review`, { decision: 'ACCEPT' }, acceptKey)).toEqual(accepted);
    expect(
      await stack.db.auditEvent.count({ where: { taskId: task.id, action: 'CONTRIBUTION_ACCEPTED' } }),
    ).toBe(1);
    // A new key is a new accept: the task is done.
    expect((await post(lead, `/tasks/${task.id}/review`, { decision: 'ACCEPT' }, randomUUID())).status).toBe(
      409,
    );
  });

  it('answers an accept whose first answer was lost with that answer, from the finished workflow', async () => {
    // The API died after Temporal accepted but before it answered: the key is claimed, no answer stored.
    const project = await post(lead, '/projects', adHoc(`Jawaban hilang ${TAG}`), randomUUID());
    const task = await eventually(async () =>
      stack.db.task
        .findFirst({ where: { projectId: project.body.id }, select: { id: true } })
        .then((t) => t ?? undefined),
    );
    const submitted = await post(staffDinkes, `/tasks/${task.id}/contribution`, {
      values: { summary: 'ok' },
    });
    expect(submitted.status).toBe(200);
    const acceptKey = randomUUID();
    const accepted = await post(lead, `/tasks/${task.id}/review`, { decision: 'ACCEPT' }, acceptKey);
    expect(accepted.status).toBe(200);
    await stack.db.$executeRaw`
      UPDATE idempotency_key SET response = NULL, completed_at = NULL WHERE key = ${acceptKey}`;
    await eventually(async () => {
      const { status } = await stack.temporal.workflow
        .getHandle(await taskWorkflowIdOf(stack.db, task.id))
        .describe();
      return status.name === 'COMPLETED';
    });
    expect(await post(lead, `/tasks/${task.id}/review`, { decision: 'ACCEPT' }, acceptKey)).toEqual(accepted);
  });
});
