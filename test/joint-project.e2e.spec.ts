import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * The first vertical slice through the real stack: a lead starts a joint
 * project for two OPDs over HTTP, the workflow gives each OPD a task, staff
 * complete them through the workflow Update, and the project completes with
 * its audit trail; a task left open past its deadline is escalated once.
 */
describe('joint project over HTTP (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let lead: string;
  let dinkes: string;
  let dinsos: string;
  let dpupr: string;

  beforeAll(async () => {
    stack = await startStack();
    lead = await stack.login('lead.bappeda');
    dinkes = await stack.login('staff.dinkes');
    dinsos = await stack.login('staff.dinsos');
    dpupr = await stack.login('staff.dpupr');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function startProject(body: Record<string, unknown>): Promise<string> {
    const res = await http(stack.baseUrl, lead).post('/projects', body);
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await eventually(async () => {
      const project = await http(stack.baseUrl, lead).get(`/projects/${id}`);
      return project.status === 200 && project.body.tasks.length === (body.agencyCodes as string[]).length;
    });
    return id;
  }

  it('runs a two-OPD project from start to completion, refusing the wrong OPD', async () => {
    const projectId = await startProject({
      title: 'Pendataan balita stunting Kecamatan Tiris',
      agencyCodes: ['DINKES', 'DINSOS'],
      instructions: 'Kirim rekap per desa.',
      sla: '1 hour',
    });

    const dinkesInbox = await http(stack.baseUrl, dinkes).get('/inbox?status=ASSIGNED');
    expect(dinkesInbox.status).toBe(200);
    const dinkesTask = dinkesInbox.body.items.find((t: any) => t.project.id === projectId);
    expect(dinkesTask).toMatchObject({
      status: 'ASSIGNED',
      agency: { code: 'DINKES' },
      instructions: 'Kirim rekap per desa.',
    });

    const dinsosInbox = await http(stack.baseUrl, dinsos).get('/inbox');
    const dinsosTasks = dinsosInbox.body.items.filter((t: any) => t.project.id === projectId);
    expect(dinsosTasks).toHaveLength(1);
    expect(dinsosTasks[0].agency.code).toBe('DINSOS');
    const dinsosTask = dinsosTasks[0];

    // DINSOS staff may read the DINKES task (same project) but not complete it.
    const foreign = await http(stack.baseUrl, dinsos).post(`/tasks/${dinkesTask.id}/complete`, {
      summary: 'bukan tugas saya',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/another OPD/);
    const unchanged = await http(stack.baseUrl, dinkes).get(`/tasks/${dinkesTask.id}`);
    expect(unchanged.body.status).toBe('ASSIGNED');

    const done = await http(stack.baseUrl, dinkes).post(`/tasks/${dinkesTask.id}/complete`, {
      summary: '37 balita stunting di 5 desa',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ taskId: dinkesTask.id, state: 'COMPLETED', escalationLevel: 0 });
    const stored = await http(stack.baseUrl, dinkes).get(`/tasks/${dinkesTask.id}`);
    expect(stored.body).toMatchObject({
      status: 'COMPLETED',
      result: { summary: '37 balita stunting di 5 desa' },
    });

    const again = await http(stack.baseUrl, dinkes).post(`/tasks/${dinkesTask.id}/complete`, {
      summary: 'lagi',
    });
    expect(again.status).toBe(409);

    expect(
      (
        await http(stack.baseUrl, dinsos).post(`/tasks/${dinsosTask.id}/complete`, {
          summary: 'PMT tersalur',
        })
      ).status,
    ).toBe(200);

    const project = await eventually(async () => {
      const res = await http(stack.baseUrl, lead).get(`/projects/${projectId}`);
      return res.body.status === 'COMPLETED' ? res.body : undefined;
    });
    expect(project.completedAt).toEqual(expect.any(String));
    expect(project.tasks.map((t: any) => t.status)).toEqual(['COMPLETED', 'COMPLETED']);

    const audit = await http(stack.baseUrl, lead).get(`/projects/${projectId}/audit`);
    expect(audit.status).toBe(200);
    const actions = audit.body.map((e: any) => e.action);
    expect(actions[0]).toBe('PROJECT_STARTED');
    expect(actions.at(-1)).toBe('PROJECT_COMPLETED');
    expect(actions.filter((a: string) => a === 'TASK_ASSIGNED')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'TASK_COMPLETED')).toHaveLength(2);
    const completedByDinkes = audit.body.find(
      (e: any) => e.action === 'TASK_COMPLETED' && e.taskId === dinkesTask.id,
    );
    expect(completedByDinkes).toMatchObject({
      actorAgency: { code: 'DINKES' },
      detail: { summary: '37 balita stunting di 5 desa' },
    });
    // The refused attempt by DINSOS left no trace in the trail.
    expect(
      audit.body.filter((e: any) => e.taskId === dinkesTask.id && e.actorAgency?.code === 'DINSOS'),
    ).toHaveLength(0);
  });

  it('escalates a task left open past its deadline to the Kepala OPD, once', async () => {
    const projectId = await startProject({
      title: 'Perbaikan jalan Tongas',
      agencyCodes: ['DPUPR'],
      sla: '2s',
    });
    const task = (await http(stack.baseUrl, lead).get(`/projects/${projectId}`)).body.tasks[0];

    const escalated = await eventually(async () => {
      const res = await http(stack.baseUrl, dpupr).get(`/tasks/${task.id}`);
      return res.body.escalationLevel === 1 ? res.body : undefined;
    });
    expect(escalated.status).toBe('ASSIGNED');
    const overdue = await http(stack.baseUrl, dpupr).get('/inbox?overdue=true');
    expect(overdue.body.items.map((t: any) => t.id)).toContain(task.id);

    // Well past the deadline, still exactly one escalation.
    await new Promise((r) => setTimeout(r, 2_500));
    const history = await http(stack.baseUrl, dpupr).get(`/tasks/${task.id}/history`);
    const escalations = history.body.filter((e: any) => e.action === 'TASK_ESCALATED');
    expect(escalations).toHaveLength(1);
    expect(escalations[0].detail).toMatchObject({ level: 1, escalatedTo: 'Kepala OPD' });

    expect(
      (await http(stack.baseUrl, dpupr).post(`/tasks/${task.id}/complete`, { summary: 'Lubang ditambal' }))
        .status,
    ).toBe(200);
    await eventually(
      async () => (await http(stack.baseUrl, lead).get(`/projects/${projectId}`)).body.status === 'COMPLETED',
    );
    const trail = (await http(stack.baseUrl, lead).get(`/projects/${projectId}/audit`)).body.map(
      (e: any) => e.action,
    );
    expect(trail).toEqual([
      'PROJECT_STARTED',
      'TASK_ASSIGNED',
      'TASK_ESCALATED',
      'TASK_COMPLETED',
      'PROJECT_COMPLETED',
    ]);
  });

  it('keeps OPDs out of projects they do not take part in', async () => {
    const projectId = await startProject({ title: 'Distribusi PMT', agencyCodes: ['DINSOS'], sla: '1 hour' });
    const task = (await http(stack.baseUrl, lead).get(`/projects/${projectId}`)).body.tasks[0];

    expect((await http(stack.baseUrl, dinkes).get(`/projects/${projectId}`)).status).toBe(403);
    expect((await http(stack.baseUrl, dinkes).get(`/projects/${projectId}/audit`)).status).toBe(403);
    expect((await http(stack.baseUrl, dinkes).get(`/tasks/${task.id}`)).status).toBe(403);
    expect((await http(stack.baseUrl, dinkes).get(`/tasks/${task.id}/history`)).status).toBe(403);
    expect(
      (await http(stack.baseUrl, dinkes).post(`/tasks/${task.id}/complete`, { summary: 'x' })).status,
    ).toBe(403);
    const list = await http(stack.baseUrl, dinkes).get('/projects');
    expect(list.body.items.map((p: any) => p.id)).not.toContain(projectId);

    const sekda = await stack.login('sekda');
    expect((await http(stack.baseUrl, sekda).get(`/projects/${projectId}`)).status).toBe(200);
    // Leadership reads but does not work OPD tasks.
    expect(
      (await http(stack.baseUrl, sekda).post(`/tasks/${task.id}/complete`, { summary: 'x' })).status,
    ).toBe(403);
    expect((await http(stack.baseUrl, dinsos).get(`/projects/${projectId}`)).status).toBe(200);
  });

  it('answers bad input with 4xx and field-level messages, never 500', async () => {
    const api = http(stack.baseUrl, lead);
    const missing = await api.post('/projects', { agencyCodes: [], unexpected: true });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^title/),
        expect.stringMatching(/^agencyCodes/),
        expect.stringMatching(/unexpected should not exist/),
      ]),
    );

    const unknown = await api.post('/projects', { title: 'x', agencyCodes: ['DINKES', 'NOPE'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['agencyCodes: unknown OPD code(s): NOPE']);

    const badSla = await api.post('/projects', { title: 'x', agencyCodes: ['DINKES'], sla: 'soon' });
    expect(badSla.status).toBe(400);
    expect(badSla.body.message).toEqual([expect.stringMatching(/^sla must be a duration/)]);

    expect((await api.get('/tasks/not-a-uuid')).status).toBe(400);
    expect((await api.get('/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/projects/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/inbox?page=0')).status).toBe(400);
    expect(
      (await http(stack.baseUrl, dinkes).post('/tasks/00000000-0000-4000-8000-000000000000/complete', {}))
        .status,
    ).toBe(400);

    const staffStart = await http(stack.baseUrl, dinkes).post('/projects', {
      title: 'x',
      agencyCodes: ['DINKES'],
    });
    expect(staffStart.status).toBe(403);

    expect((await http(stack.baseUrl).get('/inbox')).status).toBe(401);
    expect((await http(stack.baseUrl, 'not-a-token').get('/inbox')).status).toBe(401);
    const wrong = await http(stack.baseUrl).post('/auth/login', {
      username: 'staff.dinkes',
      password: 'salah',
    });
    expect(wrong.status).toBe(401);
    const malformed = await http(stack.baseUrl).post('/auth/login', { username: 42 });
    expect(malformed.status).toBe(400);
  });

  it('reports health of every dependency and serves OpenAPI docs', async () => {
    const health = await http(stack.baseUrl).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });

    const docs = await http(stack.baseUrl).get('/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/login',
        '/projects',
        '/projects/{id}',
        '/inbox',
        '/tasks/{id}/complete',
        '/health',
      ]),
    );
    const me = await http(stack.baseUrl, dinkes).get('/auth/me');
    expect(me.body).toMatchObject({ username: 'staff.dinkes', role: 'STAFF', agencyCode: 'DINKES' });
  });
});
