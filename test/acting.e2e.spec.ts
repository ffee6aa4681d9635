import { randomBytes } from 'node:crypto';
import { jakartaDate } from '@gotong/domain/acting';
import { startNotifierStack, type NotifierStack } from './support/notifier';
import { eventually, type Stack } from './support/stack';

/**
 * Acting officials (Plt./Plh., apps/api/src/acting, libs/domain/src/acting.ts) through the real stack: API,
 * Temporal worker, Postgres outbox and the notifier. A Kepala OPD appoints a Plt. for a week; a level-1
 * escalation of their OPD then reaches the Plt. instead of the away Kepala; the Plt. answers it and the
 * timeline says "Plt."; once the appointment is over the Plt. is refused again.
 */
describe('acting officials (Plt./Plh.)', () => {
  let ctx: NotifierStack;
  let stack: Stack;
  const api = (username: string) => ctx.api(username);
  const DAY = 24 * 60 * 60 * 1000;
  const day = (offset: number) => jakartaDate(Date.now() + offset * DAY);
  const userId = async (username: string) =>
    (await stack.db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
  const messages = (res: { body: any }) => (res.body.message as string[]).join('\n');

  beforeAll(async () => {
    ctx = await startNotifierStack({
      label: 'acting',
      users: [
        'admin',
        'kepala.dinkes',
        'staff.dinkes',
        'kepala.dinsos',
        'staff.dinsos',
        'lead.bappeda',
        'sekda',
        'bupati',
      ],
    });
    ({ stack } = ctx);
  }, 120_000);

  afterAll(async () => {
    // Nothing this file appointed stays in force for the files that run after it (an appointment redirects
    // the post's notices for the whole regency).
    await stack?.db.actingAppointment.updateMany({
      where: { reason: { in: REASONS }, endedAt: null },
      data: { endedAt: new Date() },
    });
    await ctx?.stop();
  });

  let appointmentId = '';
  /** The reasons this file gives, so its checks and its clean-up see its own appointments only. */
  const REASONS = ['Cuti tahunan', 'Kepala Dinas menunaikan ibadah haji', 'Sekda dinas luar daerah'];

  it('refuses appointments the rules do not allow, naming what is wrong', async () => {
    const staff = await userId('staff.dinkes');
    const week = { post: 'AGENCY_HEAD', agencyCode: 'DINKES', title: 'PLT', reason: 'Cuti tahunan' };
    const appoint = (as: string, body: Record<string, unknown>) =>
      api(as).post('/acting-appointments', {
        ...week,
        actingUserId: staff,
        startsOn: day(0),
        endsOn: day(6),
        ...body,
      });

    // Another OPD's Kepala, staff and the Sekda may not appoint to the Kepala DINKES post; nor the Kepala to the Sekda's.
    const foreign = await appoint('kepala.dinsos', {});
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/only the Kepala of DINKES or an admin/);
    expect((await appoint('staff.dinkes', {})).status).toBe(403);
    expect((await appoint('kepala.dinkes', { post: 'SEKDA', agencyCode: undefined })).status).toBe(403);
    expect((await appoint('sekda', { post: 'SEKDA', agencyCode: undefined })).status).toBe(403);

    // Dates: a real date, not in the past, not ending before it starts, at most three months.
    const badDate = await appoint('kepala.dinkes', { startsOn: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(messages(badDate)).toMatch(/^startsOn: must be a date YYYY-MM-DD/);
    const past = await appoint('kepala.dinkes', { startsOn: day(-2) });
    expect(past.status).toBe(400);
    expect(messages(past)).toMatch(/^startsOn: must not be in the past/);
    const backwards = await appoint('kepala.dinkes', { startsOn: day(3), endsOn: day(2) });
    expect(backwards.status).toBe(400);
    expect(messages(backwards)).toBe('endsOn: must be on or after startsOn');
    const tooLong = await appoint('kepala.dinkes', { endsOn: day(120) });
    expect(tooLong.status).toBe(400);
    expect(messages(tooLong)).toMatch(/^endsOn: an appointment lasts at most 92 days/);

    // The appointee: not the holder (the Kepala themself), an active user, a known one.
    const self = await appoint('kepala.dinkes', { actingUserId: await userId('kepala.dinkes') });
    expect(self.status).toBe(400);
    expect(messages(self)).toMatch(/^actingUserId: /);
    const holder = await appoint('admin', { actingUserId: await userId('kepala.dinkes') });
    expect(holder.status).toBe(400);
    expect(messages(holder)).toBe('actingUserId: the user already holds this post');
    const username = `staff.dinkes.${randomBytes(2).toString('hex')}`;
    const created = await api('kepala.dinkes').post('/admin/users', {
      username,
      fullName: 'Bagus Santoso',
      role: 'STAFF',
      agencyCode: 'DINKES',
    });
    expect(created.status).toBe(201);
    expect((await api('kepala.dinkes').post(`/admin/users/${created.body.user.id}/deactivate`)).status).toBe(
      200,
    );
    const inactive = await appoint('kepala.dinkes', { actingUserId: created.body.user.id });
    expect(inactive.status).toBe(400);
    expect(messages(inactive)).toBe('actingUserId: the user is deactivated');
    const unknownOpd = await appoint('admin', { agencyCode: 'NOPE' });
    expect(unknownOpd.status).toBe(400);
    expect(messages(unknownOpd)).toBe('agencyCode: unknown OPD code NOPE');

    expect(await stack.db.actingAppointment.count({ where: { reason: 'Cuti tahunan' } })).toBe(0);
  });

  it('a Kepala DINKES appoints a staff member Plt. for a week; a second one for the same days is refused', async () => {
    const candidates = await api('kepala.dinkes').get(
      '/acting-appointments/candidates?post=AGENCY_HEAD&agencyCode=DINKES',
    );
    expect(candidates.status).toBe(200);
    const staff = candidates.body.find((u: any) => u.username === 'staff.dinkes');
    expect(staff).toBeDefined();
    expect(candidates.body.map((u: any) => u.username)).not.toContain('kepala.dinkes');

    // The browser test (test/web/acting.e2e.spec.ts) appoints to the same post for a few seconds and ends it;
    // should it run at this moment, its appointment is the overlap the 409 below is about: wait for the post.
    const created = await eventually(async () => {
      const res = await api('kepala.dinkes').post('/acting-appointments', {
        post: 'AGENCY_HEAD',
        agencyCode: 'DINKES',
        title: 'PLT',
        actingUserId: staff.id,
        startsOn: day(0),
        endsOn: day(6),
        reason: 'Kepala Dinas menunaikan ibadah haji',
      });
      return res.status === 409 ? undefined : res;
    }, 90_000);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      label: 'Plt. Kepala Dinas Kesehatan',
      inForce: true,
      startsOn: day(0),
      endsOn: day(6),
      actingUser: { username: 'staff.dinkes' },
      agency: { code: 'DINKES' },
    });
    appointmentId = created.body.id;

    const overlap = await api('admin').post('/acting-appointments', {
      post: 'AGENCY_HEAD',
      agencyCode: 'DINKES',
      title: 'PLH',
      actingUserId: await userId('kepala.dinsos'),
      startsOn: day(6),
      endsOn: day(9),
      reason: 'Tumpang tindih',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.message).toMatch(/already has a Plt\. \(Siti Aminah\)/);

    // The appointment is an audit event, naming who appointed whom to what.
    const events = await stack.db.auditEvent.findMany({
      where: { action: 'ACTING_APPOINTED', detail: { path: ['appointmentId'], equals: appointmentId } },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.actorUserId).toBe(await userId('kepala.dinkes'));
    expect(events[0]!.detail).toMatchObject({
      appointmentId,
      label: 'Plt. Kepala Dinas Kesehatan',
      actingUsername: 'staff.dinkes',
      startsOn: day(0),
      endsOn: day(6),
    });

    // Who reads it: the appointee (their own), the Kepala (their post), leadership; not another OPD's staff.
    const mine = await api('staff.dinkes').get('/acting-appointments?mine=true');
    expect(mine.body.map((a: any) => a.id)).toEqual([appointmentId]);
    expect((await api('kepala.dinkes').get('/acting-appointments')).body.map((a: any) => a.id)).toEqual([
      appointmentId,
    ]);
    expect(
      (await api('bupati').get('/acting-appointments?status=current')).body.map((a: any) => a.id),
    ).toContain(appointmentId);
    expect((await api('staff.dinsos').get('/acting-appointments')).body).toEqual([]);
  });

  let taskId = '';
  let escalationId = '';

  it('a level-1 escalation of DINKES reaches the Plt., not the away Kepala; as DINKES, the Plt. does not answer it (separation of duties), the project lead does', async () => {
    const title = `Pemantauan gizi balita Krucil ${randomBytes(2).toString('hex')}`;
    const started = await api('lead.bappeda').post('/projects', {
      title,
      agencyCodes: ['DINKES'],
      sla: { amount: 2, unit: 'seconds' },
    });
    expect(started.status).toBe(201);
    const step = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${started.body.id}`);
      return project.body.steps?.find((s: any) => s.task !== null);
    });
    taskId = step.task.id;
    await eventually(
      async () => (await api('staff.dinkes').get(`/tasks/${taskId}`)).body.escalationLevel === 1,
    );

    const escalated = (n: any) => n.taskId === taskId && n.kind === 'TASK_ESCALATED';
    const [note] = await eventually(async () => {
      const found = (await api('staff.dinkes').get('/notifications?pageSize=100')).body.items.filter(
        escalated,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(note).toMatchObject({ link: `/tasks/${taskId}`, readAt: null });
    // The Plt. sees it on the escalation board (staff normally may not), as one they do not answer: acting as
    // DINKES's Kepala they are of DINKES, and nobody of the task's own OPD answers its escalation.
    const board = await api('staff.dinkes').get('/escalations');
    expect(board.status).toBe(200);
    const item = board.body.items.find((e: any) => e.task.id === taskId);
    expect(item).toMatchObject({ level: 1, agency: { code: 'DINKES' }, mayAnswer: false });
    escalationId = item.id;
    expect(
      (await api('staff.dinsos').post(`/escalations/${escalationId}/answer`, { instruction: 'x' })).status,
    ).toBe(403);
    const own = await api('staff.dinkes').post(`/escalations/${escalationId}/answer`, { instruction: 'x' });
    expect(own.status).toBe(403);
    expect(own.body.message).toBe(
      "separation of duties: nobody of the task's own OPD answers or extends its escalation",
    );
    // The project's lead OPD answers level 1 (and sees it as theirs on its board).
    const leadBoard = await api('lead.bappeda').get('/escalations');
    expect(leadBoard.body.items.find((e: any) => e.id === escalationId)).toMatchObject({ mayAnswer: true });
    const answered = await api('lead.bappeda').post(`/escalations/${escalationId}/answer`, {
      instruction: 'Kirim data posyandu yang sudah masuk hari ini.',
    });
    expect(answered.status).toBe(200);

    // The Plt., standing in for the Kepala, hears the instruction given to their OPD.
    const history = await eventually(async () => {
      const res = await api('staff.dinkes').get(`/tasks/${taskId}/history`);
      return res.body.find((e: any) => e.action === 'ESCALATION_ANSWERED');
    });
    expect(history).toMatchObject({
      actorUser: { fullName: 'Nur Hidayati' },
      actorAgency: { code: 'BAPPEDA' },
      detail: { level: 1, instruction: 'Kirim data posyandu yang sudah masuk hari ini.' },
    });
    await eventually(async () => {
      const found = (await api('staff.dinkes').get('/notifications?pageSize=100')).body.items.filter(
        (n: any) => n.taskId === taskId && n.kind === 'ESCALATION_ANSWERED',
      );
      return found.length > 0 ? found : undefined;
    });
    // Redirected, not copied: the Kepala (away) got no notice of the escalation, nobody but the Plt. did (checked
    // after the later answer's notice has arrived, so the escalation's notices were all written long before).
    const kepala = (await api('kepala.dinkes').get('/notifications?pageSize=100')).body.items.filter(
      escalated,
    );
    expect(kepala).toHaveLength(0);
    const everyone = await stack.db.notification.findMany({
      where: { taskId, kind: 'TASK_ESCALATED' },
      select: { user: { select: { username: true } } },
    });
    expect(everyone.map((n) => n.user.username)).toEqual(['staff.dinkes']);
  });

  it('ended early, the Plt. is refused again and the Kepala acts in person', async () => {
    expect((await api('staff.dinsos').post(`/acting-appointments/${appointmentId}/end`)).status).toBe(403);
    const ended = await api('kepala.dinkes').post(`/acting-appointments/${appointmentId}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ inForce: false, endedBy: { fullName: 'dr. Hariyadi' } });
    expect((await api('kepala.dinkes').post(`/acting-appointments/${appointmentId}/end`)).status).toBe(409);
    expect(
      await stack.db.auditEvent.count({
        where: { action: 'ACTING_ENDED', detail: { path: ['appointmentId'], equals: appointmentId } },
      }),
    ).toBe(1);

    const extend = await api('staff.dinkes').post(`/escalations/${escalationId}/extend`, {
      extension: { amount: 2, unit: 'workingDays' },
      reason: 'Data menyusul',
    });
    expect(extend.status).toBe(403);
    expect((await api('staff.dinkes').get('/escalations')).status).toBe(403);
    expect((await api('staff.dinkes').get('/acting-appointments?mine=true')).body).toEqual([]);

    // The Kepala, back, acts inside the OPD, but does not extend his own OPD's deadline either.
    const own = await api('kepala.dinkes').post(`/escalations/${escalationId}/extend`, {
      extension: { amount: 2, unit: 'seconds' },
      reason: 'Data menyusul',
    });
    expect(own.status).toBe(403);
    // The lead does, by at most the task's SLA (two seconds), with a reason.
    const tooLong = await api('lead.bappeda').post(`/escalations/${escalationId}/extend`, {
      extension: { amount: 2, unit: 'workingDays' },
      reason: 'Data menyusul',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toEqual([
      "extension: at most the step's original SLA (2 seconds); 2 workingDays is longer",
    ]);
    const extendedByLead = await api('lead.bappeda').post(`/escalations/${escalationId}/extend`, {
      extension: { amount: 2, unit: 'seconds' },
      reason: 'Data menyusul',
    });
    expect(extendedByLead.status).toBe(200);
    const history = (await api('kepala.dinkes').get(`/tasks/${taskId}/history`)).body;
    const extended = history.find((e: any) => e.action === 'DEADLINE_EXTENDED');
    expect(extended).toMatchObject({ actorAgency: { code: 'BAPPEDA' }, detail: { reason: 'Data menyusul' } });
    expect(extended.detail.acting).toBeUndefined();
  });

  it('after its last day an appointment gives no powers', async () => {
    // An appointment that ran last week (written as history: the API only takes dates from today on).
    const dinkes = await stack.db.agency.findUniqueOrThrow({
      where: { code: 'DINKES' },
      select: { id: true },
    });
    await stack.db.actingAppointment.create({
      data: {
        postKind: 'AGENCY_HEAD',
        agencyId: dinkes.id,
        title: 'PLH',
        actingUserId: await userId('staff.dinkes'),
        startsOn: new Date(`${day(-8)}T00:00:00Z`),
        endsOn: new Date(`${day(-1)}T00:00:00Z`),
        reason: 'Dinas luar',
        appointedById: await userId('kepala.dinkes'),
      },
    });
    expect((await api('staff.dinkes').get('/escalations')).status).toBe(403);
    const past = await api('kepala.dinkes').get('/acting-appointments?status=past');
    expect(past.body.map((a: any) => a.inForce)).toEqual([false, false]);
  });
  it('the Bupati appoints a Plh. Sekda: a level-2 escalation reaches them instead of the Sekda, and they answer it', async () => {
    const plh = await userId('kepala.dinsos');
    const appointed = await api('bupati').post('/acting-appointments', {
      post: 'SEKDA',
      title: 'PLH',
      actingUserId: plh,
      startsOn: day(0),
      endsOn: day(2),
      reason: 'Sekda dinas luar daerah',
    });
    expect(appointed.status).toBe(201);
    expect(appointed.body).toMatchObject({ label: 'Plh. Sekretaris Daerah', inForce: true, agency: null });
    // The Sekda holds the post and cannot stand in for it; nor does the Bupati appoint a Kepala OPD's Plt.
    const holder = await api('bupati').post('/acting-appointments', {
      post: 'SEKDA',
      title: 'PLH',
      actingUserId: await userId('sekda'),
      startsOn: day(3),
      endsOn: day(4),
      reason: 'x',
    });
    expect(holder.status).toBe(400);
    expect(messages(holder)).toBe('actingUserId: the user already holds this post');

    // A DPUPR step whose level 1 lasts two seconds: level 2 (Sekda) follows quickly.
    const seconds = (amount: number) => ({ amount, unit: 'seconds' });
    const code = `uji-plh-sekda-${randomBytes(3).toString('hex')}`;
    const template = await api('lead.bappeda').post('/templates', {
      code,
      name: 'Uji Plh. Sekda',
      description: 'Satu langkah DPUPR dengan tenggat dan tangga dalam detik.',
      category: 'INFRASTRUCTURE',
      parameters: [],
      steps: [
        {
          key: 'tambal-jalan',
          title: 'Tambal jalan berlubang Gending',
          instructions: 'Laporkan hasil penambalan.',
          owner: { agency: 'DPUPR' },
          form: { fields: [{ key: 'summary', label: 'Ringkasan', type: 'longtext', required: true }] },
          sla: seconds(2),
          dependsOn: [],
          escalation: {
            levels: [
              { level: 1, timeout: seconds(2), repeats: 0 },
              { level: 2, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
            ],
          },
        },
      ],
    });
    expect(template.status).toBe(201);
    const started = await api('lead.bappeda').post('/projects/from-template', {
      templateCode: code,
      parameters: {},
    });
    expect(started.status).toBe(201);
    const task = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${started.body.id}`);
      return project.body.steps?.[0]?.task ?? undefined;
    });
    const levelTwo = (n: any) =>
      n.taskId === task.id && n.kind === 'TASK_ESCALATED' && /tingkat 2/.test(n.title);
    const escalatedTo = async (username: string) =>
      (await api(username).get('/notifications?pageSize=100')).body.items.filter(
        (n: any) => n.taskId === task.id && n.kind === 'TASK_ESCALATED',
      );
    await eventually(async () => (await escalatedTo('kepala.dinsos')).length === 1, 60_000);
    expect((await escalatedTo('kepala.dinsos')).filter(levelTwo)).toHaveLength(1);

    const escalation = await eventually(() =>
      stack.db.escalation
        .findFirst({ where: { taskId: task.id, level: 2, status: 'OPEN' } })
        .then((e) => e ?? undefined),
    );
    const answered = await api('kepala.dinsos').post(`/escalations/${escalation.id}/answer`, {
      instruction: 'Koordinasikan dengan camat Gending hari ini.',
    });
    expect(answered.status).toBe(200);
    const history = await eventually(async () => {
      const res = await api('lead.bappeda').get(`/tasks/${task.id}/history`);
      return res.body.find((e: any) => e.action === 'ESCALATION_ANSWERED');
    });
    expect(history).toMatchObject({
      actorUser: { fullName: 'Dra. Lilik Suryani' },
      detail: { level: 2, acting: { title: 'PLH', label: 'Plh. Sekretaris Daerah' } },
    });
    // Redirected: the Sekda got no level-2 notice (checked after the answer's notice reached the lead).
    await eventually(async () => {
      const notes = (await api('lead.bappeda').get('/notifications?pageSize=100')).body.items;
      return notes.some((n: any) => n.taskId === task.id && n.kind === 'ESCALATION_ANSWERED');
    });
    expect(await escalatedTo('sekda')).toHaveLength(0);
    // Ended at once: while it is in force, every level-2 notice of the regency goes to the Plh.
    expect((await api('bupati').post(`/acting-appointments/${appointed.body.id}/end`)).status).toBe(200);
  }, 120_000);
});
