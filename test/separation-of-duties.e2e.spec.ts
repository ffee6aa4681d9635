import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Separation of duties and what ADMIN reads (issue #15), through the real API, Temporal worker and database:
 *
 * - an escalation is never answered or extended by the task's own OPD (its staff, its Kepala); level 1 by the
 *   project's lead OPD or leadership, level 2 by the Sekda (or above), level 3 by the Bupati or Wakil Bupati
 *   only; an extension is at most the step's SLA, with a reason, and counts on the OPD's scorecard;
 * - a template is versioned only by a LEAD of its owning OPD or an ADMIN;
 * - ADMIN reads the state of OPD work, not its content (contribution values); GET /data/requests shows each
 *   OPD the requests it takes part in, the walidata and leadership all of them.
 *
 * The task: one DPUPR step of a template of this file's own (owned by BAPPEDA, lead.bappeda's OPD), a
 * three-second SLA and a ladder in seconds (level 1 eight seconds, level 2 three, level 3 an hour), so it
 * climbs all three levels while the test runs.
 */
describe('separation of duties: escalations, extensions, template versions; what ADMIN reads', () => {
  let stack: Stack;
  const tokens = new Map<string, string>();
  const api = (username: string) => http(stack.baseUrl, tokens.get(username));
  const tag = randomBytes(3).toString('hex');
  const code = `uji-pemisahan-tugas-${tag}`;
  const seconds = (amount: number) => ({ amount, unit: 'seconds' });
  const template = (version: string) => ({
    code,
    name: `Uji pemisahan tugas (${version})`,
    description: 'Satu langkah DPUPR dengan tenggat dan tangga dalam detik.',
    category: 'INFRASTRUCTURE',
    parameters: [],
    steps: [
      {
        key: 'tambal-jalan',
        title: 'Tambal jalan berlubang Pajarakan',
        instructions: 'Laporkan hasil penambalan.',
        owner: { agency: 'DPUPR' },
        form: { fields: [{ key: 'summary', label: 'Ringkasan', type: 'longtext', required: true }] },
        sla: seconds(3),
        dependsOn: [],
        escalation: {
          levels: [
            { level: 1, timeout: seconds(8), repeats: 0 },
            { level: 2, timeout: seconds(3), repeats: 0 },
            { level: 3, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
          ],
        },
      },
    ],
  });
  /** A LEAD of DINKES, created by this file: a lead of another OPD than the template's owner. */
  const leadDinkes = `lead.dinkes.${tag}`;
  let projectId = '';
  let taskId = '';

  beforeAll(async () => {
    stack = await startStack();
    const dinkes = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DINKES' } });
    await stack.db.user.create({
      data: {
        username: leadDinkes,
        fullName: 'Kepala Bidang Kesehatan Masyarakat',
        role: 'LEAD',
        agencyId: dinkes.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
    });
    const users = [
      'staff.dpupr',
      'kepala.dpupr',
      'kepala.dinsos',
      'lead.bappeda',
      'sekda',
      'bupati',
      'wabup',
      'walidata',
      'admin',
      leadDinkes,
    ];
    await Promise.all(users.map(async (u) => tokens.set(u, await stack.login(u))));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('versions a template only as a LEAD of its owning OPD or an ADMIN; a LEAD of another OPD is refused, naming the owner', async () => {
    const created = await api('lead.bappeda').post('/templates', template('v1'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, version: 1, ownerAgency: { code: 'BAPPEDA' } });

    // DINKES's LEAD: refused before the body is even checked (so also with a broken one), nothing saved.
    const refused = await api(leadDinkes).post('/templates', template('oleh DINKES'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      `template ${code} belongs to BAPPEDA: only a LEAD of BAPPEDA or an ADMIN publishes a new version`,
    );
    expect((await api(leadDinkes).post('/templates', { code, steps: 'rusak' })).status).toBe(403);
    expect((await api('kepala.dpupr').post('/templates', template('oleh Kepala'))).status).toBe(403);

    // The owner's LEAD and an ADMIN may; the owner stays BAPPEDA.
    const v2 = await api('lead.bappeda').post('/templates', template('v2'));
    expect(v2.status).toBe(201);
    const v3 = await api('admin').post('/templates', template('v3'));
    expect(v3.status).toBe(201);
    expect(v3.body).toMatchObject({ version: 3, ownerAgency: { code: 'BAPPEDA' } });
    const latest = await api(leadDinkes).get(`/templates/${code}`);
    expect(latest.body.versions.map((v: any) => v.version)).toEqual([1, 2, 3]);

    // A new code belongs to the OPD of the LEAD who made it; BAPPEDA's LEAD does not version DINKES's.
    const own = `${code}-dinkes`;
    const dinkesTemplate = await api(leadDinkes).post('/templates', { ...template('DINKES'), code: own });
    expect(dinkesTemplate.status).toBe(201);
    expect(dinkesTemplate.body).toMatchObject({ code: own, ownerAgency: { code: 'DINKES' } });
    expect((await api('lead.bappeda').post('/templates', { ...template('x'), code: own })).status).toBe(403);

    // The seeded templates belong to BAPPEDA (the migration and the seed).
    const seeded = await api(leadDinkes).get('/templates/percepatan-penurunan-stunting');
    expect(seeded.body.ownerAgency).toEqual({ code: 'BAPPEDA', name: expect.any(String) });
  });

  it('climbs the ladder: never the own OPD, level 1 the lead OPD or leadership, level 2 the Sekda, level 3 the Bupati', async () => {
    const started = await api('lead.bappeda').post('/projects/from-template', {
      templateCode: code,
      templateVersion: 1,
      parameters: {},
    });
    expect(started.status).toBe(201);
    projectId = started.body.id;
    const escalation = (level: number) =>
      eventually(() =>
        stack.db.escalation
          .findFirst({ where: { projectId, level, status: 'OPEN' } })
          .then((e) => e ?? undefined),
      );
    const level1 = await escalation(1);
    taskId = level1.taskId;
    const answer = (who: string, id: string) =>
      api(who).post(`/escalations/${id}/answer`, { instruction: `Instruksi dari ${who}` });
    const extend = (who: string, id: string, extension: unknown, reason = 'Menunggu aspal dari provinsi') =>
      api(who).post(`/escalations/${id}/extend`, { extension, reason });

    // Level 1: DPUPR's own Kepala and staff are refused, naming the rule; another OPD's head (not in the
    // project) too.
    const own = await answer('kepala.dpupr', level1.id);
    expect(own.status).toBe(403);
    expect(own.body.message).toBe(
      "separation of duties: nobody of the task's own OPD answers or extends its escalation",
    );
    expect((await extend('kepala.dpupr', level1.id, seconds(3))).status).toBe(403);
    expect((await answer('staff.dpupr', level1.id)).status).toBe(403);
    const other = await answer('kepala.dinsos', level1.id);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('this task belongs to another OPD');
    // The lead may extend, but by at most the step's SLA (three seconds), and only with a reason.
    const tenYears = await extend('lead.bappeda', level1.id, { amount: 3650, unit: 'days' });
    expect(tenYears.status).toBe(400);
    expect(tenYears.body.message).toEqual([
      "extension: at most the step's original SLA (3 seconds); 3650 days is longer",
    ]);
    const noReason = await extend('lead.bappeda', level1.id, seconds(3), '  ');
    expect(noReason.status).toBe(400);
    // The board offers the answer to the lead and leadership, not to DPUPR's Kepala.
    const offered = async (who: string, id: string) =>
      (await api(who).get('/escalations')).body.items.find((e: any) => e.id === id)?.mayAnswer;
    expect(await offered('kepala.dpupr', level1.id)).toBe(false);
    expect(await offered('lead.bappeda', level1.id)).toBe(true);
    expect(await offered('sekda', level1.id)).toBe(true);

    // Level 2 (the Sekda): the lead no longer answers; the Sekda does (not answered here, so it climbs).
    const level2 = await escalation(2);
    const lead2 = await answer('lead.bappeda', level2.id);
    expect(lead2.status).toBe(403);
    expect(lead2.body.message).toMatch(/^a level-2 escalation is answered by the Sekda/);
    expect(await offered('sekda', level2.id)).toBe(true);
    expect(await offered('lead.bappeda', level2.id)).toBe(false);

    // Level 3 (the Bupati): the Sekda is refused; the Bupati answers, the Wakil Bupati extends.
    const level3 = await escalation(3);
    const sekda3 = await answer('sekda', level3.id);
    expect(sekda3.status).toBe(403);
    expect(sekda3.body.message).toBe('a level-3 escalation is answered by the Bupati or the Wakil Bupati');
    expect((await extend('sekda', level3.id, seconds(3))).status).toBe(403);
    expect(await offered('sekda', level3.id)).toBe(false);
    expect(await offered('bupati', level3.id)).toBe(true);
    const bupati = await answer('bupati', level3.id);
    expect(bupati.status).toBe(200);
    expect(bupati.body.escalationLevel).toBe(3);
    const extended = await extend('wabup', level3.id, seconds(3));
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ deadlineExtended: true, escalationLevel: 0 });

    // The scorecard shows the extension against DPUPR.
    const scorecards = await api('bupati').get('/scorecards');
    const dpupr = scorecards.body.opd.find((o: any) => o.agencyCode === 'DPUPR');
    expect(dpupr.deadlinesExtended).toBeGreaterThanOrEqual(1);
    const own2 = await api('kepala.dpupr').get('/scorecards');
    expect(own2.body.opd).toEqual([expect.objectContaining({ agencyCode: 'DPUPR' })]);
    expect(own2.body.opd[0].deadlinesExtended).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("ADMIN reads a task's state but not what the OPD submitted; leadership reads both", async () => {
    const submitted = await api('staff.dpupr').post(`/tasks/${taskId}/contribution`, {
      values: { summary: 'Lubang di Jalan Raya Pajarakan sudah ditambal' },
    });
    expect(submitted.status).toBe(200);
    const accepted = await api('lead.bappeda').post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    await eventually(async () => (await api('bupati').get(`/tasks/${taskId}`)).body.result ?? undefined);

    const contributions = await api('admin').get(`/tasks/${taskId}/contributions`);
    expect(contributions.status).toBe(403);
    expect(contributions.body.message).toMatch(
      /^reading what an OPD submitted .* needs one of the roles: LEADERSHIP/,
    );
    const task = await api('admin').get(`/tasks/${taskId}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ id: taskId, status: 'COMPLETED', result: null });
    expect((await api('admin').get(`/projects/${projectId}`)).status).toBe(200);

    const forLeadership = await api('bupati').get(`/tasks/${taskId}/contributions`);
    expect(forLeadership.status).toBe(200);
    expect(forLeadership.body[0].values).toEqual({
      summary: 'Lubang di Jalan Raya Pajarakan sudah ditambal',
    });
    expect((await api('bupati').get(`/tasks/${taskId}`)).body.result).toEqual({
      summary: 'Lubang di Jalan Raya Pajarakan sudah ditambal',
    });
    expect((await api('kepala.dpupr').get(`/tasks/${taskId}/contributions`)).status).toBe(200);
  });

  it('GET /data/requests: the walidata and leadership see every request, an OPD those it takes part in', async () => {
    const walidata = await stack.db.user.findUniqueOrThrow({ where: { username: 'walidata' } });
    const row = (id: string, title: string) => ({
      id,
      projectId: id,
      title,
      period: '2025',
      areas: ['35.13'],
      indicators: [],
      requestedById: walidata.id,
    });
    // One for the project DPUPR takes part in, one for a project no OPD of these callers takes part in.
    const elsewhere = randomUUID();
    await stack.db.dataRequest.createMany({
      data: [row(projectId, `Data jalan ${tag}`), row(elsewhere, `Data lain ${tag}`)],
    });
    const titles = async (who: string) => {
      const res = await api(who).get('/data/requests');
      expect(res.status).toBe(200);
      return (res.body as { title: string }[]).map((r) => r.title).filter((t) => t.endsWith(tag));
    };
    expect((await titles('walidata')).sort()).toEqual([`Data jalan ${tag}`, `Data lain ${tag}`].sort());
    expect((await titles('sekda')).sort()).toEqual([`Data jalan ${tag}`, `Data lain ${tag}`].sort());
    expect(await titles('staff.dpupr')).toEqual([`Data jalan ${tag}`]);
    expect(await titles('lead.bappeda')).toEqual([`Data jalan ${tag}`]);
    expect(await titles('kepala.dinsos')).toEqual([]);
    expect(await titles('admin')).toEqual([]);
  });
});
