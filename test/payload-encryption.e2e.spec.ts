import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ENCRYPTED_ENCODING, payloadEncoding } from '@gotong/config/payload-codec';
import { eventually, http, startStack, testDataConverter, type Stack } from './support/stack';
import { incidentWorkflowIdOf, projectWorkflowIdOf, taskWorkflowIdOf } from './support/workflow-ids';

/**
 * Encrypted Temporal payloads (#15), through the real stack. A joint project (instructions, a contribution,
 * a review note) and an incident (its description, a command task's instructions, a resource request and
 * its answer, a sitrep) carry a marked citizen's name and NIK; then the raw history of every workflow the
 * test ran is read from Temporal without the codec, and the dev server's database file byte by byte: the
 * marker appears nowhere. The positive control decodes the same histories through the codec and finds every
 * marked text, so the scan can see what it looks for. Then the codec endpoint the Temporal UI calls: only an
 * operator (ADMIN) signed in, from the UI's origin.
 */
describe('encrypted Temporal payloads (real API, worker, Temporal)', () => {
  let stack: Stack;
  let codec: PayloadCodec;
  const RUN = randomBytes(4).toString('hex');
  /** The marked citizen data: unique to this run, so a hit can only come from this test. */
  const CANARY = `Kanari Warga ${RUN} NIK 3513${String(Date.now()).slice(-12)}`;
  const MARKED = {
    instructions: `${CANARY} (instruksi proyek)`,
    contribution: `${CANARY} (isi kontribusi)`,
    reviewNote: `${CANARY} (catatan pengembalian)`,
    incident: `${CANARY} (uraian kejadian)`,
    commandTask: `${CANARY} (instruksi komando)`,
    request: `tenda untuk ${CANARY}`,
    requestAnswer: `${CANARY} (keterangan tanggapan)`,
    sitrep: `${CANARY} (narasi sitrep)`,
  };
  const TONGAS = '35.13.23';
  const DESA = '35.13.23.2001';
  const UI_ORIGIN = 'http://127.0.0.1:8080';
  /** Ids of what this test ran, found again in Temporal's visibility. */
  const expected = {
    projects: [] as string[],
    incidents: [] as string[],
    requests: [] as string[],
    tasks: [] as string[],
  };

  beforeAll(async () => {
    stack = await startStack();
    codec = testDataConverter().payloadCodecs![0]!;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token: string) => http(stack.baseUrl, token);

  function inboxTask(token: string, projectId: string, stepKey?: string): Promise<any> {
    return eventually(async () => {
      const res = await api(token).get(`/inbox?projectId=${projectId}&pageSize=100`);
      return res.body?.items?.find(
        (t: any) => t.project.id === projectId && (stepKey === undefined || t.stepKey === stepKey),
      );
    });
  }

  async function contribute(token: string, taskId: string, values: Record<string, unknown>) {
    const res = await api(token).post(`/tasks/${taskId}/contribution`, { values });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body;
  }

  it('runs a joint project with marked instructions, contribution and review note', async () => {
    const [lead, dinkes] = await Promise.all([stack.login('lead.bappeda'), stack.login('staff.dinkes')]);
    const started = await api(lead).post('/projects', {
      title: `Pendataan warga rentan (uji enkripsi ${RUN})`,
      agencyCodes: ['DINKES'],
      instructions: MARKED.instructions,
      sla: { amount: 1, unit: 'hours' },
    });
    expect(started.status).toBe(201);
    const projectId = started.body.id as string;
    expected.projects.push(projectId);
    const task = await inboxTask(dinkes, projectId);
    expected.tasks.push(task.id);
    expect(task.instructions).toBe(MARKED.instructions);

    await contribute(dinkes, task.id, { summary: MARKED.contribution });
    const returned = await api(lead).post(`/tasks/${task.id}/review`, {
      decision: 'RETURN',
      note: MARKED.reviewNote,
    });
    expect(returned.body).toMatchObject({ state: 'RETURNED' });
    await contribute(dinkes, task.id, { summary: `${MARKED.contribution} v2` });
    expect((await api(lead).post(`/tasks/${task.id}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    // The API reads it all back (decrypted on the way): the codec is transparent to the application.
    const stored = await api(dinkes).get(`/tasks/${task.id}`);
    expect(stored.body).toMatchObject({
      status: 'COMPLETED',
      result: { summary: `${MARKED.contribution} v2` },
    });
    await eventually(async () => (await api(lead).get(`/projects/${projectId}`)).body.status === 'COMPLETED');
  });

  it('runs an incident with a marked description, command task, resource request and sitrep', async () => {
    const [bpbd, dinkes, dinsos, dpupr] = await Promise.all([
      stack.login('staff.bpbd'),
      stack.login('staff.dinkes'),
      stack.login('staff.dinsos'),
      stack.login('staff.dpupr'),
    ]);
    const declared = await api(bpbd).post('/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: [TONGAS],
      desa: [DESA],
      description: MARKED.incident,
    });
    expect(declared.status).toBe(201);
    const { id: incidentId, projectId } = declared.body as { id: string; projectId: string };
    expected.incidents.push(incidentId);
    // The workflow mobilises the matrix's OPDs just after the declaration answers.
    await eventually(async () => {
      const dashboard = await api(bpbd).get(`/incidents/${incidentId}`);
      const codes = (dashboard.body?.agencies ?? []).map((a: { code: string }) => a.code);
      return ['DINSOS', 'DPUPR', 'DINKES'].every((code) => codes.includes(code));
    });

    const assigned = await api(bpbd).post(`/incidents/${incidentId}/tasks`, {
      agencyCode: 'DINSOS',
      title: `Dapur umum (uji ${RUN})`,
      instructions: MARKED.commandTask,
      sla: { amount: 2, unit: 'hours' },
    });
    expect(assigned.status).toBe(200);
    const commandTask = await inboxTask(dinsos, projectId, 'tugas-1');
    expected.tasks.push(commandTask.id);
    expect(commandTask.instructions).toBe(MARKED.commandTask);

    const request = await api(dinsos).post(`/incidents/${incidentId}/requests`, {
      toAgencyCode: 'DPUPR',
      item: MARKED.request,
      quantity: 3,
      unit: 'unit',
    });
    expect(request.status).toBe(201);
    const requestId = request.body.id as string;
    expected.requests.push(requestId);
    const answer = await inboxTask(dpupr, projectId, `permintaan-${requestId.slice(0, 8)}-tanggapan`);
    expected.tasks.push(answer.id);
    await contribute(dpupr, answer.id, { keputusan: 'SANGGUP', keterangan: MARKED.requestAnswer });

    const sitrep = await inboxTask(dinkes, projectId, 'sitrep-dinkes-1');
    expected.tasks.push(sitrep.id);
    await contribute(dinkes, sitrep.id, {
      terdampak: { [DESA]: 12 },
      mengungsi: { [DESA]: 3 },
      lukaLuka: { [DESA]: 1 },
      narasi: MARKED.sitrep,
    });
    const history = await api(dinkes).get(`/incidents/${incidentId}/sitreps`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain(MARKED.sitrep);
  });

  describe("Temporal's raw histories", () => {
    let histories: Map<string, unknown[]>;

    beforeAll(async () => {
      histories = await rawHistories();
    });

    it('hold every workflow the project and the incident ran', async () => {
      const ids = [...histories.keys()].map((key) => key.split('/')[0]!);
      // The workflow ids as the rows store them (readable for what the API started, docs/observability.md).
      const stored = await Promise.all([
        ...expected.projects.map((id) => projectWorkflowIdOf(stack.db, id)),
        ...expected.incidents.map((id) => incidentWorkflowIdOf(stack.db, id)),
        ...expected.tasks.map((id) => taskWorkflowIdOf(stack.db, id)),
      ]);
      expect(ids).toEqual(
        expect.arrayContaining([...stored, ...expected.requests.map((id) => `resource-request-${id}`)]),
      );
    });

    it('contain the marked citizen data nowhere in plaintext: 0 hits, and every payload is encrypted', () => {
      const hits: string[] = [];
      let payloads = 0;
      for (const [key, events] of histories) {
        for (const leaf of leaves(events)) if (leaf.value.includes(CANARY)) hits.push(`${key} ${leaf.path}`);
        for (const payload of payloadsIn(events)) {
          // A patch marker (patched() in workflow code) is written by Temporal's core SDK itself, outside the
          // codec: its payload is the patch id, a name from the code, never data (the canary scan covers it).
          if (/markerRecordedEventAttributes\.details\.patch-data\./.test(payload.path)) continue;
          // A local activity's marker (workflows/projections.ts) carries core's bookkeeping in `data` (sequence,
          // attempt, activity id and type, times), outside the codec; its `result` goes through the codec.
          if (/markerRecordedEventAttributes\.details\.data\./.test(payload.path)) continue;
          // The OpenTelemetry interceptors' header (libs/observability) is the W3C trace context: trace and span
          // ids, written by the interceptor's own converter, never data (the canary scan covers it too).
          if (/header\.fields\._tracer-data$/.test(payload.path)) continue;
          payloads += 1;
          if (payloadEncoding(payload.value) !== ENCRYPTED_ENCODING)
            hits.push(`${key} ${payload.path}: a ${payloadEncoding(payload.value)} payload`);
        }
      }
      expect(hits).toEqual([]);
      expect(payloads).toBeGreaterThan(50);
    });

    it('give up every marked text when decoded through the codec (the positive control)', async () => {
      const decoded: string[] = [];
      for (const events of histories.values()) {
        const plain = await decodeAll(events, codec);
        decoded.push(...leaves(plain).map((leaf) => leaf.value));
      }
      const text = decoded.join('\n');
      for (const [what, marked] of Object.entries(MARKED))
        expect({ what, found: text.includes(marked) }).toEqual({ what, found: true });
    });

    it("are not in the dev server's database file either, where plaintext payloads can be read", () => {
      const work = process.env.GOTONG_TEST_WORKDIR!;
      const files = readdirSync(work).filter((name) => /^temporal-\d+\.db/.test(name));
      expect(files.length).toBeGreaterThan(0);
      // A journal file listed a moment ago may be gone already (SQLite removes it when a write ends).
      const bytes = Buffer.concat(
        files.flatMap((name) => {
          try {
            return [readFileSync(join(work, name))];
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
            throw error;
          }
        }),
      );
      // The control: the one kind of payload left in the clear (a patch marker's patch id) is found as it
      // is, so histories are stored readably and the marker would be found if it were there.
      const patchIds = [...histories.values()].flatMap((events) =>
        payloadsIn(events)
          .filter((p) => p.path.includes('patch-data'))
          .map((p) => Buffer.from(p.value.data ?? [])),
      );
      expect(patchIds.length).toBeGreaterThan(0);
      for (const id of patchIds)
        expect({ id: id.toString(), found: bytes.includes(id) }).toMatchObject({ found: true });
      expect(bytes.includes(CANARY)).toBe(false);
    });
  });

  describe('the codec endpoint for the Temporal UI', () => {
    const password = () => process.env.GOTONG_TEST_PASSWORD!;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stack.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const signIn = async (username: string) => {
      const res = await post('/codec/session', { username, password: password() });
      return { res, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
    };
    /** One encrypted payload from the project's history, in the UI's JSON form. */
    let sample: { metadata: Record<string, string>; data: string };

    beforeAll(async () => {
      const all = await rawHistories();
      const workflowId = await taskWorkflowIdOf(stack.db, expected.tasks[0]!);
      const key = [...all.keys()].find((k) => k.startsWith(`${workflowId}/`))!;
      const events = all.get(key)!;
      const found = payloadsIn(events).find((p) =>
        p.path.includes('workflowExecutionStartedEventAttributes'),
      );
      sample = toJson(found!.value);
    });

    it('refuses without a sign-in (401) and a signed-in user who is not an operator (403)', async () => {
      const anonymous = await post('/codec/decode', { payloads: [sample] }, { origin: UI_ORIGIN });
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { message: string }).message).toMatch(/sign in as an operator/);

      const lead = await signIn('lead.bappeda');
      expect(lead.res.status).toBe(403);
      expect(lead.res.headers.get('set-cookie')).toBeNull();
      const staffToken = await stack.login('staff.dinkes');
      const asStaff = await post(
        '/codec/decode',
        { payloads: [sample] },
        { authorization: `Bearer ${staffToken}` },
      );
      expect(asStaff.status).toBe(403);
      expect(((await asStaff.json()) as { message: string }).message).toBe(
        'decoding Temporal payloads needs one of the roles: ADMIN',
      );
      const wrong = await post('/codec/session', { username: 'admin', password: 'salah-sekali' });
      expect(wrong.status).toBe(401);
    });

    it('decodes for an ADMIN signed in with the HttpOnly session cookie, from the UI origin (CORS)', async () => {
      const admin = await signIn('admin');
      expect(admin.res.status).toBe(200);
      const setCookie = admin.res.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^gotong_codec=[^;]+; Path=\/codec; Max-Age=\d+; HttpOnly; SameSite=Strict$/);

      const decoded = await post(
        '/codec/decode',
        { payloads: [sample] },
        { origin: UI_ORIGIN, cookie: admin.cookie, 'x-namespace': 'default' },
      );
      expect(decoded.status).toBe(200);
      expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
      expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
      const body = (await decoded.json()) as {
        payloads: { metadata: Record<string, string>; data: string }[];
      };
      expect(Buffer.from(body.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
      expect(Buffer.from(body.payloads[0]!.data, 'base64').toString()).toContain(CANARY);

      // What the UI encodes (a signal it sends) comes back encrypted, and decodes to itself.
      const plain = {
        metadata: { encoding: Buffer.from('json/plain').toString('base64') },
        data: Buffer.from('"halo"').toString('base64'),
      };
      const encoded = (await (
        await post('/codec/encode', { payloads: [plain] }, { cookie: admin.cookie })
      ).json()) as {
        payloads: (typeof plain)[];
      };
      expect(Buffer.from(encoded.payloads[0]!.metadata.encoding, 'base64').toString()).toBe(
        ENCRYPTED_ENCODING,
      );
      const back = (await (await post('/codec/decode', encoded, { cookie: admin.cookie })).json()) as {
        payloads: unknown[];
      };
      expect(back.payloads).toEqual([plain]);

      // Bad requests name the problem.
      const malformed = await post(
        '/codec/decode',
        { payloads: [{ metadata: { encoding: 'not base64!' } }] },
        { cookie: admin.cookie },
      );
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { message: string[] }).message).toEqual([
        'payloads[0].metadata.encoding: must be a base64 string',
      ]);
      const foreignKey = {
        ...sample,
        metadata: { ...sample.metadata, 'encryption-key-id': Buffer.from('hilang').toString('base64') },
      };
      const unknownKey = await post('/codec/decode', { payloads: [foreignKey] }, { cookie: admin.cookie });
      expect(unknownKey.status).toBe(400);
      expect(((await unknownKey.json()) as { message: string[] }).message[0]).toMatch(
        /^payloads\[0\]: a payload is encrypted with key "hilang", which is not in PAYLOAD_ENCRYPTION_KEYS/,
      );

      // Signing out revokes the session: the same cookie is refused from then on.
      expect((await post('/codec/logout', {}, { cookie: admin.cookie })).status).toBe(200);
      expect((await post('/codec/decode', { payloads: [sample] }, { cookie: admin.cookie })).status).toBe(
        401,
      );
    });

    it('signs an operator in from the plain form at /codec, as a browser does', async () => {
      const page = await fetch(`${stack.baseUrl}/codec`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<form method="post" action="/codec/session">');
      const form = await fetch(`${stack.baseUrl}/codec/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'admin', password: password() }).toString(),
      });
      expect(form.status).toBe(200);
      expect(form.headers.get('set-cookie')).toMatch(/^gotong_codec=.+; HttpOnly; SameSite=Strict$/);
      expect(await form.text()).toContain('Signed in as admin until');
    });

    it('refuses an expired operator token', async () => {
      const admin = await stack.db.user.findUniqueOrThrow({ where: { username: 'admin' } });
      const jwt = new JwtService({ secret: process.env.JWT_SECRET!, signOptions: { algorithm: 'HS256' } });
      const now = Math.floor(Date.now() / 1000);
      const expired = await jwt.signAsync({
        sub: admin.id,
        ver: admin.sessionVersion,
        jti: randomUUID(),
        iat: now - 9 * 3600,
        exp: now - 60,
      });
      const res = await post('/codec/decode', { payloads: [sample] }, { cookie: `gotong_codec=${expired}` });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toBe('invalid or expired token');
    });

    it("answers the browser's CORS preflight for the UI's origin only", async () => {
      const preflight = (origin: string) =>
        fetch(`${stack.baseUrl}/codec/decode`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,x-namespace',
          },
        });
      const ok = await preflight(UI_ORIGIN);
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
      expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
      expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
      expect(ok.headers.get('access-control-allow-headers')).toContain('x-namespace');
      const evil = await preflight('http://evil.example');
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const admin = await signIn('admin');
      const fromEvil = await post(
        '/codec/decode',
        { payloads: [sample] },
        { origin: 'http://evil.example', cookie: admin.cookie },
      );
      expect(fromEvil.status).toBe(403);
    });
  });

  /** The raw history (no codec) of every run on this test's task queue, keyed "workflowId/runId". */
  async function rawHistories(): Promise<Map<string, unknown[]>> {
    const runs: { workflowId: string; runId: string }[] = [];
    for await (const info of stack.temporal.workflow.list({ query: `TaskQueue = '${stack.taskQueue}'` }))
      runs.push({ workflowId: info.workflowId, runId: info.runId });
    const out = new Map<string, unknown[]>();
    for (const { workflowId, runId } of runs) {
      const events: unknown[] = [];
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await stack.temporal.workflowService.getWorkflowExecutionHistory({
          namespace: 'default',
          execution: { workflowId, runId },
          nextPageToken,
        });
        events.push(...(page.history?.events ?? []));
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken);
      out.set(`${workflowId}/${runId}`, events);
    }
    return out;
  }
});

