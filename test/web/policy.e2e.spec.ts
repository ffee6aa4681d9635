import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { isolateTestFile } from '../support/database';
import { startStack, type Stack } from '../support/stack';
import { assertWebAppBuilt, launchChromium, openPage, screenshot, signIn, type WatchedPage } from './browser';

/**
 * Joint policy drafting in the web app, in Chromium against the real stack: BAPPEDA's lead creates a draft
 * with its document; DINKES staff initial it from their ordinary inbox; the draft's paraf grid shows who
 * initialled version 1, also on a phone-sized screen. No console errors.
 */
describe('web app: a policy draft from creation to a paraf in the grid', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let dir: string;
  let pdfPath: string;
  let draftId: string;
  const tag = Date.now().toString(36);
  const title = `Rancangan SOP Posyandu Terpadu ${tag}`;

  beforeAll(async () => {
    assertWebAppBuilt();
    // A database of its own: in a full run other files leave staff.dinkes dozens of open tasks due sooner than
    // the paraf, which then falls off the inbox's first page.
    await isolateTestFile('webpolicy');
    dir = mkdtempSync(join(tmpdir(), 'gotong-web-policy-'));
    Object.assign(process.env, { STORAGE_DRIVER: 'local', STORAGE_DIR: join(dir, 'store') });
    pdfPath = join(dir, 'sop-posyandu-v1.pdf');
    writeFileSync(
      pdfPath,
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
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
    await browser?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the drafting OPD create a draft with its document', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.getByRole('link', { name: 'Rancangan kebijakan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rancangan kebijakan' }).waitFor();
    await page.getByRole('link', { name: 'Rancangan baru' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rancangan kebijakan baru' }).waitFor();

    // Without a title or a file nothing is sent; the messages are in Indonesian.
    await page.getByRole('button', { name: 'Buat dan kirim untuk paraf' }).click();
    await page.getByText('Isi judul rancangan.').waitFor();
    await page.getByText('Pilih dokumen rancangan.').waitFor();

    await page.getByLabel('Jenis').selectOption('SOP');
    await page.getByLabel('Judul rancangan').fill(title);
    await page.getByRole('checkbox', { name: /^DINKES/ }).check();
    await page.getByLabel('Dokumen versi 1 (PDF atau DOCX)').setInputFiles(pdfPath);
    await page.getByRole('button', { name: 'Buat dan kirim untuk paraf' }).click();

    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    draftId = page.url().split('/').pop()!;
    await page.getByTestId('policy-status').filter({ hasText: 'Paraf koordinasi' }).waitFor();
    const grid = page.getByTestId('paraf-grid');
    await grid
      .locator('tr[data-reviewer="DINKES"] td[data-version="1"]')
      .filter({ hasText: 'Menunggu' })
      .waitFor();
    await grid.locator('tr[data-reviewer="SETDA-HUKUM"]').waitFor();
    await page.getByText('sop-posyandu-v1.pdf').first().waitFor();
    await screenshot(page, 'policy-draft-created');
  });

  it('lets a reviewer initial from the inbox, and the grid shows it', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dinkes');
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `Paraf koordinasi versi 1: ${title}` });
    await row.getByRole('link').first().click();
    const claim = page.getByRole('button', { name: 'Ambil tugas ini' });
    if (await claim.isVisible()) {
      await claim.click();
      await page.locator('.status-line [data-status="CLAIMED"]').waitFor();
    }
    await page.getByLabel(/Paraf koordinasi/).selectOption('PARAF');
    await page.getByLabel(/Catatan/).fill('Sesuai dengan standar pelayanan posyandu.');
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.locator('.status-line [data-status="COMPLETED"]').waitFor();

    const { fullName: name } = await stack.db.user.findUniqueOrThrow({
      where: { username: 'staff.dinkes' },
      select: { fullName: true },
    });
    await page.goto(`/app/policy/${draftId}`);
    const cell = page.getByTestId('paraf-grid').locator('tr[data-reviewer="DINKES"] td[data-version="1"]');
    await cell.filter({ hasText: `Paraf: ${name}` }).waitFor();
    await cell.filter({ hasText: /\d{2}\/\d{2}\/\d{4} \d{2}\.\d{2} WIB/ }).waitFor();
    await page.getByTestId('policy-timeline').filter({ hasText: 'memberi paraf versi 1' }).waitFor();
    await screenshot(page, 'policy-draft-initialled');
  });

  it('shows the grid on a phone', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/app/policy/${draftId}`);
    const cell = page.getByTestId('paraf-grid').locator('tr[data-reviewer="DINKES"] td[data-version="1"]');
    await cell.filter({ hasText: 'Paraf:' }).waitFor();
    // The page does not scroll sideways: wide tables scroll in their own box.
    const width = await page
      .locator('html')
      .evaluate((html) => (html as { scrollWidth: number }).scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'policy-draft-phone');
  });
});
