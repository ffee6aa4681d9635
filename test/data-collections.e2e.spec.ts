import { randomBytes } from 'node:crypto';
import {
  dataCollectionCatchUpWorkflowId,
  dataCollectionScheduleId,
  type DataCollectionRunResult,
} from '@gotong/contracts/data-collection';
import { workCalendar } from '@gotong/domain/calendar';
import { periodOf } from '@gotong/domain/data-standard';
import { collectionDeadline } from '@gotong/domain/data-standard/collections';
import { villagesOf } from '@gotong/domain/region';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Recurring data collections on Temporal Schedules, through the real stack (Nest API, Temporal worker and
 * dev server, Postgres): the walidata defines a monthly collection, two missed periods are caught up (each by
 * a run of its own, not by waiting a month), the collection shows them opened and the others missed or
 * upcoming, a doubled trigger opens one request, pausing and resuming carry a note, and only the data.request
 * roles may use it. The dev server is shared by all test files: each collection has its own schedule (named by
 * its uuid) and the test deletes it at the end; the indicator is the test's own, so no other test's figures
 * meet these.
 */
describe('recurring data collections (real API, Temporal schedules, Postgres)', () => {
  let stack: Stack;
  let walidata: string;
  let sekda: string;
  let staffDinkes: string;
  const scheduleIds: string[] = [];
  const code = `KUNJUNGAN_POSYANDU_${randomBytes(3).toString('hex').toUpperCase()}`;
  const desa = villagesOf('35.13.14')
    .slice(0, 2)
    .map((v) => v.code);

  beforeAll(async () => {
    stack = await startStack();
    [walidata, sekda, staffDinkes] = await Promise.all([
      stack.login('walidata'),
      stack.login('sekda'),
      stack.login('staff.dinkes'),
    ]);
    const defined = await api(walidata).post('/data/indicators', {
      code,
      name: 'Kunjungan posyandu',
      definition: 'Jumlah balita yang ditimbang di posyandu dalam bulan berjalan.',
      unit: 'anak',
      valueType: 'integer',
      min: 0,
      areaLevel: 'desa',
      periodicity: 'monthly',
      breakdown: null,
      producers: ['DINKES'],
      jumpFactor: 3,
      metadata: { source: 'e-PPGBM Dinkes', method: 'Penimbangan', contact: 'Walidata Diskominfo' },
    });
    expect(defined.status).toBe(201);
  });

  afterAll(async () => {
    for (const id of scheduleIds) {
      await stack.temporal.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    }
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  const definition = (overrides: Record<string, unknown> = {}) => ({
    name: `Posyandu bulanan ${code}`,
    indicators: [code],
    areas: desa,
    periodicity: 'MONTHLY',
    deadlineWorkingDays: 5,
    firstPeriod: '2026-01',
    ...overrides,
  });

  async function define(): Promise<string> {
    const res = await api(walidata).post('/data/collections', definition());
    expect(res.status).toBe(201);
    scheduleIds.push(dataCollectionScheduleId(res.body.id));
    return res.body.id as string;
  }

  const requestsOf = (period: string) =>
    stack.db.dataRequest.findMany({ where: { period, title: { startsWith: `Posyandu bulanan ${code}` } } });

  it('refuses bad definitions with a 400 naming the field, and other roles with a 403', async () => {
    const weekly = await api(walidata).post('/data/collections', definition({ periodicity: 'WEEKLY' }));
    expect(weekly.status).toBe(400);
    expect(JSON.stringify(weekly.body.message)).toContain('periodicity');

    const yearly = await api(walidata).post(
      '/data/collections',
      definition({ indicators: ['BALITA_STUNTING'] }),
    );
    expect(yearly.status).toBe(400);
    expect(yearly.body.message).toEqual(['indicators[0]: BALITA_STUNTING is collected yearly, not MONTHLY']);

    const badPeriod = await api(walidata).post('/data/collections', definition({ firstPeriod: '2026-Q1' }));
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.message).toEqual(['firstPeriod: must be a month such as 2026-07']);

    const badArea = await api(walidata).post('/data/collections', definition({ areas: ['35.13.99'] }));
    expect(badArea.status).toBe(400);
    expect(JSON.stringify(badArea.body.message)).toContain('areas[0]');

    const noDays = await api(walidata).post('/data/collections', definition({ deadlineWorkingDays: 0 }));
    expect(noDays.status).toBe(400);
    expect(JSON.stringify(noDays.body.message)).toContain('deadlineWorkingDays');

    for (const token of [sekda, staffDinkes]) {
      expect((await api(token).post('/data/collections', definition())).status).toBe(403);
      expect((await api(token).get('/data/collections')).status).toBe(403);
    }
    expect((await api().get('/data/collections')).status).toBe(401);
  });

  it('opens one request per period from the schedule, shows missed and upcoming periods, and pauses and resumes', async () => {
    const id = await define();
    for (const token of [sekda, staffDinkes]) {
      expect((await api(token).get(`/data/collections/${id}`)).status).toBe(403);
      expect((await api(token).post(`/data/collections/${id}/trigger`, { period: '2026-03' })).status).toBe(
        403,
      );
      expect((await api(token).post(`/data/collections/${id}/pause`, { note: 'x' })).status).toBe(403);
    }

    // Nothing opened yet: every month that has ended since January is missed, the current one is upcoming.
    const fresh = await api(walidata).get(`/data/collections/${id}`);
    expect(fresh.status).toBe(200);
    const current = periodOf(Date.now(), 'monthly');
    expect(fresh.body.periods[0]).toMatchObject({ period: current, status: 'UPCOMING', requestId: null });
    expect(fresh.body.periods.filter((p: any) => p.status === 'MISSED').map((p: any) => p.period)).toContain(
      '2026-01',
    );
    expect(fresh.body.schedule).toMatchObject({ paused: false });
    expect(fresh.body.schedule.nextActionTimes.length).toBeGreaterThan(0);

    // The walidata catches up January and February: each is opened by a run of its own (one per collection
    // and period), which opens that month's request.
    for (const period of ['2026-01', '2026-02']) {
      const res = await api(walidata).post(`/data/collections/${id}/trigger`, { period });
      expect(res.status).toBe(201);
    }
    const opened = await eventually(async () => {
      const view = (await api(walidata).get(`/data/collections/${id}`)).body;
      const open = view.periods.filter((p: any) => p.status === 'OPENED');
      return open.length === 2 ? view : undefined;
    }, 90_000);
    const byPeriod = new Map(opened.periods.map((p: any) => [p.period, p]));
    for (const period of ['2026-01', '2026-02']) {
      const p: any = byPeriod.get(period);
      expect(p.requestId).toEqual(expect.any(String));
      const [request] = await requestsOf(period);
      expect(request).toMatchObject({ id: p.requestId, period, areas: [...desa].sort() });
      // The same request the API opens: a joint project with a task for DINKES asking the figure per desa.
      const project = await eventually(async () => {
        const row = await stack.db.jointProject.findUnique({
          where: { id: p.requestId },
          include: { tasks: true },
        });
        return row && row.tasks.length > 0 ? row : undefined;
      });
      expect(project.tasks.map((t) => t.stepKey)).toEqual(['data-dinkes']);
    }
    // A missed period shows the rule's deadline (5 working days after the month ends, on the regency's
    // holidays); a period caught up late has its 5 working days from its opening, as its task has.
    const calendar = workCalendar(await stack.db.holiday.findMany());
    expect((byPeriod.get('2026-03') as any).status).toBe('MISSED');
    expect((byPeriod.get('2026-03') as any).deadline).toBe(
      new Date(collectionDeadline('MONTHLY', '2026-03', 5, calendar)).toISOString(),
    );
    const february = byPeriod.get('2026-02') as any;
    expect(Date.parse(february.deadline)).toBeGreaterThan(Date.parse(february.openedAt));
    const task = await eventually(
      async () =>
        (await stack.db.task.findFirst({
          where: { projectId: february.requestId },
          select: { dueAt: true },
        })) ?? undefined,
    );
    expect(Math.abs(task.dueAt.getTime() - Date.parse(february.deadline))).toBeLessThan(60_000);
    for (const period of ['2026-01', '2026-02']) {
      const run = stack.temporal.workflow.getHandle(dataCollectionCatchUpWorkflowId(id, period));
      expect(await run.result()).toMatchObject({ period, opened: true });
    }
    // Asking again for a period already caught up starts nothing new and opens nothing twice.
    expect((await api(walidata).post(`/data/collections/${id}/trigger`, { period: '2026-01' })).status).toBe(
      201,
    );
    expect(await requestsOf('2026-01')).toHaveLength(1);

    // A catch-up of an open period, and a period not yet ended, open nothing.
    expect((await api(walidata).post(`/data/collections/${id}/trigger`, { period: '2026-13' })).status).toBe(
      400,
    );
    expect(
      (await api(walidata).post(`/data/collections/${id}/trigger`, { period: '2099-01' })).body.message,
    ).toEqual(['period: 2099-01 has not ended yet; it opens when it ends']);

    // A doubled trigger (the last month that ended, twice at once) opens one request.
    const missed = (opened.periods as any[])
      .filter((p) => p.status === 'MISSED')
      .map((p) => p.period as string);
    const [last, other] = [missed[0]!, missed.at(-1)!];
    expect(other).toBe('2026-03');
    const doubled = await Promise.all([
      api(walidata).post(`/data/collections/${id}/trigger`, {}),
      api(walidata).post(`/data/collections/${id}/trigger`, {}),
    ]);
    expect(doubled.map((r) => r.status)).toEqual([201, 201]);
    const handle = stack.temporal.schedule.getHandle(dataCollectionScheduleId(id));
    // Two triggers in the same second name the same run (the schedule's id carries the second); either way
    // the period's request is opened once.
    const runs = await eventually(async () => {
      const d = await handle.describe();
      return d.info.recentActions.length >= 1 ? d.info.recentActions : undefined;
    }, 90_000);
    const results: DataCollectionRunResult[] = await Promise.all(
      runs.flatMap((a) =>
        a.action.type === 'startWorkflow'
          ? [stack.temporal.workflow.getHandle(a.action.workflow.workflowId).result()]
          : [],
      ),
    );
    expect(results.filter((r) => r.period === last).length).toBeGreaterThanOrEqual(1);
    expect(await requestsOf(last)).toHaveLength(1);

    // Two actions for the same missed period at once (a retried or doubled action): one opens, one finds it open.
    const twice = await Promise.all(
      ['a', 'b'].map((suffix) =>
        stack.temporal.workflow.execute('dataCollectionWorkflow', {
          workflowId: `${dataCollectionScheduleId(id)}-doubled-${suffix}`,
          taskQueue: stack.taskQueue,
          args: [{ collectionId: id, periodicity: 'MONTHLY', period: other }],
        }),
      ),
    );
    expect(twice.map((r: any) => r.opened).sort()).toEqual([false, true]);
    expect(twice[0].requestId).toBe(twice[1].requestId);
    expect(await requestsOf(other)).toHaveLength(1);

    // A replay fixture of one run (RECORD_HISTORIES=1).
    const first = runs[0]!;
    if (first.action.type === 'startWorkflow') {
      await recordHistory(
        stack.temporal.workflow.getHandle(first.action.workflow.workflowId),
        'dataCollectionWorkflow-opened',
      );
    }

    // Pausing and resuming, each with a note: the schedule and the collection agree.
    expect((await api(walidata).post(`/data/collections/${id}/pause`, {})).status).toBe(400);
    const paused = await api(walidata).post(`/data/collections/${id}/pause`, {
      note: 'Dihentikan sementara: pemutakhiran e-PPGBM',
    });
    expect(paused.status).toBe(201);
    expect(paused.body).toMatchObject({ paused: true, note: 'Dihentikan sementara: pemutakhiran e-PPGBM' });
    expect(paused.body.schedule).toMatchObject({
      paused: true,
      note: 'Dihentikan sementara: pemutakhiran e-PPGBM',
    });
    const list = await api(walidata).get('/data/collections');
    expect(list.body.find((c: any) => c.id === id)).toMatchObject({ paused: true, opened: 4 });
    // While paused nothing opens by itself, but the walidata can still catch up a missed period.
    expect((await api(walidata).post(`/data/collections/${id}/trigger`, { period: '2026-04' })).status).toBe(
      201,
    );
    await eventually(async () => (await requestsOf('2026-04')).length === 1, 90_000);
    const resumed = await api(walidata).post(`/data/collections/${id}/resume`, { note: 'Dilanjutkan' });
    expect(resumed.body).toMatchObject({ paused: false, note: 'Dilanjutkan' });
    expect(resumed.body.schedule).toMatchObject({ paused: false, note: 'Dilanjutkan' });

    // Who defined, opened by hand, paused and resumed it, with the notes, in the audit trail.
    const trail = await stack.db.auditEvent.findMany({
      where: { action: { startsWith: 'DATA_COLLECTION_' }, detail: { path: ['collectionId'], equals: id } },
      orderBy: { occurredAt: 'asc' },
      select: { action: true, detail: true, actorUser: { select: { username: true } } },
    });
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'DATA_COLLECTION_DEFINED',
        'DATA_COLLECTION_TRIGGERED',
        'DATA_COLLECTION_PAUSED',
        'DATA_COLLECTION_RESUMED',
      ]),
    );
    expect(trail.every((e) => e.actorUser?.username === 'walidata')).toBe(true);
    expect(trail.find((e) => e.action === 'DATA_COLLECTION_PAUSED')?.detail).toMatchObject({
      note: 'Dihentikan sementara: pemutakhiran e-PPGBM',
    });

    expect((await api(walidata).get('/data/collections/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  }, 300_000);
});
