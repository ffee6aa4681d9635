import type { Browser } from 'playwright-core';
import { isolateTestFile } from '../support/database';
import { eventually, http, startStack, type Stack } from '../support/stack';
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
 * Leadership in the web app, in Chromium against the real stack: the Sekda lands on the leadership home
 * (Beranda pimpinan); the escalation board picks up a task that breaches its SLA while the page is open and
 * takes an instruction; the leadership home shows who is late, since when and what was said; the OPD
 * scorecards chart and the drill-down to an OPD's tasks; the published one-door data with its downloads. No
 * console errors.
 */
describe('web app: leadership and one-door data', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const api = async (username: string) => http(stack.baseUrl, await stack.login(username));

  beforeAll(async () => {
    assertWebAppBuilt();
    await isolateTestFile('webboard'); // a database of its own: the board and scorecards show only this file's work
    stack = await startStack();
    browser = await launchChromium();

    // One DINKES task completed on time, so that the scorecards have a rate to draw.
    const lead = await api('lead.bappeda');
    const staff = await api('staff.dinkes');
    const created = await lead.post('/projects', {
      title: 'Rekap imunisasi dasar lengkap',
      agencyCodes: ['DINKES'],
      sla: { amount: 1, unit: 'hours' },
    });
    expect(created.status).toBe(201);
    const taskId = await eventually(
      async () =>
        (await staff.get(`/inbox?projectId=${created.body.id}`)).body.items[0]?.id as string | undefined,
    );
    expect(
      (await staff.post(`/tasks/${taskId}/contribution`, { values: { summary: 'Cakupan IDL 94%.' } })).status,
    ).toBe(200);
    expect((await lead.post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    await eventually(
      async () => (await lead.get(`/projects/${created.body.id}`)).body.status === 'COMPLETED',
    );
  }, 120_000);

  afterEach(async () => {
    const seen = watched;
    watched = undefined;
    await seen?.close();
    expect(seen?.problems ?? []).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows an escalation appearing on the open board, and sends an instruction', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'sekda');
    // The app's home sends the Sekda to the leadership home; the board is one menu item away.
    await page.goto('/app/');
    await page.getByRole('heading', { name: 'Beranda pimpinan' }).waitFor();
    expect(page.url()).toMatch(/\/app\/leadership\/home$/);
    await textOf(page.locator('.who'), /Pimpinan daerah/);
    await page.getByRole('link', { name: 'Eskalasi', exact: true }).click();
    await page.getByRole('heading', { name: 'Papan Eskalasi' }).waitFor();

    // A DINSOS task with a 2-second SLA breaches while the page is open: level 1 (Kepala OPD).
    const title = 'Data penerima bantuan sosial banjir Tongas';
    const lead = await api('lead.bappeda');
    expect(
      (await lead.post('/projects', { title, agencyCodes: ['DINSOS'], sla: { amount: 2, unit: 'seconds' } }))
        .status,
    ).toBe(201);
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: new RegExp(title) }) });
    await card.waitFor({ timeout: 45_000 });
    await textOf(card, /Level 1/);
    await textOf(card, /Dinas Sosial \(DINSOS\)/);
    await screenshot(page, 'escalations');

    await card.getByRole('button', { name: 'Jawab dengan instruksi' }).click();
    await card.getByRole('button', { name: 'Kirim instruksi' }).click();
    await card.getByText('Tulis instruksinya.').waitFor();
    await card
      .getByLabel(/Instruksi untuk Dinas Sosial/)
      .fill('Kirim data penerima hari ini, koordinasi dengan camat Tongas.');
    await card.getByRole('button', { name: 'Kirim instruksi' }).click();
    await card.getByRole('status').filter({ hasText: 'Instruksi terkirim.' }).waitFor();
    await textOf(card, /Kirim data penerima hari ini, koordinasi dengan camat Tongas\./);
    await screenshot(page, 'escalation-answered');
  }, 90_000);

  it('shows the Bupati who is late, on what, since when, and what was said', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'bupati');
    await page.getByRole('link', { name: 'Beranda pimpinan' }).click();
    await page.getByRole('heading', { name: 'Beranda pimpinan' }).waitFor();
    // The DINSOS task the board test escalated, with the Sekda's instruction as the last word.
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Data penerima bantuan sosial banjir Tongas' }) });
    await textOf(card, /Dinas Sosial \(DINSOS\)/);
    await textOf(card, /Terlambat sejak/);
    await textOf(card, /Tingkat 1/);
    await textOf(card, /Instruksi/);
    await textOf(card, /Kirim data penerima hari ini, koordinasi dengan camat Tongas\./);
    const perOpd = page.getByRole('row').filter({ hasText: 'Dinas Sosial' });
    await textOf(perOpd, /DINSOS/);
    await page.getByRole('heading', { name: 'Review pimpinan proyek yang terlambat' }).waitFor();
    await screenshot(page, 'leadership-home');
    // From the task's title (the card's heading) to the task.
    await card.getByRole('heading').getByRole('link').click();
    await page.waitForURL(/\/app\/tasks\/[0-9a-f-]+$/);
  });

  it('draws the on-time rate, completion times and escalations per OPD', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'sekda');
    await page.getByRole('link', { name: 'Kinerja OPD', exact: true }).click();
    await page.getByRole('heading', { name: 'Tugas selesai tepat waktu per OPD' }).waitFor();
    const chart = page.getByRole('img', { name: 'Tugas selesai tepat waktu per OPD' });
    await chart.locator('svg').getByText('DINKES', { exact: true }).waitFor();
    // The bar's own label (the x axis also has a "100 %" tick).
    await chart.locator('.recharts-label-list').getByText('100 %').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Dinas Kesehatan' });
    expect(await textOf(row, /100 %/)).toMatch(/DINKES/);
    // How long DINKES took, and the DINSOS escalation from the board test, each in a chart of its own.
    const completion = page.getByRole('img', { name: 'Median jam kerja OPD sampai kontribusi dikirim' });
    await completion.locator('svg').getByText('DINKES', { exact: true }).waitFor();
    const pressure = page.getByRole('img', { name: 'Eskalasi dan pemindahan tugas per OPD' });
    await pressure.locator('svg').getByText('DINSOS', { exact: true }).waitFor();
    await pressure.getByText('Tingkat 1 (Kepala OPD)').waitFor();
    // The lead's reviews have a table of their own: BAPPEDA accepted the DINKES task.
    const reviews = page.getByRole('region', { name: 'Review oleh pimpinan proyek' });
    await textOf(reviews.getByRole('row').filter({ hasText: 'BAPPEDA' }), /1/);
    await screenshot(page, 'scorecards');

    // DINSOS owes its escalated task: 0 %, not "nothing completed". Its tasks, each with its judgement.
    expect(await textOf(page.getByRole('row').filter({ hasText: 'Dinas Sosial' }), /0 %/)).toMatch(/DINSOS/);
    await page.getByRole('link', { name: 'Lihat tugas Dinas Sosial' }).click();
    await page.getByRole('heading', { name: 'Tugas Dinas Sosial (DINSOS)' }).waitFor();
    const taskRow = page.getByRole('row').filter({ hasText: 'Data penerima bantuan sosial banjir Tongas' });
    await textOf(taskRow, /Terbuka, lewat tenggat/);
    await textOf(taskRow, /Tingkat 1/);
    expect(page.url()).toMatch(/\?opd=DINSOS$/);
    await screenshot(page, 'scorecard-tasks');
    // DINKES's task: on time, with the OPD's own working hours.
    await page.getByRole('link', { name: 'Lihat tugas Dinas Kesehatan' }).click();
    await page.getByRole('heading', { name: 'Tugas Dinas Kesehatan (DINKES)' }).waitFor();
    await textOf(page.getByRole('row').filter({ hasText: 'Rekap imunisasi dasar lengkap' }), /Tepat waktu/);
  });

  it('lists the published figures with their CSV and JSON downloads', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dinkes');
    await page.getByRole('link', { name: 'Data Satu Pintu' }).click();
    await page.getByRole('heading', { name: 'Data Satu Pintu' }).waitFor();
    await page.getByText('Belum ada angka yang dipublikasikan.').waitFor();
    const csv = page.getByRole('link', { name: 'Unduh CSV' });
    expect(await csv.getAttribute('href')).toBe('/data/published.csv');
    expect(await page.getByRole('link', { name: 'Lihat JSON' }).getAttribute('href')).toBe('/data/published');
    const download = await fetch(`${stack.baseUrl}/data/published.csv`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/text\/csv/);
    await screenshot(page, 'data');
  });
});
