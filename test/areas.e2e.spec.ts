import { randomBytes } from 'node:crypto';
import { villagesOf } from '@gotong/domain/region';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * The regency's places through the real stack: GET /areas (the Kepmendagri 2025 reference list every validator
 * judges desa codes by), and the 400s that name the cell when a sitrep, a declaration or a data request names a
 * desa that is not one of the regency's, or not one of the incident's kecamatan. Other test files run on the
 * same database, so every lookup is by this file's own ids.
 */
describe('the regency’s areas (GET /areas) and desa codes from the reference list', () => {
  let stack: Stack;
  let staffBpbd: string;
  let walidata: string;
  let leadBappeda: string;
  let staffDinkes: string;
  const TAG = randomBytes(3).toString('hex');
  const TONGAS = '35.13.23';
  const TONGAS_WETAN = '35.13.23.2008';
  const CURAHDRINGU = '35.13.23.2005';
  /** Andungbiru lies in Tiris (35.13.07), not in Tongas. */
  const ANDUNGBIRU = '35.13.07.2001';

  beforeAll(async () => {
    stack = await startStack();
    [staffBpbd, walidata, leadBappeda, staffDinkes] = await Promise.all([
      stack.login('staff.bpbd'),
      stack.login('walidata'),
      stack.login('lead.bappeda'),
      stack.login('staff.dinkes'),
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  it('answers signed-in users only', async () => {
    expect((await api().get('/areas')).status).toBe(401);
  });

  it('lists the tree: the kabupaten, its 24 kecamatan and their 325 desa and 5 kelurahan, with the decree', async () => {
    const res = await api(staffBpbd).get('/areas');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: '35.13',
      name: 'Kabupaten Probolinggo',
      level: 'KABUPATEN',
      decree: 'Kepmendagri No. 300.2.2-2138 Tahun 2025',
    });
    const kecamatan = res.body.kecamatan as any[];
    expect(kecamatan).toHaveLength(24);
    expect(kecamatan.slice(5, 8).map((k) => `${k.code} ${k.name}`)).toEqual([
      '35.13.06 Banyuanyar',
      '35.13.07 Tiris',
      '35.13.08 Krucil',
    ]);
    const villages = kecamatan.flatMap((k) => k.villages as any[]);
    expect(villages.filter((v) => v.level === 'DESA')).toHaveLength(325);
    expect(villages.filter((v) => v.level === 'KELURAHAN')).toHaveLength(5);
    expect(kecamatan.every((k) => k.villages.every((v: any) => v.parentCode === k.code))).toBe(true);
  });

  it('lists one kecamatan’s villages, and refuses a kecamatan that is not one', async () => {
    const res = await api(staffBpbd).get(`/areas?kecamatan=${TONGAS}`);
    expect(res.status).toBe(200);
    expect(res.body.kecamatan).toEqual({
      code: TONGAS,
      name: 'Tongas',
      level: 'KECAMATAN',
      parentCode: '35.13',
    });
    expect(res.body.villages).toHaveLength(villagesOf(TONGAS).length);
    expect(res.body.villages).toEqual(
      expect.arrayContaining([
        { code: TONGAS_WETAN, name: 'Tongas Wetan', level: 'DESA', parentCode: TONGAS },
        { code: CURAHDRINGU, name: 'Curahdringu', level: 'DESA', parentCode: TONGAS },
      ]),
    );

    const unknown = await api(staffBpbd).get('/areas?kecamatan=35.13.99');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('35.13.99 is not a kecamatan of Kabupaten Probolinggo');
    expect((await api(staffBpbd).get('/areas?kecamatan=Tongas')).status).toBe(400);
  });

  it('searches by name, case- and space-insensitively, kecamatan first', async () => {
    const res = await api(staffBpbd).get('/areas?q=tongas');
    expect(res.status).toBe(200);
    const found = (res.body.items as any[]).map((a) => `${a.code} ${a.name}`);
    expect(found[0]).toBe('35.13.23 Tongas');
    expect(found).toEqual(
      expect.arrayContaining(['35.13.23.2008 Tongas Wetan', '35.13.23.2011 Tongas Kulon']),
    );

    const spaced = await api(staffBpbd).get(`/areas?q=${encodeURIComponent('TONGAS  wetan')}`);
    expect(spaced.body.items.map((a: any) => a.code)).toEqual([TONGAS_WETAN]);
  });

  it('refuses a declaration naming a desa that is not one of the regency’s or lies in another kecamatan', async () => {
    const res = await api(staffBpbd).post('/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: [TONGAS],
      desa: [TONGAS_WETAN, '35.13.23.2999', ANDUNGBIRU],
      description: `areas ${TAG} refused`,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      'desa: 35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
      'desa: 35.13.07.2001 (Andungbiru) does not lie in Kecamatan Tongas',
    ]);
  });

  it('refuses a sitrep figure for a desa outside the incident’s kecamatan, naming the cell', async () => {
    const declared = await api(staffBpbd).post('/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: [TONGAS],
      desa: [TONGAS_WETAN],
      description: `areas ${TAG} sitrep`,
    });
    expect(declared.status).toBe(201);
    const { id: incidentId, projectId } = declared.body as { id: string; projectId: string };
    const sitrep = await eventually(async () => {
      const res = await api(staffBpbd).get(`/inbox?projectId=${projectId}&pageSize=100`);
      return (res.body?.items as any[] | undefined)?.find((t) => t.stepKey === 'sitrep-bpbd-1');
    });

    const outside = await api(staffBpbd).post(`/tasks/${sitrep.id}/contribution`, {
      values: {
        terdampak: { [TONGAS_WETAN]: 40, [ANDUNGBIRU]: 12 },
        mengungsi: { '35.13.23.2999': 3 },
        narasi: 'Air mulai surut.',
      },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toEqual([
      'values.terdampak.35.13.07.2001: 35.13.07.2001 (Andungbiru) does not lie in Kecamatan Tongas',
      'values.mengungsi.35.13.23.2999: 35.13.23.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
    ]);

    const inside = await api(staffBpbd).post(`/tasks/${sitrep.id}/contribution`, {
      values: { terdampak: { [TONGAS_WETAN]: 40, [CURAHDRINGU]: 7 }, narasi: 'Air mulai surut.' },
    });
    expect(inside.status).toBe(200);

    const closed = await api(staffBpbd).post(`/incidents/${incidentId}/status`, {
      status: 'CLOSED',
      reason: `areas ${TAG} done`,
    });
    expect(closed.status).toBe(200);
  });

  it('refuses a figure for a desa outside the project’s kecamatan (a Tiris stunting project), naming the cell', async () => {
    const TIRIS = '35.13.07';
    const started = await api(leadBappeda).post('/projects/from-template', {
      templateCode: 'percepatan-penurunan-stunting',
      parameters: { kecamatan: TIRIS, tahun: `2026 ${TAG}` },
      title: `areas ${TAG} stunting Tiris`,
    });
    expect(started.status).toBe(201);
    const task = await eventually(async () => {
      const p = await api(leadBappeda).get(`/projects/${started.body.id}`);
      return p.body?.steps?.find((s: any) => s.key === 'data-stunting')?.task ?? undefined;
    });
    // The OPD sees the bound form: its per-desa fields take desa of Tiris only.
    const seen = await api(staffDinkes).get(`/tasks/${task.id}`);
    expect(
      (seen.body.form.fields as any[]).filter((f) => f.perArea === 'desa').map((f) => f.withinKecamatan),
    ).toEqual([[TIRIS], [TIRIS]]);

    const outside = await api(staffDinkes).post(`/tasks/${task.id}/contribution`, {
      values: {
        jumlahBalitaDiukur: { [ANDUNGBIRU]: 120, [TONGAS_WETAN]: 80 },
        jumlahBalitaStunting: { [ANDUNGBIRU]: 17 },
        tanggalPengukuran: '2026-02-27',
      },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toEqual([
      `values.jumlahBalitaDiukur.${TONGAS_WETAN}: ${TONGAS_WETAN} (Tongas Wetan) does not lie in Kecamatan Tiris`,
    ]);

    const inside = await api(staffDinkes).post(`/tasks/${task.id}/contribution`, {
      values: {
        jumlahBalitaDiukur: { [ANDUNGBIRU]: 120, '35.13.07.2006': 80 },
        jumlahBalitaStunting: { [ANDUNGBIRU]: 17, '35.13.07.2006': 6 },
        tanggalPengukuran: '2026-02-27',
      },
    });
    expect(inside.status).toBe(200);
    expect(inside.body.state).toBe('SUBMITTED');

    const cancelled = await api(leadBappeda).post(`/projects/${started.body.id}/cancel`, {
      reason: `areas ${TAG} done`,
    });
    expect(cancelled.status).toBe(200);
  });

  it('publishes figures with area names, and kecamatan and kabupaten totals of a count', async () => {
    // Kecamatan Leces; its first two desa.
    const LECES = '35.13.05';
    const [first, second] = villagesOf(LECES);
    const code = `uji-total-${TAG}`;
    const template = await api(leadBappeda).post('/templates', {
      code,
      name: `Balita stunting per desa (${TAG})`,
      description: 'Dinkes melaporkan balita stunting per desa.',
      category: 'PROGRAM',
      parameters: [{ key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan', required: true }],
      steps: [
        {
          key: 'pengukuran',
          title: 'Pengukuran balita',
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
    const started = await api(leadBappeda).post('/projects/from-template', {
      templateCode: code,
      parameters: { kecamatan: LECES },
    });
    expect(started.status).toBe(201);
    const task = await eventually(async () => {
      const p = await api(leadBappeda).get(`/projects/${started.body.id}`);
      return p.body?.steps?.[0]?.task ?? undefined;
    });
    const sent = await api(staffDinkes).post(`/tasks/${task.id}/contribution`, {
      values: { balitaStunting: { [first!.code]: 11, [second!.code]: 6 } },
    });
    expect(sent.status).toBe(200);
    expect((await api(leadBappeda).post(`/tasks/${task.id}/review`, { decision: 'ACCEPT' })).status).toBe(
      200,
    );

    const published = await api().get(`/data/published?indicator=BALITA_STUNTING&area=${LECES}`);
    expect(published.status).toBe(200);
    // Other test files publish BALITA_STUNTING into the same database, for other periods and desa too: judge the
    // period this project's figures went into.
    const period = (published.body.items as any[]).find((f) => f.areaCode === first!.code).period as string;
    const items = (published.body.items as any[]).filter((f) => f.period === period);
    expect(items.filter((f) => [first!.code, second!.code].includes(f.areaCode))).toEqual([
      expect.objectContaining({ areaCode: first!.code, areaName: first!.name, value: 11 }),
      expect.objectContaining({ areaCode: second!.code, areaName: second!.name, value: 6 }),
    ]);
    // The totals add up what is published for the kecamatan's desa, and say how many desa that covers.
    const sum = items.reduce((total, f) => total + (f.value as number), 0);
    expect((published.body.totals as any[]).filter((t) => t.period === period)).toEqual([
      {
        indicator: expect.objectContaining({ code: 'BALITA_STUNTING', unit: 'anak' }),
        period,
        breakdown: '',
        level: 'KECAMATAN',
        areaCode: LECES,
        areaName: 'Leces',
        value: sum,
        areasCounted: items.length,
        areasTotal: villagesOf(LECES).length,
        complete: items.length === villagesOf(LECES).length,
      },
      expect.objectContaining({
        level: 'KABUPATEN',
        areaCode: '35.13',
        areaName: 'Kabupaten Probolinggo',
        value: sum,
        areasCounted: items.length,
        areasTotal: 330,
        complete: false,
      }),
    ]);
    expect(sum).toBeGreaterThanOrEqual(17);
  });

  it('asks a data request for every desa of a kecamatan, and refuses a code that is not an area', async () => {
    const refused = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2041',
      areas: [TONGAS_WETAN, '35.13.23.2999'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual(['areas[1]: 35.13.23.2999 is not an area of Kabupaten Probolinggo']);

    const started = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2041',
      areas: [TONGAS],
      title: `areas ${TAG} Tongas`,
    });
    expect(started.status).toBe(201);
    const project = await eventually(async () => {
      const p = await api(walidata).get(`/projects/${started.body.id}`);
      return p.status === 200 && p.body.steps.length > 0 && p.body.steps.every((s: any) => s.task !== null)
        ? p.body
        : undefined;
    });
    const task = await api(walidata).get(`/tasks/${project.steps[0].task.id}`);
    expect(task.status).toBe(200);
    expect(task.body.form.fields[0]).toMatchObject({
      perArea: 'desa',
      areas: villagesOf(TONGAS).map((v) => v.code),
    });
  });
});
