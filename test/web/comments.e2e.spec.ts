import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { eventually, http, startStack, type Stack } from '../support/stack';
import { assertWebAppBuilt, launchChromium, openPage, screenshot, signIn, type WatchedPage } from './browser';

/**
 * The discussion of a task in the web app, in Chromium against the real stack (attachments in a local-disk
 * store): DINKES staff comment with a photo and mention DINSOS; DINSOS staff (a participant OPD) see the
 * comment, the mention and the photo's thumbnail. No console errors.
 */
describe('web app: comments with a photo', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let storageDir: string;
  let photoPath: string;
  let taskId: string;
  const tag = Date.now().toString(36);
  const title = `Pendataan jalan tergenang ${tag}`;

  beforeAll(async () => {
    assertWebAppBuilt();
    storageDir = mkdtempSync(join(tmpdir(), 'gotong-web-comments-'));
    Object.assign(process.env, { STORAGE_DRIVER: 'local', STORAGE_DIR: join(storageDir, 'store') });
    photoPath = join(storageDir, 'jalan-tiris.jpg');
    writeFileSync(
      photoPath,
      await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 90, g: 120, b: 60 } } })
        .jpeg()
        .toBuffer(),
    );
    stack = await startStack();
    browser = await launchChromium();
    const lead = http(stack.baseUrl, await stack.login('lead.bappeda'));
    const created = await lead.post('/projects', {
      title,
      agencyCodes: ['DINKES', 'DINSOS'],
      sla: { amount: 2, unit: 'days' },
    });
    expect(created.status).toBe(201);
    taskId = await eventually(async () => {
      const res = await lead.get(`/projects/${created.body.id}`);
      const step = (res.body?.steps as any[] | undefined)?.find((s) => s.task?.agency.code === 'DINKES');
      return step?.task.id as string | undefined;
    });
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
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('lets DINKES staff comment with a photo and a mention, and DINSOS see both', async () => {
    const text = `Jalan ke posyandu tergenang. @DINSOS mohon data warga terdampak ${tag}.`;

    watched = await openPage(browser, stack.baseUrl);
    await signIn(watched.page, 'staff.dinkes');
    let page = watched.page;
    await page.goto(`/app/tasks/${taskId}`);
    await page.getByRole('heading', { level: 2, name: 'Diskusi' }).waitFor();
    await page.getByText('Belum ada komentar.').waitFor();

    // An empty comment is refused in the form, in Indonesian.
    await page.getByRole('button', { name: 'Kirim komentar' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tulis komentarnya dulu.' }).waitFor();

    await page.getByLabel('Komentar', { exact: true }).fill(text);
    await page.getByLabel('Lampiran (boleh lebih dari satu)').setInputFiles(photoPath);
    await page.getByRole('button', { name: 'Kirim komentar' }).click();
    const mine = page.locator('.comment').filter({ hasText: text });
    await mine.waitFor();
    await mine.getByRole('img', { name: 'Foto jalan-tiris.jpg' }).waitFor();
    await screenshot(page, 'comments-dinkes');
    await watched.close();
    expect(watched.problems).toEqual([]);

    // DINSOS, taking part in the project, reads the thread: the comment, its mention, the photo's thumbnail.
    watched = await openPage(browser, stack.baseUrl);
    page = watched.page;
    await signIn(page, 'staff.dinsos');
    await page.goto(`/app/tasks/${taskId}`);
    const seen = page.locator('.comment').filter({ hasText: text });
    await seen.waitFor();
    await seen.getByText('(DINKES)').waitFor();
    await seen.locator('.badge', { hasText: '@DINSOS' }).waitFor();
    const thumbnail = seen.getByRole('img', { name: 'Foto jalan-tiris.jpg' });
    await thumbnail.waitFor();
    const size = await thumbnail.evaluate((img) => [
      (img as any).naturalWidth as number,
      (img as any).naturalHeight as number,
    ]);
    expect(Math.max(...size)).toBe(320);
    // The download button fetches the original with the session's token.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      seen.getByRole('button', { name: 'Unduh jalan-tiris.jpg' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('jalan-tiris.jpg');
    await screenshot(page, 'comments-dinsos');
  });
});
