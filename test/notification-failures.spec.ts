import { randomBytes } from 'node:crypto';
import { QueueService, DIGEST_SCHEDULER_ID } from '../apps/notifier/src/queues';
import {
  OwnRedis,
  startNotifierStack,
  type MailSink,
  type NotifierStack,
  type WebhookSink,
} from './support/notifier';
import { eventually, http, type Stack } from './support/stack';

/**
 * What happens when the outside world fails: a webhook gateway answering 5xx, 4xx or 429, an SMTP server that is
 * down, and Redis itself going away. The whole stack runs against a Redis server this test starts and stops.
 */
describe('notification failures (real SMTP, webhook receiver and a Redis the test stops)', () => {
  let redis: OwnRedis;
  let ctx: NotifierStack;
  let stack: Stack;
  let notifier: NotifierStack['notifier'];
  let mail: MailSink;
  let webhook: WebhookSink;
  const tokens: Record<string, string> = {};
  const api = (username: string) => http(stack.baseUrl, tokens[username]);
  const phones: Record<string, string> = {};

  beforeAll(async () => {
    redis = await OwnRedis.start();
    ctx = await startNotifierStack({
      label: 'failures',
      webhookSecret: randomBytes(32).toString('hex'),
      redis,
      env: { OUTBOX_REDELIVER_AFTER: '2s', NOTIFY_ATTEMPTS: '3', NOTIFY_BACKOFF: '200ms' },
      users: [
        'lead.bappeda',
        'staff.dinkes',
        'kepala.dinkes',
        'staff.dinsos',
        'kepala.dinsos',
        'staff.dpupr',
        'admin',
      ],
    });
    ({ stack, notifier, mail } = ctx);
    webhook = ctx.webhook!;
    Object.assign(tokens, ctx.tokens);
    for (const u of Object.keys(tokens)) {
      phones[u] = (await api(u).get('/me/notification-preferences')).body.addresses.phone;
    }
  }, 120_000);

  afterAll(async () => {
    await ctx?.stop();
    await redis?.down();
  });

  async function startProject(agencyCode: string, prefix = 'Uji kegagalan') {
    const title = `${prefix} ${agencyCode} ${randomBytes(3).toString('hex')}`;
    const res = await api('lead.bappeda').post('/projects', {
      title,
      agencyCodes: [agencyCode],
      sla: { amount: 1, unit: 'hours' },
    });
    expect(res.status).toBe(201);
    const task = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${res.body.id}`);
      return project.body.steps?.[0]?.task ?? undefined;
    });
    return { projectId: res.body.id as string, taskId: task.id as string, title };
  }

  /** The delivery of `username`'s TASK_ASSIGNED notification for a task on a channel, once it exists. */
  const delivery = (taskId: string, username: string, channel: 'EMAIL' | 'WEBHOOK') =>
    eventually(() =>
      stack.db.notificationDelivery
        .findFirst({
          where: { channel, notification: { taskId, kind: 'TASK_ASSIGNED', user: { username } } },
        })
        .then((d) => d ?? undefined),
    );

  it('retries a failing gateway, dead-letters it for ADMIN, who sends it once it is back', async () => {
    webhook.respond = (r) => (r.json.recipient.phone === phones['staff.dinkes'] ? 503 : 200);
    const { taskId } = await startProject('DINKES');
    const first = await delivery(taskId, 'staff.dinkes', 'WEBHOOK');
    const dead = await eventually(async () => {
      const d = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: first.id } });
      return d.status === 'DEAD' ? d : undefined;
    });
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toMatch(/503/);
    expect(webhook.requests.filter((r) => r.json.id === first.id)).toHaveLength(3);
    // Nothing blocked the workflow: the OPD works the task meanwhile.
    expect((await api('staff.dinkes').post(`/tasks/${taskId}/claim`)).status).toBe(200);

    const letters = await api('admin').get('/admin/notification-deliveries?status=DEAD&channel=WEBHOOK');
    expect(letters.status).toBe(200);
    const letter = letters.body.items.find((d: any) => d.id === first.id);
    expect(letter).toMatchObject({
      status: 'DEAD',
      attempts: 3,
      notification: { kind: 'TASK_ASSIGNED', user: { username: 'staff.dinkes' } },
    });

    webhook.respond = () => 200;
    const retry = await api('admin').post(`/admin/notification-deliveries/${first.id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'PENDING', generation: 1 });
    const sent = await eventually(async () => {
      const d = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: first.id } });
      return d.status === 'SENT' ? d : undefined;
    });
    expect(sent.attempts).toBe(1);
    expect(webhook.requests.filter((r) => r.json.id === first.id)).toHaveLength(4);
    // Retrying what was sent is refused.
    expect((await api('admin').post(`/admin/notification-deliveries/${first.id}/retry`)).status).toBe(409);
  });

  it('gives up at once on a 4xx, but retries a 429 until it goes through', async () => {
    let throttled = 0;
    webhook.respond = (r) => {
      if (r.json.recipient.phone === phones['kepala.dinsos']) return 400;
      if (r.json.recipient.phone === phones['staff.dinsos'] && throttled++ < 2) return 429;
      return 200;
    };
    const { taskId } = await startProject('DINSOS');
    const refused = await delivery(taskId, 'kepala.dinsos', 'WEBHOOK');
    const throttledDelivery = await delivery(taskId, 'staff.dinsos', 'WEBHOOK');
    await eventually(async () => {
      const d = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: refused.id } });
      return d.status === 'DEAD' && d.attempts === 1;
    });
    const sent = await eventually(async () => {
      const d = await stack.db.notificationDelivery.findUniqueOrThrow({
        where: { id: throttledDelivery.id },
      });
      return d.status === 'SENT' ? d : undefined;
    });
    expect(sent.attempts).toBe(3);
    expect(webhook.requests.filter((r) => r.json.id === refused.id)).toHaveLength(1);
    expect(webhook.requests.filter((r) => r.json.id === throttledDelivery.id)).toHaveLength(3);
    webhook.respond = () => 200;
  });

  it('retries while the SMTP server is down, dead-letters, and sends once after an ADMIN retry', async () => {
    await mail.down();
    const { taskId, title } = await startProject('DPUPR');
    const first = await delivery(taskId, 'staff.dpupr', 'EMAIL');
    const dead = await eventually(async () => {
      const d = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: first.id } });
      return d.status === 'DEAD' ? d : undefined;
    });
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toMatch(/ECONNREFUSED|connect/i);
    // The in-app notification is there regardless, and the task goes on.
    const inbox = await api('staff.dpupr').get('/notifications');
    expect(inbox.body.items.some((n: any) => n.taskId === taskId)).toBe(true);
    expect((await api('staff.dpupr').post(`/tasks/${taskId}/claim`)).status).toBe(200);

    await mail.up();
    expect((await api('admin').post(`/admin/notification-deliveries/${first.id}/retry`)).status).toBe(202);
    await eventually(async () => {
      const d = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: first.id } });
      return d.status === 'SENT';
    });
    const received = mail
      .to('staff.dpupr@probolinggokab.go.id')
      .filter((m) => m.subject?.includes(title.slice(0, 30)));
    expect(received).toHaveLength(1);
  });

  it('sends an email once when the database cannot record it at the moment it went out', async () => {
    // The database refuses the first SENT record of this project's email, as a restarting PostgreSQL does
    // just after the SMTP server accepted the message. (A sequence, unlike a row, is not rolled back.)
    await stack.db.$executeRawUnsafe(`CREATE SEQUENCE refuse_sent_once`);
    await stack.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_first_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'SENT' AND NEW.channel = 'EMAIL' THEN
          IF EXISTS (SELECT 1 FROM notification n JOIN joint_project p ON p.id = n.project_id
                      WHERE n.id = NEW.notification_id AND p.title LIKE 'Uji catat-ulang %') THEN
            IF nextval('refuse_sent_once') = 1 THEN
              RAISE EXCEPTION 'the database went away just now';
            END IF;
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await stack.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_first_sent BEFORE UPDATE ON notification_delivery
         FOR EACH ROW EXECUTE FUNCTION refuse_first_sent()`,
    );
    try {
      const { taskId, title } = await startProject('DPUPR', 'Uji catat-ulang');
      const email = await delivery(taskId, 'staff.dpupr', 'EMAIL');
      const sent = await eventually(async () => {
        const d = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: email.id } });
        return d.status === 'SENT' ? d : undefined;
      });
      const counter = await stack.db.$queryRawUnsafe<{ refused: bigint }[]>(
        `SELECT last_value AS refused FROM refuse_sent_once`,
      );
      expect(Number(counter[0]!.refused)).toBeGreaterThanOrEqual(2); // refused once, then recorded by the retry
      expect(sent.attempts).toBe(1);
      // Time for a wrongful second send to arrive, had there been one.
      await new Promise((r) => setTimeout(r, 2_000));
      const received = mail
        .to('staff.dpupr@probolinggokab.go.id')
        .filter((m) => m.subject?.includes(title.slice(0, 30)));
      expect(received).toHaveLength(1);
      expect(received[0]!.messageId).toBe(`<${email.id}@gotong.probolinggokab.go.id>`);
    } finally {
      await stack.db.$executeRawUnsafe(`DROP TRIGGER refuse_first_sent ON notification_delivery`);
      await stack.db.$executeRawUnsafe(`DROP FUNCTION refuse_first_sent()`);
      await stack.db.$executeRawUnsafe(`DROP SEQUENCE refuse_sent_once`);
    }
  });

  it('keeps working with Redis down and delivers everything once Redis is back (empty)', async () => {
    await redis.down();
    // The API serves (degraded), logins still work, workflows run.
    const health = await http(stack.baseUrl).get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', checks: { postgres: 'ok', temporal: 'ok' } });
    tokens['lead.bappeda'] = await stack.login('lead.bappeda');
    const { taskId, title } = await startProject('DINKES');
    const inbox = await api('staff.dinkes').get(`/inbox?status=ASSIGNED`);
    expect(inbox.body.items.map((t: any) => t.id)).toContain(taskId);

    // The notification waits in the outbox; nothing reaches anyone meanwhile.
    const row = await eventually(() =>
      stack.db.outboxMessage
        .findFirst({ where: { topic: 'audit', payload: { path: ['taskId'], equals: taskId } } })
        .then((r) => r ?? undefined),
    );
    const notifierHealth = await eventually(async () => {
      const res = await fetch(`${notifier.baseUrl}/health`);
      const body = (await res.json()) as any;
      return body.status === 'degraded' ? body : undefined;
    });
    expect(notifierHealth.checks.redis).toBe('unavailable');
    expect(notifierHealth.outbox.pending).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(
      (await stack.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).processedAt,
    ).toBeNull();
    expect(await stack.db.notification.count({ where: { taskId } })).toBe(0);

    // Redis comes back with nothing in it: the outbox is relayed and everyone hears, once.
    await redis.up();
    await eventually(async () => (await stack.db.notification.count({ where: { taskId } })) === 2, 30_000);
    await eventually(() =>
      mail.to('staff.dinkes@probolinggokab.go.id').some((m) => m.subject?.includes(title.slice(0, 30))),
    );
    await eventually(() =>
      webhook.for(phones['kepala.dinkes']!).some((r) => r.json.message.title.includes(title.slice(0, 30))),
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await stack.db.notification.count({ where: { taskId } })).toBe(2);
    expect(
      mail.to('staff.dinkes@probolinggokab.go.id').filter((m) => m.subject?.includes(title.slice(0, 30))),
    ).toHaveLength(1);
    expect(
      webhook.for(phones['kepala.dinkes']!).filter((r) => r.json.message.title.includes(title.slice(0, 30))),
    ).toHaveLength(1);
    // The digest schedule, lost with Redis's data, is registered again.
    await eventually(async () => {
      const scheduler = await notifier.app
        .get(QueueService)
        .queue('notify-events')
        .getJobScheduler(DIGEST_SCHEDULER_ID);
      return scheduler?.tz === 'Asia/Jakarta';
    });
  }, 90_000);
});
