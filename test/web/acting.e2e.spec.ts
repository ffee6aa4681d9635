import type { Browser } from 'playwright-core';
import { jakartaDate } from '@gotong/domain/acting';
import { startNotifierStack, type NotifierStack } from '../support/notifier';
import { eventually } from '../support/stack';
import {
  assertWebAppBuilt,
  launchChromium,
  openPage,
  screenshot,
  signIn,
  textOf,
  type WatchedPage,
} from './browser';

/**
 * Acting officials in the web app, in Chromium against the real stack (API, Temporal worker, notifier): the
 * Kepala DINKES appoints a staff member Plt. for a week on the Plt./Plh. page; a level-1 escalation of a
 * DINKES task then reaches the Plt.: the banner says they are Plt., the bell and the escalation board show
 * the escalation, without an answer form (separation of duties: acting as DINKES's Kepala, they are DINKES,
 * and nobody of the task's own OPD answers its escalation); the project's lead answers, and the Plt. reads the
 * instruction in the task's timeline.
 */
describe('web app: a Plt. Kepala OPD', () => {
  /** This file's own reason, so its clean-up ends only its own appointment. */
  const REASON = 'Kepala Dinas mengikuti pelatihan kepemimpinan nasional';
  let ctx: NotifierStack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const lastDay = jakartaDate(Date.now() + 6 * 24 * 60 * 60 * 1000);
  // As the banner writes it: "12 Des 2026".
  const until = new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${lastDay}T00:00:00Z`));

  beforeAll(async () => {
    assertWebAppBuilt();
    ctx = await startNotifierStack({
      label: 'webacting',
      users: ['lead.bappeda', 'kepala.dinkes', 'staff.dinkes'],
    });
    browser = await launchChromium();
  }, 120_000);

  afterEach(async () => {
    const seen = watched;
    watched = undefined;
    await seen?.close();
    expect(seen?.problems ?? []).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    // The Plt. stays in force for a week otherwise, and would take every DINKES level-1 notice of the files that
    // run after this one.
    await ctx?.stack.db.actingAppointment.updateMany({
      where: { reason: REASON, endedAt: null },
      data: { endedAt: new Date() },
    });
    await ctx?.stop();
  });

  it('lets the Kepala DINKES appoint a staff member Plt. for a week', async () => {
    // test/acting.e2e.spec.ts appoints to the same post for a few seconds and ends it: wait until it is free.
    await eventually(async () => {
      const current = await ctx
        .api('kepala.dinkes')
        .get('/acting-appointments?status=current&agencyCode=DINKES');
      return current.status === 200 && (current.body as unknown[]).length === 0 ? true : undefined;
    }, 90_000);
    watched = await openPage(browser, ctx.stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'kepala.dinkes');
    await page.getByRole('link', { name: 'Plt. / Plh.' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plt. / Plh.' }).waitFor();
    await page.getByText('Jabatan: Kepala Dinas Kesehatan (DINKES)').waitFor();

    const form = page.getByRole('region', { name: 'Tunjuk Plt. / Plh.' });
    // The week is offered by default: today to six days on (WIB), shown day first.
    const [year, month, day] = lastDay.split('-');
    expect(await form.getByLabel('Sampai dengan tanggal').inputValue()).toBe(`${day}/${month}/${year}`);
    // Sent without a person: the API names the field, shown beside it.
    await form.getByLabel('Alasan').fill(REASON);
    watched.expectError(/status of 400 \(Bad Request\) \(http[^)]*\/acting-appointments\)/);
    await form.getByRole('button', { name: 'Tunjuk' }).click();
    await textOf(page.locator('#acting-user-error'), /actingUserId/);

    await form
      .getByLabel('Pejabat yang ditunjuk')
      .selectOption({ label: 'Siti Aminah (staff.dinkes) · Pengelola Gizi' });
    await form.getByLabel('Sebutan').selectOption('PLT');
    await form.getByRole('button', { name: 'Tunjuk' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: 'Siti Aminah ditunjuk sebagai Plt. Kepala Dinas Kesehatan.' })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Plt. Kepala Dinas Kesehatan' });
    await textOf(row, /Siti Aminah \(staff\.dinkes\)/);
    await textOf(row, /Berlaku/);
    await textOf(row, new RegExp(until));
    await screenshot(page, 'acting-appointed');

    const stored = await ctx.api('kepala.dinkes').get('/acting-appointments?status=current');
    expect(stored.body).toHaveLength(1);
    expect(stored.body[0]).toMatchObject({ endsOn: lastDay, actingUser: { username: 'staff.dinkes' } });
  }, 90_000);

  it('shows the Plt. a level-1 escalation of DINKES, which the project lead answers, not they', async () => {
    const title = 'Rekap balita gizi buruk Kecamatan Krucil';
    const started = await ctx.api('lead.bappeda').post('/projects', {
      title,
      agencyCodes: ['DINKES'],
      sla: { amount: 2, unit: 'seconds' },
    });
    expect(started.status).toBe(201);
    const taskId = await eventually(async () => {
      const inbox = await ctx.api('staff.dinkes').get(`/inbox?projectId=${started.body.id}`);
      const task = inbox.body.items[0];
      return task?.escalationLevel === 1 ? (task.id as string) : undefined;
    });

    watched = await openPage(browser, ctx.stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dinkes');
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Anda Plt. Kepala Dinas Kesehatan s.d. ${until}` })
      .waitFor();
    await page.getByRole('row').filter({ hasText: title }).waitFor();

    // The bell carries the escalation (addressed to the Kepala OPD's post, so to the Plt.).
    await page.getByRole('button', { name: /^Notifikasi/ }).click();
    await page
      .getByRole('region', { name: 'Notifikasi' })
      .getByText(`Eskalasi`, { exact: false })
      .first()
      .waitFor();
    await page
      .getByRole('region', { name: 'Notifikasi' })
      .getByText(title, { exact: false })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await screenshot(page, 'acting-inbox');

    // The escalation board, which staff do not otherwise get: the Plt. follows it, but has no answer form.
    await page.getByRole('link', { name: 'Eskalasi', exact: true }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    await card.waitFor();
    await textOf(card, /Level 1/);
    await textOf(card, /Dinas Kesehatan \(DINKES\)/);
    expect(await card.getByRole('button', { name: 'Jawab dengan instruksi' }).count()).toBe(0);
    await screenshot(page, 'acting-escalation');

    // The project's lead answers; the Plt. reads the instruction in the task's timeline.
    const escalation = await ctx.stack.db.escalation.findFirstOrThrow({ where: { taskId, status: 'OPEN' } });
    const answered = await ctx.api('lead.bappeda').post(`/escalations/${escalation.id}/answer`, {
      instruction: 'Lengkapi data tiga desa yang belum masuk hari ini.',
    });
    expect(answered.status).toBe(200);
    await page.goto(`/app/tasks/${taskId}`);
    await textOf(
      page.locator('.timeline-instruction'),
      /Lengkapi data tiga desa yang belum masuk hari ini\./,
    );
  }, 120_000);
});
