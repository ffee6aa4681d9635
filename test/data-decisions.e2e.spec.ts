import { createActivities } from '@gotong/activities';
import { TASK_NOT_OPEN } from '@gotong/contracts/failures';
import { figureRevisionWorkflowId, reconciliationDecisionWorkflowId } from '@gotong/contracts/data';
import { villagesOf } from '@gotong/domain/region';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Data satu pintu decisions through the real stack (Nest API, Temporal worker and dev server, Postgres,
 * Redis), over HTTP:
 *
 * - a walidata's decision sticks: a later figure that differs from the RECONCILED one opens a conflict (the
 *   decided figure stays published, flagged disputed) instead of replacing it; a figure equal to it only adds
 *   support; a revision needs a reason and keeps the old figure in the history;
 * - one reconciliation per request: two OPDs disagreeing in many desa get one reconciliation (one task per
 *   OPD with a row per cell), decided cell by cell and in bulk, which ends RESOLVED with the set published.
 *
 * Periods 2051–2053 belong to this file (the desa are real ones; the period keeps them apart).
 */
describe('data decisions over HTTP (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let walidata: string;
  let staffDinkes: string;
  let dp3: string;

  beforeAll(async () => {
    stack = await startStack();
    [walidata, staffDinkes] = await Promise.all([stack.login('walidata'), stack.login('staff.dinkes')]);
    dp3 = (await stack.createStaff('DP3AP2KB')).token;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  /** Starts a stunting data request and answers the task id of each producing OPD. */
  async function startStuntingRequest(period: string, areas: string[]) {
    const res = await api(walidata).post('/data/requests', {
      indicators: ['BALITA_STUNTING'],
      period,
      areas,
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const project = await eventually(async () => {
      const p = await api(walidata).get(`/projects/${id}`);
      return p.status === 200 && p.body.steps.length > 0 && p.body.steps.every((s: any) => s.task !== null)
        ? p.body
        : undefined;
    });
    const taskOf = (agency: string): string =>
      (project.steps as any[]).find((s) => s.task.agency.code === agency).task.id as string;
    return { id, dinkes: taskOf('DINKES'), dp3: taskOf('DP3AP2KB') };
  }

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

  async function publishedFigure(period: string, area: string) {
    // Signed in: the public rate limit does not count the walidata.
    const res = await api(walidata).get(
      `/data/published?indicator=BALITA_STUNTING&period=${period}&area=${area}`,
    );
    expect(res.status).toBe(200);
    const rows = (Array.isArray(res.body) ? res.body : res.body.items) as any[];
    return rows.find((f) => f.area?.code === area || f.areaCode === area || f.area === area);
  }

  async function openConflicts(period: string, area: string) {
    const res = await api(walidata).get('/data/conflicts?status=OPEN');
    expect(res.status).toBe(200);
    return (res.body as any[]).filter(
      (k) => k.indicatorCode === 'BALITA_STUNTING' && k.period === period && k.areaCode === area,
    );
  }

  it('keeps a reconciled figure when a later request brings a different one: a conflict, not an overwrite', async () => {
    const period = '2051';
    const desa = villagesOf('35.13.02')[0]!.code;

    // DINKES 41, DP3AP2KB 37: a conflict; the walidata reconciles it to 39.
    const first = await startStuntingRequest(period, [desa]);
    await submitAndAccept(staffDinkes, first.dinkes, { balitaStunting: { [desa]: 41 } });
    await submitAndAccept(dp3, first.dp3, { balitaStunting: { [desa]: 37 } });
    const conflict = await eventually(async () => (await openConflicts(period, desa))[0]);
    const resolved = await api(walidata).post(`/data/conflicts/${conflict.id}/resolve`, {
      value: 39,
      reasoning: 'Pengukuran ulang bulan timbang Agustus: 39 balita.',
    });
    expect([200, 201]).toContain(resolved.status);
    expect(await publishedFigure(period, desa)).toMatchObject({ value: 39, basis: 'RECONCILED' });

    // A later request for the same desa and period: DINKES alone submits 45.
    const second = await startStuntingRequest(period, [desa]);
    await submitAndAccept(staffDinkes, second.dinkes, { balitaStunting: { [desa]: 45 } });

    // The decision sticks: 39 stays published, flagged disputed, and a conflict names 45 against it.
    const dispute = await eventually(async () => (await openConflicts(period, desa))[0]);
    expect(dispute.publishedValue).toBe(39);
    expect((dispute.values as any[]).map((v) => [v.agency.code, v.value])).toEqual([['DINKES', 45]]);
    expect(await publishedFigure(period, desa)).toMatchObject({
      value: 39,
      basis: 'RECONCILED',
      disputed: true,
    });

    // It is a reconciliation of its own (the second request's), with DINKES's explanation task.
    expect(dispute.reconciliationId).toEqual(expect.any(String));
    const detail = await api(walidata).get(`/data/reconciliations/${dispute.reconciliationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'OPEN', sourceProjectId: second.id });
    expect(detail.body.cells).toEqual([
      expect.objectContaining({
        conflictId: dispute.id,
        areaCode: desa,
        published: 39,
        values: [{ agency: expect.objectContaining({ code: 'DINKES' }), value: 45 }],
      }),
    ]);

    // The walidata keeps 39: the decision sticks, and no history entry (nothing changed).
    const kept = await api(walidata).post(`/data/reconciliations/${dispute.reconciliationId}/decisions`, {
      decisions: [{ conflictId: dispute.id, value: 39 }],
      reasoning: 'Angka 45 belum melalui pengukuran ulang; tetap 39.',
    });
    expect({ status: kept.status, body: kept.body }).toMatchObject({
      status: 201,
      body: { id: dispute.reconciliationId, status: 'RESOLVED' },
    });
    expect(await publishedFigure(period, desa)).toMatchObject({
      value: 39,
      basis: 'RECONCILED',
      disputed: false,
    });

    // A figure equal to the decided one only adds support: no conflict, 39 stays RECONCILED.
    const third = await startStuntingRequest(period, [desa]);
    await submitAndAccept(dp3, third.dp3, { balitaStunting: { [desa]: 39 } });
    const supported = await eventually(async () => {
      const f = await publishedFigure(period, desa);
      const support = (f.sources as any[]).filter(
        (x) => x.agency.code === 'DP3AP2KB' && x.value === 39 && x.taskId === third.dp3,
      );
      return support.length === 1 ? f : undefined;
    });
    expect(supported).toMatchObject({ value: 39, basis: 'RECONCILED', disputed: false });
    expect(await openConflicts(period, desa)).toEqual([]);

    // A revision names its reason, by the walidata only; the old figure is kept in the history.
    const revision = { indicator: 'BALITA_STUNTING', area: desa, period, value: 42 };
    const noReason = await api(walidata).post('/data/figures/revisions', { ...revision, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.message)).toMatch(/reason/);
    const byStaff = await api(staffDinkes).post('/data/figures/revisions', {
      ...revision,
      reason: 'Koreksi',
    });
    expect(byStaff.status).toBe(403);
    const same = await api(walidata).post('/data/figures/revisions', {
      ...revision,
      value: 39,
      reason: 'Tidak berubah',
    });
    expect(same.status).toBe(400);
    expect(JSON.stringify(same.body.message)).toMatch(/already the published figure/);
    const nothing = await api(walidata).post('/data/figures/revisions', {
      ...revision,
      period: '2052-07',
      reason: 'Koreksi',
    });
    expect(nothing.status).toBe(404);
    const reason = 'Posyandu Melati melaporkan ulang: 3 balita belum tercatat.';
    const revised = await api(walidata).post('/data/figures/revisions', { ...revision, reason });
    expect({ status: revised.status, body: revised.body }).toMatchObject({
      status: 201,
      body: { oldValue: 39, value: 42 },
    });
    expect(await publishedFigure(period, desa)).toMatchObject({ value: 42, basis: 'RECONCILED' });
    await recordHistory(
      stack.temporal.workflow.getHandle(figureRevisionWorkflowId(revised.body.id)),
      'dataFigureRevisionWorkflow-revised',
    );
    const history = await api(walidata).get(
      `/data/figures/revisions?indicator=BALITA_STUNTING&area=${desa}&period=${period}`,
    );
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({
        kind: 'REVISION',
        oldValue: 39,
        oldBasis: 'RECONCILED',
        newValue: 42,
        reason,
        revisedBy: expect.objectContaining({ name: expect.any(String) }),
      }),
    ]);
    // Other staff see the revision and its reason, not who made it (UU 27/2022).
    const seenByStaff = await api(staffDinkes).get(
      `/data/figures/revisions?indicator=BALITA_STUNTING&area=${desa}&period=${period}`,
    );
    expect(seenByStaff.body).toEqual([
      expect.objectContaining({ oldValue: 39, newValue: 42, reason, revisedBy: null, revisedById: null }),
    ]);
    expect(
      await stack.db.auditEvent.count({
        where: {
          action: 'PUBLISHED_FIGURE_REVISED',
          eventKey: `published-figure-revision:${revised.body.id}`,
        },
      }),
    ).toBe(1);
  }, 240_000);

  it('brings a request whose two OPDs disagree in many desa into one reconciliation, decided cell by cell and in bulk', async () => {
    const period = '2053';
    // The size: 100 desa (of kecamatan 03 onwards; the period keeps them apart from other files).
    const DESA = 100;
    const areas = Array.from({ length: 22 }, (_, i) => `35.13.${String(i + 3).padStart(2, '0')}`)
      .flatMap((k) => villagesOf(k).map((v) => v.code))
      .slice(0, DESA)
      .sort();
    expect(areas).toHaveLength(DESA);
    const agreed = areas.slice(0, 5);
    const disputed = areas.slice(5);
    const dinkesValues = Object.fromEntries(areas.map((d, i) => [d, 10 + i]));
    const dp3Values = Object.fromEntries(areas.map((d, i) => [d, agreed.includes(d) ? 10 + i : 50 + i]));

    const request = await startStuntingRequest(period, areas);
    await submitAndAccept(staffDinkes, request.dinkes, { balitaStunting: dinkesValues });
    await submitAndAccept(dp3, request.dp3, { balitaStunting: dp3Values });

    // Exactly one reconciliation for the request, holding every disagreeing desa.
    const reconciliation = await eventually(async () => {
      const res = await api(walidata).get('/data/reconciliations?status=OPEN');
      expect(res.status).toBe(200);
      return (res.body as any[]).find((r) => r.sourceProjectId === request.id);
    });
    const mine = ((await api(walidata).get('/data/reconciliations')).body as any[]).filter(
      (r) => r.sourceProjectId === request.id,
    );
    expect(mine).toHaveLength(1);
    expect(reconciliation).toMatchObject({
      status: 'OPEN',
      cells: disputed.length,
      openCells: disputed.length,
    });
    const conflicts = ((await api(walidata).get('/data/conflicts?status=OPEN')).body as any[]).filter(
      (k) => k.period === period,
    );
    expect(conflicts.map((k) => k.areaCode).sort()).toEqual(disputed);
    expect(new Set(conflicts.map((k) => k.reconciliationId))).toEqual(new Set([reconciliation.id]));

    // One explanation project: a task per OPD, each a form with a row per cell.
    const project = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${reconciliation.projectId}`);
      return res.status === 200 && res.body.steps.length === 2 && res.body.steps.every((s: any) => s.task)
        ? res.body
        : undefined;
    });
    const taskOf = (agency: string) =>
      (project.steps as any[]).find((s) => s.task.agency.code === agency).task.id as string;
    const form = await api(staffDinkes).get(`/tasks/${taskOf('DINKES')}`);
    expect(form.status).toBe(200);
    expect((form.body.form.fields as any[]).map((f) => f.key)).toEqual([
      'penjelasan',
      ...disputed.flatMap((_, i) => [`penjelasan_${i + 1}`, `usulan_${i + 1}`]),
    ]);

    // The cells' rows follow the screen's order; each OPD explains and proposes in its one form.
    const detailOf = async () => (await api(walidata).get(`/data/reconciliations/${reconciliation.id}`)).body;
    const before = await detailOf();
    const rowOf = (area: string) => (before.cells as any[]).find((c) => c.areaCode === area).row as number;
    const [first, second, ...rest] = disputed as [string, string, ...string[]];
    const dinkesAnswer = await api(staffDinkes).post(`/tasks/${taskOf('DINKES')}/contribution`, {
      values: {
        penjelasan: 'e-PPGBM, pengukuran bulan timbang Agustus.',
        [`penjelasan_${rowOf(first)}`]: 'Dua balita pindah domisili sebelum pengukuran.',
        [`usulan_${rowOf(first)}`]: 17,
      },
    });
    expect(dinkesAnswer.status).toBe(200);
    const dp3Answer = await api(dp3).post(`/tasks/${taskOf('DP3AP2KB')}/contribution`, {
      values: {
        penjelasan: 'Pendataan keluarga 2025, belum dimutakhirkan.',
        [`penjelasan_${rowOf(second)}`]: 'Angka kami termasuk balita di luar desa.',
        [`usulan_${rowOf(second)}`]: dinkesValues[second],
      },
    });
    expect(dp3Answer.status).toBe(200);
    const explained = await detailOf();
    expect((explained.explanations as any[]).map((e) => [e.agency.code, e.explanation]).sort()).toEqual([
      ['DINKES', 'e-PPGBM, pengukuran bulan timbang Agustus.'],
      ['DP3AP2KB', 'Pendataan keluarga 2025, belum dimutakhirkan.'],
    ]);
    const cellOf = (detail: any, area: string) => (detail.cells as any[]).find((c) => c.areaCode === area);
    expect(cellOf(explained, first)).toMatchObject({
      status: 'OPEN',
      published: null,
      proposals: [
        {
          agency: expect.objectContaining({ code: 'DINKES' }),
          explanation: 'Dua balita pindah domisili sebelum pengukuran.',
          proposal: 17,
        },
      ],
    });
    expect((cellOf(explained, first).values as any[]).map((v) => [v.agency.code, v.value]).sort()).toEqual([
      ['DINKES', dinkesValues[first]],
      ['DP3AP2KB', dp3Values[first]],
    ]);

    // Bad decisions are 400s naming the cell; staff may not decide.
    const url = `/data/reconciliations/${reconciliation.id}/decisions`;
    const ids = new Map(
      (explained.cells as any[]).map((c) => [c.areaCode as string, c.conflictId as string]),
    );
    const byStaff = await api(staffDinkes).post(url, {
      accept: { agency: 'DINKES', conflictIds: [ids.get(first)] },
      reasoning: 'x',
    });
    expect(byStaff.status).toBe(403);
    const foreign = await api(walidata).post(url, {
      decisions: [{ conflictId: '00000000-0000-4000-8000-000000000000', value: 3 }],
      reasoning: 'x',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toEqual([
      'decisions.0: 00000000-0000-4000-8000-000000000000 is not an open cell of this reconciliation',
    ]);
    const noFigure = await api(walidata).post(url, {
      accept: { agency: 'DINSOS', conflictIds: [ids.get(first)] },
      reasoning: 'x',
    });
    expect(noFigure.status).toBe(400);
    expect(noFigure.body.message).toEqual([
      `accept.conflictIds.0: DINSOS has no figure for ${ids.get(first)}`,
    ]);
    expect((await api(walidata).post(url, { reasoning: 'x' })).status).toBe(400);

    // Cell by cell: the proposals for the first two desa.
    const oneByOne = await api(walidata).post(url, {
      decisions: [
        { conflictId: ids.get(first), value: 17 },
        { conflictId: ids.get(second), value: dinkesValues[second] },
      ],
      reasoning: 'Usulan OPD diterima setelah klarifikasi.',
    });
    expect({ status: oneByOne.status, body: oneByOne.body }).toMatchObject({
      status: 201,
      body: { status: 'OPEN', decided: [{ agreedValue: 17 }, { agreedValue: dinkesValues[second] }] },
    });
    // In bulk: DINKES's figure for every other cell.
    const bulkReasoning = 'e-PPGBM memakai pengukuran langsung; pendataan keluarga belum dimutakhirkan.';
    const bulk = await api(walidata).post(url, {
      accept: { agency: 'DINKES', conflictIds: rest.map((d) => ids.get(d)) },
      reasoning: bulkReasoning,
    });
    expect({ status: bulk.status, body: bulk.body }).toMatchObject({
      status: 201,
      body: { id: reconciliation.id, status: 'RESOLVED' },
    });
    expect(bulk.body.decided).toHaveLength(rest.length);
    await recordHistory(
      stack.temporal.workflow.getHandle(
        reconciliationDecisionWorkflowId(reconciliation.id, bulk.body.decisionId),
      ),
      'dataReconciliationDecisionWorkflow-bulk',
    );
    // Its activity is keyed by the cells, the walidata and the decision's time: a retry (a lost reply) answers
    // the same and changes nothing; another decision on a decided cell is refused.
    const stored = await stack.db.dataConflict.findUniqueOrThrow({ where: { id: ids.get(rest[0]!)! } });
    const arbiter = await stack.db.user.findUniqueOrThrow({ where: { id: stored.resolvedById! } });
    const retry = {
      reconciliationId: reconciliation.id,
      decisionId: bulk.body.decisionId as string,
      decisions: rest.map((d) => ({ conflictId: ids.get(d)!, value: dinkesValues[d]! })),
      reasoning: bulkReasoning,
      actor: { userId: arbiter.id, agencyId: arbiter.agencyId, role: 'WALIDATA' as const },
      at: stored.resolvedAt!.toISOString(),
    };
    const activities = createActivities({ db: stack.db });
    await expect(activities.resolveReconciliation(retry)).resolves.toEqual(bulk.body);
    await expect(
      activities.resolveReconciliation({ ...retry, at: new Date().toISOString() }),
    ).rejects.toMatchObject({ type: TASK_NOT_OPEN });
    expect(await stack.db.dataConflict.findUniqueOrThrow({ where: { id: stored.id } })).toEqual(stored);
    const again = await api(walidata).post(url, {
      decisions: [{ conflictId: ids.get(first), value: 1 }],
      reasoning: 'x',
    });
    expect(again.status).toBe(409);

    // The reconciliation ended RESOLVED, its proposals and reasoning kept; the set is published.
    const after = await detailOf();
    expect(after).toMatchObject({ status: 'RESOLVED', resolvedAt: expect.any(String) });
    expect(cellOf(after, first)).toMatchObject({
      status: 'RESOLVED',
      agreedValue: 17,
      reasoning: 'Usulan OPD diterima setelah klarifikasi.',
      proposals: [expect.objectContaining({ proposal: 17 })],
    });
    expect(cellOf(after, rest[0]!)).toMatchObject({
      agreedValue: dinkesValues[rest[0]!],
      reasoning: bulkReasoning,
    });
    expect((await api(walidata).get('/data/reconciliations?status=RESOLVED')).body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: reconciliation.id, status: 'RESOLVED', openCells: 0 }),
      ]),
    );
    const published = await api(walidata).get(`/data/published?indicator=BALITA_STUNTING&period=${period}`);
    const rows = ((Array.isArray(published.body) ? published.body : published.body.items) as any[]).filter(
      (f) => areas.includes(f.areaCode),
    );
    const expected = Object.fromEntries(
      areas.map((d) => [
        d,
        agreed.includes(d)
          ? { value: dinkesValues[d], basis: 'CONCORDANT' }
          : { value: d === first ? 17 : dinkesValues[d], basis: 'RECONCILED' },
      ]),
    );
    expect(Object.fromEntries(rows.map((f) => [f.areaCode, { value: f.value, basis: f.basis }]))).toEqual(
      expected,
    );
    expect(rows.every((f) => f.disputed === false)).toBe(true);
  }, 300_000);
});
