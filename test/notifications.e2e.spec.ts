import { randomBytes, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { QueueService } from '../apps/notifier/src/queues';
import {
  openStream,
  startNotifierStack,
  type MailSink,
  type NotifierStack,
  type WebhookSink,
} from './support/notifier';
import { eventually, type Stack } from './support/stack';

/**
 * Notifications through the real stack: API, Temporal worker, Postgres outbox, the notifier's BullMQ workers on
 * Redis, a real SMTP server and a real webhook receiver on loopback. Who hears what, on which channel, in which
 * language, when (quiet hours, emergencies), and that nothing is sent twice.
 */
describe('notifications (outbox → BullMQ → in-app, email, webhook)', () => {
  let ctx: NotifierStack;
  let stack: Stack;
  let notifier: NotifierStack['notifier'];
  let mail: MailSink;
  let webhook: WebhookSink;
  const tokens: Record<string, string> = {};
  const api = (username: string) => ctx.api(username);
  const put = async (username: string, path: string, body: unknown) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens[username]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    ctx = await startNotifierStack({
      label: 'notify',
      webhookSecret: randomBytes(32).toString('hex'),
      env: { NOTIFY_ATTEMPTS: '3', NOTIFY_BACKOFF: '200ms' },
      users: [
        'lead.bappeda',
        'staff.dinkes',
        'kepala.dinkes',
        'staff.dinsos',
        'kepala.dinsos',
        'staff.dpupr',
        'kepala.dpupr',
        'staff.bpbd',
        'sekda',
        'bupati',
        'wabup',
        'admin',
      ],
    });
    ({ stack, notifier, mail } = ctx);
    webhook = ctx.webhook!;
    Object.assign(tokens, ctx.tokens);
  }, 120_000);

  afterAll(async () => {
    await ctx?.stop();
  });

  const email = (username: string) => `${username}@probolinggokab.go.id`;
  const inbox = async (username: string, query = '') => {
    const res = await api(username).get(`/notifications?pageSize=100${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: any[]; unread: number; total: number };
  };
  const notificationsFor = async (username: string, filter: (n: any) => boolean) =>
    (await inbox(username)).items.filter(filter);
  const phoneOf = async (username: string) =>
    (await api(username).get('/me/notification-preferences')).body.addresses.phone as string;

  async function startProject(title: string, agencyCodes: string[], sla = { amount: 1, unit: 'hours' }) {
    const res = await api('lead.bappeda').post('/projects', { title, agencyCodes, sla });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const steps = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${id}`);
      const withTask = project.body.steps?.filter((s: any) => s.task !== null) ?? [];
      return withTask.length === agencyCodes.length ? withTask : undefined;
    });
    return { id, tasks: steps.map((s: any) => s.task) as { id: string; agency: { code: string } }[] };
  }

  it('tells the OPD about a new task in-app (live), by email and by signed webhook, exactly once', async () => {
    const stream = await openStream(`${stack.baseUrl}/notifications/stream`, tokens['staff.dinkes']!);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/text\/event-stream/);
    await eventually(() => stream.events.some((e) => e.event === 'unread'));

    const title = `Posyandu keliling Kecamatan Krucil ${randomBytes(2).toString('hex')}`;
    const { tasks } = await startProject(title, ['DINKES']);
    const taskId = tasks[0]!.id;
    const mine = (n: any) => n.taskId === taskId && n.kind === 'TASK_ASSIGNED';

    const [staffNote] = await eventually(async () => {
      const found = await notificationsFor('staff.dinkes', mine);
      return found.length > 0 ? found : undefined;
    });
    expect(staffNote).toMatchObject({ urgent: false, link: `/tasks/${taskId}`, readAt: null });
    expect(staffNote.title).toContain(title.slice(0, 40));
    // The OPD's head hears too; another OPD and the lead who started it do not.
    await eventually(async () => (await notificationsFor('kepala.dinkes', mine)).length === 1);
    expect(await notificationsFor('staff.dinsos', mine)).toHaveLength(0);
    expect(await notificationsFor('lead.bappeda', mine)).toHaveLength(0);

    // Pushed live to the open stream, with the new unread count.
    const live = await eventually(() =>
      stream.events.find((e) => e.event === 'notification' && e.data.notification.id === staffNote.id),
    );
    expect(live.data.unreadCount).toBeGreaterThanOrEqual(1);
    await stream.close();

    // Email in Indonesian (the default), with a link back to the task.
    const [message] = await eventually(() => {
      const found = mail.to(email('staff.dinkes')).filter((m) => m.subject === staffNote.title);
      return found.length > 0 ? found : undefined;
    });
    expect(message!.text).toContain(`https://gotong.probolinggokab.go.id/tasks/${taskId}`);
    expect(message!.text).toContain(staffNote.body.split('\n')[0]);
    expect(message!.html).toContain(`href="https://gotong.probolinggokab.go.id/tasks/${taskId}"`);

    // The WhatsApp/SMS gateway gets a signed request for the same notification.
    const phone = await phoneOf('staff.dinkes');
    const [request] = await eventually(() => {
      const found = webhook.for(phone).filter((r) => r.json.notificationId === staffNote.id);
      return found.length > 0 ? found : undefined;
    });
    expect(request!.signatureValid).toBe(true);
    expect(request!.json).toMatchObject({
      event: 'TASK_ASSIGNED',
      language: 'id',
      message: { title: staffNote.title, link: `https://gotong.probolinggokab.go.id/tasks/${taskId}` },
    });
    expect(request!.headers['idempotency-key']).toBe(request!.json.id);

    // The event handled a second time (as when Redis restarted empty before the row was marked processed and
    // it is relayed again) sends nothing twice.
    const row = await stack.db.outboxMessage.findFirstOrThrow({
      where: { topic: 'audit', payload: { path: ['taskId'], equals: taskId } },
    });
    expect(row.processedAt).not.toBeNull();
    await notifier.app.get(QueueService).queue('notify-events').remove(`outbox-${row.id}`);
    await stack.db.outboxMessage.update({
      where: { id: row.id },
      data: { relayedAt: null, processedAt: null },
    });
    await eventually(async () => {
      const again = await stack.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      return again.processedAt !== null && again.attempts >= 2;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await notificationsFor('staff.dinkes', mine)).toHaveLength(1);
    expect(mail.to(email('staff.dinkes')).filter((m) => m.subject === staffNote.title)).toHaveLength(1);
    expect(webhook.for(phone).filter((r) => r.json.notificationId === staffNote.id)).toHaveLength(1);

    // Read state is per user; nobody reads or marks someone else's notification.
    const unreadBefore = (await api('staff.dinkes').get('/notifications/unread-count')).body.unreadCount;
    const read = await api('staff.dinkes').post(`/notifications/${staffNote.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect(read.body.unreadCount).toBe(unreadBefore - 1);
    expect((await api('kepala.dinkes').post(`/notifications/${staffNote.id}/read`)).status).toBe(404);
    expect((await api('kepala.dinkes').get(`/notifications/${staffNote.id}`)).status).toBe(404);
    expect((await api('staff.dinkes').get('/notifications/not-a-uuid')).status).toBe(400);
    expect((await inbox('staff.dinkes', '&unread=true')).items.map((n) => n.id)).not.toContain(staffNote.id);
  });

  it('tells the lead about a submission and the OPD about a returned contribution, with the reason', async () => {
    const { tasks } = await startProject(`Rekap PMT balita ${randomBytes(2).toString('hex')}`, ['DINSOS']);
    const taskId = tasks[0]!.id;
    expect((await api('staff.dinsos').post(`/tasks/${taskId}/claim`)).status).toBe(200);
    expect(
      (
        await api('staff.dinsos').post(`/tasks/${taskId}/contribution`, {
          values: { summary: 'PMT 120 paket' },
        })
      ).status,
    ).toBe(200);
    const submitted = await eventually(async () => {
      const [n] = await notificationsFor(
        'lead.bappeda',
        (x) => x.taskId === taskId && x.kind === 'CONTRIBUTION_SUBMITTED',
      );
      return n;
    });
    expect(submitted.link).toBe(`/tasks/${taskId}`);

    const note = 'Lampirkan rincian per desa';
    expect(
      (await api('lead.bappeda').post(`/tasks/${taskId}/review`, { decision: 'RETURN', note })).status,
    ).toBe(200);
    const returned = await eventually(async () => {
      const [n] = await notificationsFor(
        'staff.dinsos',
        (x) => x.taskId === taskId && x.kind === 'CONTRIBUTION_RETURNED',
      );
      return n;
    });
    expect(returned.body).toContain(note);
    // The OPD's head hears of it too; the lead who returned it does not.
    await eventually(
      async () =>
        (
          await notificationsFor(
            'kepala.dinsos',
            (x) => x.taskId === taskId && x.kind === 'CONTRIBUTION_RETURNED',
          )
        ).length === 1,
    );
    expect(
      await notificationsFor(
        'lead.bappeda',
        (x) => x.taskId === taskId && x.kind === 'CONTRIBUTION_RETURNED',
      ),
    ).toHaveLength(0);
  });

  it('climbs the ladder: Kepala OPD at level 1, Sekda at level 2, Bupati and Wakil Bupati at level 3', async () => {
    const code = `uji-tangga-${randomBytes(3).toString('hex')}`;
    const seconds = (amount: number) => ({ amount, unit: 'seconds' });
    const template = await api('lead.bappeda').post('/templates', {
      code,
      name: 'Uji tangga eskalasi',
      description: 'Satu langkah DPUPR dengan tenggat dan tangga dalam detik.',
      category: 'INFRASTRUCTURE',
      parameters: [],
      steps: [
        {
          key: 'tambal-jalan',
          title: 'Tambal jalan berlubang Leces',
          instructions: 'Laporkan hasil penambalan.',
          owner: { agency: 'DPUPR' },
          form: { fields: [{ key: 'summary', label: 'Ringkasan', type: 'longtext', required: true }] },
          sla: seconds(2),
          dependsOn: [],
          escalation: {
            levels: [
              { level: 1, timeout: seconds(2), repeats: 0 },
              { level: 2, timeout: seconds(2), repeats: 0 },
              { level: 3, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
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

    const escalationsOf = async (username: string) =>
      (await notificationsFor(username, (n) => n.taskId === task.id && n.kind === 'TASK_ESCALATED')).map(
        (n) => n.title,
      );
    await eventually(async () => (await escalationsOf('bupati')).length === 1, 60_000);
    await eventually(async () => (await escalationsOf('wabup')).length === 1);
    expect(await escalationsOf('sekda')).toHaveLength(1);
    // Each rung hears of its own level; from level 2 up the OPD's Kepala is told too (three in all). Nobody
    // has claimed the task, so the staff get the reminders, not the escalations.
    const forKepala = await eventually(async () => {
      const titles = await escalationsOf('kepala.dpupr');
      return titles.length === 3 ? titles : undefined;
    });
    const [s, b] = [(await escalationsOf('sekda'))[0], (await escalationsOf('bupati'))[0]];
    const k = forKepala.find((t) => t.includes('tingkat 1'));
    expect(new Set([k, s, b]).size).toBe(3);
    expect(forKepala).toEqual(expect.arrayContaining([k, s, b]));
    expect(await escalationsOf('staff.dpupr')).toHaveLength(0);
    const reminders = await notificationsFor(
      'staff.dpupr',
      (n) => n.taskId === task.id && n.kind === 'TASK_REMINDER',
    );
    expect(reminders).toHaveLength(2);
  }, 90_000);

  it("tells the OPD and the lead of a leader's instruction, and the new OPD of a reassigned task", async () => {
    const { tasks } = await startProject(`Data PKH terlambat ${randomBytes(2).toString('hex')}`, ['DINSOS'], {
      amount: 2,
      unit: 'seconds',
    });
    const taskId = tasks[0]!.id;
    const escalation = await eventually(() =>
      stack.db.escalation
        .findFirst({ where: { taskId, level: 1, status: 'OPEN' } })
        .then((e) => e ?? undefined),
    );
    const instruction = 'Kirim data PKH lima desa paling lambat Jumat';
    // Leadership answers (separation of duties: DINSOS's own Kepala does not answer its escalation).
    const answered = await api('sekda').post(`/escalations/${escalation.id}/answer`, { instruction });
    expect(answered.status).toBe(200);
    const forStaff = await eventually(async () => {
      const [n] = await notificationsFor(
        'staff.dinsos',
        (x) => x.taskId === taskId && x.kind === 'ESCALATION_ANSWERED',
      );
      return n;
    });
    expect(forStaff.body).toContain(instruction);
    await eventually(
      async () =>
        (
          await notificationsFor(
            'lead.bappeda',
            (x) => x.taskId === taskId && x.kind === 'ESCALATION_ANSWERED',
          )
        ).length === 1,
    );
    // The official who gave the instruction is not told about it.
    expect(
      await notificationsFor('sekda', (x) => x.taskId === taskId && x.kind === 'ESCALATION_ANSWERED'),
    ).toHaveLength(0);

    const reason = 'Jalan desa adalah kewenangan DPUPR';
    const moved = await api('lead.bappeda').post(`/tasks/${taskId}/reassign`, {
      toAgencyCode: 'DPUPR',
      reason,
    });
    expect(moved.status).toBe(200);
    for (const user of ['staff.dpupr', 'kepala.dpupr']) {
      const n = await eventually(async () => {
        const [found] = await notificationsFor(
          user,
          (x) => x.taskId === taskId && x.kind === 'TASK_REASSIGNED',
        );
        return found;
      });
      expect(n.body).toContain(reason);
    }
    // The OPD that gave it away hears of it too.
    const given = await eventually(async () => {
      const [found] = await notificationsFor(
        'staff.dinsos',
        (x) => x.taskId === taskId && x.kind === 'TASK_REASSIGNED',
      );
      return found;
    });
    expect(given.body).toContain('dialihkan dari Dinas Sosial ke Dinas Pekerjaan Umum dan Penataan Ruang.');
  }, 60_000);

  it('holds email and webhook through quiet hours, in the chosen language, but not for an emergency', async () => {
    const nowWib = DateTime.now().setZone('Asia/Jakarta');
    const quietHours = {
      start: nowWib.minus({ hours: 1 }).toFormat('HH:mm'),
      end: nowWib.plus({ hours: 2 }).toFormat('HH:mm'),
    };
    const prefs = await put('staff.dpupr', '/me/notification-preferences', { language: 'en', quietHours });
    expect(prefs.status).toBe(200);
    expect(prefs.body).toMatchObject({ email: true, webhook: true, language: 'en', quietHours });

    const { tasks } = await startProject(`Jembatan Desa Sumberbendo ${randomBytes(2).toString('hex')}`, [
      'DPUPR',
    ]);
    const taskId = tasks[0]!.id;
    const assigned = await eventually(async () => {
      const [n] = await notificationsFor(
        'staff.dpupr',
        (x) => x.taskId === taskId && x.kind === 'TASK_ASSIGNED',
      );
      return n;
    });
    // In-app at once, in English; the head (no preferences) gets Indonesian.
    const headCopy = await eventually(async () => {
      const [n] = await notificationsFor(
        'kepala.dpupr',
        (x) => x.taskId === taskId && x.kind === 'TASK_ASSIGNED',
      );
      return n;
    });
    expect(assigned.title).not.toBe(headCopy.title);
    const deliveries = await eventually(async () => {
      const rows = await stack.db.notificationDelivery.findMany({ where: { notificationId: assigned.id } });
      return rows.length === 2 ? rows : undefined;
    });
    for (const d of deliveries) {
      expect(d.status).toBe('PENDING');
      const end = DateTime.fromJSDate(d.notBefore).setZone('Asia/Jakarta');
      expect(end.toFormat('HH:mm')).toBe(quietHours.end);
      expect(end.toMillis()).toBeGreaterThan(Date.now() + 60 * 60_000);
    }
    await eventually(() => mail.to(email('kepala.dpupr')).some((m) => m.subject === headCopy.title));
    expect(mail.to(email('staff.dpupr')).filter((m) => m.subject === assigned.title)).toHaveLength(0);

    // An emergency goes through quiet hours: DPUPR is mobilised for a flood in Tongas.
    const declared = await api('staff.bpbd').post('/incidents', {
      type: 'banjir',
      severity: 'BERAT',
      kecamatan: ['35.13.23'],
      desa: [],
      description: `Luapan Sungai Tongas (uji notifikasi ${randomBytes(2).toString('hex')})`,
    });
    expect(declared.status).toBe(201);
    const mobilised = await eventually(async () => {
      const [n] = await notificationsFor(
        'staff.dpupr',
        (x) => x.kind === 'OPD_MOBILISED' && x.projectId === declared.body.projectId,
      );
      return n;
    }, 40_000);
    expect(mobilised.urgent).toBe(true);
    const urgentMail = await eventually(() =>
      mail.to(email('staff.dpupr')).find((m) => m.subject === mobilised.title),
    );
    expect(urgentMail.text).toContain('Open:');
    // Leadership hears of the declaration.
    await eventually(
      async () =>
        (
          await notificationsFor(
            'bupati',
            (x) => x.kind === 'INCIDENT_DECLARED' && x.projectId === declared.body.projectId,
          )
        ).length === 1,
    );
  }, 90_000);

  it('refuses bad preferences with what is wrong, and keeps the admin views to ADMIN', async () => {
    const bad = await put('staff.dinkes', '/me/notification-preferences', {
      language: 'fr',
      quietHours: { start: '25:00', end: '06:00' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/language must be one of/),
        expect.stringMatching(/start must be a time HH:mm/),
      ]),
    );
    const same = await put('staff.dinkes', '/me/notification-preferences', {
      quietHours: { start: '22:00', end: '22:00' },
    });
    expect(same.status).toBe(400);
    expect(same.body.message).toEqual(['quietHours: start and end must differ']);
    const unknown = await put('staff.dinkes', '/me/notification-preferences', { sms: true });
    expect(unknown.status).toBe(400);
    // Nothing was changed by the refused requests.
    expect((await api('staff.dinkes').get('/me/notification-preferences')).body).toMatchObject({
      language: 'id',
      quietHours: null,
    });

    for (const user of ['staff.dinkes', 'kepala.dinkes', 'sekda']) {
      expect((await api(user).get('/admin/notification-deliveries')).status).toBe(403);
      expect((await api(user).post('/admin/digests', { date: '2026-11-23' })).status).toBe(403);
    }
    const list = await api('admin').get('/admin/notification-deliveries?status=SENT&channel=EMAIL');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((d: any) => d.status === 'SENT' && d.channel === 'EMAIL')).toBe(true);
    const sent = list.body.items[0];
    const notDead = await api('admin').post(`/admin/notification-deliveries/${sent.id}/retry`);
    expect(notDead.status).toBe(409);
    expect((await api('admin').post(`/admin/notification-deliveries/${randomUUID()}/retry`)).status).toBe(
      404,
    );
    expect((await api('admin').get('/admin/notification-deliveries?status=LOST')).status).toBe(400);
    expect((await api('admin').post('/admin/digests', { date: '23-11-2026' })).status).toBe(400);
  });

  it('reports its health, with the outbox backlog', async () => {
    const res = await fetch(`${notifier.baseUrl}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
    expect(typeof body.outbox.pending).toBe('number');
  });
});
