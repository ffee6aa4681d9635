import { villagesOf } from '@gotong/domain/region';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';
import { projectWorkflowIdOf, taskWorkflowIdOf } from './support/workflow-ids';

/**
 * How a reconciliation ends, through the real stack (Nest API, Temporal worker and dev server, Postgres,
 * Redis), over HTTP: the walidata decides while one OPD's explanation task is still open. The explanation
 * project ends RESOLVED (decided by the walidata), not CANCELLED; the open task closes as no longer needed
 * (CLOSED, not CANCELLED) and stops weighing on the OPD's scorecard; the other OPD's proposal and the
 * walidata's reasoning stay readable on the project and the reconciliation.
 *
 * Period 2054 belongs to this file.
 */
describe('a decided reconciliation ends RESOLVED (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let walidata: string;
  let staffDinkes: string;
  let sekda: string;
  let dp3: string;

  beforeAll(async () => {
    stack = await startStack();
    [walidata, staffDinkes, sekda] = await Promise.all([
      stack.login('walidata'),
      stack.login('staff.dinkes'),
      stack.login('sekda'),
    ]);
    dp3 = (await stack.createStaff('DP3AP2KB')).token;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  async function submitAndAccept(token: string, taskId: string, values: Record<string, unknown>) {
    const submitted = await api(token).post(`/tasks/${taskId}/contribution`, { values });
    expect({ status: submitted.status, body: submitted.body }).toMatchObject({
      status: 200,
      body: { state: 'SUBMITTED' },
    });
    const accepted = await api(walidata).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' });
    expect({ status: accepted.status, body: accepted.body }).toMatchObject({
      status: 200,
      body: { state: 'COMPLETED' },
    });
  }

  /** The project once every step has its task, as the API shows it. */
  async function projectWithTasks(projectId: string, steps: number) {
    return eventually(async () => {
      const res = await api(walidata).get(`/projects/${projectId}`);
      return res.status === 200 &&
        res.body.steps.length === steps &&
        res.body.steps.every((s: any) => s.task !== null)
        ? res.body
        : undefined;
    });
  }

  async function scorecardOf(agencyCode: string) {
    const res = await api(sekda).get('/scorecards');
    expect(res.status).toBe(200);
    return (res.body.opd as any[]).find((c) => c.agencyCode === agencyCode);
  }

  it('closes the open explanation task as no longer needed and keeps the proposals when the walidata decides', async () => {
    const period = '2054';
    const [desaA, desaB] = villagesOf('35.13.02')
      .slice(1, 3)
      .map((v) => v.code) as [string, string];
    const request = await api(walidata).post('/data/requests', {
      indicators: ['BALITA_STUNTING'],
      period,
      areas: [desaA, desaB],
    });
    expect(request.status).toBe(201);
    const requestProject = await projectWithTasks(request.body.id, 2);
    const requestTask = (agency: string) =>
      (requestProject.steps as any[]).find((s) => s.task.agency.code === agency).task.id as string;
    await submitAndAccept(staffDinkes, requestTask('DINKES'), {
      balitaStunting: { [desaA]: 41, [desaB]: 12 },
    });
    await submitAndAccept(dp3, requestTask('DP3AP2KB'), { balitaStunting: { [desaA]: 37, [desaB]: 15 } });

    const reconciliation = await eventually(async () => {
      const res = await api(walidata).get('/data/reconciliations?status=OPEN');
      return (res.body as any[]).find((r) => r.sourceProjectId === request.body.id);
    });
    const project = await projectWithTasks(reconciliation.projectId, 2);
    const taskOf = (agency: string) =>
      (project.steps as any[]).find((s) => s.task.agency.code === agency).task.id as string;
    const detailOf = async () => (await api(walidata).get(`/data/reconciliations/${reconciliation.id}`)).body;
    const before = await detailOf();
    const rowOf = (area: string) => (before.cells as any[]).find((c) => c.areaCode === area).row as number;
    const ids = new Map((before.cells as any[]).map((c) => [c.areaCode as string, c.conflictId as string]));

    // DINKES explains and proposes; the walidata accepts its explanation. DP3AP2KB has not answered yet.
    const dinkesExplanation = 'e-PPGBM, pengukuran bulan timbang Agustus.';
    const proposal = await api(staffDinkes).post(`/tasks/${taskOf('DINKES')}/contribution`, {
      values: {
        penjelasan: dinkesExplanation,
        [`penjelasan_${rowOf(desaA)}`]: 'Dua balita pindah domisili sebelum pengukuran.',
        [`usulan_${rowOf(desaA)}`]: 39,
      },
    });
    expect(proposal.status).toBe(200);
    const reviewed = await api(walidata).post(`/tasks/${taskOf('DINKES')}/review`, { decision: 'ACCEPT' });
    expect(reviewed.body).toMatchObject({ state: 'COMPLETED' });

    // DP3AP2KB's explanation is late: the scorecard counts it as open overdue while it is owed. (The deadline is
    // two working days away; it is moved into the past in the projection the scorecard reads.)
    const dp3Task = taskOf('DP3AP2KB');
    await stack.db.task.update({ where: { id: dp3Task }, data: { dueAt: new Date(Date.now() - 3_600_000) } });
    const lateCard = await scorecardOf('DP3AP2KB');
    expect(lateCard.openOverdue).toBeGreaterThanOrEqual(1);
    const overdueBefore = lateCard.openOverdue as number;
    const completedBefore = lateCard.completed as number;

    // The walidata decides every cell while DP3AP2KB's task is still open.
    const reasoning = 'Pengukuran langsung e-PPGBM; usulan DINKES untuk desa A diterima.';
    const decided = await api(walidata).post(`/data/reconciliations/${reconciliation.id}/decisions`, {
      decisions: [
        { conflictId: ids.get(desaA), value: 39 },
        { conflictId: ids.get(desaB), value: 12 },
      ],
      reasoning,
    });
    expect({ status: decided.status, body: decided.body }).toMatchObject({
      status: 201,
      body: { status: 'RESOLVED' },
    });

    // The explanation project ends RESOLVED, saying who decided and why; DP3AP2KB's task is CLOSED.
    const ended = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${project.id}`);
      const task = (res.body.steps as any[]).find((s) => s.task.agency.code === 'DP3AP2KB').task;
      return res.body.status === 'RESOLVED' && task.status === 'CLOSED' ? res.body : undefined;
    });
    expect(ended).toMatchObject({
      status: 'RESOLVED',
      completedAt: expect.any(String),
      cancelledAt: null,
      cancelReason: null,
      resolution: {
        reason: expect.stringContaining('Walidata telah memutuskan setiap sel'),
        agency: expect.objectContaining({ code: expect.any(String) }),
      },
    });
    expect((ended.steps as any[]).map((s) => [s.task.agency.code, s.status]).sort()).toEqual([
      ['DINKES', 'COMPLETED'],
      ['DP3AP2KB', 'CLOSED'],
    ]);
    expect(await stack.db.task.count({ where: { projectId: project.id, status: 'CANCELLED' } })).toBe(0);
    const trail = (await api(walidata).get(`/projects/${project.id}/audit`)).body as any[];
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['PROJECT_RESOLVED', 'TASK_CLOSED']));
    expect(trail.map((e) => e.action)).not.toContain('PROJECT_CANCELLED');
    expect(trail.map((e) => e.action)).not.toContain('TASK_CANCELLED');
    expect(trail.find((e) => e.action === 'TASK_CLOSED')).toMatchObject({
      taskId: dp3Task,
      detail: { reason: expect.stringContaining('tidak diperlukan lagi') },
    });

    // DP3AP2KB's inbox shows the task as closed, no longer owed; it cannot be answered any more.
    const inbox = await api(dp3).get(`/inbox?projectId=${project.id}`);
    expect(inbox.status).toBe(200);
    expect(((inbox.body.items ?? inbox.body) as any[]).map((t) => [t.id, t.status])).toEqual([
      [dp3Task, 'CLOSED'],
    ]);
    const owed = await api(dp3).get(`/inbox?projectId=${project.id}&overdue=true`);
    expect((owed.body.items ?? owed.body) as any[]).toEqual([]);
    const late = await api(dp3).post(`/tasks/${dp3Task}/contribution`, {
      values: { penjelasan: 'Terlambat.' },
    });
    expect(late.status).toBe(409);

    // The scorecard: the closed task is neither missed nor overdue, and nothing was completed in its name.
    const card = await scorecardOf('DP3AP2KB');
    expect(card.openOverdue).toBe(overdueBefore - 1);
    expect(card.completed).toBe(completedBefore);

    // The proposal and the reasoning stay readable: on the reconciliation and with the project's task.
    const after = await detailOf();
    expect(after).toMatchObject({ status: 'RESOLVED' });
    expect(
      (after.explanations as any[]).map((e) => [e.agency.code, e.taskStatus, e.explanation]).sort(),
    ).toEqual([
      ['DINKES', 'COMPLETED', dinkesExplanation],
      ['DP3AP2KB', 'CLOSED', null],
    ]);
    expect((after.cells as any[]).find((c) => c.areaCode === desaA)).toMatchObject({
      status: 'RESOLVED',
      agreedValue: 39,
      reasoning,
      proposals: [
        expect.objectContaining({ proposal: 39, agency: expect.objectContaining({ code: 'DINKES' }) }),
      ],
    });
    const contributions = await api(walidata).get(`/tasks/${taskOf('DINKES')}/contributions`);
    expect(contributions.status).toBe(200);
    expect(JSON.stringify(contributions.body)).toContain(dinkesExplanation);

    // Listing resolved projects finds it; cancelled ones do not.
    const resolvedList = await api(walidata).get('/projects?status=RESOLVED&pageSize=100');
    expect((resolvedList.body.items as any[]).map((p) => p.id)).toContain(project.id);
    const cancelledList = await api(walidata).get('/projects?status=CANCELLED&pageSize=100');
    expect((cancelledList.body.items as any[]).map((p) => p.id)).not.toContain(project.id);

    await recordHistory(
      stack.temporal.workflow.getHandle(await projectWorkflowIdOf(stack.db, project.id)),
      'jointProjectWorkflow-reconciliation-resolved',
    );
    await recordHistory(
      stack.temporal.workflow.getHandle(await taskWorkflowIdOf(stack.db, dp3Task)),
      'agencyTaskWorkflow-closed-when-no-longer-needed',
    );
  }, 300_000);
});
