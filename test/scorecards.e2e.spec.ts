import { randomUUID } from 'node:crypto';
import { isolateTestFile } from './support/database';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Fair scorecards (issue #17) against the real stack: an OPD is judged by its submission, not the lead's
 * review; a task it still owes past its deadline counts as late; an extended task is not on time; a moved
 * task's time counts from the move; a returned contribution is a revision; the lead's late reviews count for
 * the lead's OPD. One project runs through the API (a revision, then acceptance); the rest is written
 * directly as the projections would have written it, on dates in November 2026. The drill-down lists the
 * tasks behind each figure, and the leadership home says who is late, on what, since when, and what was said.
 */
describe('fair scorecards, their drill-down and the leadership home', () => {
  let stack: Stack;
  const api = async (username: string) => http(stack.baseUrl, await stack.login(username));
  const period = 'from=2026-11-01';
  /** WIB wall-clock time in November 2026 (2 November is a Monday). */
  const wib = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 10, day, hour - 7, minute));
  const ids = {
    project: randomUUID(),
    onTime: randomUUID(),
    overdue: randomUUID(),
    extended: randomUUID(),
    moved: randomUUID(),
    waiting: randomUUID(),
    escalation: randomUUID(),
    review: randomUUID(),
  };
  let dinkesProjectId: string;

  beforeAll(async () => {
    await isolateTestFile('scorecards'); // a database of its own: the figures are exactly this file's work
    stack = await startStack();
    const { db } = stack;
    const agency = async (code: string) => (await db.agency.findUniqueOrThrow({ where: { code } })).id;
    const user = async (username: string) => (await db.user.findUniqueOrThrow({ where: { username } })).id;
    const [bappeda, dinsos, dpupr, lead, staffDinsos, sekda] = await Promise.all([
      agency('BAPPEDA'),
      agency('DINSOS'),
      agency('DPUPR'),
      user('lead.bappeda'),
      user('staff.dinsos'),
      user('sekda'),
    ]);
    await db.jointProject.create({
      data: {
        id: ids.project,
        workflowId: `joint-project-${ids.project}`,
        title: 'Verifikasi DTKS Kecamatan Tongas',
        leadUserId: lead,
        leadAgencyId: bappeda,
        createdAt: wib(2, 8),
      },
    });
    const task = (id: string, data: Record<string, unknown>) =>
      db.task.create({
        data: {
          id,
          projectId: ids.project,
          workflowId: `agency-task-${id}`,
          agencyId: dinsos,
          createdAt: wib(2, 8),
          holderSince: wib(2, 8),
          ...(data as { title: string; dueAt: Date }),
        },
      });
    const contribution = (taskId: string, data: Record<string, unknown>) =>
      db.contribution.create({
        data: {
          id: randomUUID(),
          taskId,
          version: 1,
          values: { summary: 'Rekap' },
          submittedById: staffDinsos,
          ...(data as { submittedAt: Date }),
        },
      });

    // On time by its submission (Monday 14:00, due 16:00), accepted only on Friday: the review was slow.
    await task(ids.onTime, {
      title: 'Rekap penerima PKH',
      status: 'COMPLETED',
      dueAt: wib(2, 16),
      completedAt: wib(6, 10),
    });
    await contribution(ids.onTime, {
      status: 'ACCEPTED',
      submittedAt: wib(2, 14),
      dueAt: wib(2, 16),
      reviewedById: lead,
      reviewedAt: wib(6, 10),
    });

    // Claimed, due 3 November, still open and escalated: the Sekda answered with an instruction.
    await task(ids.overdue, {
      title: 'Data penerima bantuan banjir Tongas',
      status: 'CLAIMED',
      assigneeId: staffDinsos,
      dueAt: wib(3, 16),
      escalationLevel: 1,
    });
    await db.escalation.create({
      data: {
        id: ids.escalation,
        taskId: ids.overdue,
        projectId: ids.project,
        agencyId: dinsos,
        level: 1,
        kind: 'OPD',
        status: 'ANSWERED',
        openedAt: wib(3, 16),
        instruction: 'Kirim data penerima hari ini, koordinasi dengan camat Tongas.',
        answeredById: sekda,
        answeredAt: wib(4, 9),
      },
    });

    // Escalated, then its deadline extended: submitted by the new deadline, still not on time.
    await task(ids.extended, {
      title: 'Rekap rumah tidak layak huni',
      status: 'COMPLETED',
      dueAt: wib(5, 16),
      deadlineExtended: true,
      completedAt: wib(5, 15),
    });
    await db.auditEvent.create({
      data: {
        eventKey: `task:${ids.extended}:extended`,
        action: 'DEADLINE_EXTENDED',
        projectId: ids.project,
        taskId: ids.extended,
        actorUserId: sekda,
        detail: { level: 1, extension: '2 hari kerja', reason: 'Data desa belum lengkap' },
        occurredAt: wib(3, 9),
      },
    });
    await contribution(ids.extended, {
      status: 'ACCEPTED',
      submittedAt: wib(5, 14),
      dueAt: wib(5, 16),
      reviewedById: lead,
      reviewedAt: wib(5, 15),
    });

    // Held by DPUPR for three days, moved to DINSOS on Thursday 9:00, submitted by DINSOS at 11:30.
    await task(ids.moved, {
      title: 'Daftar lokasi dapur umum',
      status: 'COMPLETED',
      dueAt: wib(6, 16),
      holderSince: wib(5, 9),
      completedAt: wib(5, 13),
    });
    await db.reassignment.create({
      data: {
        id: randomUUID(),
        taskId: ids.moved,
        kind: 'OTHER_OPD',
        fromAgencyId: dpupr,
        toAgencyId: dinsos,
        byUserId: lead,
        reason: 'Dapur umum urusan Dinas Sosial',
        at: wib(5, 9),
      },
    });
    await contribution(ids.moved, {
      status: 'ACCEPTED',
      submittedAt: wib(5, 11, 30),
      dueAt: wib(6, 16),
      reviewedById: lead,
      reviewedAt: wib(5, 13),
    });

    // Submitted on time, and the lead's review is late: escalated on BAPPEDA, the lead's OPD.
    await task(ids.waiting, {
      title: 'Rekap lansia terlantar',
      status: 'SUBMITTED',
      dueAt: wib(9, 16),
      reviewDueAt: wib(10, 16),
    });
    await contribution(ids.waiting, { status: 'SUBMITTED', submittedAt: wib(9, 10), dueAt: wib(9, 16) });
    await db.escalation.create({
      data: {
        id: ids.review,
        taskId: ids.waiting,
        projectId: ids.project,
        agencyId: bappeda,
        level: 1,
        kind: 'REVIEW',
        status: 'OPEN',
        openedAt: wib(10, 16),
      },
    });

    // A real project through the API: DINKES submits, the lead returns it once with a note, then accepts.
    const leadApi = await api('lead.bappeda');
    const staffDinkes = await api('staff.dinkes');
    const created = await leadApi.post('/projects', {
      title: 'Rekap imunisasi dasar lengkap',
      agencyCodes: ['DINKES'],
      sla: { amount: 3, unit: 'days' },
    });
    expect(created.status).toBe(201);
    dinkesProjectId = created.body.id;
    const taskId = await eventually(
      async () =>
        (await staffDinkes.get(`/inbox?projectId=${dinkesProjectId}`)).body.items[0]?.id as
          string | undefined,
    );
    const status = (wanted: string) =>
      eventually(async () => (await staffDinkes.get(`/tasks/${taskId}`)).body.status === wanted);
    expect(
      (await staffDinkes.post(`/tasks/${taskId}/contribution`, { values: { summary: 'IDL 90%' } })).status,
    ).toBe(200);
    await status('SUBMITTED');
    expect(
      (await leadApi.post(`/tasks/${taskId}/review`, { decision: 'RETURN', note: 'Rinci per desa.' })).status,
    ).toBe(200);
    await status('RETURNED');
    expect(
      (await staffDinkes.post(`/tasks/${taskId}/contribution`, { values: { summary: 'IDL 90%, per desa' } }))
        .status,
    ).toBe(200);
    await status('SUBMITTED');
    expect((await leadApi.post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    await status('COMPLETED');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('judges DINSOS by its submissions: the open overdue task and the extension keep it from 100 %', async () => {
    const res = await (await api('sekda')).get(`/scorecards?${period}`);
    expect(res.status).toBe(200);
    const card = (code: string) => res.body.opd.find((o: { agencyCode: string }) => o.agencyCode === code);
    expect(card('DINSOS')).toMatchObject({
      completed: 3,
      completedOnTime: 2,
      completedLate: 0,
      completedExtended: 1,
      openOverdue: 1,
      onTimeRate: 0.5,
      // Its own working hours: 2.5 on the moved task (from the move), 6 and 31.5 (Monday 8:00 → Thursday 14:00).
      medianWorkingHoursToSubmit: 6,
      escalationsReceived: 1,
      escalationsByLevel: { 1: 1, 2: 0, 3: 0 },
      deadlinesExtended: 1,
      reviewsLate: 0,
    });
    // DPUPR held the moved task for three days: that is DPUPR's reassignment, not DINSOS's time.
    expect(card('DPUPR')).toMatchObject({ reassignmentsAway: 1, completed: 0, onTimeRate: null });
    // The lead's late review counts for BAPPEDA, with the reviews it did.
    expect(card('BAPPEDA')).toMatchObject({ reviewsLate: 1, escalationsReceived: 0 });
    expect(card('BAPPEDA').reviewsDone).toBe(5); // three seeded, the return and the acceptance through the API
    expect(card('BAPPEDA').medianReviewHours).not.toBeNull();
    // The project run through the API: on time, one revision.
    expect(card('DINKES')).toMatchObject({ completed: 1, completedOnTime: 1, onTimeRate: 1, revisions: 1 });
  });

  it('drills down to the tasks behind an OPD’s figures, with their judgements', async () => {
    const res = await (await api('bupati')).get(`/scorecards/DINSOS/tasks?${period}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agencyCode: 'DINSOS', agencyName: expect.any(String) });
    const byTitle = Object.fromEntries(
      res.body.items.map((t: { title: string; judgement: string }) => [t.title, t]),
    );
    expect(Object.keys(byTitle).sort()).toEqual(
      [
        'Daftar lokasi dapur umum',
        'Data penerima bantuan banjir Tongas',
        'Rekap penerima PKH',
        'Rekap rumah tidak layak huni',
      ].sort(),
    );
    expect(res.body.items[0]).toMatchObject({
      taskId: ids.overdue,
      judgement: 'OPEN_OVERDUE',
      escalationLevel: 1,
    });
    expect(byTitle['Rekap penerima PKH']).toMatchObject({ judgement: 'ON_TIME', holderWorkingHours: 6 });
    expect(byTitle['Rekap rumah tidak layak huni']).toMatchObject({
      judgement: 'EXTENDED',
      deadlineExtended: true,
    });
    expect(byTitle['Daftar lokasi dapur umum']).toMatchObject({
      judgement: 'ON_TIME',
      holderSince: wib(5, 9).toISOString(),
      holderWorkingHours: 2.5,
      projectId: ids.project,
    });

    // The DINKES task of the API project carries its revision.
    const dinkes = await (await api('kepala.dinkes')).get(`/scorecards/DINKES/tasks?${period}`);
    expect(dinkes.status).toBe(200);
    expect(dinkes.body.items).toEqual([
      expect.objectContaining({ projectId: dinkesProjectId, judgement: 'ON_TIME', revisions: 1 }),
    ]);
  });

  it('keeps the drill-down to the scorecards’ readers, a Kepala OPD to their own OPD', async () => {
    expect((await (await api('kepala.dinsos')).get(`/scorecards/DINSOS/tasks?${period}`)).status).toBe(200);
    const foreign = await (await api('kepala.dinkes')).get(`/scorecards/DINSOS/tasks?${period}`);
    expect(foreign.status).toBe(403);
    expect((await (await api('staff.dinsos')).get(`/scorecards/DINSOS/tasks?${period}`)).status).toBe(403);
    const unknown = await (await api('sekda')).get('/scorecards/NOPE/tasks');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/NOPE/);
    expect(
      (await (await api('sekda')).get('/scorecards/DINSOS/tasks?from=2026-12-01&to=2026-11-01')).status,
    ).toBe(400);
  });

  it('shows leadership who is late, on what, since when, and what was said', async () => {
    const res = await (await api('bupati')).get('/leadership/overview');
    expect(res.status).toBe(200);
    expect(res.body.overdue).toEqual([
      expect.objectContaining({
        taskId: ids.overdue,
        projectTitle: 'Verifikasi DTKS Kecamatan Tongas',
        title: 'Data penerima bantuan banjir Tongas',
        agencyCode: 'DINSOS',
        overdueSince: wib(3, 16).toISOString(),
        escalationLevel: 1,
        holder: expect.objectContaining({ fullName: expect.any(String) }),
        lastWord: expect.objectContaining({
          kind: 'INSTRUCTION',
          text: 'Kirim data penerima hari ini, koordinasi dengan camat Tongas.',
          at: wib(4, 9).toISOString(),
        }),
      }),
    ]);
    expect(res.body.lateReviews).toEqual([
      expect.objectContaining({
        escalationId: ids.review,
        taskId: ids.waiting,
        leadAgencyCode: 'BAPPEDA',
        opdCode: 'DINSOS',
        waitingSince: wib(9, 10).toISOString(),
        reviewDueAt: wib(10, 16).toISOString(),
      }),
    ]);
    expect(res.body.perOpd).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agencyCode: 'DINSOS', openOverdue: 1, lateReviews: 0 }),
        expect.objectContaining({ agencyCode: 'BAPPEDA', openOverdue: 0, lateReviews: 1 }),
      ]),
    );

    // A later comment on the task is now the last word.
    const comment = await (
      await api('kepala.dinsos')
    ).post(`/tasks/${ids.overdue}/comments`, {
      body: 'Data dari 3 desa masih ditunggu.',
    });
    expect(comment.status).toBe(201);
    const after = await (await api('sekda')).get('/leadership/overview');
    expect(after.body.overdue[0].lastWord).toMatchObject({
      kind: 'COMMENT',
      text: 'Data dari 3 desa masih ditunggu.',
    });
  });

  it('shows a Kepala OPD and a lead their own OPD only, staff nothing, an ADMIN no content', async () => {
    const dinsos = await (await api('kepala.dinsos')).get('/leadership/overview');
    expect(dinsos.status).toBe(200);
    expect(dinsos.body.overdue.map((t: { taskId: string }) => t.taskId)).toEqual([ids.overdue]);
    expect(dinsos.body.lateReviews).toEqual([]);
    const dinkes = await (await api('kepala.dinkes')).get('/leadership/overview');
    expect(dinkes.body).toMatchObject({ overdue: [], lateReviews: [], perOpd: [] });
    const lead = await (await api('lead.bappeda')).get('/leadership/overview');
    expect(lead.body.lateReviews.map((r: { escalationId: string }) => r.escalationId)).toEqual([ids.review]);
    expect(lead.body.overdue).toEqual([]);
    expect((await (await api('staff.dinsos')).get('/leadership/overview')).status).toBe(403);
    // An ADMIN reads the state of work, not its content: the instruction, not the OPD's comment after it.
    const admin = await (await api('admin')).get('/leadership/overview');
    expect(admin.body.overdue.map((t: { taskId: string }) => t.taskId)).toEqual([ids.overdue]);
    expect(admin.body.overdue[0].lastWord).toMatchObject({ kind: 'INSTRUCTION' });
  });
});