/** Every string and byte array in a value, bytes read as latin1 (ASCII text stays itself), with its path. */
function leaves(value: unknown, path = '', out: { path: string; value: string }[] = []) {
  if (typeof value === 'string') out.push({ path, value });
  else if (value instanceof Uint8Array) out.push({ path, value: Buffer.from(value).toString('latin1') });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  return out;
}

function isPayload(value: unknown): value is Payload {
  const metadata = (value as { metadata?: unknown } | null)?.metadata;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    (metadata as Record<string, unknown>).encoding instanceof Uint8Array
  );
}

/** Every payload in a raw history, except search attributes (which Temporal indexes, so never encrypted). */
function payloadsIn(value: unknown, path = '', out: { path: string; value: Payload }[] = []) {
  if (isPayload(value)) out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => payloadsIn(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))
    for (const [k, v] of Object.entries(value))
      if (k !== 'searchAttributes') payloadsIn(v, path ? `${path}.${k}` : k, out);
  return out;
}

/** A raw history with every payload run through the codec. */
async function decodeAll(value: unknown, codec: PayloadCodec): Promise<unknown> {
  if (isPayload(value)) return (await codec.decode([value]))[0];
  if (Array.isArray(value)) return Promise.all(value.map((v) => decodeAll(v, codec)));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))
    return Object.fromEntries(
      await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await decodeAll(v, codec)] as const)),
    );
  return value;
}

function toJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}
