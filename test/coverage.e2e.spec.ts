import { randomBytes } from 'node:crypto';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Work never silently goes to nobody (apps/api/src/agencies/coverage.service.ts): starting work for an OPD
 * that has no active staff or Kepala account (TASK_WORKER_ROLES) still starts it, warns the starter, and the
 * leadership views list the OPD as uncovered with the work it holds. Pickers offer active OPDs only, and new
 * work for a deactivated OPD is refused with a 400 naming it.
 *
 * The test files of a run share one database, and others give users to OPDs that have none in the demo data
 * (DPMD, DISPENDUKCAPIL, DISHUB …). So the uncovered OPDs here are the test's own, created by the admin
 * (`SEPI-…`, "quiet"); demo users (prisma/seed.ts) always work for BPBD, DINKES, DINSOS and DPUPR.
 * Kecamatan 35.13.22's office is deactivated here: no other test uses that kecamatan.
 */
describe('coverage: uncovered OPDs and deactivated OPDs', () => {
  let stack: Stack;
  const tokens = new Map<string, string>();
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const retiredCode = `LAMA-${suffix}`;
  const retiredName = `Kantor Lama ${suffix}`;
  const retiredIndicator = `UJI_LAMA_${suffix}`;
  const quietIndicator = `UJI_SEPI_${suffix}`;
  /** Active OPDs nobody works for: one per kind of start. */
  const quiet = {
    project: `SEPI-P-${suffix}`,
    added: `SEPI-T-${suffix}`,
    incident: `SEPI-D-${suffix}`,
    data: `SEPI-S-${suffix}`,
  };
  const DISSOLVED_KECAMATAN = '35.13.22';
  const COVERED = ['BPBD', 'DINKES', 'DINSOS', 'DPUPR'];

  const as = (user: string) => http(stack.baseUrl, tokens.get(user));
  const codes = (warnings: { agencyCode: string }[]) => warnings.map((w) => w.agencyCode).sort();

  async function createAgency(code: string, name: string): Promise<string> {
    const created = await as('admin').post('/admin/agencies', { code, name, kind: 'DINAS' });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function createIndicator(code: string, producers: string[]) {
    const indicator = await as('walidata').post('/data/indicators', {
      code,
      name: `Kendaraan umum laik jalan ${code}`,
      definition: 'Jumlah kendaraan angkutan umum yang lulus uji berkala pada akhir periode.',
      unit: 'kendaraan',
      valueType: 'integer',
      areaLevel: 'kecamatan',
      periodicity: 'yearly',
      producers,
      metadata: { source: 'Uji berkala', method: 'Rekap', contact: 'Walidata Diskominfo' },
    });
    expect(indicator.status).toBe(201);
  }

  beforeAll(async () => {
    stack = await startStack();
    for (const user of [
      'admin',
      'sekda',
      'lead.bappeda',
      'staff.bpbd',
      'kepala.dinkes',
      'staff.dinkes',
      'walidata',
    ]) {
      tokens.set(user, await stack.login(user));
    }
    for (const code of Object.values(quiet)) await createAgency(code, `Kantor Sepi ${code}`);
    await createIndicator(quietIndicator, ['DINSOS', quiet.data]);
    // An OPD the regency has since dissolved: before, it produced a figure of the data catalogue; it had no
    // users or open work, so the admin could deactivate it.
    const retiredId = await createAgency(retiredCode, retiredName);
    await createIndicator(retiredIndicator, [retiredCode]);
    expect((await as('admin').post(`/admin/agencies/${retiredId}/deactivate`)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** The tasks of a project once every step has one. */
  async function tasksOf(user: string, projectId: string, steps: number) {
    return eventually(async () => {
      const project = await as(user).get(`/projects/${projectId}`);
      const withTask = project.body.steps?.filter((s: any) => s.task !== null) ?? [];
      return withTask.length === steps ? withTask : undefined;
    });
  }

  /** The incident's dashboard once `ready` holds for it (steering needs the incident written first). */
  async function dashboardWhen(incidentId: string, ready: (dashboard: any) => boolean) {
    return eventually(async () => {
      const dashboard = await as('staff.bpbd').get(`/incidents/${incidentId}`);
      return dashboard.status === 200 && ready(dashboard.body) ? dashboard.body : undefined;
    });
  }

  it('GET /agencies offers active OPDs only; the deactivated ones only to an admin who asks', async () => {
    const all = await as('admin').get('/agencies?includeInactive=true');
    expect(all.status).toBe(200);
    expect(all.body.find((a: any) => a.code === retiredCode)).toMatchObject({
      name: retiredName,
      active: false,
    });
    const listed = await as('staff.dinkes').get('/agencies');
    expect(listed.status).toBe(200);
    const listedCodes: string[] = listed.body.map((a: any) => a.code);
    expect(listedCodes).toEqual(expect.arrayContaining(['DINKES', 'DISHUB', 'BPBD', quiet.project]));
    expect(listed.body.every((a: any) => a.active === true)).toBe(true);
    // No deactivated OPD is offered.
    for (const inactive of all.body.filter((a: any) => !a.active))
      expect(listedCodes).not.toContain(inactive.code);

    // The parameter is understood but not the caller's to use: 403 naming who may.
    const notAdmin = await as('sekda').get('/agencies?includeInactive=true');
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.message).toBe('this needs one of the roles: ADMIN');
    // A value that is not true/false is bad input, for anyone.
    const badValue = await as('admin').get('/agencies?includeInactive=ya');
    expect(badValue.status).toBe(400);
    expect(badValue.body.message).toEqual(['includeInactive must be a boolean value']);
  });

  it('new work for a deactivated OPD is refused with a 400 naming it', async () => {
    const deactivated = `${retiredCode} (${retiredName}) is deactivated and takes no new work`;
    const project = await as('lead.bappeda').post('/projects', {
      title: `Uji OPD lama ${suffix}`,
      agencyCodes: ['DINKES', retiredCode],
    });
    expect(project.status).toBe(400);
    expect(project.body.message).toEqual([expect.stringContaining(`agencyCodes: ${deactivated}`)]);

    // Adding it to a running project, mobilising it and giving it an emergency task are refused alike.
    const running = await as('lead.bappeda').post('/projects', {
      title: `Uji tambah OPD ${suffix}`,
      agencyCodes: ['DINKES'],
    });
    expect(running.status).toBe(201);
    await tasksOf('lead.bappeda', running.body.id, 1);
    const added = await as('lead.bappeda').post(`/projects/${running.body.id}/agencies`, {
      agencyCode: retiredCode,
      title: 'Bantu pendataan',
    });
    expect(added.status).toBe(400);
    expect(added.body.message).toEqual([expect.stringContaining(`agencyCode: ${deactivated}`)]);

    const incident = await as('staff.bpbd').post('/incidents', {
      type: 'kebakaran',
      severity: 'SEDANG',
      kecamatan: ['35.13.18'],
      description: `Kebakaran gudang (uji ${suffix})`,
    });
    expect(incident.status).toBe(201);
    await dashboardWhen(incident.body.id, () => true);
    const mobilised = await as('staff.bpbd').post(`/incidents/${incident.body.id}/agencies`, {
      agencyCode: retiredCode,
    });
    expect(mobilised.status).toBe(400);
    expect(mobilised.body.message).toEqual([expect.stringContaining(deactivated)]);
    const task = await as('staff.bpbd').post(`/incidents/${incident.body.id}/tasks`, {
      agencyCode: retiredCode,
      title: 'Siapkan armada',
    });
    expect(task.status).toBe(400);
    expect(task.body.message).toEqual([expect.stringContaining(deactivated)]);

    // A data request for a figure only it produced is refused too, naming it; nothing is recorded.
    const request = await as('walidata').post('/data/requests', {
      indicators: [retiredIndicator],
      period: '2031',
      areas: ['35.13.23'],
    });
    expect(request.status).toBe(400);
    expect(request.body.message).toEqual([expect.stringContaining(deactivated)]);
    expect(await stack.db.dataRequest.count({ where: { title: { contains: retiredIndicator } } })).toBe(0);
  });

  it('an ad-hoc project for an OPD nobody works for starts, and tells the lead so', async () => {
    const res = await as('lead.bappeda').post('/projects', {
      title: `Rekayasa lalu lintas pasar ${suffix}`,
      agencyCodes: ['DINKES', quiet.project],
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      {
        code: 'AGENCY_UNCOVERED',
        agencyCode: quiet.project,
        agencyName: `Kantor Sepi ${quiet.project}`,
        message: expect.stringContaining('the escalation goes to the Sekda'),
      },
    ]);
    // The work started anyway: the quiet OPD has its task.
    const steps = await tasksOf('lead.bappeda', res.body.id, 2);
    expect(steps.map((s: any) => s.task.agency.code).sort()).toEqual(['DINKES', quiet.project].sort());

    // Adding another OPD without users to the running project warns too; adding a covered one does not.
    const added = await as('lead.bappeda').post(`/projects/${res.body.id}/agencies`, {
      agencyCode: quiet.added,
      title: 'Kebersihan lokasi pasar',
    });
    expect(added.status).toBe(200);
    expect(codes(added.body.warnings)).toEqual([quiet.added]);
    const covered = await as('lead.bappeda').post(`/projects/${res.body.id}/agencies`, {
      agencyCode: 'DPUPR',
      title: 'Perbaikan drainase pasar',
    });
    expect(covered.status).toBe(200);
    expect(covered.body.warnings).toEqual([]);
  });

  it('an incident warns for every mobilised OPD without users, a later mobilisation and a resource request for theirs, and leaves out a deactivated kecamatan office', async () => {
    const offices = await as('admin').get('/agencies');
    const office = offices.body.find((a: any) => a.areaCode === DISSOLVED_KECAMATAN);
    expect(office).toMatchObject({ kind: 'KECAMATAN' });
    // The regency merged this kecamatan office away (no users, no work).
    expect((await as('admin').post(`/admin/agencies/${office.id}/deactivate`)).status).toBe(200);

    const declared = await as('staff.bpbd').post('/incidents', {
      type: 'banjir',
      severity: 'BERAT',
      kecamatan: [DISSOLVED_KECAMATAN],
      description: `Banjir bandang (uji ${suffix})`,
    });
    expect(declared.status).toBe(201);
    const mobilised: string[] = declared.body.mobilised.map((m: any) => m.agencyCode);
    expect(mobilised).toEqual(expect.arrayContaining([...COVERED, 'DISHUB', 'SATPOLPP', 'DISKOMINFO']));
    expect(mobilised).not.toContain(office.code);
    expect(declared.body.warnings.filter((w: any) => w.code === 'AGENCY_INACTIVE')).toEqual([
      expect.objectContaining({
        agencyCode: office.code,
        message: expect.stringContaining('was not mobilised'),
      }),
    ]);
    // Named: exactly the mobilised OPDs without an active staff member or Kepala (none of the demo users' OPDs).
    const workers = await stack.db.user.findMany({
      where: { active: true, role: { in: ['STAFF', 'AGENCY_HEAD'] }, agency: { code: { in: mobilised } } },
      select: { agency: { select: { code: true } } },
    });
    const staffed = new Set(workers.map((w) => w.agency.code));
    const uncovered = declared.body.warnings.filter((w: any) => w.code === 'AGENCY_UNCOVERED');
    expect(codes(uncovered)).toEqual(mobilised.filter((c) => !staffed.has(c)).sort());
    for (const code of COVERED) expect(codes(uncovered)).not.toContain(code);

    // Mobilising an OPD without users later names it; the update still happened.
    const id = declared.body.id as string;
    await dashboardWhen(id, () => true);
    const later = await as('staff.bpbd').post(`/incidents/${id}/agencies`, { agencyCode: quiet.incident });
    expect(later.status).toBe(200);
    expect(later.body.warnings).toEqual([
      expect.objectContaining({ code: 'AGENCY_UNCOVERED', agencyCode: quiet.incident }),
    ]);
    // Once every OPD is mobilised (each has its acknowledgement task).
    const dashboard = await dashboardWhen(id, (d) =>
      [...mobilised, quiet.incident].every((code) =>
        d.agencies.some((a: any) => a.code === code && a.acknowledgement !== null),
      ),
    );
    // The dashboard marks it for the command, and not a covered OPD.
    expect(dashboard.agencies.find((a: any) => a.code === quiet.incident).uncovered).toBe(true);
    expect(dashboard.agencies.find((a: any) => a.code === 'DINKES').uncovered).toBe(false);

    // DINKES asks it for resources: the request is made, and the asker learns nobody is there to answer it.
    const asked = await as('staff.dinkes').post(`/incidents/${id}/requests`, {
      toAgencyCode: quiet.incident,
      item: 'truk evakuasi',
      quantity: 2,
      unit: 'unit',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      status: 'REQUESTED',
      warnings: [expect.objectContaining({ code: 'AGENCY_UNCOVERED', agencyCode: quiet.incident })],
    });
    const toCovered = await as('staff.dinkes').post(`/incidents/${id}/requests`, {
      toAgencyCode: 'DPUPR',
      item: 'pompa air',
      quantity: 1,
      unit: 'unit',
    });
    expect(toCovered.status).toBe(201);
    expect(toCovered.body.warnings).toEqual([]);
  });

  it('a data request names the producing OPDs nobody works for', async () => {
    const res = await as('walidata').post('/data/requests', {
      indicators: [quietIndicator],
      period: '2031',
      areas: ['35.13.23'],
    });
    expect(res.status).toBe(201);
    // Produced by DINSOS (staffed) and the quiet OPD (no account).
    expect(res.body.warnings).toEqual([
      expect.objectContaining({
        code: 'AGENCY_UNCOVERED',
        agencyCode: quiet.data,
        agencyName: expect.any(String),
      }),
    ]);
    await tasksOf('walidata', res.body.id, 2);
  });

  it('GET /agencies/coverage: the regency for leadership and admins, their own OPD for a Kepala, their projects for a lead, 403 for staff', async () => {
    expect((await as('staff.dinkes').get('/agencies/coverage')).status).toBe(403);
    expect((await as('walidata').get('/agencies/coverage')).status).toBe(403);

    // Each quiet OPD holds the work it was given; covered and deactivated OPDs are not listed.
    const regency = await eventually(async () => {
      const res = await as('sekda').get('/agencies/coverage');
      expect(res.status).toBe(200);
      const open = (code: string) => res.body.uncovered.find((a: any) => a.code === code)?.openTasks ?? 0;
      return Object.values(quiet).every((code) => open(code) >= 1) ? res.body : undefined;
    });
    expect(regency.scope).toBe('REGENCY');
    const uncoveredCodes = regency.uncovered.map((a: any) => a.code);
    for (const code of [...COVERED, retiredCode]) expect(uncoveredCodes).not.toContain(code);
    expect(regency.uncovered.find((a: any) => a.code === quiet.project)).toEqual({
      code: quiet.project,
      name: `Kantor Sepi ${quiet.project}`,
      kind: 'DINAS',
      openTasks: 1,
      overdueTasks: 0,
      openEscalations: 0,
    });
    // Those with open work come first.
    const open = regency.uncovered.map((a: any) => a.openTasks);
    expect(open).toEqual([...open].sort((x: number, y: number) => y - x));
    expect((await as('admin').get('/agencies/coverage')).body.scope).toBe('REGENCY');

    const kepala = await as('kepala.dinkes').get('/agencies/coverage');
    expect(kepala.status).toBe(200);
    expect(kepala.body).toEqual({ scope: 'OWN_OPD', checked: 1, uncovered: [] });

    // The lead sees the OPDs working in their projects, not the incident's or the data request's.
    const lead = await as('lead.bappeda').get('/agencies/coverage');
    expect(lead.status).toBe(200);
    expect(lead.body.scope).toBe('LEAD_PROJECTS');
    const leadCodes = lead.body.uncovered.map((a: any) => a.code);
    expect(leadCodes).toEqual(expect.arrayContaining([quiet.project, quiet.added]));
    expect(leadCodes).not.toContain(quiet.incident);
    expect(leadCodes).not.toContain(quiet.data);
  });

  it('once an OPD has a staff member it is covered: no warning, and off the list', async () => {
    const created = await as('admin').post('/admin/users', {
      username: `staf.sepi.${suffix.toLowerCase()}`,
      fullName: 'Staf Kantor Sepi',
      role: 'STAFF',
      agencyCode: quiet.project,
    });
    expect(created.status).toBe(201);
    const res = await as('lead.bappeda').post('/projects', {
      title: `Uji kantor terisi ${suffix}`,
      agencyCodes: [quiet.project],
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
    const coverage = await as('sekda').get('/agencies/coverage');
    expect(coverage.body.uncovered.map((a: any) => a.code)).not.toContain(quiet.project);
  });
});
