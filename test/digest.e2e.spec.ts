import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { DigestService } from '../apps/notifier/src/digest.service';
import { DIGEST_SCHEDULER_ID, QueueService } from '../apps/notifier/src/queues';
import { INDONESIA_HOLIDAYS } from '@gotong/domain/holidays';
import { startNotifierStack, type MailSink, type NotifierStack } from './support/notifier';
import { eventually, http, type Stack } from './support/stack';

const WIB = 'Asia/Jakarta';
const DPUPR_NAME = 'Dinas Pekerjaan Umum dan Penataan Ruang';
const DINSOS_NAME = 'Dinas Sosial';

/**
 * The leadership digest through the real stack: API, Temporal worker, Postgres outbox, the notifier's BullMQ
 * workers and job scheduler on Redis, a real SMTP server on loopback. Who gets the day's summary of overdue
 * work and open escalations, that it goes out once per person per day, when it is scheduled, and that it
 * keeps quiet on weekends, holidays and cuti bersama.
 */
describe('leadership digest (overdue work and escalations, once a working day)', () => {
  let stack: Stack;
  let notifier: NotifierStack['notifier'];
  let mail: MailSink;
  let notifierStartedAt: number;
  const tokens: Record<string, string> = {};
  const api = (username: string) => http(stack.baseUrl, tokens[username]);
  const email = (username: string) => `${username}@probolinggokab.go.id`;

  let ctx: NotifierStack;

  beforeAll(async () => {
    notifierStartedAt = Date.now();
    ctx = await startNotifierStack({
      label: 'digest',
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
        'wabup',
        'admin',
      ],
    });
    ({ stack, notifier, mail } = ctx);
    Object.assign(tokens, ctx.tokens);
  }, 120_000);

  afterAll(async () => {
    await ctx?.stop();
  });

  const inbox = async (username: string) => {
    const res = await api(username).get('/notifications?pageSize=100');
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  /** "Senin, 23 November 2026": how the digest names its day. */
  const tanggal = (date: string) =>
    DateTime.fromISO(date, { zone: WIB }).setLocale('id').toFormat('cccc, d MMMM yyyy');
  /** The user's digest notifications for one day. */
  const digestsFor = async (username: string, date: string) =>
    (await inbox(username)).filter((n) => n.kind === 'DIGEST' && String(n.title).endsWith(tanggal(date)));

  async function startProject(title: string, agencyCodes: string[], sla: { amount: number; unit: string }) {
    const res = await api('lead.bappeda').post('/projects', { title, agencyCodes, sla });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const steps = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${id}`);
      const withTask = project.body.steps?.filter((s: any) => s.task !== null) ?? [];
      return withTask.length === agencyCodes.length ? withTask : undefined;
    });
    return steps.map((s: any) => s.task) as { id: string; title: string; agency: { code: string } }[];
  }

  /** Waits until the task is past its deadline and escalated to the Kepala OPD (level 1). */
  async function escalated(taskId: string, staff: string) {
    return eventually(async () => {
      const res = await api(staff).get(`/tasks/${taskId}`);
      return res.status === 200 && res.body.escalationLevel === 1 ? res.body : undefined;
    }, 60_000);
  }

  /** Waits until every digest.run outbox row written so far has been handled; returns how many there are. */
  async function digestRunsProcessed(expected: number) {
    return eventually(async () => {
      const rows = await stack.db.outboxMessage.findMany({ where: { topic: 'digest.run' } });
      return rows.length === expected && rows.every((r) => r.processedAt !== null) ? rows : undefined;
    });
  }

  it('sends leadership the regency digest and each Kepala OPD their own, once per person per day', async () => {
    const suffix = randomBytes(2).toString('hex');
    const twoSeconds = { amount: 2, unit: 'seconds' };
    // Two overdue DPUPR tasks, one overdue DINSOS task; DINKES has open work that is not yet due.
    const jalan = `Perbaikan jalan Desa Sumberbendo ${suffix}`;
    const jembatan = `Jembatan gantung Kecamatan Tiris ${suffix}`;
    const [jalanTask] = await startProject(jalan, ['DPUPR'], twoSeconds);
    const [jembatanDpupr, jembatanDinsos] = await startProject(jembatan, ['DPUPR', 'DINSOS'], twoSeconds);
    const posyandu = `Posyandu keliling Krucil ${suffix}`;
    const [posyanduTask] = await startProject(posyandu, ['DINKES'], { amount: 1, unit: 'days' });
    const dpuprTasks = [jalanTask!, jembatanDpupr!];
    expect(dpuprTasks.map((t) => t.agency.code)).toEqual(['DPUPR', 'DPUPR']);
    expect(jembatanDinsos!.agency.code).toBe('DINSOS');
    expect(posyanduTask!.agency.code).toBe('DINKES');
    for (const task of dpuprTasks) await escalated(task.id, 'staff.dpupr');
    await escalated(jembatanDinsos!.id, 'staff.dinsos');
    const notDue = (await api('staff.dinkes').get(`/tasks/${posyanduTask!.id}`)).body;
    expect(notDue.escalationLevel).toBe(0);
    expect(new Date(notDue.dueAt).getTime()).toBeGreaterThan(Date.now());

    // ADMIN sends today's digest (WIB).
    const today = DateTime.now().setZone(WIB).toISODate()!;
    const run = await api('admin').post('/admin/digests', { date: today });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ date: today, queued: true });
    await digestRunsProcessed(1);

    // Bupati, Wakil Bupati and Sekda: the regency's digest, naming every OPD with overdue work and the open
    // escalations at level 1 (Kepala OPD).
    const regencyDigests: Record<string, any> = {};
    for (const leader of ['sekda', 'bupati', 'wabup']) {
      const digests = await digestsFor(leader, today);
      expect(digests).toHaveLength(1);
      const [digest] = digests;
      expect(digest).toMatchObject({
        title: `Ringkasan harian Gotong — ${tanggal(today)}`,
        urgent: false,
        link: '/leadership',
        readAt: null,
      });
      const body = String(digest.body);
      expect(body).toContain('Tugas terlambat per OPD (3)');
      expect(body).toContain(`${DPUPR_NAME} (DPUPR): 2 tugas`);
      expect(body).toContain(`${DINSOS_NAME} (DINSOS): 1 tugas`);
      for (const task of [...dpuprTasks, jembatanDinsos!]) {
        expect(body).toContain(`- ${task.title} (proyek “`);
      }
      expect(body).toContain('Eskalasi terbuka per tingkat (3)');
      expect(body).toContain('Tingkat 1 (Kepala OPD): 3 eskalasi');
      for (const task of dpuprTasks) expect(body).toContain(`- ${task.title} (DPUPR): terbuka`);
      expect(body).toContain(`- ${jembatanDinsos!.title} (DINSOS): terbuka`);
      // Nothing of DINKES: its task is open but not overdue.
      expect(body).not.toContain('DINKES');
      expect(body).not.toContain(posyandu);
      expect(body).toContain('Tidak ada keadaan darurat yang sedang berjalan.');
      regencyDigests[leader] = digest;
    }

    // Kepala DPUPR: DPUPR's digest only, without the other OPDs' work.
    const [dpuprDigest, ...moreDpupr] = await digestsFor('kepala.dpupr', today);
    expect(moreDpupr).toHaveLength(0);
    expect(dpuprDigest).toMatchObject({
      title: `Ringkasan harian Gotong untuk ${DPUPR_NAME} — ${tanggal(today)}`,
      link: '/tasks?overdue=true',
    });
    expect(dpuprDigest.body).toContain('Tugas terlambat per OPD (2)');
    expect(dpuprDigest.body).toContain(`${DPUPR_NAME} (DPUPR): 2 tugas`);
    for (const task of dpuprTasks) expect(dpuprDigest.body).toContain(`- ${task.title} (DPUPR): terbuka`);
    expect(dpuprDigest.body).toContain('Tingkat 1 (Kepala OPD): 2 eskalasi');
    expect(dpuprDigest.body).not.toContain('DINSOS');
    expect(dpuprDigest.body).not.toContain(jembatanDinsos!.title);

    // Kepala DINSOS: their one overdue task.
    const [dinsosDigest, ...moreDinsos] = await digestsFor('kepala.dinsos', today);
    expect(moreDinsos).toHaveLength(0);
    expect(dinsosDigest.title).toBe(`Ringkasan harian Gotong untuk ${DINSOS_NAME} — ${tanggal(today)}`);
    expect(dinsosDigest.body).toContain(`- ${jembatanDinsos!.title} (DINSOS): terbuka`);
    expect(dinsosDigest.body).not.toContain('DPUPR');

    // Nothing in their OPD: no digest for the Kepala DINKES or BPBD. Staff, the lead and ADMIN get none.
    for (const user of [
      'kepala.dinkes',
      'kepala.bpbd',
      'staff.dinkes',
      'staff.dinsos',
      'staff.dpupr',
      'staff.bpbd',
      'lead.bappeda',
      'admin',
    ]) {
      expect((await inbox(user)).filter((n) => n.kind === 'DIGEST')).toHaveLength(0);
    }

    // By email too, under the same subject, with the overdue work in the text.
    const [bupatiMail] = await eventually(() => {
      const found = mail.to(email('bupati')).filter((m) => m.subject === regencyDigests.bupati.title);
      return found.length > 0 ? found : undefined;
    });
    for (const task of dpuprTasks) expect(bupatiMail!.text).toContain(task.title);
    expect(bupatiMail!.text).toContain('https://gotong.probolinggokab.go.id/leadership');
    await eventually(() => mail.to(email('kepala.dpupr')).some((m) => m.subject === dpuprDigest.title));
    await eventually(() => mail.to(email('sekda')).some((m) => m.subject === regencyDigests.sekda.title));
    await eventually(() => mail.to(email('wabup')).some((m) => m.subject === regencyDigests.wabup.title));
    expect(
      mail.to(email('kepala.dinkes')).filter((m) => m.subject?.startsWith('Ringkasan harian')),
    ).toHaveLength(0);

    // The same day again (an ADMIN pressing twice): accepted, handled, and nobody hears twice.
    const again = await api('admin').post('/admin/digests', { date: today });
    expect(again.status).toBe(202);
    const rows = await digestRunsProcessed(2);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
    for (const user of ['sekda', 'bupati', 'wabup', 'kepala.dpupr', 'kepala.dinsos']) {
      expect(await digestsFor(user, today)).toHaveLength(1);
    }
    expect((await inbox('kepala.dinkes')).filter((n) => n.kind === 'DIGEST')).toHaveLength(0);
    expect(await stack.db.notification.count({ where: { key: { startsWith: `digest:${today}:` } } })).toBe(5);
    // Give a stray second email time to arrive before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(mail.to(email('bupati')).filter((m) => m.subject === regencyDigests.bupati.title)).toHaveLength(1);
    expect(mail.to(email('kepala.dpupr')).filter((m) => m.subject === dpuprDigest.title)).toHaveLength(1);
  }, 120_000);

  it('is scheduled for 07:00 WIB on weekdays', async () => {
    const queue = notifier.app.get(QueueService).queue('notify-events');
    const scheduler = await queue.getJobScheduler(DIGEST_SCHEDULER_ID);
    expect(scheduler).toMatchObject({
      key: DIGEST_SCHEDULER_ID,
      name: 'digest.scheduled',
      pattern: '0 7 * * 1-5',
      tz: 'Asia/Jakarta',
    });
    const next = scheduler!.next!;
    expect(typeof next).toBe('number');
    const at = DateTime.fromMillis(next, { zone: WIB });
    expect(at.weekday).toBeLessThanOrEqual(5);
    expect(at.toFormat('HH:mm:ss.SSS')).toBe('07:00:00.000');
    // The first such morning after the notifier started: no weekday skipped (a later one only if a 07:00 has
    // passed since, and the job ran).
    expect(next).toBeGreaterThan(notifierStartedAt);
    let previous = at.minus({ days: 1 });
    while (previous.weekday > 5) previous = previous.minus({ days: 1 });
    expect(previous.toMillis()).toBeLessThanOrEqual(Date.now());

    // The run is waiting in Redis for that moment.
    const job = await queue.getJob(`repeat:${DIGEST_SCHEDULER_ID}:${next}`);
    expect(job?.name).toBe('digest.scheduled');
    expect(await job!.getState()).toBe('delayed');
  });

  it('keeps quiet on weekends, national holidays and cuti bersama when run by the schedule', async () => {
    const digests = notifier.app.get(DigestService);
    const holiday = (date: string) => INDONESIA_HOLIDAYS.find((h) => h.date === date);
    const weekday = (date: string) => DateTime.fromISO(date, { zone: WIB }).weekday;

    // Saturday 21 November 2026.
    expect(weekday('2026-11-21')).toBe(6);
    expect(await digests.isWorkingDay('2026-11-21')).toBe(false);
    // Proklamasi Kemerdekaan, Monday 17 August 2026.
    expect(holiday('2026-08-17')?.kind).toBe('NATIONAL_HOLIDAY');
    expect(weekday('2026-08-17')).toBe(1);
    expect(await digests.isWorkingDay('2026-08-17')).toBe(false);
    // Hari Lahir Pancasila, Monday 1 June 2026.
    expect(holiday('2026-06-01')?.kind).toBe('NATIONAL_HOLIDAY');
    expect(await digests.isWorkingDay('2026-06-01')).toBe(false);
    // Cuti bersama Kelahiran Yesus Kristus, Thursday 24 December 2026; cuti bersama Idulfitri, Monday 23 March.
    expect(holiday('2026-12-24')?.kind).toBe('CUTI_BERSAMA');
    expect(weekday('2026-12-24')).toBe(4);
    expect(await digests.isWorkingDay('2026-12-24')).toBe(false);
    expect(holiday('2026-03-23')?.kind).toBe('CUTI_BERSAMA');
    expect(await digests.isWorkingDay('2026-03-23')).toBe(false);
    // Ordinary Mondays.
    for (const monday of ['2026-11-23', '2026-11-30']) {
      expect(weekday(monday)).toBe(1);
      expect(holiday(monday)).toBeUndefined();
      expect(await digests.isWorkingDay(monday)).toBe(true);
    }

    // The scheduled run on a holiday sends nothing.
    for (const date of ['2026-08-17', '2026-12-24', '2026-11-21']) {
      await expect(digests.send(date, { skipNonWorkingDays: true })).resolves.toBe('not a working day');
      expect(await stack.db.notification.count({ where: { key: { startsWith: `digest:${date}:` } } })).toBe(
        0,
      );
    }
    // On a working day it does send (leadership always gets the regency digest).
    const today = DateTime.now().setZone(WIB).toISODate();
    const workingDay = ['2026-11-30', '2026-12-07'].find((d) => d !== today)!;
    await expect(digests.send(workingDay, { skipNonWorkingDays: true })).resolves.toBe('sent');
    expect(
      await stack.db.notification.count({ where: { key: { startsWith: `digest:${workingDay}:REGENCY:` } } }),
    ).toBe(3);
    for (const leader of ['sekda', 'bupati', 'wabup']) {
      expect(await digestsFor(leader, workingDay)).toHaveLength(1);
    }
  });
});
