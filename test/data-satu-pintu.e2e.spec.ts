import { randomBytes } from 'node:crypto';
import { createActivities } from '@gotong/activities';
import { conflictResolutionWorkflowId } from '@gotong/contracts/data';
import { TASK_NOT_OPEN } from '@gotong/contracts/failures';
import { villagesOf } from '@gotong/domain/region';
import { CSV_COLUMNS } from '../apps/api/src/data/published-data.service';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';
import { projectWorkflowIdOf } from './support/workflow-ids';

/**
 * Data satu pintu through the real stack (Nest API, Temporal worker and dev server, Postgres, Redis), driven
 * over HTTP as the walidata, the OPDs and leadership would:
 *
 * - a poverty data request to DINSOS, DISPENDUKCAPIL and DPMD for three desa: form checks, a return and a
 *   resubmission, a disagreement that opens a conflict and a reconciliation project, the walidata's decision,
 *   and the published figures (JSON and CSV) with their provenance;
 * - a figure that jumps from the previous period needs a reason (confirmation);
 * - bad standards and requests are 400s naming each problem; the catalogue belongs to WALIDATA/ADMIN;
 * - the leadership overview: completeness per indicator and OPD, open conflicts, overdue requests.
 *
 * There are no demo users for DISPENDUKCAPIL and DPMD: the test creates a staff user for each in the database.
 * The database is shared with other test files running at the same time, so every request uses desa codes of
 * its own (real desa of kecamatan no other data test uses) and a period no other test file uses.
 */
