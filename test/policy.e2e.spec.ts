import { randomBytes } from 'node:crypto';
import { PARAF_FORM } from '@gotong/domain/policy';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Joint policy drafting through the real stack (API, Temporal worker and dev server, Postgres): BAPPEDA's lead
 * drafts a Perbup reviewed by DINKES, DINSOS and the legal section (SETDA-HUKUM, which has no demo user: the
 * test creates one). Version 1 is returned by the legal section with a note; version 2 is initialled by all,
 * signed by the Sekda and then the Bupati. A second draft with compressed clocks shows a stalled review and a
 * stalled sign-off climbing their ladders. Every lookup is by this test's own ids.
 */
describe('joint policy drafting through the real stack', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};
  const api = (user: string) => http(stack.baseUrl, tokens[user]);
  const TAG = randomBytes(3).toString('hex');
  let hukum: { username: string; fullName: string };

  /** A minimal PDF (file-type judges the signature). */
  const PDF = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

  let draftId: string;
  let projectId: string;
  let workflowId: string;

  beforeAll(async () => {
    stack = await startStack();
    for (const user of ['lead.bappeda', 'staff.dinkes', 'staff.dinsos', 'staff.dpupr', 'sekda', 'bupati'])
      tokens[user] = await stack.login(user);
    const created = await stack.createStaff('SETDA-HUKUM', { fullName: `Analis Hukum ${TAG}` });
    hukum = created;
    tokens['hukum'] = created.token;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** The document of a new version: a comment of the drafting OPD on the draft's project with the PDF. */
  async function attachVersion(user: string, n: number): Promise<string> {
    const comment = await api(user).post(`/projects/${projectId}/comments`, {
      body: `Rancangan versi ${n} (uji ${TAG})`,
    });
    expect(comment.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), `perbup-v${n}.pdf`);
    const res = await fetch(`${stack.baseUrl}/comments/${comment.body.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[user]}` },
      body: form,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  /** The review task of a version in the OPD's inbox, once the workflow has started it. */
  function reviewTask(user: string, stepKey: string, project = projectId): Promise<any> {
    return eventually(async () => {
      const res = await api(user).get(`/inbox?projectId=${project}&pageSize=100`);
      expect(res.status).toBe(200);
      return res.body.items.find((t: any) => t.stepKey === stepKey);
    });
  }

  async function paraf(user: string, taskId: string, values: Record<string, unknown>) {
    const res = await api(user).post(`/tasks/${taskId}/contribution`, { values });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('COMPLETED');
  }

  function draftWhen(check: (d: any) => boolean, id = draftId): Promise<any> {
    return eventually(async () => {
      const res = await api('lead.bappeda').get(`/policy-drafts/${id}`);
      expect(res.status).toBe(200);
      return check(res.body) ? res.body : undefined;
    });
  }

  it('refuses bad input naming the field, and a draft from a STAFF', async () => {
    const bad = await api('lead.bappeda').post('/policy-drafts', {
      kind: 'PERDA',
      title: '   ',
      reviewers: ['dinkes'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kind/),
        expect.stringMatching(/^title/),
        expect.stringMatching(/^reviewers: each reviewer must be an OPD code/),
      ]),
    );
    const unknown = await api('lead.bappeda').post('/policy-drafts', {
      kind: 'SOP',
      title: `SOP uji ${TAG}`,
      reviewers: ['NOPE'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['reviewers: unknown OPD code(s): NOPE']);
    const own = await api('lead.bappeda').post('/policy-drafts', {
      kind: 'SOP',
      title: `SOP uji ${TAG}`,
      reviewers: ['BAPPEDA'],
    });
    expect(own.status).toBe(400);
    expect(own.body.message).toEqual(['reviewers: the drafting OPD does not review its own draft']);
    const sla = await api('lead.bappeda').post('/policy-drafts', {
      kind: 'SOP',
      title: `SOP uji ${TAG}`,
      reviewers: [],
      reviewWithin: { amount: -1, unit: 'hours' },
    });
    expect(sla.status).toBe(400);
    expect(sla.body.message.join(' ')).toMatch(/reviewWithin/);
    const staff = await api('staff.dinkes').post('/policy-drafts', {
      kind: 'SOP',
      title: `SOP uji ${TAG}`,
      reviewers: [],
    });
    expect(staff.status).toBe(403);
  });

  it('starts a draft with a readable workflow id and the legal section among the reviewers', async () => {
    const res = await api('lead.bappeda').post('/policy-drafts', {
      kind: 'PERBUP',
      title: `Rancangan Perbup Percepatan Penurunan Stunting (uji ${TAG})`,
      reviewers: ['DINKES', 'DINSOS'],
    });
    expect(res.status).toBe(201);
    expect(res.body.reviewers).toEqual(['DINKES', 'DINSOS', 'SETDA-HUKUM']);
    expect(res.body.workflowId).toMatch(/^policy-draft-perbup-[0-9a-f]{8}$/);
    expect(res.body.status).toBe('DRAFTING');
    ({ id: draftId, projectId, workflowId } = res.body);
    const described = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(described.memo).toMatchObject({ title: expect.stringContaining(TAG), kind: 'PERBUP' });

    // Readers: the drafting OPD, reviewers, leadership; another OPD gets 403, an unknown id 404.
    expect((await api('staff.dinsos').get(`/policy-drafts/${draftId}`)).status).toBe(200);
    expect((await api('sekda').get(`/policy-drafts/${draftId}`)).status).toBe(200);
    expect((await api('staff.dpupr').get(`/policy-drafts/${draftId}`)).status).toBe(403);
    expect((await api('staff.dpupr').get(`/policy-drafts/${draftId}/timeline`)).status).toBe(403);
    expect((await api('lead.bappeda').get(`/policy-drafts/${projectId}`)).status).toBe(404);
    const listed = await api('staff.dpupr').get('/policy-drafts?pageSize=100');
    expect(listed.body.items.some((d: any) => d.id === draftId)).toBe(false);
    const mine = await api('hukum').get('/policy-drafts?pageSize=100');
    expect(mine.body.items.some((d: any) => d.id === draftId)).toBe(true);
  });

  it('version 1: one reviewer returns it with a note, the other open review closes', async () => {
    // The Sekda cannot sign before any paraf.
    const early = await api('sekda').post(`/policy-drafts/${draftId}/sign-off`, { decision: 'SIGNED' });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/paraf/);

    const attachmentId = await attachVersion('lead.bappeda', 1);
    // Only the drafting OPD's lead or head uploads; the file must be the drafting OPD's on this draft.
    expect(
      (await api('staff.dinkes').post(`/policy-drafts/${draftId}/versions`, { attachmentId })).status,
    ).toBe(403);
    const foreign = await api('lead.bappeda').post(`/policy-drafts/${draftId}/versions`, {
      attachmentId: projectId,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message[0]).toMatch(/^attachmentId: /);
    const notUuid = await api('lead.bappeda').post(`/policy-drafts/${draftId}/versions`, {
      attachmentId: 'x',
    });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.message[0]).toMatch(/^attachmentId/);

    const v1 = await api('lead.bappeda').post(`/policy-drafts/${draftId}/versions`, {
      attachmentId,
      note: 'Draf awal',
    });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ status: 'IN_REVIEW', version: 1 });
    // While in review no second version.
    const again = await api('lead.bappeda').post(`/policy-drafts/${draftId}/versions`, { attachmentId });
    expect([400, 409]).toContain(again.status);

    const dinkes = await reviewTask('staff.dinkes', 'paraf-v1-dinkes');
    const task = await api('staff.dinkes').get(`/tasks/${dinkes.id}`);
    expect(task.body.form).toEqual(PARAF_FORM);
    await paraf('staff.dinkes', dinkes.id, { paraf: 'PARAF' });
    const legal = await reviewTask('hukum', 'paraf-v1-setda-hukum');
    // A return must say why.
    const silent = await api('hukum').post(`/tasks/${legal.id}/contribution`, {
      values: { paraf: 'KEMBALIKAN' },
    });
    expect(silent.status).toBe(400);
    expect(silent.body.message).toEqual(['values.catatan: is required']);
    await paraf('hukum', legal.id, {
      paraf: 'KEMBALIKAN',
      catatan: 'Konsiderans belum memuat Perpres 72/2021',
    });

    const returned = await draftWhen((d) => d.status === 'RETURNED');
    expect(returned.permissions.uploadVersion).toBe(true);
    const v1Parafs = returned.parafs.filter((p: any) => p.version === 1);
    expect(v1Parafs.find((p: any) => p.agency.code === 'DINKES')).toMatchObject({ decision: 'INITIALLED' });
    expect(v1Parafs.find((p: any) => p.agency.code === 'SETDA-HUKUM')).toMatchObject({
      decision: 'RETURNED',
      comment: 'Konsiderans belum memuat Perpres 72/2021',
      byUser: { fullName: hukum.fullName },
    });
    // DINSOS had not answered: its review of version 1 is closed, no longer in its inbox.
    const dinsosV1 = await eventually(async () => {
      const d = await draftWhen(() => true);
      return d.parafs.find((p: any) => p.version === 1 && p.agency.code === 'DINSOS' && p.closedAt);
    });
    expect(dinsosV1.decision).toBeNull();
    await eventually(async () => {
      const row = await stack.db.task.findUniqueOrThrow({ where: { id: dinsosV1.taskId } });
      return row.status === 'CLOSED';
    });
  });

  it('version 2: all initial, the Sekda then the Bupati sign; the timeline shows who initialled which version', async () => {
    const attachmentId = await attachVersion('lead.bappeda', 2);
    const v2 = await api('lead.bappeda').post(`/policy-drafts/${draftId}/versions`, {
      attachmentId,
      note: 'Konsiderans dilengkapi',
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ status: 'IN_REVIEW', version: 2 });
    for (const [user, key] of [
      ['staff.dinkes', 'paraf-v2-dinkes'],
      ['staff.dinsos', 'paraf-v2-dinsos'],
      ['hukum', 'paraf-v2-setda-hukum'],
    ] as const) {
      const task = await reviewTask(user, key);
      await paraf(user, task.id, { paraf: 'PARAF', catatan: user === 'hukum' ? 'Sudah sesuai' : undefined });
    }
    await draftWhen((d) => d.status === 'AWAITING_SEKDA');

    // A STAFF cannot sign; the Bupati signs only after the Sekda; a return needs a note.
    const staff = await api('staff.dinkes').post(`/policy-drafts/${draftId}/sign-off`, {
      decision: 'SIGNED',
    });
    expect(staff.status).toBe(403);
    const bupatiFirst = await api('bupati').post(`/policy-drafts/${draftId}/sign-off`, {
      decision: 'SIGNED',
    });
    expect(bupatiFirst.status).toBe(409);
    const noNote = await api('sekda').post(`/policy-drafts/${draftId}/sign-off`, { decision: 'RETURNED' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toEqual(['note: a return must say what to revise']);
    const badDecision = await api('sekda').post(`/policy-drafts/${draftId}/sign-off`, { decision: 'OK' });
    expect(badDecision.status).toBe(400);
    expect(badDecision.body.message[0]).toMatch(/^decision/);

    const sekda = await api('sekda').post(`/policy-drafts/${draftId}/sign-off`, { decision: 'SIGNED' });
    expect(sekda.status).toBe(200);
    expect(sekda.body.status).toBe('AWAITING_BUPATI');
    const bupati = await api('bupati').post(`/policy-drafts/${draftId}/sign-off`, {
      decision: 'SIGNED',
      note: 'Ditetapkan',
    });
    expect(bupati.status).toBe(200);
    expect(bupati.body.status).toBe('SIGNED');

    const signed = await draftWhen((d) => d.status === 'SIGNED');
    expect(signed.versions.map((v: any) => [v.number, v.attachment.fileName])).toEqual([
      [1, 'perbup-v1.pdf'],
      [2, 'perbup-v2.pdf'],
    ]);
    expect(signed.signOffs.map((s: any) => [s.office, s.decision])).toEqual([
      ['SEKDA', 'SIGNED'],
      ['BUPATI', 'SIGNED'],
    ]);
    expect(
      signed.parafs.filter((p: any) => p.version === 2).every((p: any) => p.decision === 'INITIALLED'),
    ).toBe(true);
    // The version's document downloads for a reviewer.
    const doc = await fetch(`${stack.baseUrl}/attachments/${signed.versions[1].attachment.id}/content`, {
      headers: { authorization: `Bearer ${tokens['staff.dinsos']}` },
    });
    expect(doc.status).toBe(200);

    const timeline = await eventually(async () => {
      const res = await api('staff.dinsos').get(`/policy-drafts/${draftId}/timeline`);
      expect(res.status).toBe(200);
      return res.body.entries.some((e: any) => e.kind === 'SIGNED_OFF' && e.office === 'BUPATI')
        ? res.body.entries
        : undefined;
    });
    const line = (e: any) => [e.kind, e.version, e.agency?.code ?? null, e.office];
    expect(timeline.map(line)).toEqual([
      ['CREATED', null, 'BAPPEDA', null],
      ['VERSION_UPLOADED', 1, 'BAPPEDA', null],
      ['INITIALLED', 1, 'DINKES', null],
      ['REVIEW_RETURNED', 1, 'SETDA-HUKUM', null],
      ['VERSION_UPLOADED', 2, 'BAPPEDA', null],
      ...[
        ['INITIALLED', 2, 'DINKES', null],
        ['INITIALLED', 2, 'DINSOS', null],
        ['INITIALLED', 2, 'SETDA-HUKUM', null],
      ],
      ['SIGNED_OFF', 2, 'SETDA', 'SEKDA'],
      ['SIGNED_OFF', 2, 'SETDA', 'BUPATI'],
    ]);
    const returnedBy = timeline.find((e: any) => e.kind === 'REVIEW_RETURNED');
    expect(returnedBy).toMatchObject({
      user: { fullName: hukum.fullName },
      note: 'Konsiderans belum memuat Perpres 72/2021',
    });

    // Nothing more: a signed draft takes no version and no sign-off.
    expect(
      (await api('bupati').post(`/policy-drafts/${draftId}/sign-off`, { decision: 'SIGNED' })).status,
    ).toBe(409);
    await recordHistory(
      stack.temporal.workflow.getHandle(workflowId),
      'policyDraftWorkflow-v1-two-versions-signed',
    );
  });

  it('a stalled review and a stalled sign-off climb their ladders (compressed clocks)', async () => {
    const res = await api('lead.bappeda').post('/policy-drafts', {
      kind: 'SOP',
      title: `SOP koordinasi uji ${TAG}`,
      reviewers: [],
      reviewWithin: { amount: 3, unit: 'seconds' },
      signOffWithin: { amount: 4, unit: 'seconds' },
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    projectId = res.body.projectId;
    const attachmentId = await attachVersion('lead.bappeda', 1);
    expect((await api('lead.bappeda').post(`/policy-drafts/${id}/versions`, { attachmentId })).status).toBe(
      201,
    );
    const task = await reviewTask('hukum', 'paraf-v1-setda-hukum');
    // Past its deadline the review escalates to the Kepala of the legal section (level 1 of the ladder).
    await eventually(() =>
      stack.db.escalation.findFirst({ where: { taskId: task.id, level: 1 }, select: { id: true } }),
    );
    await paraf('hukum', task.id, { paraf: 'PARAF' });
    await draftWhen((d) => d.status === 'AWAITING_SEKDA', id);
    // The Sekda does not sign: reminded, then reported to the Bupati.
    const entries = await eventually(async () => {
      const t = await api('lead.bappeda').get(`/policy-drafts/${id}/timeline`);
      return t.body.entries.some((e: any) => e.kind === 'SIGN_OFF_ESCALATED') ? t.body.entries : undefined;
    });
    expect(entries.filter((e: any) => e.kind === 'SIGN_OFF_REMINDER')).toHaveLength(2);
    expect(entries.find((e: any) => e.kind === 'SIGN_OFF_ESCALATED')).toMatchObject({ office: 'SEKDA' });
    // The Sekda returns it (with a note); the drafting OPD then withdraws it, which ends the workflow.
    const back = await api('sekda').post(`/policy-drafts/${id}/sign-off`, {
      decision: 'RETURNED',
      note: 'Digabung dengan SOP pelayanan terpadu',
    });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('RETURNED');
    expect((await api('staff.dinkes').post(`/policy-drafts/${id}/withdraw`, { reason: 'x' })).status).toBe(
      403,
    );
    const noReason = await api('lead.bappeda').post(`/policy-drafts/${id}/withdraw`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message[0]).toMatch(/^reason/);
    const withdrawn = await api('lead.bappeda').post(`/policy-drafts/${id}/withdraw`, { reason: 'Digabung' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const last = await eventually(async () => {
      const t = await api('lead.bappeda').get(`/policy-drafts/${id}/timeline`);
      return t.body.entries.some((e: any) => e.kind === 'WITHDRAWN') ? t.body.entries : undefined;
    });
    expect(last.find((e: any) => e.kind === 'SIGN_OFF_RETURNED')).toMatchObject({
      office: 'SEKDA',
      note: 'Digabung dengan SOP pelayanan terpadu',
    });
    const project = await stack.db.jointProject.findUniqueOrThrow({ where: { id: projectId } });
    expect(project.status).toBe('CANCELLED');
    await recordHistory(
      stack.temporal.workflow.getHandle(res.body.workflowId),
      'policyDraftWorkflow-v1-stalled-returned-withdrawn',
    );
  });
});
