import { randomBytes, randomUUID } from 'node:crypto';
import { audit } from '@gotong/database/audit';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import { formatDateTime } from '@gotong/notifications/format';
import { startNotifierStack, type NotifierStack } from './support/notifier';
import { eventually, type Stack } from './support/stack';

/**
 * Every event someone waits for is told to them (issue #17), through the real stack: API, Temporal worker,
 * Postgres outbox, the notifier. Events the workflows write are driven through the API; events whose producer
 * is being built elsewhere (review clock, resource steps, data conflicts) are written here as audit rows, the
 * way the activities write them (libs/database/src/audit.ts, with their outbox row).
 */
describe('notifications: who hears of what (issue #17)', () => {
  let ctx: NotifierStack;
  let stack: Stack;
  const api = (username: string) => ctx.api(username);
  const ids: Record<string, string> = {};
  const agencyIds: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await startNotifierStack({
      label: 'notify-events',
      users: [
        'lead.bappeda',
        'staff.dinkes',
        'kepala.dinkes',
        'staff.dinsos',
        'kepala.dinsos',
        'staff.dpupr',
        'kepala.dpupr',
        'staff.bpbd',
        'kepala.bpbd',
        'sekda',
        'bupati',
        'walidata',
      ],
    });
    ({ stack } = ctx);
    for (const u of await stack.db.user.findMany({ select: { id: true, username: true } })) {
      ids[u.username] = u.id;
    }
    for (const a of await stack.db.agency.findMany({ select: { id: true, code: true } })) {
      agencyIds[a.code] = a.id;
    }
  }, 120_000);

  afterAll(async () => {
    await ctx?.stop();
  });

  const inbox = async (username: string) => {
    const res = await api(username).get('/notifications?pageSize=100');
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  const notesFor = async (username: string, filter: (n: any) => boolean) =>
    (await inbox(username)).filter(filter);
  /** Waits until `username` has exactly one notification matching `filter`, and answers it. */
  const one = async (username: string, filter: (n: any) => boolean) =>
    eventually(async () => {
      const found = await notesFor(username, filter);
      return found.length === 1 ? found[0] : undefined;
    });

  /** Writes an audit event (and its outbox row) as an activity would; answers its eventKey. */
  async function record(
    event: Omit<Prisma.AuditEventCreateManyInput, 'eventKey' | 'occurredAt'> & {
      eventKey?: string;
      occurredAt?: Date;
    },
  ): Promise<string> {
    const eventKey = event.eventKey ?? `test:${randomUUID()}`;
    await stack.db.$transaction((tx) =>
      audit(tx, { ...event, eventKey, occurredAt: event.occurredAt ?? new Date() }),
    );
    return eventKey;
  }
  /** Waits until the notifier has handled the event (planned and written its notifications, or none). */
  const handled = (eventKey: string) =>
    eventually(async () => {
      const row = await stack.db.outboxMessage.findUnique({ where: { key: eventKey } });
      return row?.processedAt != null;
    });

  async function startProject(title: string, agencyCodes: string[]) {
    const res = await api('lead.bappeda').post('/projects', {
      title,
      agencyCodes,
      sla: { amount: 5, unit: 'days' },
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const steps = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${id}`);
      const withTask = project.body.steps?.filter((s: any) => s.task !== null) ?? [];
      return withTask.length === agencyCodes.length ? withTask : undefined;
    });
    return { id, tasks: steps.map((s: any) => s.task) as { id: string; agency: { code: string } }[] };
  }

  it('tells whoever worked a task and the Kepala OPD that it was accepted, not the lead who accepted it', async () => {
    const { tasks } = await startProject(`Rekap bantuan sosial ${randomBytes(2).toString('hex')}`, [
      'DINSOS',
    ]);
    const taskId = tasks[0]!.id;
    expect((await api('staff.dinsos').post(`/tasks/${taskId}/claim`)).status).toBe(200);
    const submitted = await api('staff.dinsos').post(`/tasks/${taskId}/contribution`, {
      values: { summary: 'Bantuan tersalur ke 12 desa' },
    });
    expect(submitted.status).toBe(200);
    await eventually(
      async () => (await api('staff.dinsos').get(`/tasks/${taskId}`)).body.status === 'SUBMITTED',
    );
    const review = await api('lead.bappeda').post(`/tasks/${taskId}/review`, {
      decision: 'ACCEPT',
      note: 'Lengkap, terima kasih',
    });
    expect(review.status).toBe(200);

    const accepted = (n: any) => n.taskId === taskId && n.kind === 'CONTRIBUTION_ACCEPTED';
    const forStaff = await one('staff.dinsos', accepted);
    expect(forStaff).toMatchObject({ urgent: false, link: `/tasks/${taskId}` });
    expect(forStaff.title).toContain('Kontribusi diterima');
    expect(forStaff.body).toContain('Lengkap, terima kasih');
    await one('kepala.dinsos', accepted);
    expect(await notesFor('lead.bappeda', accepted)).toHaveLength(0);
    expect(await notesFor('staff.dinkes', accepted)).toHaveLength(0);
  });

  it('finishes an event an earlier attempt wrote only in part: the missing notifications, every delivery once', async () => {
    const { tasks } = await startProject(`Pendataan stunting ${randomBytes(2).toString('hex')}`, ['DINKES']);
    const taskId = tasks[0]!.id;
    // The task's assignment, told once already; the same event again under a new key is a fresh event.
    const first = await eventually(
      async () =>
        (await stack.db.auditEvent.findFirst({ where: { taskId, action: 'TASK_ASSIGNED' } })) ?? undefined,
    );
    await handled(first.eventKey);
    const eventKey = `test:${randomUUID()}`;
    // An earlier attempt wrote the Kepala OPD's notification and its email delivery, then stopped before it
    // wrote the staff's or enqueued anything.
    const kepala = ids['kepala.dinkes']!;
    const earlier = await stack.db.notification.create({
      data: {
        key: `${eventKey}:${kepala}`,
        userId: kepala,
        kind: 'TASK_ASSIGNED',
        title: `Tugas baru (percobaan sebelumnya) ${randomBytes(2).toString('hex')}`,
        body: 'Ditulis oleh percobaan sebelumnya.',
        link: `/tasks/${taskId}`,
        taskId,
        deliveries: { create: [{ channel: 'EMAIL', notBefore: new Date() }] },
      },
    });
    await record({
      action: 'TASK_ASSIGNED',
      projectId: first.projectId,
      taskId,
      actorAgencyId: first.actorAgencyId,
      detail: first.detail as Prisma.InputJsonValue,
      eventKey,
    });
    await handled(eventKey);

    const written = await stack.db.notification.findMany({
      where: { key: { startsWith: `${eventKey}:` } },
      include: { deliveries: true },
    });
    expect(written.map((n) => n.userId).sort()).toEqual([ids['staff.dinkes'], kepala].sort());
    expect(written.find((n) => n.userId === kepala)!.id).toBe(earlier.id);
    for (const n of written) expect(n.deliveries.map((d) => d.channel)).toContain('EMAIL');
    // The earlier attempt's delivery goes out too, once, as does the new one (an email names its notification).
    const mailsOf = async (n: { id: string; userId: string }) => {
      const { email } = await stack.db.user.findUniqueOrThrow({
        where: { id: n.userId },
        select: { email: true },
      });
      return ctx.mail.to(email!).filter((m) => m.headers.get('x-gotong-notification') === n.id);
    };
    for (const n of written) await eventually(async () => (await mailsOf(n)).length > 0);
    await eventually(async () =>
      (
        await stack.db.notificationDelivery.findMany({
          where: { notificationId: { in: written.map((n) => n.id) } },
        })
      ).every((d) => d.status === 'SENT'),
    );
    for (const n of written) expect(await mailsOf(n)).toHaveLength(1);
  });

  it('tells each OPD with open work once that its project was cancelled, however many tasks it had', async () => {
    const code = `uji-batal-${randomBytes(3).toString('hex')}`;
    const step = (key: string, agency: string) => ({
      key,
      title: `Langkah ${key}`,
      instructions: 'Laporkan hasilnya.',
      owner: { agency },
      form: { fields: [{ key: 'summary', label: 'Ringkasan', type: 'longtext', required: true }] },
      sla: { amount: 5, unit: 'days' },
      dependsOn: [],
      escalation: { levels: [{ level: 1, timeout: { amount: 2, unit: 'days' }, repeats: 0 }] },
    });
    const template = await api('lead.bappeda').post('/templates', {
      code,
      name: 'Uji pembatalan proyek',
      description: 'Dua langkah DINSOS dan satu DINKES.',
      category: 'PROGRAM',
      parameters: [],
      steps: [step('data-pkh', 'DINSOS'), step('data-bpnt', 'DINSOS'), step('data-gizi', 'DINKES')],
    });
    expect(template.status).toBe(201);
    const started = await api('lead.bappeda').post('/projects/from-template', {
      templateCode: code,
      parameters: {},
    });
    expect(started.status).toBe(201);
    const projectId = started.body.id as string;
    await eventually(async () => (await stack.db.task.count({ where: { projectId } })) === 3);
    const assigned = (n: any) => n.projectId === projectId && n.kind === 'TASK_ASSIGNED';
    await eventually(async () => (await notesFor('staff.dinsos', assigned)).length === 2);

    const reason = 'Digabung dengan program provinsi';
    const cancelled = await api('lead.bappeda').post(`/projects/${projectId}/cancel`, { reason });
    expect(cancelled.status).toBe(200);
    await handled(`project:${projectId}:cancelled`);
    const ofProject = (n: any) => n.projectId === projectId && n.kind === 'PROJECT_CANCELLED';
    const note = await one('staff.dinsos', ofProject);
    expect(note.body).toContain(reason);
    expect(note.link).toBe(`/projects/${projectId}`);
    await one('kepala.dinsos', ofProject);
    await one('staff.dinkes', ofProject);
    // The tasks' own cancellations add nothing.
    await eventually(
      async () => (await stack.db.task.count({ where: { projectId, status: 'CANCELLED' } })) === 3,
    );
    const kinds = (await notesFor('staff.dinsos', (n) => n.projectId === projectId)).map((n) => n.kind);
    expect(kinds.sort()).toEqual(['PROJECT_CANCELLED', 'TASK_ASSIGNED', 'TASK_ASSIGNED']);
    expect(await notesFor('staff.dpupr', ofProject)).toHaveLength(0);
    expect(await notesFor('lead.bappeda', ofProject)).toHaveLength(0);
  });

  it('tells the OPD, the lead and the ladder of extensions, escalations, reviews, returns and releases', async () => {
    const { id: projectId, tasks } = await startProject(`Data gizi buruk ${randomBytes(2).toString('hex')}`, [
      'DINKES',
    ]);
    const taskId = tasks[0]!.id;
    expect((await api('staff.dinkes').post(`/tasks/${taskId}/claim`)).status).toBe(200);
    await eventually(async () => (await stack.db.task.findUnique({ where: { id: taskId } }))?.assigneeId);
    const onTask = (kind: string) => (n: any) => n.taskId === taskId && n.kind === kind;
    const due = '2026-12-24T08:00:00.000Z';

    // A leader extends the deadline: the OPD and the lead hear of the new date, the leader does not.
    await record({
      action: 'DEADLINE_EXTENDED',
      projectId,
      taskId,
      actorUserId: ids['sekda'],
      detail: { level: 2, extension: '3d', reason: 'Menunggu data posyandu', dueAt: due },
    });
    for (const user of ['staff.dinkes', 'kepala.dinkes', 'lead.bappeda']) {
      const n = await one(user, onTask('DEADLINE_EXTENDED'));
      expect(n.body).toContain(`Batas waktu baru: ${formatDateTime(due, 'id')}.`);
    }
    expect(await notesFor('sekda', onTask('DEADLINE_EXTENDED'))).toHaveLength(0);

    // Level 2: the Sekda, and the OPD itself (its Kepala and whoever works the task), through quiet hours.
    await record({ action: 'TASK_ESCALATED', projectId, taskId, detail: { level: 2, dueAt: due } });
    for (const user of ['sekda', 'kepala.dinkes', 'staff.dinkes']) {
      expect(await one(user, onTask('TASK_ESCALATED'))).toMatchObject({ urgent: true });
    }
    expect(await notesFor('bupati', onTask('TASK_ESCALATED'))).toHaveLength(0);

    // The review clock: the lead is reminded; an overdue review climbs the lead's ladder, never the task's OPD.
    await record({ action: 'REVIEW_REMINDER', projectId, taskId, detail: { dueAt: due } });
    expect((await one('lead.bappeda', onTask('REVIEW_REMINDER'))).body).toContain(formatDateTime(due, 'id'));
    const reviewLate = await record({
      action: 'REVIEW_ESCALATED',
      projectId,
      taskId,
      detail: { level: 2, dueAt: due, leadAgencyId: agencyIds['BAPPEDA'] },
    });
    expect(await one('lead.bappeda', onTask('REVIEW_ESCALATED'))).toMatchObject({ urgent: true });
    await one('sekda', onTask('REVIEW_ESCALATED'));
    await handled(reviewLate);
    expect(await notesFor('kepala.dinkes', onTask('REVIEW_ESCALATED'))).toHaveLength(0);
    expect(await notesFor('staff.dinkes', onTask('REVIEW_ESCALATED'))).toHaveLength(0);
    expect(await notesFor('staff.dinkes', onTask('REVIEW_REMINDER'))).toHaveLength(0);

    // A return with its revision deadline.
    await record({
      action: 'CONTRIBUTION_RETURNED',
      projectId,
      taskId,
      actorUserId: ids['lead.bappeda'],
      detail: { version: 1, note: 'Tambahkan data Desa Tiris', dueAt: due },
    });
    const returned = await one('staff.dinkes', onTask('CONTRIBUTION_RETURNED'));
    expect(returned.body).toContain(`Batas waktu perbaikan: ${formatDateTime(due, 'id')}.`);
    expect(returned.body).toContain('Tambahkan data Desa Tiris');

    // A released claim: the Kepala OPD hears that nobody is on it; who released it does not.
    const released = await record({
      action: 'TASK_RELEASED',
      projectId,
      taskId,
      actorUserId: ids['staff.dinkes'],
      actorAgencyId: agencyIds['DINKES'],
      detail: { reason: 'Cuti melahirkan' },
    });
    expect((await one('kepala.dinkes', onTask('TASK_RELEASED'))).body).toContain('Cuti melahirkan');
    await handled(released);
    expect(await notesFor('staff.dinkes', onTask('TASK_RELEASED'))).toHaveLength(0);
    // The Kepala OPD releases someone's claim: that person hears of it, the Kepala does not.
    const byHead = await record({
      action: 'TASK_RELEASED',
      projectId,
      taskId,
      actorUserId: ids['kepala.dinkes'],
      actorAgencyId: agencyIds['DINKES'],
      detail: { fromUserId: ids['staff.dinkes'] },
    });
    expect((await one('staff.dinkes', onTask('TASK_RELEASED'))).body).toMatch(/ dari .+\./);
    await handled(byHead);
    expect(await notesFor('kepala.dinkes', onTask('TASK_RELEASED'))).toHaveLength(1);

    // Steps accepted automatically ask nobody to review and announce no acceptance.
    const auto = await record({
      action: 'CONTRIBUTION_SUBMITTED',
      projectId,
      taskId,
      actorUserId: ids['staff.dinkes'],
      detail: { version: 2, autoAccepted: true },
    });
    const autoAccepted = await record({
      action: 'CONTRIBUTION_ACCEPTED',
      projectId,
      taskId,
      detail: { version: 2, note: null, automatic: true },
    });
    await handled(auto);
    await handled(autoAccepted);
    expect(
      await stack.db.notification.count({
        where: { taskId, kind: { in: ['CONTRIBUTION_SUBMITTED', 'CONTRIBUTION_ACCEPTED'] } },
      }),
    ).toBe(0);
  });

  it('tells the OPD that gave a task away as well as the one that received it', async () => {
    const { tasks } = await startProject(`Jalan desa Tiris ${randomBytes(2).toString('hex')}`, ['DINSOS']);
    const taskId = tasks[0]!.id;
    const reason = 'Jalan desa adalah kewenangan DPUPR';
    const moved = await api('lead.bappeda').post(`/tasks/${taskId}/reassign`, {
      toAgencyCode: 'DPUPR',
      reason,
    });
    expect(moved.status).toBe(200);
    const reassigned = (n: any) => n.taskId === taskId && n.kind === 'TASK_REASSIGNED';
    for (const user of ['staff.dpupr', 'kepala.dpupr', 'staff.dinsos', 'kepala.dinsos']) {
      const n = await one(user, reassigned);
      expect(n.body).toContain('dialihkan dari Dinas Sosial ke Dinas Pekerjaan Umum');
      expect(n.body).toContain(reason);
    }
  });

  it('in an emergency: the ack deadline, missed acks to the command, no review requests, resource answers', async () => {
    const declared = await api('staff.bpbd').post('/incidents', {
      type: 'banjir',
      severity: 'BERAT',
      kecamatan: ['35.13.23'],
      desa: [],
      description: `Luapan Sungai Tongas (uji #17 ${randomBytes(2).toString('hex')})`,
    });
    expect(declared.status).toBe(201);
    const projectId = declared.body.projectId as string;
    const ack = await eventually(
      () =>
        stack.db.task
          .findFirst({ where: { projectId, agencyId: agencyIds['DPUPR'], stepKey: { startsWith: 'ack-' } } })
          .then((t) => t ?? undefined),
      40_000,
    );
    const mobilised = (n: any) => n.projectId === projectId && n.kind === 'OPD_MOBILISED';

    // The mobilisation states the acknowledgement deadline: the event's, else the open ack task's.
    const ackDueAt = '2026-12-24T09:30:00.000Z';
    await record({
      action: 'OPD_MOBILISED',
      projectId,
      actorAgencyId: agencyIds['DPUPR'],
      detail: { agency: 'DPUPR', clusters: ['SARANA_PRASARANA'], ackDueAt },
    });
    const withDue = await eventually(async () =>
      (await notesFor('staff.dpupr', mobilised)).find((n) => n.body.includes(formatDateTime(ackDueAt, 'id'))),
    );
    expect(withDue.urgent).toBe(true);
    expect(withDue.body).toContain('Mohon konfirmasi kesiapan paling lambat');
    await record({
      action: 'OPD_MOBILISED',
      projectId,
      actorAgencyId: agencyIds['DPUPR'],
      detail: { agency: 'DPUPR', clusters: ['SARANA_PRASARANA'] },
    });
    await eventually(async () =>
      (await notesFor('staff.dpupr', mobilised)).some((n) =>
        n.body.includes(`paling lambat ${formatDateTime(ack.dueAt.toISOString(), 'id')}`),
      ),
    );

    // A missed acknowledgement: the OPD's ladder and the command (the declarer and BPBD's Kepala), at once.
    await record({
      action: 'TASK_ESCALATED',
      projectId,
      taskId: ack.id,
      actorAgencyId: agencyIds['DPUPR'],
      detail: { level: 1, dueAt: ack.dueAt.toISOString() },
    });
    const ackMissing = (n: any) => n.taskId === ack.id && n.kind === 'ACK_MISSING';
    for (const user of ['kepala.dpupr', 'staff.bpbd', 'kepala.bpbd']) {
      const n = await one(user, ackMissing);
      expect(n).toMatchObject({ urgent: true });
      expect(n.title).toContain('konfirmasi kesiapan Dinas Pekerjaan Umum');
    }
    // A reminder of it reaches the OPD's team and the command too.
    await record({
      action: 'TASK_REMINDER',
      projectId,
      taskId: ack.id,
      actorAgencyId: agencyIds['DPUPR'],
      detail: { percentOfSla: 50, dueAt: ack.dueAt.toISOString() },
    });
    await eventually(async () => (await notesFor('staff.bpbd', ackMissing)).length === 2);
    await eventually(async () => (await notesFor('staff.dpupr', ackMissing)).length === 1);

    // An acknowledgement is accepted automatically: nobody is asked to review it.
    const submitted = await record({
      action: 'CONTRIBUTION_SUBMITTED',
      projectId,
      taskId: ack.id,
      actorUserId: ids['staff.dpupr'],
      detail: { version: 1 },
    });
    await handled(submitted);
    expect(
      await stack.db.notification.count({ where: { taskId: ack.id, kind: 'CONTRIBUTION_SUBMITTED' } }),
    ).toBe(0);

    // A late sitrep: the OPD and the command are reminded (not through quiet hours); from level 2 the Sekda,
    // the OPD's Kepala and the command hear of it at once. Its submission asks nobody to review it.
    const sitrepId = randomUUID();
    await stack.db.task.create({
      data: {
        id: sitrepId,
        projectId,
        workflowId: `test-sitrep-${sitrepId}`,
        stepKey: 'sitrep-dpupr-99',
        agencyId: agencyIds['DPUPR']!,
        title: 'Laporan situasi #99',
        dueAt: new Date(Date.now() + 3_600_000),
      },
    });
    await record({
      action: 'TASK_REMINDER',
      projectId,
      taskId: sitrepId,
      actorAgencyId: agencyIds['DPUPR'],
      detail: { percentOfSla: 75, dueAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const sitrepMissing = (n: any) => n.taskId === sitrepId && n.kind === 'SITREP_MISSING';
    for (const user of ['staff.dpupr', 'staff.bpbd', 'kepala.bpbd']) {
      const n = await one(user, sitrepMissing);
      expect(n).toMatchObject({ urgent: false });
      expect(n.title).toContain('laporan situasi Dinas Pekerjaan Umum');
    }
    await record({
      action: 'TASK_ESCALATED',
      projectId,
      taskId: sitrepId,
      actorAgencyId: agencyIds['DPUPR'],
      detail: { level: 2, dueAt: new Date().toISOString() },
    });
    expect(await one('sekda', sitrepMissing)).toMatchObject({ urgent: true });
    // The Kepala OPD (of the team that was reminded) and the command now have the reminder and the escalation.
    for (const user of ['kepala.dpupr', 'kepala.bpbd']) {
      const both = await eventually(async () => {
        const found = await notesFor(user, sitrepMissing);
        return found.length === 2 ? found : undefined;
      });
      expect(both.map((n) => n.urgent).sort()).toEqual([false, true]);
    }
    const sitrepSent = await record({
      action: 'CONTRIBUTION_SUBMITTED',
      projectId,
      taskId: sitrepId,
      actorUserId: ids['staff.dpupr'],
      detail: { version: 1 },
    });
    await handled(sitrepSent);
    expect(
      await stack.db.notification.count({ where: { taskId: sitrepId, kind: 'CONTRIBUTION_SUBMITTED' } }),
    ).toBe(0);

    // A refused resource request: the requesting OPD hears, with the reason; not through quiet hours.
    await record({
      eventKey: `request:${randomUUID()}:REFUSED`,
      action: 'RESOURCE_REFUSED',
      projectId,
      actorAgencyId: agencyIds['DPUPR'],
      detail: {
        item: 'Ekskavator',
        quantity: 2,
        unit: 'unit',
        reason: 'Semua ekskavator dipakai di Gending',
        requestingAgencyId: agencyIds['BPBD'],
        providingAgencyId: agencyIds['DPUPR'],
      },
    });
    const refused = await one(
      'staff.bpbd',
      (n) => n.projectId === projectId && n.kind === 'RESOURCE_REQUEST',
    );
    expect(refused).toMatchObject({ urgent: false, link: `/incidents/${declared.body.id}` });
    expect(refused.title).toContain('Ditolak oleh Dinas Pekerjaan Umum');
    expect(refused.body).toContain('Alasan: Semua ekskavator dipakai di Gending');
    expect(
      await notesFor('staff.dpupr', (n) => n.projectId === projectId && n.kind === 'RESOURCE_REQUEST'),
    ).toHaveLength(0);

    // A request written the way the activity writes it today (no agency ids in the detail): the request row
    // says who is on which side, and the providing OPD hears of it.
    const requestId = randomUUID();
    await stack.db.resourceRequest.create({
      data: {
        id: requestId,
        incidentId: declared.body.id,
        fromAgencyId: agencyIds['BPBD']!,
        toAgencyId: agencyIds['DPUPR']!,
        item: 'Pompa air',
        quantity: 3,
        unit: 'unit',
        requestedById: ids['staff.bpbd']!,
        requestedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    await record({
      eventKey: `request:${requestId}:REQUESTED`,
      action: 'RESOURCE_REQUESTED',
      projectId,
      actorAgencyId: agencyIds['BPBD'],
      detail: { item: 'Pompa air', quantity: 3, unit: 'unit', reason: null },
    });
    const requested = await one(
      'kepala.dpupr',
      (n) => n.projectId === projectId && n.kind === 'RESOURCE_REQUEST' && n.body.includes('Pompa air'),
    );
    expect(requested.title).toContain('Diminta oleh Badan Penanggulangan Bencana Daerah');
    expect(requested.body).toContain(
      'Permintaan 3 unit Pompa air dari Badan Penanggulangan Bencana Daerah kepada Dinas',
    );
  }, 120_000);

  it('tells the walidata and the OPDs once of the conflicts one acceptance opens', async () => {
    const period = `2099-${String(1 + (randomBytes(1)[0]! % 12)).padStart(2, '0')}-${randomBytes(2).toString('hex')}`;
    const openedAt = new Date();
    const keys = ['35.13.23', '35.13.01'].map((areaCode) => ({
      id: randomUUID(),
      indicatorCode: 'BALITA_STUNTING',
      areaCode,
      period,
      breakdown: '',
    }));
    await stack.db.dataConflict.createMany({
      data: keys.map((k) => ({ ...k, openKey: `${k.indicatorCode}|${k.areaCode}|${k.period}|`, openedAt })),
    });
    const values = [
      { agencyId: agencyIds['DINKES'], value: 120 },
      { agencyId: agencyIds['DINSOS'], value: 180 },
    ];
    const eventKeys = await stack.db.$transaction(async (tx) => {
      const written: string[] = [];
      for (const { id, ...key } of keys) {
        const eventKey = `data-conflict:${id}:opened`;
        await audit(tx, {
          eventKey,
          action: 'DATA_CONFLICT_OPENED',
          detail: { ...key, values },
          occurredAt: openedAt,
        });
        written.push(eventKey);
      }
      return written;
    });
    for (const key of eventKeys) await handled(key);
    const conflict = (n: any) => n.kind === 'DATA_CONFLICT_OPENED' && n.title.includes(period);
    for (const user of ['walidata', 'staff.dinkes', 'kepala.dinsos']) {
      const n = await one(user, conflict);
      expect(n).toMatchObject({ urgent: false, link: '/data/conflicts' });
      expect(n.body).toMatch(/Dinas Kesehatan: 120\nDinas Sosial: 180/);
      expect(n.body).toContain('Bersama 1 sel lain');
    }
    expect(await notesFor('staff.dpupr', conflict)).toHaveLength(0);
  });
});
