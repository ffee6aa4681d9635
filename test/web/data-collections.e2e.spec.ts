import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { dataCollectionScheduleId } from '@gotong/contracts/data-collection';
import { startStack, type Stack } from '../support/stack';
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
 * Recurring collections in the web app, in Chromium against the real stack: the walidata defines a yearly
 * collection through the form (messages beside the fields first), sees last year missed and this year
 * upcoming, catches up the missed year (its request opens), and pauses the schedule with a note. No console
 * errors. The schedule is deleted at the end (the dev server is shared by all test files).
 */
describe('web app: recurring data collections', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const name = `Stunting tahunan ${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
  }, 120_000);

  afterEach(async () => {
    const seen = watched;
    watched = undefined;
    await seen?.close();
    expect(seen?.problems ?? []).toEqual([]);
  });

  afterAll(async () => {
    const rows = await stack?.db.dataCollection.findMany({ where: { name } });
    for (const row of rows ?? []) {
      await stack.temporal.schedule
        .getHandle(dataCollectionScheduleId(row.id))
        .delete()
        .catch(() => undefined);
    }
    await browser?.close();
    await stack?.stop();
  });

  it('lets the walidata define a collection, catch up a missed period and pause it', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'walidata');
    await page.getByRole('link', { name: 'Data Satu Pintu' }).click();
    await page.getByRole('link', { name: 'Pengumpulan berkala' }).click();
    await page.getByRole('heading', { name: 'Pengumpulan berkala baru' }).waitFor();

    // Sent empty: the messages sit next to their fields.
    await page.getByRole('button', { name: 'Simpan pengumpulan' }).click();
    await textOf(page.locator('#collection-name-error'), /Tuliskan nama pengumpulan\./);
    await textOf(page.locator('#collection-areas-error'), /Sebutkan paling sedikit satu wilayah\./);

    await page.getByLabel('Nama').fill(name);
    await page.getByLabel('Periode', { exact: true }).selectOption('YEARLY');
    await page.getByRole('checkbox', { name: /\(BALITA_STUNTING\)/ }).check();
    await page.getByLabel('Wilayah (kode wilayah)').fill('35.13.18');
    await page.getByLabel('Tenggat (hari kerja setelah periode berakhir)').fill('10');
    await page.getByLabel('Periode pertama (opsional)').fill('2025');
    await page.getByRole('button', { name: 'Simpan pengumpulan' }).click();
    await page.getByRole('status').filter({ hasText: 'Pengumpulan disimpan' }).waitFor();

    const row = page.getByRole('row').filter({ hasText: name });
    await textOf(row, /1 periode terlewat/);
    await textOf(row, /Berjalan/);
    await screenshot(page, 'data-collections');

    await row.getByRole('link', { name }).click();
    await page.getByRole('heading', { name }).waitFor();
    const missed = page.getByRole('row').filter({ hasText: '2025' });
    await textOf(missed, /Terlewat/);
    await textOf(page.getByRole('row').filter({ hasText: '2026' }), /Akan datang/);

    // Catching up the missed year opens its request.
    await missed.getByRole('button', { name: 'Buka 2025 sekarang' }).click();
    await page.getByRole('status').filter({ hasText: 'Periode dibuka' }).waitFor();
    await missed.getByRole('link', { name: 'Lihat permintaan' }).waitFor({ timeout: 60_000 });
    await textOf(missed, /Dibuka/);

    // Pausing needs a note; the collection then shows as paused, with the note.
    await page.getByRole('button', { name: 'Jeda jadwal' }).click();
    await textOf(page.locator('#collection-note-error'), /Tuliskan alasannya\./);
    await page.getByLabel('Catatan').fill('Menunggu pemutakhiran e-PPGBM');
    await page.getByRole('button', { name: 'Jeda jadwal' }).click();
    await page.getByRole('button', { name: 'Lanjutkan jadwal' }).waitFor();
    await textOf(page.locator('dl.details'), /Dijeda\s*Menunggu pemutakhiran e-PPGBM/);
    await screenshot(page, 'data-collection');
  }, 180_000);
});
