import { KECAMATAN_AREAS, villagesOf } from '@gotong/domain/region';
import { PLANNING_STAGES, type StageCalendar } from '@gotong/domain/planning';
import { kecamatanAgencyCode } from '../prisma/data/probolinggo';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * An RKPD planning year end to end in compressed time (issue #18): BAPPEDA opens the year, three kecamatan
 * offices enter Musrenbang proposals, BAPPEDA brings the end of Musrenbang kecamatan forward (the workflow
 * follows the new date) and the proposals are routed to their OPDs as agency tasks; one OPD accepts into its
 * Renja with an activity and a budget line, three OPDs each commit to a stunting proposal, one OPD declines with
 * a reason, one leaves its decision open past the Renja deadline and climbs the ladder; BAPPEDA assigns an
 * unowned proposal and a proposal entered after routing began goes straight to its OPD; the overview shows the
 * figures; BAPPEDA consolidates and the year closes.
 */
describe('annual planning cycle (real API, Temporal, Postgres)', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};
  // The RKPD year whose drawing-up year (WIB) is now: its stages lie in the current calendar year.
  const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear() + 1;
  const [k1, k2, k3] = KECAMATAN_AREAS.slice(0, 3).map((k) => ({
    area: k.code,
    agency: kecamatanAgencyCode(k.name),
    desa: villagesOf(k.code)[0]!.code,
  })) as [Kec, Kec, Kec];
  type Kec = { area: string; agency: string; desa: string };
  const api = (who: string) => http(stack.baseUrl, tokens[who]);
  const patch = async (who: string, path: string, body: unknown) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const minutes = 60_000;

  beforeAll(async () => {
    stack = await startStack();
    for (const user of ['lead.bappeda', 'sekda', 'staff.dpupr', 'staff.dinkes', 'staff.dinsos']) {
      tokens[user] = await stack.login(user);
    }
    for (const code of [k1.agency, k2.agency, k3.agency, 'DP3AP2KB', 'DPMD', 'DISPENDIK', 'BAPPEDA']) {
      tokens[code] = (await stack.createStaff(code)).token;
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const proposal = (kec: Kec, fields: Record<string, unknown>) => ({
    kecamatan: kec.area,
    desa: kec.desa,
    problem: 'Permasalahan yang disepakati dalam Musrenbang desa.',
    proposedActivity: 'Kegiatan yang diusulkan desa kepada pemerintah kabupaten.',
    priority: 1,
    ...fields,
  });
  const decide = (who: string, taskId: string, values: Record<string, unknown>) =>
    api(who).post(`/tasks/${taskId}/contribution`, { values });
  const detail = (id: string) => api('lead.bappeda').get(`/planning/years/${year}/proposals/${id}`);
  const taskOf = (d: any, agency: string): string =>
    d.decisions.find((x: any) => x.agency.code === agency).taskId;

  it('runs a year from proposals to routed decisions, a late OPD on the ladder, figures and consolidation', async () => {
    const t0 = Date.now();
    const stages: StageCalendar = {
      MUSRENBANG_DESA: { start: iso(t0 - 60 * minutes), end: iso(t0 - 30 * minutes) },
      MUSRENBANG_KECAMATAN: { start: iso(t0 - 30 * minutes), end: iso(t0 + 30 * minutes) },
      FORUM_PERANGKAT_DAERAH: { start: iso(t0 + 30 * minutes), end: iso(t0 + 60 * minutes) },
      MUSRENBANG_KABUPATEN: { start: iso(t0 + 60 * minutes), end: iso(t0 + 70 * minutes) },
      PENETAPAN_RKPD: { start: iso(t0 + 70 * minutes), end: iso(t0 + 90 * minutes) },
    };

    // Only BAPPEDA's LEAD or head (or an admin) opens a year; the calendar is judged field by field.
    expect((await api('staff.dinkes').post('/planning/years', { year, stages })).status).toBe(403);
    const outOfOrder = await api('lead.bappeda').post('/planning/years', {
      year,
      stages: { ...stages, FORUM_PERANGKAT_DAERAH: { start: iso(t0), end: iso(t0 + 60 * minutes) } },
    });
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body.message).toContain(
      'stages.FORUM_PERANGKAT_DAERAH.start: must not be before the end of MUSRENBANG_KECAMATAN',
    );
    const wrongYear = await api('lead.bappeda').post('/planning/years', { year: year + 1, stages });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.message[0]).toMatch(/^stages\.MUSRENBANG_DESA\.start: must lie in/);

    const opened = await api('lead.bappeda').post('/planning/years', { year, stages });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      year,
      status: 'OPEN',
      currentStage: 'MUSRENBANG_KECAMATAN',
      workflowId: expect.stringMatching(new RegExp(`^planning-cycle-${year}-[0-9a-f]{8}$`)),
      proposals: 0,
    });
    const cycleId: string = opened.body.workflowId;
    expect((await api('lead.bappeda').post('/planning/years', { year, stages })).status).toBe(409);
    const described = await stack.temporal.workflow.getHandle(cycleId).describe();
    expect(described.memo).toEqual({ title: `Siklus perencanaan RKPD ${year}` });

    // Kecamatan offices enter their proposals: only for their own kecamatan, desa inside it.
    const foreignDesa = await api(k1.agency).post(
      `/planning/years/${year}/proposals`,
      proposal(k1, { desa: k2.desa, title: 'Jalan desa tetangga', topic: 'jalan-jembatan' }),
    );
    expect(foreignDesa.status).toBe(400);
    expect(foreignDesa.body.message).toEqual([expect.stringMatching(/^desa: .* does not lie in Kecamatan/)]);
    const foreignKecamatan = await api(k1.agency).post(
      `/planning/years/${year}/proposals`,
      proposal(k2, { title: 'Usulan untuk kecamatan lain', topic: 'jalan-jembatan' }),
    );
    expect(foreignKecamatan.status).toBe(403);
    const notKecamatan = await api('staff.dpupr').post(
      `/planning/years/${year}/proposals`,
      proposal(k1, { title: 'Bukan kantor kecamatan', topic: 'jalan-jembatan' }),
    );
    expect(notKecamatan.status).toBe(403);

    const file = async (who: string, body: Record<string, unknown>) => {
      const res = await api(who).post(`/planning/years/${year}/proposals`, body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'SUBMITTED', agencies: [], decisions: [] });
      return res.body.id as string;
    };
    const road = await file(
      k1.agency,
      proposal(k1, { title: 'Pengaspalan jalan poros desa', topic: 'jalan-jembatan' }),
    );
    const stunting = await file(
      k2.agency,
      proposal(k2, { title: 'Konvergensi penurunan stunting desa', topic: 'stunting' }),
    );
    const school = await file(
      k3.agency,
      proposal(k3, { title: 'Ruang kelas baru SD negeri', topic: 'pendidikan', priority: 2 }),
    );
    const water = await file(
      k3.agency,
      proposal(k3, { title: 'Jaringan air bersih dusun', topic: 'air-bersih-sanitasi', priority: 1 }),
    );
    const other = await file(
      k1.agency,
      proposal(k1, { title: 'Lampu penerangan jalan', topic: 'lainnya', priority: 3 }),
    );

    // BAPPEDA brings the end of Musrenbang kecamatan forward: a past date stays, a new one is in the future.
    const pastChanged = await patch('lead.bappeda', `/planning/years/${year}/stages`, {
      stages: { ...stages, MUSRENBANG_DESA: { ...stages.MUSRENBANG_DESA, start: iso(t0 - 50 * minutes) } },
    });
    expect(pastChanged.status).toBe(400);
    expect(pastChanged.body.message).toEqual([
      'stages.MUSRENBANG_DESA.start: has passed already and cannot change',
    ]);
    // Decisions are due at the end of the Forum Perangkat Daerah, a minute after routing here.
    const routeAt = Date.now() + 3_000;
    const renjaDeadline = routeAt + 60_000;
    const moved = await patch('lead.bappeda', `/planning/years/${year}/stages`, {
      stages: {
        ...stages,
        MUSRENBANG_KECAMATAN: { ...stages.MUSRENBANG_KECAMATAN, end: iso(routeAt) },
        FORUM_PERANGKAT_DAERAH: { start: iso(routeAt), end: iso(renjaDeadline) },
        MUSRENBANG_KABUPATEN: { start: iso(renjaDeadline), end: iso(renjaDeadline + 20 * minutes) },
        PENETAPAN_RKPD: { start: iso(renjaDeadline + 20 * minutes), end: iso(renjaDeadline + 40 * minutes) },
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.stages.MUSRENBANG_KECAMATAN.end).toBe(iso(routeAt));

    // Routed: one decision task per OPD of the topic; the unowned one waits for BAPPEDA.
    const routed = await eventually(async () => {
      const res = await api('lead.bappeda').get(`/planning/years/${year}/proposals?pageSize=100`);
      const items = res.body.items as any[];
      return items.every((p) => p.status !== 'SUBMITTED') &&
        items.filter((p) => p.status === 'ROUTED').every((p) => p.open === p.agencies.length)
        ? items
        : undefined;
    });
    const byId = new Map(routed.map((p: any) => [p.id, p]));
    expect(byId.get(road)).toMatchObject({ status: 'ROUTED', agencies: ['DPUPR'] });
    expect(byId.get(stunting)).toMatchObject({ status: 'ROUTED', agencies: ['DINKES', 'DP3AP2KB', 'DPMD'] });
    expect(byId.get(school)).toMatchObject({ status: 'ROUTED', agencies: ['DISPENDIK'] });
    expect(byId.get(water)).toMatchObject({ status: 'ROUTED', agencies: ['DPUPR', 'DLH'] });
    expect(byId.get(other)).toMatchObject({ status: 'UNOWNED', agencies: [] });
    expect((await api('lead.bappeda').get(`/planning/years/${year}`)).body.routedAt).toEqual(
      expect.any(String),
    );

    // Who sees what: the kecamatan its own, an OPD those routed to it, others nothing.
    const k1List = await api(k1.agency).get(`/planning/years/${year}/proposals`);
    expect(k1List.body.items.map((p: any) => p.id).sort()).toEqual([road, other].sort());
    const dinkesList = await api('staff.dinkes').get(`/planning/years/${year}/proposals`);
    expect(dinkesList.body.items.map((p: any) => p.id)).toEqual([stunting]);
    const dinsosList = await api('staff.dinsos').get(`/planning/years/${year}/proposals`);
    expect(dinsosList.body.total).toBe(0);
    expect((await api('staff.dinsos').get(`/planning/years/${year}/proposals/${stunting}`)).status).toBe(403);
    expect((await api(k1.agency).get(`/planning/years/${year}/proposals/${stunting}`)).status).toBe(403);
    expect((await api('staff.dinsos').get(`/planning/years/${year}/overview`)).status).toBe(403);
    const filtered = await api('lead.bappeda').get(`/planning/years/${year}/proposals?opd=DPUPR`);
    expect(filtered.body.items.map((p: any) => p.id).sort()).toEqual([road, water].sort());

    // A proposal entered after routing began goes straight to its OPD.
    const late = await api(k2.agency).post(
      `/planning/years/${year}/proposals`,
      proposal(k2, { title: 'Pembangunan puskesmas pembantu', topic: 'kesehatan', priority: 2 }),
    );
    expect(late.status).toBe(201);
    const clinic = late.body.id as string;
    const clinicRouted = await eventually(async () => {
      const d = (await detail(clinic)).body;
      return d.status === 'ROUTED' && d.decisions.length === 1 ? d : undefined;
    });
    expect(clinicRouted.agencies).toEqual(['DINKES']);

    // DPUPR accepts the road into its Renja: without a pagu the task refuses it, naming the field.
    const roadDetail = (await detail(road)).body;
    expect(roadDetail.decisionDueAt).toBe(iso(renjaDeadline));
    // Due at the Renja deadline (counted from the task's start: within a few seconds of it).
    expect(Math.abs(Date.parse(roadDetail.decisions[0].dueAt) - renjaDeadline)).toBeLessThan(10_000);
    const roadTask = taskOf(roadDetail, 'DPUPR');
    const accept = {
      keputusan: 'TERIMA',
      program: 'Program Penyelenggaraan Jalan',
      kegiatan: 'Penyelenggaraan Jalan Kabupaten/Kota',
      subKegiatan: 'Rehabilitasi Jalan',
      kodeRekening: '1.03.10.2.01.0036',
      pagu: 850_000_000,
    };
    const noPagu = await decide('staff.dpupr', roadTask, { ...accept, pagu: undefined });
    expect(noPagu.status).toBe(400);
    expect(noPagu.body.message).toEqual(['values.pagu: is required']);
    const zeroPagu = await decide('staff.dpupr', roadTask, { ...accept, pagu: 0 });
    expect(zeroPagu.status).toBe(400);
    expect(zeroPagu.body.message).toEqual(['values.pagu: must be at least 1']);
    expect((await decide('staff.dpupr', roadTask, accept)).status).toBe(200);

    // Stunting convergence: each of the three OPDs commits its own activity.
    const stuntingDetail = (await detail(stunting)).body;
    for (const [who, agency, kegiatan, pagu] of [
      ['staff.dinkes', 'DINKES', 'Pemberian makanan tambahan balita', 120_000_000],
      ['DP3AP2KB', 'DP3AP2KB', 'Pendampingan keluarga berisiko stunting', 75_000_000],
      ['DPMD', 'DPMD', 'Fasilitasi dana desa untuk rumah desa sehat', 40_000_000],
    ] as const) {
      const res = await decide(who, taskOf(stuntingDetail, agency), {
        ...accept,
        program: 'Program konvergensi stunting',
        kegiatan,
        subKegiatan: kegiatan,
        kodeRekening: '1.02.02.2.02.0001',
        pagu,
      });
      expect(res.status).toBe(200);
    }

    expect(
      (await decide('staff.dinkes', clinicRouted.decisions[0].taskId, { ...accept, pagu: 60_000_000 }))
        .status,
    ).toBe(200);

    // DISPENDIK declines: a reason is required.
    const schoolTask = taskOf((await detail(school)).body, 'DISPENDIK');
    const noReason = await decide('DISPENDIK', schoolTask, { keputusan: 'TOLAK' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toEqual(['values.alasan: is required']);
    const reason = 'Ruang kelas sudah dibangun dari DAK tahun berjalan.';
    expect((await decide('DISPENDIK', schoolTask, { keputusan: 'TOLAK', alasan: reason })).status).toBe(200);

    // Water: DPUPR accepts its part, DLH stays silent.
    const waterTask = taskOf((await detail(water)).body, 'DPUPR');
    expect((await decide('staff.dpupr', waterTask, { ...accept, pagu: 300_000_000 })).status).toBe(200);

    // BAPPEDA assigns the unowned proposal; a kecamatan office may not, nor to a kecamatan office.
    expect(
      (
        await api(k1.agency).post(`/planning/years/${year}/proposals/${other}/assign`, {
          agencies: ['DISHUB'],
        })
      ).status,
    ).toBe(403);
    const toKecamatan = await api('lead.bappeda').post(`/planning/years/${year}/proposals/${other}/assign`, {
      agencies: [k1.agency],
    });
    expect(toKecamatan.status).toBe(400);
    expect(toKecamatan.body.message[0]).toMatch(/^agencies: /);
    const assigned = await api('lead.bappeda').post(`/planning/years/${year}/proposals/${other}/assign`, {
      agencies: ['DISHUB'],
    });
    expect(assigned.status).toBe(200);
    await eventually(async () => ((await detail(other)).body.decisions.length === 1 ? true : undefined));
    expect(
      (
        await api('lead.bappeda').post(`/planning/years/${year}/proposals/${other}/assign`, {
          agencies: ['DLH'],
        })
      ).status,
    ).toBe(409);

    const decided = await eventually(async () => {
      const d = (await detail(stunting)).body;
      return d.status === 'ACCEPTED' ? d : undefined;
    });
    expect(decided.decisions.map((x: any) => [x.agency.code, x.decision, x.pagu])).toEqual([
      ['DINKES', 'ACCEPTED', 120_000_000],
      ['DP3AP2KB', 'ACCEPTED', 75_000_000],
      ['DPMD', 'ACCEPTED', 40_000_000],
    ]);
    const roadDecided = (await detail(road)).body;
    expect(roadDecided.status).toBe('ACCEPTED');
    expect(roadDecided.decisions[0]).toMatchObject({
      agency: { code: 'DPUPR' },
      decision: 'ACCEPTED',
      program: accept.program,
      kegiatan: accept.kegiatan,
      subKegiatan: accept.subKegiatan,
      kodeRekening: accept.kodeRekening,
      pagu: 850_000_000,
      reason: null,
    });
    // The kecamatan reads its own proposal's decision.
    expect((await api(k1.agency).get(`/planning/years/${year}/proposals/${road}`)).body.status).toBe(
      'ACCEPTED',
    );
    const schoolDecided = (await detail(school)).body;
    expect(schoolDecided).toMatchObject({ status: 'DECLINED' });
    expect(schoolDecided.decisions[0]).toMatchObject({ decision: 'DECLINED', reason, pagu: null });

    // At the Renja deadline DLH and DISHUB have not decided: recorded late, and the ladder escalates them.
    const lateWater = await eventually(async () => {
      const d = (await detail(water)).body;
      const dlh = d.decisions.find((x: any) => x.agency.code === 'DLH');
      return dlh.escalationLevel >= 1 && d.lateAgencies.includes('DLH') ? d : undefined;
    }, 120_000);
    expect(lateWater.status).toBe('ROUTED');
    expect(lateWater.decisions.find((x: any) => x.agency.code === 'DLH')).toMatchObject({
      late: true,
      decision: null,
      taskStatus: 'ASSIGNED',
    });
    // Decisions already given are not late (they were not open at the deadline).
    expect((await detail(road)).body.lateAgencies).toEqual([]);

    // Proposals closed with the Forum Perangkat Daerah.
    const tooLate = await api(k2.agency).post(
      `/planning/years/${year}/proposals`,
      proposal(k2, { title: 'Usulan terlambat', topic: 'kesehatan' }),
    );
    expect(tooLate.status).toBe(409);

    // Leadership's figures per kecamatan and per OPD.
    const overview = await eventually(async () => {
      const res = await api('sekda').get(`/planning/years/${year}/overview`);
      return res.body.totals?.escalated === 2 ? res.body : undefined;
    });
    expect(overview.totals).toEqual({
      proposals: 6,
      submitted: 0,
      unowned: 0,
      routed: 2,
      accepted: 3,
      partlyAccepted: 0,
      declined: 1,
      late: 2,
      escalated: 2,
    });
    const perKecamatan = Object.fromEntries(overview.perKecamatan.map((k: any) => [k.kecamatan.areaCode, k]));
    expect(perKecamatan[k1.area]).toMatchObject({
      kecamatan: { code: k1.agency },
      proposals: 2,
      accepted: 1,
      late: 1,
    });
    expect(perKecamatan[k2.area]).toMatchObject({ proposals: 2, accepted: 2, late: 0 });
    expect(perKecamatan[k3.area]).toMatchObject({
      proposals: 2,
      declined: 1,
      routed: 1,
      late: 1,
      escalated: 1,
    });
    const perOpd = Object.fromEntries(overview.perOpd.map((o: any) => [o.agency.code, o]));
    expect(perOpd['DPUPR']).toMatchObject({
      decisions: 2,
      accepted: 2,
      open: 0,
      paguAccepted: 1_150_000_000,
    });
    expect(perOpd['DLH']).toMatchObject({ decisions: 1, open: 1, late: 1, escalated: 1 });
    expect(perOpd['DISPENDIK']).toMatchObject({ decisions: 1, declined: 1 });
    expect(perOpd['DINKES']).toMatchObject({ accepted: 2, paguAccepted: 180_000_000 });

    // Consolidation: BAPPEDA's task opens when penetapan begins; its completion closes the year.
    const penetapan = Date.now() + 2_000;
    const now = (await api('lead.bappeda').get(`/planning/years/${year}`)).body.stages as StageCalendar;
    expect(
      (
        await patch('lead.bappeda', `/planning/years/${year}/stages`, {
          stages: {
            ...now,
            MUSRENBANG_KABUPATEN: { ...now.MUSRENBANG_KABUPATEN, end: iso(penetapan) },
            PENETAPAN_RKPD: { ...now.PENETAPAN_RKPD, start: iso(penetapan) },
          },
        })
      ).status,
    ).toBe(200);
    const consolidating = await eventually(async () => {
      const y = (await api('lead.bappeda').get(`/planning/years/${year}`)).body;
      return y.status === 'CONSOLIDATING' && y.consolidationProjectId ? y : undefined;
    });
    const consolidationTask = await eventually(async () => {
      const res = await api('BAPPEDA').get(`/inbox?projectId=${consolidating.consolidationProjectId}`);
      return res.body.items?.[0];
    });
    expect(
      (
        await api('BAPPEDA').post(`/tasks/${consolidationTask.id}/contribution`, {
          values: { catatan: 'Rancangan akhir RKPD disusun dari 6 usulan.' },
        })
      ).status,
    ).toBe(200);
    const closed = await eventually(async () => {
      const y = (await api('lead.bappeda').get(`/planning/years/${year}`)).body;
      return y.status === 'CLOSED' ? y : undefined;
    });
    expect(closed.closedAt).toEqual(expect.any(String));
    expect((await patch('lead.bappeda', `/planning/years/${year}/stages`, { stages: now })).status).toBe(409);

    // The trail: who opened the year, filed and assigned proposals, and which decisions were late.
    const trail = await stack.db.auditEvent.findMany({
      where: { action: { startsWith: 'PLANNING_' }, detail: { path: ['year'], equals: year } },
      select: { action: true, detail: true },
    });
    const actions = trail.map((e) => e.action);
    expect(actions.filter((a) => a === 'PLANNING_PROPOSAL_FILED')).toHaveLength(6);
    expect(actions).toEqual(
      expect.arrayContaining([
        'PLANNING_YEAR_OPENED',
        'PLANNING_STAGES_CHANGED',
        'PLANNING_PROPOSAL_ASSIGNED',
        'PLANNING_YEAR_CLOSED',
      ]),
    );
    expect(
      trail
        .filter((e) => e.action === 'PLANNING_DECISION_LATE')
        .map((e) => (e.detail as { agency: string }).agency)
        .sort(),
    ).toEqual(['DISHUB', 'DLH']);

    await recordHistory(
      stack.temporal.workflow.getHandle(cycleId),
      'planningCycleWorkflow-v1-compressed-year',
    );
    expect(PLANNING_STAGES).toHaveLength(5);
  }, 300_000);
});
