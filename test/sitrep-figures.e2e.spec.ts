import { randomBytes } from 'node:crypto';
import { periodOf } from '@gotong/domain/data-standard';
import { villagesOf } from '@gotong/domain/region';
import { incidentFiguresWorkflowId } from '@gotong/contracts/incident-figures';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Sitrep figures that match an indicator (the sitrep's "Warga mengungsi" names JUMLAH_PENGUNGSI) through the
 * real stack: while the incident is open they are recorded but held — nothing published, no reconciliation
 * opened mid-emergency, even when two OPDs disagree; after it closes the walidata publishes them through the
 * normal publication path (agreeing desa published with their source, a disagreement in one reconciliation for
 * the incident), and a second call publishes nothing new. A kecamatan no other test file uses (35.13.12).
 */
describe('sitrep figures held during an incident and published after it closes (real stack)', () => {
  let stack: Stack;
  let staffBpbd: string;
  let staffDinkes: string;
  let staffDinsos: string;
  let sekda: string;
  let walidata: string;

  const TAG = randomBytes(3).toString('hex');
  const KECAMATAN = '35.13.12';
  const [DESA_A, DESA_B] = villagesOf(KECAMATAN).map((v) => v.code) as [string, string];
  const INDICATOR = 'JUMLAH_PENGUNGSI';

  let incidentId: string;
  let projectId: string;
  let period: string;

  beforeAll(async () => {
    stack = await startStack();
    [staffBpbd, staffDinkes, staffDinsos, sekda, walidata] = await Promise.all([
      stack.login('staff.bpbd'),
      stack.login('staff.dinkes'),
      stack.login('staff.dinsos'),
      stack.login('sekda'),
      stack.login('walidata'),
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token: string) => http(stack.baseUrl, token);

  function inboxTask(token: string, stepKey: string): Promise<any> {
    return eventually(async () => {
      const res = await api(token).get(`/inbox?projectId=${projectId}&pageSize=100`);
      expect(res.status).toBe(200);
      return res.body.items.find((t: any) => t.project.id === projectId && t.stepKey === stepKey);
    });
  }

  async function published(): Promise<any[]> {
    const res = await api(walidata).get(`/data/published?indicator=${INDICATOR}&period=${period}`);
    expect(res.status).toBe(200);
    // This file's kecamatan only: the browser test publishes the same indicator and month elsewhere.
    return ((Array.isArray(res.body) ? res.body : res.body.items) as any[]).filter((f) =>
      (f.areaCode as string).startsWith(`${KECAMATAN}.`),
    );
  }

  async function openConflicts(): Promise<any[]> {
    const res = await api(walidata).get('/data/conflicts?status=OPEN');
    expect(res.status).toBe(200);
    return (res.body as any[]).filter(
      (k) => k.indicatorCode === INDICATOR && k.period === period && k.areaCode.startsWith(`${KECAMATAN}.`),
    );
  }

  async function reconciliations(): Promise<any[]> {
    const res = await api(walidata).get('/data/reconciliations');
    expect(res.status).toBe(200);
    return (res.body as any[]).filter((r) => r.sourceProjectId === projectId);
  }

  it('records sitrep figures during the incident but publishes nothing and opens no reconciliation', async () => {
    const declared = await api(staffBpbd).post('/incidents', {
      type: 'banjir',
      severity: 'BERAT',
      kecamatan: [KECAMATAN],
      desa: [DESA_A, DESA_B],
      description: `Banjir bandang, uji sitrep (uji ${TAG})`,
    });
    expect(declared.status).toBe(201);
    incidentId = declared.body.id;
    projectId = declared.body.projectId;
    const incident = await eventually(
      async () => (await stack.db.incident.findUnique({ where: { id: incidentId } })) ?? undefined,
    );
    // A sitrep figure's period is the month the incident was declared in (the indicator is monthly).
    period = periodOf(incident.declaredAt.getTime(), 'monthly');

    // The sitrep's displaced-people figure names the indicator.
    const dinkesSitrep = await inboxTask(staffDinkes, 'sitrep-dinkes-1');
    const task = await api(staffDinkes).get(`/tasks/${dinkesSitrep.id}`);
    expect(task.body.form.fields.find((f: any) => f.key === 'mengungsi')).toMatchObject({
      indicator: INDICATOR,
      perArea: 'desa',
    });

    // DINKES and DINSOS agree on DESA_B (35) and disagree on DESA_A (80 vs 95).
    const submit = async (token: string, taskId: string, mengungsi: Record<string, number>) => {
      const res = await api(token).post(`/tasks/${taskId}/contribution`, {
        values: { mengungsi, terdampak: { [DESA_A]: 300 }, narasi: `Sitrep uji ${TAG}` },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'COMPLETED' });
    };
    await submit(staffDinkes, dinkesSitrep.id, { [DESA_A]: 80, [DESA_B]: 35 });
    const dinsosSitrep = await inboxTask(staffDinsos, 'sitrep-dinsos-1');
    await submit(staffDinsos, dinsosSitrep.id, { [DESA_A]: 95, [DESA_B]: 35 });

    // Recorded: four figures, from the sitrep, held (terdampak names no indicator and is not recorded).
    const held = await eventually(async () => {
      const rows = await stack.db.dataValue.findMany({ where: { projectId } });
      return rows.length === 4 ? rows : undefined;
    });
    expect(held.map((v) => [v.indicatorCode, v.source, v.status, v.period])).toEqual(
      Array(4).fill([INDICATOR, 'SITREP', 'HELD', period]),
    );
    // Nothing published, no conflict, no reconciliation while the incident is open.
    expect(await published()).toEqual([]);
    expect(await openConflicts()).toEqual([]);
    expect(await reconciliations()).toEqual([]);
  });

  async function heldListing(query = ''): Promise<any> {
    const res = await api(walidata).get(`/data/incidents/held${query}`);
    expect(res.status).toBe(200);
    return (res.body as any[]).find((i) => i.id === incidentId);
  }

  it('lists the open incident with its held figures, not yet publishable; refuses a bad filter and a staff user', async () => {
    expect(await heldListing()).toEqual({
      id: incidentId,
      projectId,
      title: expect.any(String),
      status: expect.not.stringMatching(/^CLOSED$/),
      kecamatan: [{ code: KECAMATAN, name: expect.any(String) }],
      declaredAt: expect.any(String),
      closedAt: null,
      heldFigures: 4,
      indicators: [INDICATOR],
      publishable: false,
    });
    expect(await heldListing('?publishable=false')).toMatchObject({ id: incidentId });
    expect(await heldListing('?publishable=true')).toBeUndefined();
    const bad = await api(walidata).get('/data/incidents/held?publishable=ya');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('publishable');
    expect((await api(staffDinkes).get('/data/incidents/held')).status).toBe(403);
  });

  it('refuses to publish while the incident is open (409), for a staff user (403) and an unknown incident (404)', async () => {
    const open = await api(walidata).post(`/data/incidents/${incidentId}/publish`, {});
    expect(open.status).toBe(409);
    expect(open.body.message).toContain('still open');
    expect((await api(staffDinkes).post(`/data/incidents/${incidentId}/publish`, {})).status).toBe(403);
    const unknown = await api(walidata).post(
      '/data/incidents/00000000-0000-4000-8000-000000000000/publish',
      {},
    );
    expect(unknown.status).toBe(404);
    expect((await api(walidata).post('/data/incidents/bukan-uuid/publish', {})).status).toBe(400);
    expect(await published()).toEqual([]);
  });

  it('after the incident closes the walidata publishes: agreement published, the disagreement in one reconciliation', async () => {
    const closed = await api(sekda).post(`/incidents/${incidentId}/status`, {
      status: 'CLOSED',
      reason: 'Masa tanggap darurat berakhir',
    });
    expect(closed.status).toBe(200);
    // Still nothing published by closing alone.
    expect(await published()).toEqual([]);
    // Listed as publishable now that it is closed.
    expect(await heldListing('?publishable=true')).toMatchObject({
      status: 'CLOSED',
      closedAt: expect.any(String),
      heldFigures: 4,
      publishable: true,
    });
    // Still refused for a staff user after closing.
    expect((await api(staffDinsos).post(`/data/incidents/${incidentId}/publish`, {})).status).toBe(403);

    const first = await api(walidata).post(`/data/incidents/${incidentId}/publish`, {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ incidentId, released: 4, published: 1 });
    expect(first.body.conflicts).toHaveLength(1);
    expect(first.body.reconciliationId).toEqual(expect.any(String));
    // Nothing held any more: no longer listed.
    expect(await heldListing()).toBeUndefined();

    // DESA_B: both OPDs agree, published CONCORDANT with its sitrep sources visible.
    const figures = await published();
    expect(figures).toHaveLength(1);
    expect(figures[0]).toMatchObject({ areaCode: DESA_B, period, value: 35, basis: 'CONCORDANT' });
    expect(figures[0].sources.map((s: any) => [s.agency.code, s.source, s.value]).sort()).toEqual([
      ['DINKES', 'SITREP', 35],
      ['DINSOS', 'SITREP', 35],
    ]);

    // DESA_A: 80 vs 95, one conflict in one reconciliation for the incident.
    const conflicts = await openConflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ areaCode: DESA_A });
    const mine = await eventually(async () => {
      const list = await reconciliations();
      return list.length > 0 ? list : undefined;
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: first.body.reconciliationId, status: 'OPEN', cells: 1 });

    // Audited, with the walidata as actor.
    const events = await stack.db.auditEvent.findMany({
      where: { action: 'INCIDENT_FIGURES_PUBLISHED', projectId },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ incidentId, released: 4, published: 1, conflicts: 1 });
    // The run's history (RECORD_HISTORIES=1), for the replay test.
    const publicationId = events[0]!.eventKey.split(':').pop()!;
    await recordHistory(
      stack.temporal.workflow.getHandle(incidentFiguresWorkflowId(incidentId, publicationId)),
      'dataIncidentFiguresWorkflow-published',
    );
  });

  it('a second publish call adds nothing', async () => {
    const again = await api(walidata).post(`/data/incidents/${incidentId}/publish`, {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      incidentId,
      released: 0,
      published: 0,
      conflicts: [],
      reconciliationId: null,
    });
    expect(await published()).toHaveLength(1);
    expect(await openConflicts()).toHaveLength(1);
    expect(await reconciliations()).toHaveLength(1);
    const held = await stack.db.dataValue.count({ where: { projectId, status: 'HELD' } });
    expect(held).toBe(0);
  });
});
