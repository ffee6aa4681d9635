import type { Browser } from 'playwright-core';
import { startNotifierStack, type NotifierStack } from '../support/notifier';
import { eventually, http } from '../support/stack';
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
 * Claims in the browser (issue #17): the Kotak Tugas shows open work unless "Semua status" is ticked and
 * filters "Tugas saya"; a colleague sees who holds a task and is refused when submitting over the claim; the
 * holder releases it ("Lepaskan"); the Kepala OPD hands it over; a lead finds the waiting submission under
 * "Perlu ditinjau". No console errors anywhere.
 */
describe('web app: claims, hand-over and the review queue', () => {
  let ctx: NotifierStack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const title = 'Pendataan kader posyandu Kecamatan Krucil';
  const finishedTitle = 'Rekap kunjungan nifas Kecamatan Krucil';
  let taskId: string;
  let colleague: { username: string; fullName: string; token: string };
  const api = (who: string) =>
    who === colleague.username ? http(ctx.stack.baseUrl, colleague.token) : ctx.api(who);

  const open = async () => {
    watched = await openPage(browser, ctx.stack.baseUrl);
    return watched;
  };

  /** A one-step DINKES project; its task's id once the task is in DINKES's inbox. */
  async function dinkesTask(projectTitle: string): Promise<string> {
    const created = await ctx.api('lead.bappeda').post('/projects', {
      title: projectTitle,
      agencyCodes: ['DINKES'],
      sla: { amount: 2, unit: 'hours' },
    });
    expect(created.status).toBe(201);
    return eventually(async () => {
      const inbox = await ctx.api('staff.dinkes').get(`/inbox?projectId=${created.body.id}`);
      return inbox.body.items[0]?.id as string | undefined;
    });
  }

  const taskState = async () => (await ctx.api('staff.dinkes').get(`/tasks/${taskId}`)).body;

  beforeAll(async () => {
    assertWebAppBuilt();
    ctx = await startNotifierStack({
      label: 'claimsweb',
      users: ['lead.bappeda', 'staff.dinkes', 'kepala.dinkes'],
    });
    colleague = await ctx.stack.createStaff('DINKES', { fullName: 'Rina Kartika' });
    browser = await launchChromium();
    // Finished work, which the inbox shows only under "Semua status".
    const finished = await dinkesTask(finishedTitle);
    expect(
      (await api('staff.dinkes').post(`/tasks/${finished}/contribution`, { values: { summary: 'Selesai.' } }))
        .status,
    ).toBe(200);
    expect((await api('lead.bappeda').post(`/tasks/${finished}/review`, { decision: 'ACCEPT' })).status).toBe(
      200,
    );
    taskId = await dinkesTask(title);
    expect((await api('staff.dinkes').post(`/tasks/${taskId}/claim`)).status).toBe(200);
    await eventually(async () => (await taskState()).assignee !== null);
  }, 180_000);

  afterEach(async () => {
    const seen = watched;
    watched = undefined;
    await seen?.close();
    expect(seen?.problems ?? []).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.stop();
  });

  it('shows a colleague who holds the task and the refusal of a submit over the claim', async () => {
    const { page, expectError } = await open();
    // The API's 403 for the submit over the claim is expected; the browser logs the failed request.
    expectError(new RegExp(`status of 403 .*\\/tasks\\/${taskId}\\/contribution`));
    await signIn(page, colleague.username);
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    // The row says who works on the task.
    const holderName = (await taskState()).assignee.fullName as string;
    const row = page.getByRole('row').filter({ hasText: title });
    await textOf(row, /Sedang dikerjakan/);
    await textOf(row, new RegExp(holderName));
    // Open work only: the accepted task shows under "Semua status".
    expect(await page.getByRole('row').filter({ hasText: finishedTitle }).count()).toBe(0);
    await page.getByLabel('Semua status').check();
    await page.waitForURL(/[?&]scope=all/);
    await page.getByRole('row').filter({ hasText: finishedTitle }).waitFor();
    await screenshot(page, 'inbox-all-statuses');
    // "Tugas saya": the colleague holds nothing.
    // A filter box shows its new state as soon as it is clicked (uncheck()/check() judge it at once; a box bound
    // to the URL used to snap back while the navigation was in flight), and the URL follows.
    await page.getByLabel('Semua status').uncheck();
    await page.waitForURL((url) => !url.searchParams.has('scope'));
    await page.getByLabel('Tugas saya').check();
    await page.waitForURL(/[?&]mine=true/);
    await page.getByText('Tidak ada tugas yang cocok dengan saringan ini.').waitFor();

    await page.goto(`/app/tasks/${taskId}`);
    const holding = page.getByRole('region', { name: 'Pemegang tugas' });
    await holding.getByText(`Tugas ini sedang dikerjakan oleh ${holderName}.`).waitFor();
    await holding.getByText(/minta Kepala OPD menyerahkannya kepada Anda/).waitFor();
    expect(await page.getByRole('button', { name: 'Lepaskan' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ambil tugas ini' }).count()).toBe(0);
    await page.getByLabel(/Laporan \/ hasil pekerjaan/).fill('Kader aktif: 120 orang.');
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.getByRole('alert').filter({ hasText: 'another staff member has claimed this task' }).waitFor();
    await screenshot(page, 'task-held-by-another');
    expect((await api('staff.dinkes').get(`/tasks/${taskId}/contributions`)).body).toEqual([]);
  });

  it('lets the holder find the task under "Tugas saya" and release it', async () => {
    const { page } = await open();
    await signIn(page, 'staff.dinkes');
    await page.getByRole('row').filter({ hasText: title }).waitFor();
    await page.getByLabel('Tugas saya').check();
    await page.waitForURL(/[?&]mine=true/);
    await page.getByRole('row').filter({ hasText: title }).getByRole('link').click();
    await page
      .getByRole('region', { name: 'Pemegang tugas' })
      .getByText('Anda sedang mengerjakan tugas ini.')
      .waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Lepaskan' }).click();
    await page.locator('.status-line [data-status="ASSIGNED"]').waitFor();
    await textOf(page.locator('.details'), /Belum diambil/);
    await page.getByRole('button', { name: 'Ambil tugas ini' }).waitFor();
    await textOf(page.locator('.timeline'), /Tugas dilepaskan/);
    await screenshot(page, 'task-released');
    expect((await taskState()).assignee).toBeNull();
  });

  it('lets the Kepala OPD hand the task over to a staff member, who then submits it', async () => {
    expect((await api('staff.dinkes').post(`/tasks/${taskId}/claim`)).status).toBe(200);
    await eventually(async () => (await taskState()).assignee !== null);
    const { page } = await open();
    await signIn(page, 'kepala.dinkes');
    await page.goto(`/app/tasks/${taskId}`);
    const panel = page.getByRole('region', { name: 'Serahkan tugas' });
    await panel.getByRole('button', { name: 'Serahkan tugas' }).click();
    // Sent empty: both fields say what is missing, nothing reaches the API.
    await panel.getByRole('button', { name: 'Serahkan', exact: true }).click();
    await panel.getByText('Pilih staf yang menerima tugas.').waitFor();
    await panel.getByText('Tulis alasan penyerahan.').waitFor();
    const select = panel.getByLabel('Serahkan kepada');
    await select.locator('option', { hasText: colleague.fullName }).waitFor({ state: 'attached' });
    await select.selectOption({ label: `${colleague.fullName} — Pengelola Data` });
    await panel.getByLabel('Alasan').fill('Staf pemegang sedang dinas luar');
    await screenshot(page, 'task-hand-over');
    await panel.getByRole('button', { name: 'Serahkan', exact: true }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: `Tugas diserahkan kepada ${colleague.fullName}.` })
      .waitFor();
    await textOf(page.locator('.details'), new RegExp(colleague.fullName));
    expect((await taskState()).assignee.fullName).toBe(colleague.fullName);

    const submitted = await api(colleague.username).post(`/tasks/${taskId}/contribution`, {
      values: { summary: 'Kader aktif: 120 orang; 4 desa belum melapor.' },
    });
    expect(submitted.status).toBe(200);
  });

  it('lists the waiting submission under "Perlu ditinjau" for the lead, and leads to its review', async () => {
    const { page } = await open();
    await signIn(page, 'lead.bappeda');
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Perlu ditinjau' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Perlu ditinjau' }).waitFor();
    const row = page.locator(`tr[data-task="${taskId}"]`);
    await textOf(row, /Dinas Kesehatan \(DINKES\)/);
    expect((await row.locator('td').nth(2).textContent())?.trim()).toBe('1');
    await screenshot(page, 'reviews');
    await row.getByRole('link', { name: title, exact: true }).click();
    await page
      .getByRole('region', { name: 'Review kontribusi Dinas Kesehatan' })
      .getByText('Kader aktif: 120 orang')
      .waitFor();
    await page
      .getByRole('region', { name: 'Review kontribusi Dinas Kesehatan' })
      .getByRole('button', { name: 'Terima kontribusi' })
      .click();
    await page.locator('.status-line [data-status="COMPLETED"]').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Perlu ditinjau' }).click();
    await page.getByText('Tidak ada kontribusi yang menunggu review Anda.').waitFor();
  });
});
