import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * The first vertical slice through the real stack: a lead starts an ad-hoc
 * joint project for two OPDs over HTTP, the workflow gives each OPD a task,
 * staff submit their contribution through a workflow Update and the lead
 * accepts it, and the project completes with its audit trail; a task left open
 * past its deadline is reminded and escalated to the Kepala OPD.
 */
describe('ad-hoc joint project over HTTP (real API, Temporal, Postgres, Redis)', () => {
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
      return (
        project.status === 200 &&
        project.body.steps.filter((s: any) => s.task !== null).length ===
          (body.agencyCodes as string[]).length
      );
    });
    return id;
  }

  const submit = (token: string, taskId: string, summary: string) =>
    http(stack.baseUrl, token).post(`/tasks/${taskId}/contribution`, { values: { summary } });
  const accept = (taskId: string) =>
    http(stack.baseUrl, lead).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' });

  it('runs a two-OPD project from start to completion, refusing the wrong OPD', async () => {
    const projectId = await startProject({
      title: 'Pendataan balita stunting Kecamatan Tiris',
      agencyCodes: ['DINKES', 'DINSOS'],
      instructions: 'Kirim rekap per desa.',
      sla: { amount: 1, unit: 'hours' },
    });

    const dinkesInbox = await http(stack.baseUrl, dinkes).get(
      `/inbox?status=ASSIGNED&projectId=${projectId}`,
    );
    expect(dinkesInbox.status).toBe(200);
    const dinkesTask = dinkesInbox.body.items.find((t: any) => t.project.id === projectId);
    expect(dinkesTask).toMatchObject({
      status: 'ASSIGNED',
      agency: { code: 'DINKES' },
      instructions: 'Kirim rekap per desa.',
      form: { fields: [{ key: 'summary', type: 'longtext', required: true }] },
    });

    const dinsosInbox = await http(stack.baseUrl, dinsos).get(`/inbox?projectId=${projectId}`);
    const dinsosTasks = dinsosInbox.body.items.filter((t: any) => t.project.id === projectId);
    expect(dinsosTasks).toHaveLength(1);
    expect(dinsosTasks[0].agency.code).toBe('DINSOS');
    const dinsosTask = dinsosTasks[0];

    // DINSOS staff may read the DINKES task (same project) but not work it.
    expect((await http(stack.baseUrl, dinsos).get(`/tasks/${dinkesTask.id}`)).status).toBe(200);
    const foreign = await submit(dinsos, dinkesTask.id, 'bukan tugas saya');
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/another OPD/);
    expect((await http(stack.baseUrl, dinkes).get(`/tasks/${dinkesTask.id}`)).body.status).toBe('ASSIGNED');

    const done = await submit(dinkes, dinkesTask.id, '37 balita stunting di 5 desa');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ taskId: dinkesTask.id, state: 'SUBMITTED', contributionVersion: 1 });
    expect((await submit(dinkes, dinkesTask.id, 'lagi')).status).toBe(409);
    // Staff do not accept their own work.
    expect(
      (await http(stack.baseUrl, dinkes).post(`/tasks/${dinkesTask.id}/review`, { decision: 'ACCEPT' }))
        .status,
    ).toBe(403);

    const accepted = await accept(dinkesTask.id);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'COMPLETED' });
    const stored = await http(stack.baseUrl, dinkes).get(`/tasks/${dinkesTask.id}`);
    expect(stored.body).toMatchObject({
      status: 'COMPLETED',
      result: { summary: '37 balita stunting di 5 desa' },
    });

    expect((await submit(dinsos, dinsosTask.id, 'PMT tersalur')).status).toBe(200);
    expect((await accept(dinsosTask.id)).status).toBe(200);

    const project = await eventually(async () => {
      const res = await http(stack.baseUrl, lead).get(`/projects/${projectId}`);
      return res.body.status === 'COMPLETED' ? res.body : undefined;
    });
    expect(project.completedAt).toEqual(expect.any(String));
    expect(project.steps.map((s: any) => [s.key, s.status])).toEqual([
      ['dinkes', 'COMPLETED'],
      ['dinsos', 'COMPLETED'],
    ]);

    const audit = await http(stack.baseUrl, lead).get(`/projects/${projectId}/audit`);
    expect(audit.status).toBe(200);
    const actions = audit.body.map((e: any) => e.action);
    expect(actions[0]).toBe('PROJECT_STARTED');
    expect(actions.at(-1)).toBe('PROJECT_COMPLETED');
    expect(actions.filter((a: string) => a === 'TASK_ASSIGNED')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'CONTRIBUTION_SUBMITTED')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'CONTRIBUTION_ACCEPTED')).toHaveLength(2);
    const submittedByDinkes = audit.body.find(
      (e: any) => e.action === 'CONTRIBUTION_SUBMITTED' && e.taskId === dinkesTask.id,
    );
    expect(submittedByDinkes).toMatchObject({ actorAgency: { code: 'DINKES' } });
    // The refused attempt by DINSOS left no trace in the trail.
    expect(
      audit.body.filter((e: any) => e.taskId === dinkesTask.id && e.actorAgency?.code === 'DINSOS'),
    ).toHaveLength(0);
  });

  it('reminds, then escalates a task left open past its deadline to the Kepala OPD', async () => {
    const projectId = await startProject({
      title: 'Perbaikan jalan Tongas',
      agencyCodes: ['DPUPR'],
      sla: { amount: 2, unit: 'seconds' },
    });
    const task = (await http(stack.baseUrl, lead).get(`/projects/${projectId}`)).body.steps[0].task;

    const escalated = await eventually(async () => {
      const res = await http(stack.baseUrl, dpupr).get(`/tasks/${task.id}`);
      return res.body.escalationLevel === 1 ? res.body : undefined;
    });
    expect(escalated.status).toBe('ASSIGNED');
    const overdue = await http(stack.baseUrl, dpupr).get(`/inbox?overdue=true&projectId=${projectId}`);
    expect(overdue.body.items.map((t: any) => t.id)).toContain(task.id);

    const history = await http(stack.baseUrl, dpupr).get(`/tasks/${task.id}/history`);
    const reminders = history.body.filter((e: any) => e.action === 'TASK_REMINDER');
    expect(reminders.map((e: any) => e.detail.percentOfSla)).toEqual([50, 75]);
    const escalations = history.body.filter((e: any) => e.action === 'TASK_ESCALATED');
    expect(escalations).toHaveLength(1);
    expect(escalations[0].detail).toMatchObject({ level: 1, escalatedTo: 'Kepala OPD' });

    expect((await submit(dpupr, task.id, 'Lubang ditambal')).status).toBe(200);
    expect((await accept(task.id)).status).toBe(200);
    await eventually(
      async () => (await http(stack.baseUrl, lead).get(`/projects/${projectId}`)).body.status === 'COMPLETED',
    );
    const trail = (await http(stack.baseUrl, lead).get(`/projects/${projectId}/audit`)).body.map(
      (e: any) => e.action,
    );
    expect(trail).toEqual([
      'PROJECT_STARTED',
      'TASK_ASSIGNED',
      'TASK_REMINDER',
      'TASK_REMINDER',
      'TASK_ESCALATED',
      'CONTRIBUTION_SUBMITTED',
      'CONTRIBUTION_ACCEPTED',
      'PROJECT_COMPLETED',
    ]);
  });

  it('keeps OPDs out of projects they do not take part in', async () => {
    const projectId = await startProject({
      title: 'Distribusi PMT',
      agencyCodes: ['DINSOS'],
      sla: { amount: 1, unit: 'hours' },
    });
    const task = (await http(stack.baseUrl, lead).get(`/projects/${projectId}`)).body.steps[0].task;

    expect((await http(stack.baseUrl, dinkes).get(`/projects/${projectId}`)).status).toBe(403);
    expect((await http(stack.baseUrl, dinkes).get(`/projects/${projectId}/audit`)).status).toBe(403);
    expect((await http(stack.baseUrl, dinkes).get(`/tasks/${task.id}`)).status).toBe(403);
    expect((await http(stack.baseUrl, dinkes).get(`/tasks/${task.id}/history`)).status).toBe(403);
    expect((await submit(dinkes, task.id, 'x')).status).toBe(403);
    const list = await http(stack.baseUrl, dinkes).get('/projects');
    expect(list.body.items.map((p: any) => p.id)).not.toContain(projectId);

    const sekda = await stack.login('sekda');
    expect((await http(stack.baseUrl, sekda).get(`/projects/${projectId}`)).status).toBe(200);
    // Leadership reads but does not work OPD tasks.
    expect((await submit(sekda, task.id, 'x')).status).toBe(403);
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

    const badSla = await api.post('/projects', {
      title: 'x',
      agencyCodes: ['DINKES'],
      sla: { amount: 0, unit: 'fortnights' },
    });
    expect(badSla.status).toBe(400);
    expect(badSla.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sla\.amount must be greater than 0$/),
        expect.stringMatching(/^sla\.unit must be one of/),
      ]),
    );

    expect((await api.get('/tasks/not-a-uuid')).status).toBe(400);
    expect((await api.get('/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/projects/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/inbox?page=0')).status).toBe(400);
    expect(
      (await http(stack.baseUrl, dinkes).post('/tasks/00000000-0000-4000-8000-000000000000/contribution', {}))
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
        '/projects/from-template',
        '/projects/{id}',
        '/inbox',
        '/tasks/{id}/contribution',
        '/tasks/{id}/review',
        '/escalations',
        '/scorecards',
        '/templates',
        '/health',
      ]),
    );
    const me = await http(stack.baseUrl, dinkes).get('/auth/me');
    expect(me.body).toMatchObject({ username: 'staff.dinkes', role: 'STAFF', agencyCode: 'DINKES' });
  });
});