describe('data satu pintu over HTTP (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let walidata: string;
  let sekda: string;
  let admin: string;
  let staffDinsos: string;
  let staffDinkes: string;
  let dpmd: { token: string; fullName: string };
  let dispendukcapil: { token: string; fullName: string };
  const WALIDATA_NAME = 'Fajar Ramadhan';
  const DINSOS_NAME = 'Rudi Hartono';

  /**
   * Desa no other test (file) uses: real desa (the reference list, libs/domain/src/region) of kecamatan no
   * other data test takes — Kotaanyar (11), Paiton (12), Besuk (13), Krejengan (15) — each handed out once.
   */
  const used = new Set<string>();
  function newDesa(kecamatan = '11'): string {
    const desa = villagesOf(`35.13.${kecamatan}`)
      .map((v) => v.code)
      .find((code) => !used.has(code));
    if (!desa) throw new Error(`no unused desa left in kecamatan 35.13.${kecamatan}`);
    used.add(desa);
    return desa;
  }

  beforeAll(async () => {
    stack = await startStack();
    [walidata, sekda, admin, staffDinsos, staffDinkes] = await Promise.all([
      stack.login('walidata'),
      stack.login('sekda'),
      stack.login('admin'),
      stack.login('staff.dinsos'),
      stack.login('staff.dinkes'),
    ]);
    [dpmd, dispendukcapil] = await Promise.all([
      stack.createStaff('DPMD'),
      stack.createStaff('DISPENDUKCAPIL'),
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  /** Starts a data request as the walidata and waits until every producing OPD has its task. */
  async function startRequest(body: Record<string, unknown>) {
    const res = await api(walidata).post('/data/requests', body);
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const project = await eventually(async () => {
      const p = await api(walidata).get(`/projects/${id}`);
      return p.status === 200 && p.body.steps.length > 0 && p.body.steps.every((s: any) => s.task !== null)
        ? p.body
        : undefined;
    });
    const taskOf = (key: string): string => {
      const step = project.steps.find((s: any) => s.key === key);
      if (!step) throw new Error(`no step ${key} in ${project.steps.map((s: any) => s.key).join(', ')}`);
      return step.task.id as string;
    };
    return { id, created: res.body, project, taskOf };
  }

  const submit = (
    token: string,
    taskId: string,
    values: Record<string, unknown>,
    confirmations?: Record<string, string>,
  ) =>
    api(token).post(`/tasks/${taskId}/contribution`, {
      values,
      ...(confirmations ? { confirmations } : {}),
    });

  async function accept(taskId: string) {
    const res = await api(walidata).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'COMPLETED' });
  }

  async function submitOk(
    token: string,
    taskId: string,
    values: Record<string, unknown>,
    confirmations?: Record<string, string>,
  ) {
    const res = await submit(token, taskId, values, confirmations);
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 200,
      body: { state: 'SUBMITTED' },
    });
  }

  /** Published figures of a period, only those of the given areas, keyed 'INDICATOR|area|breakdown'. */
  async function publishedOf(period: string, areas: string[]): Promise<Map<string, any>> {
    // Signed in as the walidata (a custodian of the data): the provenance names people.
    const res = await api(walidata).get(`/data/published?period=${period}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return new Map(
      (res.body.items as any[])
        .filter((f) => areas.includes(f.areaCode))
        .map((f) => [`${f.indicator.code}|${f.areaCode}|${f.breakdown}`, f]),
    );
  }

  /** RFC 4180 as csv-stringify writes it: quoted fields may hold commas, quotes ("") and line breaks. */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      if (quoted) {
        if (c === '"' && text.charAt(i + 1) === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c === '"') {
        quoted = true;
      } else if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text.charAt(i + 1) === '\n') i++;
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
      } else {
        field += c;
      }
    }
    if (field !== '' || row.length > 0) {
      row.push(field);
      rows.push(row);
    }
    return rows;
  }

  // ---------------------------------------------------------------------------------------------------------

  it('collects poverty figures from DINSOS, DISPENDUKCAPIL and DPMD for three desa, reconciles a disagreement and publishes them; the CSV export matches', async () => {
    const period = '2031';
    const [a, b, c] = [newDesa('11'), newDesa('11'), newDesa('12')].sort() as [string, string, string];
    const areas = [a, b, c];

    const request = await startRequest({
      indicators: ['RT_MISKIN', 'PENDUDUK_MISKIN', 'JUMLAH_PENDUDUK'],
      period,
      areas: [c, a, b],
    });
    expect(request.created).toMatchObject({ id: request.id, status: 'ACTIVE', period });
    expect(
      (request.created.indicators as any[])
        .map((i) => [i.code, i.fieldKeys])
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    ).toEqual([
      ['JUMLAH_PENDUDUK', ['jumlahPenduduk_L', 'jumlahPenduduk_P']],
      ['PENDUDUK_MISKIN', ['pendudukMiskin']],
      ['RT_MISKIN', ['rtMiskin']],
    ]);
    expect(request.project.steps.map((s: any) => s.key).sort()).toEqual([
      'data-dinsos',
      'data-dispendukcapil',
      'data-dpmd',
    ]);
    expect(Object.fromEntries(request.project.steps.map((s: any) => [s.key, s.task.agency.code]))).toEqual({
      'data-dinsos': 'DINSOS',
      'data-dispendukcapil': 'DISPENDUKCAPIL',
      'data-dpmd': 'DPMD',
    });
    const dinsosTask = request.taskOf('data-dinsos');
    const dukcapilTask = request.taskOf('data-dispendukcapil');
    const dpmdTask = request.taskOf('data-dpmd');

    // Each OPD's form asks exactly for the indicators it produces, per desa, shaped by the standard.
    const perDesa = (key: string, unit: string) => ({
      key,
      type: 'integer',
      required: true,
      unit,
      min: 0,
      perArea: 'desa',
      areas,
    });
    const formOf = async (token: string, taskId: string) => {
      const res = await api(token).get(`/tasks/${taskId}`);
      expect(res.status).toBe(200);
      return [...(res.body.form.fields as any[])].sort((x, y) => (x.key < y.key ? -1 : 1));
    };
    const dinsosForm = await formOf(staffDinsos, dinsosTask);
    expect(dinsosForm.map((f) => f.key)).toEqual(['pendudukMiskin', 'rtMiskin']);
    expect(dinsosForm).toEqual([
      expect.objectContaining(perDesa('pendudukMiskin', 'jiwa')),
      expect.objectContaining(perDesa('rtMiskin', 'rumah tangga')),
    ]);
    const dukcapilForm = await formOf(dispendukcapil.token, dukcapilTask);
    expect(dukcapilForm.map((f) => f.key)).toEqual([
      'jumlahPenduduk_L',
      'jumlahPenduduk_P',
      'pendudukMiskin',
    ]);
    expect(dukcapilForm).toEqual([
      expect.objectContaining(perDesa('jumlahPenduduk_L', 'jiwa')),
      expect.objectContaining(perDesa('jumlahPenduduk_P', 'jiwa')),
      expect.objectContaining(perDesa('pendudukMiskin', 'jiwa')),
    ]);
    const dpmdForm = await formOf(dpmd.token, dpmdTask);
    expect(dpmdForm).toEqual([expect.objectContaining(perDesa('rtMiskin', 'rumah tangga'))]);

    const dinsosValues = {
      rtMiskin: { [a]: 41, [b]: 30, [c]: 12 },
      pendudukMiskin: { [a]: 150, [b]: 110, [c]: 47 },
    };
    const dukcapilValues = {
      pendudukMiskin: { [a]: 150, [b]: 110, [c]: 47 },
      jumlahPenduduk_L: { [a]: 2100, [b]: 1850, [c]: 990 },
      jumlahPenduduk_P: { [a]: 2150, [b]: 1900, [c]: 1010 },
    };
    // DPMD's first figures: desa b is off and gets returned; desa a stays different from DINSOS (41 vs 45).
    const dpmdFirst = { rtMiskin: { [a]: 45, [b]: 31, [c]: 12 } };
    const dpmdValues = { rtMiskin: { [a]: 45, [b]: 30, [c]: 12 } };

    // A desa left out, a negative figure: 400s naming the cell; the task stays with the OPD.
    const missing = await submit(dispendukcapil.token, dukcapilTask, {
      ...dukcapilValues,
      pendudukMiskin: { [a]: 150, [b]: 110 },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual([
      `values.pendudukMiskin.${c}: is required: every area asked for needs a value`,
    ]);
    const negative = await submit(staffDinsos, dinsosTask, {
      ...dinsosValues,
      rtMiskin: { [a]: 41, [b]: -3, [c]: 12 },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toEqual([`values.rtMiskin.${b}: must be at least 0`]);
    const foreignField = await submit(dpmd.token, dpmdTask, { ...dpmdValues, pendudukMiskin: { [a]: 1 } });
    expect(foreignField.status).toBe(400);
    expect(foreignField.body.message).toEqual(['values.pendudukMiskin: is not a field of this form']);
    for (const [token, taskId] of [
      [dispendukcapil.token, dukcapilTask],
      [staffDinsos, dinsosTask],
      [dpmd.token, dpmdTask],
    ] as const) {
      expect((await api(token).get(`/tasks/${taskId}`)).body.status).toBe('ASSIGNED');
    }

    // Each OPD submits (DINSOS claims first); the walidata verifies.
    expect((await api(staffDinsos).post(`/tasks/${dinsosTask}/claim`)).status).toBe(200);
    await submitOk(staffDinsos, dinsosTask, dinsosValues);
    await submitOk(dispendukcapil.token, dukcapilTask, dukcapilValues);
    await submitOk(dpmd.token, dpmdTask, dpmdFirst);
    // Only the requester verifies.
    expect((await api(staffDinsos).post(`/tasks/${dinsosTask}/review`, { decision: 'ACCEPT' })).status).toBe(
      403,
    );
    await accept(dinsosTask);
    await accept(dukcapilTask);

    // DPMD's figures go back once, with the reason; DPMD sees it and resubmits.
    const note = `RT miskin desa ${b} belum sesuai hasil Musdes; mohon dicek kembali.`;
    const returned = await api(walidata).post(`/tasks/${dpmdTask}/review`, { decision: 'RETURN', note });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'RETURNED' });
    const seen = await eventually(async () => {
      const res = await api(dpmd.token).get(`/tasks/${dpmdTask}`);
      return res.body.status === 'RETURNED' ? res.body : undefined;
    });
    expect(seen.agency.code).toBe('DPMD');
    const contributions = await api(dpmd.token).get(`/tasks/${dpmdTask}/contributions`);
    expect(contributions.status).toBe(200);
    expect(contributions.body).toEqual([
      expect.objectContaining({ version: 1, status: 'RETURNED', reviewNote: note, values: dpmdFirst }),
    ]);
    const history = await api(dpmd.token).get(`/tasks/${dpmdTask}/history`);
    expect(history.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'CONTRIBUTION_RETURNED',
          detail: expect.objectContaining({ note }),
        }),
      ]),
    );
    await submitOk(dpmd.token, dpmdTask, dpmdValues);
    await accept(dpmdTask);

    // DINSOS (41) and DPMD (45) disagree on RT_MISKIN for desa a: an open conflict with both values.
    const conflict = await eventually(async () => {
      const res = await api(walidata).get('/data/conflicts?status=OPEN');
      expect(res.status).toBe(200);
      return (res.body as any[]).find(
        (k) => k.indicatorCode === 'RT_MISKIN' && k.areaCode === a && k.period === period,
      );
    });
    expect(conflict).toMatchObject({
      status: 'OPEN',
      breakdown: '',
      agreedValue: null,
      publishedValue: null,
      reconciliationId: expect.any(String),
    });
    // The request's one reconciliation holds the cell; its explanation project has the reconciliation's id.
    expect(conflict.projectId).toBe(conflict.reconciliationId);
    expect(
      (conflict.values as any[])
        .map((v) => [v.agency.code, v.value, v.status])
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    ).toEqual([
      ['DINSOS', 41, 'VERIFIED'],
      ['DPMD', 45, 'VERIFIED'],
    ]);
    // Only one conflict for this request: the other figures agree.
    const allOpen = (await api(walidata).get('/data/conflicts?status=OPEN')).body as any[];
    expect(allOpen.filter((k) => k.period === period && areas.includes(k.areaCode))).toHaveLength(1);
    // An OPD sees the conflicts its figures are part of, and no others.
    const dpmdConflicts = (await api(dpmd.token).get('/data/conflicts')).body as any[];
    expect(dpmdConflicts.map((k) => k.id)).toContain(conflict.id);
    const dinkesConflicts = (await api(staffDinkes).get('/data/conflicts')).body as any[];
    expect(dinkesConflicts.map((k) => k.id)).not.toContain(conflict.id);
    expect((await api(walidata).get('/data/conflicts?status=MAYBE')).status).toBe(400);

    // A reconciliation project under the reconciliation's id, with a step for each OPD involved.
    const reconciliation = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${conflict.projectId}`);
      return res.status === 200 && res.body.steps.every((s: any) => s.task !== null) ? res.body : undefined;
    });
    expect(reconciliation.status).toBe('ACTIVE');
    expect(
      (reconciliation.steps as any[])
        .map((s) => [s.key, s.task.agency.code])
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    ).toEqual([
      ['rekonsiliasi-dinsos', 'DINSOS'],
      ['rekonsiliasi-dpmd', 'DPMD'],
    ]);

    // Published so far: everything agreed, but not the disputed cell.
    const agreedKeys = [
      ...[b, c].map((d) => `RT_MISKIN|${d}|`),
      ...areas.map((d) => `PENDUDUK_MISKIN|${d}|`),
      ...areas.flatMap((d) => [`JUMLAH_PENDUDUK|${d}|L`, `JUMLAH_PENDUDUK|${d}|P`]),
    ];
    const before = await eventually(async () => {
      const figures = await publishedOf(period, areas);
      return agreedKeys.every((k) => figures.has(k)) ? figures : undefined;
    });
    // The disputed cell is withdrawn: the figure DINSOS's verification published before DPMD's arrived is
    // not the regency's figure until the walidata decides.
    expect([...before.keys()].sort()).toEqual([...agreedKeys].sort());
    expect([...before.values()].every((f) => f.disputed === false)).toBe(true);
    const sourcesOf = (figure: any) =>
      (figure.sources as any[])
        .map((s) => ({
          agency: s.agency.code,
          value: s.value,
          submittedBy: s.submittedBy.name,
          verifiedBy: s.verifiedBy.name,
        }))
        .sort((x, y) => (x.agency < y.agency ? -1 : 1));
    expect(before.get(`RT_MISKIN|${b}|`)).toMatchObject({
      indicator: { code: 'RT_MISKIN', version: 1, name: 'Rumah tangga miskin', unit: 'rumah tangga' },
      period,
      value: 30,
      basis: 'CONCORDANT',
      disputed: false,
      reconciliation: null,
    });
    expect(sourcesOf(before.get(`RT_MISKIN|${b}|`))).toEqual([
      { agency: 'DINSOS', value: 30, submittedBy: DINSOS_NAME, verifiedBy: WALIDATA_NAME },
      { agency: 'DPMD', value: 30, submittedBy: dpmd.fullName, verifiedBy: WALIDATA_NAME },
    ]);
    expect(before.get(`PENDUDUK_MISKIN|${c}|`)).toMatchObject({ value: 47, basis: 'CONCORDANT' });
    expect(sourcesOf(before.get(`PENDUDUK_MISKIN|${c}|`))).toEqual([
      { agency: 'DINSOS', value: 47, submittedBy: DINSOS_NAME, verifiedBy: WALIDATA_NAME },
      {
        agency: 'DISPENDUKCAPIL',
        value: 47,
        submittedBy: dispendukcapil.fullName,
        verifiedBy: WALIDATA_NAME,
      },
    ]);
    expect(before.get(`JUMLAH_PENDUDUK|${a}|P`)).toMatchObject({
      indicator: { code: 'JUMLAH_PENDUDUK', metadata: { source: 'SIAK Dispendukcapil' } },
      value: 2150,
      basis: 'SINGLE',
    });
    expect(sourcesOf(before.get(`JUMLAH_PENDUDUK|${a}|P`))).toEqual([
      {
        agency: 'DISPENDUKCAPIL',
        value: 2150,
        submittedBy: dispendukcapil.fullName,
        verifiedBy: WALIDATA_NAME,
      },
    ]);
    for (const figure of agreedKeys.map((k) => before.get(k))) {
      expect(figure.basis).toMatch(/^(SINGLE|CONCORDANT)$/);
      expect(figure.sources.every((s: any) => s.source === 'DATA_REQUEST')).toBe(true);
    }

    // The walidata decides; staff may not.
    const reasoning =
      'DINSOS memakai DTKS hasil verifikasi lapangan 2031; angka DPMD dari Musdes 2030, sebelum pemutakhiran.';
    const byStaff = await api(staffDinsos).post(`/data/conflicts/${conflict.id}/resolve`, {
      value: 41,
      reasoning,
    });
    expect(byStaff.status).toBe(403);
    const invalid = await api(walidata).post(`/data/conflicts/${conflict.id}/resolve`, { value: -1 });
    expect(invalid.status).toBe(400);
    const resolved = await api(walidata).post(`/data/conflicts/${conflict.id}/resolve`, {
      value: 43,
      reasoning,
    });
    expect([200, 201]).toContain(resolved.status);
    expect(resolved.body).toEqual({ id: conflict.id, status: 'RESOLVED', agreedValue: 43 });
    const again = await api(walidata).post(`/data/conflicts/${conflict.id}/resolve`, {
      value: 44,
      reasoning,
    });
    expect(again.status).toBe(409);

    // The decision was the dataConflictResolutionWorkflow's (one run per conflict): the API answered with its result.
    const resolution = stack.temporal.workflow.getHandle(conflictResolutionWorkflowId(conflict.id));
    expect(await resolution.result()).toEqual(resolved.body);
    await recordHistory(resolution, 'dataConflictResolutionWorkflow-resolved');
    // Its activity is keyed by the conflict: the same decision again (a retry after a lost reply) changes
    // nothing and answers the same; another decision on the closed conflict is refused.
    const decided = await stack.db.dataConflict.findUniqueOrThrow({ where: { id: conflict.id } });
    const arbiter = await stack.db.user.findUniqueOrThrow({ where: { id: decided.resolvedById! } });
    const decision = {
      conflictId: conflict.id,
      value: 43,
      reasoning,
      actor: { userId: arbiter.id, agencyId: arbiter.agencyId, role: 'WALIDATA' as const },
      at: decided.resolvedAt!.toISOString(),
    };
    const activities = createActivities({ db: stack.db });
    await expect(activities.resolveDataConflict(decision)).resolves.toEqual(resolved.body);
    await expect(
      activities.resolveDataConflict({ ...decision, value: 44, at: new Date().toISOString() }),
    ).rejects.toMatchObject({ type: TASK_NOT_OPEN });
    expect(await stack.db.dataConflict.findUniqueOrThrow({ where: { id: conflict.id } })).toEqual(decided);
    expect(
      await stack.db.auditEvent.count({ where: { eventKey: `data-conflict:${conflict.id}:resolved` } }),
    ).toBe(1);

    const after = await publishedOf(period, areas);
    expect([...after.keys()].sort()).toEqual([...agreedKeys, `RT_MISKIN|${a}|`].sort());
    const reconciled = after.get(`RT_MISKIN|${a}|`);
    expect(reconciled).toMatchObject({
      value: 43,
      basis: 'RECONCILED',
      disputed: false,
      reconciliation: { conflictId: conflict.id, reasoning, resolvedBy: { name: WALIDATA_NAME } },
    });
    expect(sourcesOf(reconciled)).toEqual([
      { agency: 'DINSOS', value: 41, submittedBy: DINSOS_NAME, verifiedBy: WALIDATA_NAME },
      { agency: 'DPMD', value: 45, submittedBy: dpmd.fullName, verifiedBy: WALIDATA_NAME },
    ]);
    const resolvedConflicts = (await api(walidata).get('/data/conflicts?status=RESOLVED')).body as any[];
    expect(resolvedConflicts.find((k) => k.id === conflict.id)).toMatchObject({
      status: 'RESOLVED',
      agreedValue: 43,
      reasoning,
    });
    expect(
      ((await api(walidata).get('/data/conflicts?status=OPEN')).body as any[]).map((k) => k.id),
    ).not.toContain(conflict.id);
    // Its only cell decided, the request's reconciliation is RESOLVED (its own status) with the decision kept;
    // the explanation project ends RESOLVED too, and the explanation tasks nobody answered end CLOSED (no longer
    // needed), not CANCELLED: a decided reconciliation is no one's unfinished work.
    const finished = await api(walidata).get(`/data/reconciliations/${conflict.reconciliationId}`);
    expect(finished.body).toMatchObject({
      status: 'RESOLVED',
      sourceProjectId: request.id,
      cells: [expect.objectContaining({ conflictId: conflict.id, agreedValue: 43, reasoning })],
    });
    await eventually(
      async () => (await api(walidata).get(`/projects/${conflict.projectId}`)).body.status === 'RESOLVED',
    );
    // The project records RESOLVED once it has asked its open tasks to close; each task records CLOSED itself.
    await eventually(async () => {
      const explanations = await stack.db.task.findMany({
        where: { projectId: conflict.projectId },
        select: { status: true },
      });
      return (
        explanations.length > 0 &&
        explanations.every((t) => t.status === 'CLOSED' || t.status === 'COMPLETED')
      );
    });
    await recordHistory(
      stack.temporal.workflow.getHandle(await projectWorkflowIdOf(stack.db, conflict.projectId)),
      'jointProjectWorkflow-reconciliation',
    );

    // The CSV export: the same figures, as submitted or agreed.
    // As the walidata: the data custodians' export names who submitted and verified (others get OPD and role).
    const csv = await fetch(`${stack.baseUrl}/data/published.csv?period=${period}`, {
      headers: { authorization: `Bearer ${walidata}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="gotong-data\.csv"/);
    const [header, ...records] = parseCsv(await csv.text());
    expect(header).toEqual(CSV_COLUMNS);
    const column = (name: string) => CSV_COLUMNS.indexOf(name);
    const mine = records
      .map((r) => {
        expect(r).toHaveLength(CSV_COLUMNS.length);
        return Object.fromEntries(CSV_COLUMNS.map((name, i) => [name, r[i]!]));
      })
      .filter((r) => areas.includes(r['area_code']!));
    expect(records.every((r) => r[column('period')] === period)).toBe(true);
    const expected: Record<string, number> = {};
    for (const d of areas) {
      expected[`RT_MISKIN|${d}|`] = d === a ? 43 : dinsosValues.rtMiskin[d]!;
      expected[`PENDUDUK_MISKIN|${d}|`] = dukcapilValues.pendudukMiskin[d]!;
      expected[`JUMLAH_PENDUDUK|${d}|L`] = dukcapilValues.jumlahPenduduk_L[d]!;
      expected[`JUMLAH_PENDUDUK|${d}|P`] = dukcapilValues.jumlahPenduduk_P[d]!;
    }
    expect(
      Object.fromEntries(
        mine.map((r) => [`${r['indicator_code']}|${r['area_code']}|${r['breakdown']}`, Number(r['value'])]),
      ),
    ).toEqual(expected);
    expect(mine).toHaveLength(Object.keys(expected).length);
    const row = (key: string) =>
      mine.find((r) => `${r['indicator_code']}|${r['area_code']}|${r['breakdown']}` === key)!;
    expect(row(`RT_MISKIN|${a}|`)).toMatchObject({
      indicator_version: '1',
      indicator_name: 'Rumah tangga miskin',
      unit: 'rumah tangga',
      period,
      basis: 'RECONCILED',
      reconciled_by: WALIDATA_NAME,
      reconciliation_reasoning: reasoning,
      method: 'Verifikasi dan validasi DTKS per desa',
    });
    expect(row(`RT_MISKIN|${a}|`)['producers']!.split(';').sort()).toEqual(['DINSOS', 'DPMD']);
    expect(row(`RT_MISKIN|${a}|`)['verified_by']).toBe(`${WALIDATA_NAME};${WALIDATA_NAME}`);
    expect(row(`JUMLAH_PENDUDUK|${b}|L`)).toMatchObject({
      basis: 'SINGLE',
      unit: 'jiwa',
      producers: 'DISPENDUKCAPIL',
      submitted_by: dispendukcapil.fullName,
      verified_by: WALIDATA_NAME,
      reconciled_by: '',
      reconciliation_reasoning: '',
      source: 'SIAK Dispendukcapil',
    });
    expect(row(`PENDUDUK_MISKIN|${a}|`)['basis']).toBe('CONCORDANT');
    expect(row(`PENDUDUK_MISKIN|${a}|`)['submitted_by']!.split(';').sort()).toEqual(
      [DINSOS_NAME, dispendukcapil.fullName].sort(),
    );
    for (const r of mine) {
      expect(new Date(r['published_at']!).toISOString()).toBe(r['published_at']);
      expect(r['disputed']).toBe('');
    }

    // Every OPD's figures were verified: the data request's project has completed.
    await recordHistory(
      stack.temporal.workflow.getHandle(await projectWorkflowIdOf(stack.db, request.id)),
      'jointProjectWorkflow-data-request',
    );
  }, 180_000);

  it('asks for a reason when a figure jumps from the previous period', async () => {
    const desa = newDesa('13');
    const cell = `RT_MISKIN.${desa}`;

    // The previous period's figure is published first: DINSOS reports 20, the walidata accepts.
    const previous = await startRequest({ indicators: ['RT_MISKIN'], period: '2040', areas: [desa] });
    await submitOk(staffDinsos, previous.taskOf('data-dinsos'), { rtMiskin: { [desa]: 20 } });
    await accept(previous.taskOf('data-dinsos'));
    await eventually(async () => (await publishedOf('2040', [desa])).get(`RT_MISKIN|${desa}|`)?.value === 20);

    const current = await startRequest({ indicators: ['RT_MISKIN'], period: '2041', areas: [desa] });
    const task = current.taskOf('data-dinsos');
    // 50 is more than twice 20: refused until a reason is given for that cell.
    const refused = await submit(staffDinsos, task, { rtMiskin: { [desa]: 50 } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toHaveLength(1);
    expect(refused.body.message[0]).toMatch(new RegExp(`^confirmations\\.${cell.replace(/\./g, '\\.')}: `));
    expect(refused.body.message[0]).toContain('published 2040 figure (20)');
    expect((await api(staffDinsos).get(`/tasks/${task}`)).body.status).toBe('ASSIGNED');
    // A blank reason is no reason.
    const blank = await submit(staffDinsos, task, { rtMiskin: { [desa]: 50 } }, { [cell]: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.message[0]).toMatch(/^confirmations\.RT_MISKIN\./);

    // A reason is recorded with the submission the task workflow accepts, never before: a submission the
    // workflow refuses (here its form check, 400) leaves no reason behind.
    const reason = 'Pendataan ulang DTKS 2041 menambah 30 rumah tangga setelah banjir bandang.';
    const reasonsOf = async () =>
      (await stack.db.dataConfirmation.findMany({ where: { taskId: task } })).map((c) => [c.cell, c.reason]);
    const notAField = await submit(
      staffDinsos,
      task,
      { rtMiskin: { [desa]: 50 }, pendudukMiskin: { [desa]: 120 } },
      { [cell]: reason },
    );
    expect(notAField.status).toBe(400);
    expect(notAField.body.message).toEqual(['values.pendudukMiskin: is not a field of this form']);
    expect(await reasonsOf()).toEqual([]);

    await submitOk(staffDinsos, task, { rtMiskin: { [desa]: 50 } }, { [cell]: reason });
    expect(await reasonsOf()).toEqual([[cell, reason]]);
    // Submitted again while the first waits for review: refused (409), the recorded reason stays as it was.
    const twice = await submit(staffDinsos, task, { rtMiskin: { [desa]: 50 } }, { [cell]: 'Alasan lain' });
    expect(twice.status).toBe(409);
    expect(await reasonsOf()).toEqual([[cell, reason]]);
    await accept(task);

    const figure = await eventually(async () =>
      (await publishedOf('2041', [desa])).get(`RT_MISKIN|${desa}|`),
    );
    expect(figure).toMatchObject({ value: 50, basis: 'SINGLE', period: '2041' });
    expect(figure.sources).toEqual([
      expect.objectContaining({
        agency: expect.objectContaining({ code: 'DINSOS' }),
        value: 50,
        confirmation: reason,
        submittedBy: expect.objectContaining({ name: DINSOS_NAME }),
        verifiedBy: expect.objectContaining({ name: WALIDATA_NAME }),
      }),
    ]);
    // The previous figure stays as it was, without a confirmation.
    const old = (await publishedOf('2040', [desa])).get(`RT_MISKIN|${desa}|`);
    expect(old).toMatchObject({ value: 20, basis: 'SINGLE' });
    expect(old.sources[0].confirmation).toBeNull();
  }, 120_000);

  it('refuses bad standards and requests with a 400 that names the problem, and keeps the catalogue to WALIDATA/ADMIN', async () => {
    const bad = await api(walidata).post('/data/indicators', {
      code: 'bad code',
      name: '  ',
      unit: 'anak',
      valueType: 'float',
      areaLevel: 'rt',
      periodicity: 'daily',
      producers: [],
      jumpFactor: 1,
      metadata: { source: 'Posyandu' },
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        'colour: unknown property',
        expect.stringMatching(/^code: /),
        'name: is required',
        'definition: is required',
        expect.stringMatching(/^valueType: must be one of integer, decimal, percent/),
        expect.stringMatching(/^areaLevel: must be one of kabupaten, kecamatan, desa/),
        expect.stringMatching(/^periodicity: must be one of yearly, semester, quarterly, monthly/),
        'producers: must name at least one OPD',
        expect.stringMatching(/^jumpFactor: /),
        'metadata.method: is required',
        'metadata.contact: is required',
      ]),
    );
    expect(bad.body.message).toHaveLength(11);

    const code = `UJI_${randomBytes(4).toString('hex').toUpperCase()}`;
    const standard = {
      code,
      name: 'Keluarga penerima PKH',
      definition: 'Jumlah keluarga penerima manfaat Program Keluarga Harapan pada akhir periode.',
      unit: 'keluarga',
      valueType: 'integer',
      areaLevel: 'desa',
      periodicity: 'semester',
      producers: ['DINSOS'],
      metadata: { source: 'SIKS-NG Kemensos', method: 'Rekap penyaluran', contact: 'Walidata Diskominfo' },
    };
    const unknownProducer = await api(walidata).post('/data/indicators', {
      ...standard,
      producers: ['NOPE'],
    });
    expect(unknownProducer.status).toBe(400);
    expect(unknownProducer.body.message).toEqual(['unknown OPD code(s): NOPE']);
    expect((await api(staffDinsos).post('/data/indicators', standard)).status).toBe(403);
    expect((await api(sekda).post('/data/indicators', standard)).status).toBe(403);
    expect((await api().post('/data/indicators', standard)).status).toBe(401);

    const first = await api(walidata).post('/data/indicators', standard);
    expect(first.status).toBe(201);
    // Normalised: min 0 and jumpFactor 2 by default.
    expect(first.body).toMatchObject({ ...standard, min: 0, jumpFactor: 2, version: 1 });
    const second = await api(admin).post('/data/indicators', { ...standard, jumpFactor: 3 });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ code, version: 2, jumpFactor: 3 });

    const catalogue = await api().get('/data/indicators');
    expect(catalogue.status).toBe(200);
    expect((catalogue.body as any[]).filter((i) => i.code === code)).toEqual([
      expect.objectContaining({ code, version: 2, jumpFactor: 3, name: standard.name }),
    ]);
    expect((catalogue.body as any[]).map((i) => i.code)).toEqual(
      expect.arrayContaining(['RT_MISKIN', 'PENDUDUK_MISKIN', 'JUMLAH_PENDUDUK']),
    );
    const one = await api().get(`/data/indicators/${code}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ code, version: 2 });
    expect(one.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await api().get('/data/indicators/TIDAK_ADA_INI')).status).toBe(404);

    const desa = newDesa('11');
    const unknown = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN', 'TIDAK_ADA_INI'],
      period: '2031',
      areas: [desa],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['indicators: unknown indicator(s): TIDAK_ADA_INI']);

    const badPeriod = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2026-Q1',
      areas: [desa],
    });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.message).toEqual(['period: must be a year such as 2026 (RT_MISKIN is yearly)']);
    const semester = await api(walidata).post('/data/requests', {
      indicators: [code],
      period: '2031',
      areas: [desa],
    });
    expect(semester.status).toBe(400);
    expect(semester.body.message).toEqual([
      `period: must be a semester such as 2026-S1 (${code} is semester)`,
    ]);

    const outside = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2031',
      areas: ['35.74.01.2001'],
    });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toEqual([
      'areas: each area must be a kode wilayah in Kabupaten Probolinggo (35.13, 35.13.xx or 35.13.xx.xxxx)',
    ]);
    const noKecamatan = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2031',
      areas: [desa, '35.13.99.2001'],
    });
    expect(noKecamatan.status).toBe(400);
    expect(noKecamatan.body.message).toEqual([
      'areas[1]: 35.13.99.2001 is not an area of Kabupaten Probolinggo',
    ]);
    // A well-formed code that is not a desa of the regency (a kecamatan stands for all its desa: areas.e2e).
    const notADesa = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2031',
      areas: ['35.13.11.2999'],
    });
    expect(notADesa.status).toBe(400);
    expect(notADesa.body.message).toEqual([
      'areas[0]: 35.13.11.2999 is not an area of Kabupaten Probolinggo',
    ]);

    const byStaff = await api(staffDinsos).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2031',
      areas: [desa],
    });
    expect(byStaff.status).toBe(403);
    // None of the refused requests left a record behind. (Other files' whole-regency requests include this
    // desa too, for their own periods.)
    const requests = await api(walidata).get('/data/requests');
    expect(requests.status).toBe(200);
    expect(
      (requests.body as any[]).filter(
        (r) => r.areas.includes(desa) && ['2031', '2026-Q1'].includes(r.period),
      ),
    ).toEqual([]);
  });

  it('shows leadership completeness, open conflicts and overdue requests', async () => {
    const period = '2045';
    const [a, b] = [newDesa('15'), newDesa('15')].sort() as [string, string];
    const request = await startRequest({
      title: `Pendataan kemiskinan ${period} — Kecamatan Besuk (uji)`,
      indicators: ['RT_MISKIN', 'PENDUDUK_MISKIN', 'JUMLAH_PENDUDUK'],
      period,
      areas: [a, b],
      sla: { amount: 1, unit: 'seconds' },
    });
    const rowsOf = (body: any) =>
      (body.completeness as any[])
        .filter((r) => r.requestId === request.id)
        .map((r) => [r.indicator, r.agency, r.period, r.expected, r.verified, r.percent])
        .sort((x, y) => (`${x[0]}|${x[1]}` < `${y[0]}|${y[1]}` ? -1 : 1));

    const initial = await api(sekda).get('/data/overview');
    expect(initial.status).toBe(200);
    expect(rowsOf(initial.body)).toEqual([
      ['JUMLAH_PENDUDUK', 'DISPENDUKCAPIL', period, 4, 0, 0],
      ['PENDUDUK_MISKIN', 'DINSOS', period, 2, 0, 0],
      ['PENDUDUK_MISKIN', 'DISPENDUKCAPIL', period, 2, 0, 0],
      ['RT_MISKIN', 'DINSOS', period, 2, 0, 0],
      ['RT_MISKIN', 'DPMD', period, 2, 0, 0],
    ]);
    expect((await api(staffDinsos).get('/data/overview')).status).toBe(403);
    expect((await api(dpmd.token).get('/data/overview')).status).toBe(403);
    expect((await api().get('/data/overview')).status).toBe(401);

    // DINSOS and DPMD report and are verified, disagreeing on desa b; DISPENDUKCAPIL does not report.
    const dinsosTask = request.taskOf('data-dinsos');
    const dpmdTask = request.taskOf('data-dpmd');
    const dukcapilTask = request.taskOf('data-dispendukcapil');
    await submitOk(staffDinsos, dinsosTask, {
      rtMiskin: { [a]: 25, [b]: 18 },
      pendudukMiskin: { [a]: 90, [b]: 66 },
    });
    await submitOk(dpmd.token, dpmdTask, { rtMiskin: { [a]: 25, [b]: 21 } });
    await accept(dinsosTask);
    await accept(dpmdTask);

    const overview = await eventually(async () => {
      const res = await api(sekda).get('/data/overview');
      expect(res.status).toBe(200);
      const conflictSeen = (res.body.openConflicts as any[]).some(
        (k) => k.indicatorCode === 'RT_MISKIN' && k.areaCode === b && k.period === period,
      );
      const overdue = (res.body.overdueRequests as any[]).some((t) => t.taskId === dukcapilTask);
      return conflictSeen && overdue ? res.body : undefined;
    });
    expect(rowsOf(overview)).toEqual([
      ['JUMLAH_PENDUDUK', 'DISPENDUKCAPIL', period, 4, 0, 0],
      ['PENDUDUK_MISKIN', 'DINSOS', period, 2, 2, 100],
      ['PENDUDUK_MISKIN', 'DISPENDUKCAPIL', period, 2, 0, 0],
      ['RT_MISKIN', 'DINSOS', period, 2, 2, 100],
      ['RT_MISKIN', 'DPMD', period, 2, 2, 100],
    ]);
    const open = (overview.openConflicts as any[]).find(
      (k) => k.indicatorCode === 'RT_MISKIN' && k.areaCode === b && k.period === period,
    );
    expect(open).toMatchObject({ status: 'OPEN', breakdown: '', agreedValue: null });
    expect(open).not.toHaveProperty('openKey');
    expect(
      (overview.openConflicts as any[]).filter((k) => k.period === period && [a, b].includes(k.areaCode)),
    ).toHaveLength(1);

    // Only the task still owed (DISPENDUKCAPIL's, past its one-second deadline) is overdue.
    const overdue = (overview.overdueRequests as any[]).filter((t) => t.requestId === request.id);
    expect(overdue).toEqual([
      expect.objectContaining({
        requestId: request.id,
        taskId: dukcapilTask,
        agency: 'DISPENDUKCAPIL',
        status: 'ASSIGNED',
      }),
    ]);
    expect(new Date(overdue[0].dueAt).getTime()).toBeLessThan(Date.now());

    // The walidata and the admin see the same overview.
    const byWalidata = await api(walidata).get('/data/overview');
    expect(byWalidata.status).toBe(200);
    expect(rowsOf(byWalidata.body)).toEqual(rowsOf(overview));
    expect((await api(admin).get('/data/overview')).status).toBe(200);

    // The request list shows it as active.
    const listed = ((await api(walidata).get('/data/requests')).body as any[]).find(
      (r) => r.id === request.id,
    );
    expect(listed).toMatchObject({ period, areas: [a, b], status: 'ACTIVE' });
  }, 120_000);
});
