import { randomBytes } from 'node:crypto';
import { createActivities } from '@gotong/activities';
import type { TaskSnapshot } from '@gotong/contracts/task';
import { indicatorFieldKey } from '@gotong/domain/data-standard/forms';
import { expandAreaSelection } from '@gotong/domain/region';
import { eventually, http, startStack, type Stack } from './support/stack';
import { taskWorkflowIdOf } from './support/workflow-ids';

/**
 * Data satu pintu at the size of the whole regency, through the real stack (Nest API, Temporal worker and dev
 * server, Postgres, Redis), over HTTP: a request for every desa and kelurahan of the kabupaten (330 areas) and
 * three indicators, two of them by sex (1,650 figures per OPD), answered by two OPDs that disagree in 100 desa.
 * Both submissions are accepted; the disagreeing cells form exactly one reconciliation, the agreeing ones are
 * published, and the task workflows agree with the projection. The speed is measured by `npm run bench:data`,
 * not asserted here.
 *
 * Period 2076 belongs to this file (data-spreadsheets.e2e.spec.ts has 2071 and 2072).
 */
describe('a whole-regency data request (real API, Temporal, Postgres, Redis)', () => {
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

  async function defineIndicator(code: string, bySex: boolean): Promise<void> {
    const res = await api(walidata).post('/data/indicators', {
      code,
      name: `Indikator skala kabupaten ${code}`,
      definition: 'Jumlah sasaran per desa pada akhir periode, untuk uji skala kabupaten.',
      unit: 'jiwa',
      valueType: 'integer',
      min: 0,
      areaLevel: 'desa',
      periodicity: 'yearly',
      breakdown: bySex
        ? {
            dimension: 'sex',
            categories: [
              { code: 'L', label: 'Laki-laki' },
              { code: 'P', label: 'Perempuan' },
            ],
          }
        : null,
      producers: ['DINKES', 'DP3AP2KB'],
      jumpFactor: 3,
      metadata: { source: 'Uji skala', method: 'Rekap per desa', contact: 'Walidata Diskominfo' },
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  }

  it('accepts two OPDs answering for all 330 areas, opens one reconciliation for the 100 desa they disagree in and publishes the rest', async () => {
    const period = '2076';
    const suffix = randomBytes(2).toString('hex').toUpperCase();
    const indicators = [
      { code: `SKALA_L_${suffix}`, bySex: true },
      { code: `SKALA_M_${suffix}`, bySex: true },
      { code: `SKALA_N_${suffix}`, bySex: false },
    ];
    for (const { code, bySex } of indicators) await defineIndicator(code, bySex);

    const res = await api(walidata).post('/data/requests', {
      indicators: indicators.map((i) => i.code),
      period,
      areas: ['35.13'],
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    const requestId = res.body.id as string;
    const areas = [...expandAreaSelection(['35.13']).villages].sort();
    expect(areas).toHaveLength(330);
    const stored = await stack.db.dataRequest.findUniqueOrThrow({ where: { projectId: requestId } });
    expect([...stored.areas].sort()).toEqual(areas);

    const project = await eventually(async () => {
      const p = await api(walidata).get(`/projects/${requestId}`);
      return p.status === 200 && p.body.steps.length === 2 && p.body.steps.every((s: any) => s.task !== null)
        ? p.body
        : undefined;
    });
    const taskOf = (agency: string): string =>
      (project.steps as any[]).find((s) => s.task.agency.code === agency).task.id as string;

    // Two OPDs, every area, 5 figures per area; they disagree in every figure of 100 desa.
    const disputed = new Set(areas.filter((_, i) => i % 3 === 0).slice(0, 100));
    expect(disputed.size).toBe(100);
    const valuesOf = (offset: number) => {
      const values: Record<string, Record<string, number>> = {};
      indicators.forEach(({ code, bySex }, n) => {
        for (const category of bySex ? ['L', 'P'] : [undefined]) {
          values[indicatorFieldKey(code, category)] = Object.fromEntries(
            areas.map((a, i) => [a, 200 + n * 10 + i + (disputed.has(a) ? offset : 0)]),
          );
        }
      });
      return values;
    };
    const cellsPerOpd = areas.length * 5;
    for (const [token, agency, offset] of [
      [staffDinkes, 'DINKES', 0],
      [dp3, 'DP3AP2KB', 40],
    ] as const) {
      const taskId = taskOf(agency);
      const submitted = await api(token).post(`/tasks/${taskId}/contribution`, { values: valuesOf(offset) });
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

    // The workflow and the projection agree: both tasks completed, both contributions accepted, every figure
    // of both stored.
    for (const agency of ['DINKES', 'DP3AP2KB']) {
      const taskId = taskOf(agency);
      const snapshot = await stack.temporal.workflow
        .getHandle(await taskWorkflowIdOf(stack.db, taskId))
        .query<TaskSnapshot>('taskSnapshot');
      expect(snapshot.state).toBe('COMPLETED');
      const task = await stack.db.task.findUniqueOrThrow({
        where: { id: taskId },
        include: { contributions: true },
      });
      expect(task.status).toBe('COMPLETED');
      expect(task.contributions.map((c) => c.status)).toEqual(['ACCEPTED']);
      expect(await stack.db.dataValue.count({ where: { taskId, status: 'VERIFIED' } })).toBe(cellsPerOpd);
    }

    // Exactly one reconciliation for the request, holding every disagreeing cell (100 desa × 5 figures).
    const reconciliation = await eventually(async () => {
      const r = await api(walidata).get('/data/reconciliations?status=OPEN');
      expect(r.status).toBe(200);
      return (r.body as any[]).find((x) => x.sourceProjectId === requestId);
    });
    const mine = ((await api(walidata).get('/data/reconciliations')).body as any[]).filter(
      (r) => r.sourceProjectId === requestId,
    );
    expect(mine).toHaveLength(1);
    expect(reconciliation).toMatchObject({ status: 'OPEN', cells: 500, openCells: 500 });
    const conflicts = await stack.db.dataConflict.findMany({ where: { period, status: 'OPEN' } });
    expect(conflicts).toHaveLength(500);
    expect(new Set(conflicts.map((c) => c.areaCode))).toEqual(disputed);
    expect(new Set(conflicts.map((c) => c.reconciliationId))).toEqual(new Set([reconciliation.id]));

    // The agreeing cells are published (concordant); the disputed ones wait for the walidata.
    const byKey = [{ indicatorCode: 'asc' }, { areaCode: 'asc' }, { breakdown: 'asc' }] as const;
    const published = await stack.db.publishedFigure.findMany({ where: { period }, orderBy: [...byKey] });
    expect(published).toHaveLength(cellsPerOpd - 500);
    expect(published.every((f) => !disputed.has(f.areaCode) && f.basis === 'CONCORDANT')).toBe(true);
    const dinkes = valuesOf(0);
    const sample = published.find((f) => f.indicatorCode === indicators[0]!.code && f.breakdown === 'P')!;
    expect(Number(sample.value)).toBe(dinkes[indicatorFieldKey(indicators[0]!.code, 'P')]![sample.areaCode]);

    // A retried acceptance (a lost reply: same contribution, reviewer and time) writes nothing twice.
    const counts = async () => ({
      values: await stack.db.dataValue.count({ where: { period } }),
      verified: await stack.db.dataValue.count({ where: { period, status: 'VERIFIED' } }),
      conflicts: await stack.db.dataConflict.count({ where: { period } }),
      published: await stack.db.publishedFigure.count({ where: { period } }),
      reconciliations: await stack.db.dataReconciliation.count({ where: { sourceProjectId: requestId } }),
      // This request's events only: other files accept contributions meanwhile, and the reconciliation's own
      // project, started by the worker, writes events of its own.
      events: await stack.db.auditEvent.count({
        where: {
          action: { in: ['CONTRIBUTION_ACCEPTED', 'DATA_CONFLICT_OPENED', 'DATA_RECONCILIATION_OPENED'] },
          OR: [{ projectId: requestId }, { detail: { path: ['period'], equals: period } }],
        },
      }),
    });
    const before = await counts();
    const taskId = taskOf('DP3AP2KB');
    const contribution = await stack.db.contribution.findFirstOrThrow({ where: { taskId } });
    const reviewer = await stack.db.user.findUniqueOrThrow({ where: { id: contribution.reviewedById! } });
    await createActivities({ db: stack.db }).recordContributionReviewed({
      contributionId: contribution.id,
      taskId,
      projectId: requestId,
      decision: 'ACCEPT',
      note: null,
      actor: { userId: reviewer.id, agencyId: reviewer.agencyId, role: reviewer.role },
      at: contribution.reviewedAt!.toISOString(),
    });
    expect(await counts()).toEqual(before);
    expect(await stack.db.publishedFigure.findMany({ where: { period }, orderBy: [...byKey] })).toEqual(
      published,
    );
  });

  it('takes request bodies of a whole-regency size and refuses larger ones than the limit with a 413 naming it', async () => {
    // Far beyond any contribution (the regency's 1,650 figures are ~32 kB): refused before any handler runs.
    const huge = { values: { catatan: 'x'.repeat(3 * 1024 * 1024) } };
    const res = await api(staffDinkes).post(`/tasks/00000000-0000-4000-8000-000000000000/contribution`, huge);
    expect(res.status).toBe(413);
    expect(res.body.message).toEqual([expect.stringMatching(/larger than the limit of 2mb/)]);
    // A body over Express's default 100 kB reaches the handler (here: a 404 for the unknown task).
    const large = { values: { catatan: 'x'.repeat(300 * 1024) } };
    const ok = await api(staffDinkes).post(`/tasks/00000000-0000-4000-8000-000000000000/contribution`, large);
    expect(ok.status).not.toBe(413);
    expect(ok.status).toBeLessThan(500);
  });
});
