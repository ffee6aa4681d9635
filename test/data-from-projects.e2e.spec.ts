import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { SEED_TEMPLATES } from '../prisma/data/templates';
import { villagesOf } from '@gotong/domain/region';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * A figure is entered once: a joint project's form field that names an indicator feeds the one-door data
 * store when the lead accepts the contribution, and is published like a data request's figure.
 */
describe('figures from joint projects flow into the one-door data store', () => {
  let stack: Stack;
  let lead: string;
  let dinkes: string;

  beforeAll(async () => {
    stack = await startStack();
    lead = await stack.login('lead.bappeda');
    dinkes = await stack.login('staff.dinkes');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('publishes an accepted stunting figure under its indicator, traced to the project task', async () => {
    const code = `uji-data-${randomBytes(3).toString('hex')}`;
    // A real desa (Selogudig Kulon, Kecamatan Pajarakan) no other test file reports on.
    const desa = '35.13.16.2001';
    const template = await http(stack.baseUrl, lead).post('/templates', {
      code,
      name: 'Pengukuran balita (uji data)',
      description: 'Dinkes melaporkan balita stunting per desa.',
      category: 'PROGRAM',
      parameters: [],
      steps: [
        {
          key: 'pengukuran',
          title: 'Pengukuran balita di posyandu',
          instructions: 'Laporkan jumlah balita stunting per desa.',
          owner: { agency: 'DINKES' },
          form: {
            fields: [
              {
                key: 'balitaStunting',
                label: 'Balita stunting',
                type: 'integer',
                required: true,
                min: 0,
                perArea: 'desa',
                indicator: 'BALITA_STUNTING',
              },
            ],
          },
          sla: { amount: 1, unit: 'hours' },
          dependsOn: [],
        },
      ],
    });
    expect(template.status).toBe(201);
    // A field naming an indicator that does not look like one is refused with the path.
    const bad = await http(stack.baseUrl, lead).post('/templates', {
      ...template.body.definition,
      code: `${code}-x`,
      name: 'x',
      description: 'x',
      category: 'PROGRAM',
      steps: [
        {
          ...template.body.definition.steps[0],
          form: {
            fields: [{ key: 'a', label: 'A', type: 'text', required: true, indicator: 'BALITA_STUNTING' }],
          },
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(
      'steps[0].form.fields[0].indicator: only integer and number fields report an indicator',
    );

    const started = await http(stack.baseUrl, lead).post('/projects/from-template', {
      templateCode: code,
      parameters: {},
    });
    expect(started.status).toBe(201);
    const task = await eventually(async () => {
      const project = await http(stack.baseUrl, lead).get(`/projects/${started.body.id}`);
      return project.body.steps?.[0]?.task ?? undefined;
    });
    const submitted = await http(stack.baseUrl, dinkes).post(`/tasks/${task.id}/contribution`, {
      values: { balitaStunting: { [desa]: 17 } },
    });
    expect(submitted.status).toBe(200);
    // Nothing is published before the lead verifies it.
    const before = await http(stack.baseUrl).get(`/data/published?indicator=BALITA_STUNTING&area=${desa}`);
    expect(before.body.items).toEqual([]);

    expect(
      (await http(stack.baseUrl, lead).post(`/tasks/${task.id}/review`, { decision: 'ACCEPT' })).status,
    ).toBe(200);
    // Signed in as the walidata (a custodian of the data), the provenance names people.
    const walidata = await stack.login('walidata');
    const published = await http(stack.baseUrl, walidata).get(
      `/data/published?indicator=BALITA_STUNTING&area=${desa}`,
    );
    expect(published.status).toBe(200);
    const year = DateTime.now().setZone('Asia/Jakarta').toFormat('yyyy');
    expect(published.body.items).toEqual([
      expect.objectContaining({
        indicator: expect.objectContaining({ code: 'BALITA_STUNTING', unit: 'anak' }),
        areaCode: desa,
        period: year,
        value: 17,
        basis: 'SINGLE',
        disputed: false,
        sources: [
          expect.objectContaining({
            agency: { code: 'DINKES', name: 'Dinas Kesehatan' },
            source: 'PROJECT',
            taskId: task.id,
            value: 17,
            submittedBy: expect.objectContaining({ name: 'Siti Aminah' }),
            verifiedBy: expect.objectContaining({ name: 'Nur Hidayati' }),
          }),
        ],
      }),
    ]);
    // Decisions stick on this path too: a later project's different figure for the same desa and period opens
    // a conflict (gathered into that project's reconciliation); 17 stays published, flagged disputed.
    const later = await http(stack.baseUrl, lead).post('/projects/from-template', {
      templateCode: code,
      parameters: {},
    });
    expect(later.status).toBe(201);
    const laterTask = await eventually(async () => {
      const project = await http(stack.baseUrl, lead).get(`/projects/${later.body.id}`);
      return project.body.steps?.[0]?.task ?? undefined;
    });
    expect(
      (
        await http(stack.baseUrl, dinkes).post(`/tasks/${laterTask.id}/contribution`, {
          values: { balitaStunting: { [desa]: 20 } },
        })
      ).status,
    ).toBe(200);
    expect(
      (await http(stack.baseUrl, lead).post(`/tasks/${laterTask.id}/review`, { decision: 'ACCEPT' })).status,
    ).toBe(200);
    const reconciliation = await eventually(async () => {
      const res = await http(stack.baseUrl, walidata).get('/data/reconciliations?status=OPEN');
      return (res.body as any[]).find((r) => r.sourceProjectId === later.body.id);
    });
    const detail = (await http(stack.baseUrl, walidata).get(`/data/reconciliations/${reconciliation.id}`))
      .body;
    expect(detail.cells).toEqual([
      expect.objectContaining({
        indicatorCode: 'BALITA_STUNTING',
        areaCode: desa,
        period: year,
        published: 17,
        values: [{ agency: { code: 'DINKES', name: 'Dinas Kesehatan' }, value: 20 }],
      }),
    ]);
    const disputed = await http(stack.baseUrl, walidata).get(
      `/data/published?indicator=BALITA_STUNTING&area=${desa}`,
    );
    expect(disputed.body.items).toEqual([
      expect.objectContaining({ value: 17, basis: 'SINGLE', disputed: true }),
    ]);

    // The walidata takes DINKES's newer figure: published as RECONCILED, 17 kept in the history.
    const reasoning = 'Pengukuran ulang posyandu: 20 balita.';
    const decided = await http(stack.baseUrl, walidata).post(
      `/data/reconciliations/${reconciliation.id}/decisions`,
      { accept: { agency: 'DINKES', conflictIds: [detail.cells[0].conflictId] }, reasoning },
    );
    expect({ status: decided.status, status2: decided.body.status }).toEqual({
      status: 201,
      status2: 'RESOLVED',
    });
    const after = await http(stack.baseUrl, walidata).get(
      `/data/published?indicator=BALITA_STUNTING&area=${desa}`,
    );
    expect(after.body.items).toEqual([
      expect.objectContaining({ value: 20, basis: 'RECONCILED', disputed: false }),
    ]);
    const history = await http(stack.baseUrl, walidata).get(
      `/data/figures/revisions?indicator=BALITA_STUNTING&area=${desa}&period=${year}`,
    );
    expect(history.body).toEqual([
      expect.objectContaining({
        kind: 'RECONCILIATION',
        oldValue: 17,
        oldBasis: 'SINGLE',
        newValue: 20,
        reason: reasoning,
        conflictId: detail.cells[0].conflictId,
      }),
    ]);
  });
  it('the seeded stunting template reports BALITA_STUNTING: an accepted contribution lands as its figures', async () => {
    // The seeded template names the indicator on its stunting field, in the indicator's unit and per desa.
    const seeded = SEED_TEMPLATES.find((t) => t.code === 'percepatan-penurunan-stunting')!;
    const field = seeded.steps
      .find((s) => s.key === 'data-stunting')!
      .form.fields.find((f) => f.key === 'jumlahBalitaStunting')!;
    expect(field).toMatchObject({ indicator: 'BALITA_STUNTING', unit: 'anak', perArea: 'desa' });

    // Two desa of Kecamatan Pajarakan no other test reports on (the last two of the reference list).
    const [desaA, desaB] = villagesOf('35.13.16')
      .map((v) => v.code)
      .slice(-2);
    const started = await http(stack.baseUrl, lead).post('/projects/from-template', {
      templateCode: 'percepatan-penurunan-stunting',
      parameters: { kecamatan: '35.13.16', tahun: '2026' },
    });
    expect(started.status).toBe(201);
    const task = await eventually(async () => {
      const project = await http(stack.baseUrl, lead).get(`/projects/${started.body.id}`);
      return project.body.steps?.find((s: any) => s.key === 'data-stunting')?.task ?? undefined;
    });
    const submitted = await http(stack.baseUrl, dinkes).post(`/tasks/${task.id}/contribution`, {
      values: {
        jumlahBalitaDiukur: { [desaA!]: 120, [desaB!]: 95 },
        jumlahBalitaStunting: { [desaA!]: 14, [desaB!]: 8 },
        tanggalPengukuran: '2026-08-31',
      },
    });
    expect(submitted.status).toBe(200);
    expect(
      (await http(stack.baseUrl, lead).post(`/tasks/${task.id}/review`, { decision: 'ACCEPT' })).status,
    ).toBe(200);

    // Typed once: the figures are in the store under BALITA_STUNTING, traced to the project's task; the
    // measured count (a field without an indicator) is not.
    const year = DateTime.now().setZone('Asia/Jakarta').toFormat('yyyy');
    const figures = await eventually(async () => {
      const rows = await stack.db.dataValue.findMany({
        where: { taskId: task.id },
        orderBy: { areaCode: 'asc' },
      });
      return rows.length === 2 ? rows : undefined;
    });
    expect(
      figures.map((f) => ({
        indicatorCode: f.indicatorCode,
        areaCode: f.areaCode,
        period: f.period,
        value: Number(f.value),
        source: f.source,
        status: f.status,
      })),
    ).toEqual(
      [
        { areaCode: desaA, value: 14 },
        { areaCode: desaB, value: 8 },
      ]
        .sort((a, b) => a.areaCode!.localeCompare(b.areaCode!))
        .map((f) => ({
          indicatorCode: 'BALITA_STUNTING',
          period: year,
          source: 'PROJECT',
          status: 'VERIFIED',
          ...f,
        })),
    );
  });
});
