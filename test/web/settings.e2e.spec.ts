import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Browser } from 'playwright-core';
import { http, startStack, type Stack } from '../support/stack';
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
 * Settings in the web app, in Chromium against the real stack: a user (of their own, so that no other
 * test's notifications change) sets email off, English messages and quiet hours, then clears the quiet
 * hours; the full notification list opens from the menu. No console errors.
 */
describe('web app: settings and notifications', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const username = `staff.dlh.${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
    const agency = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DLH' } });
    await stack.db.user.create({
      data: {
        username,
        fullName: `Staf DLH ${username.slice(-6)}`,
        role: 'STAFF',
        position: 'Pranata Komputer',
        email: `${username}@probolinggokab.go.id`,
        agencyId: agency.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
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
  });

  it('lets a user change the notification preferences', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    const me = http(stack.baseUrl, await stack.login(username));
    await signIn(page, username);
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pengaturan' }).waitFor();
    await textOf(page.locator('#pref-email-help'), new RegExp(`Ke ${username}@probolinggokab\\.go\\.id`));
    expect(await page.getByLabel('Kirim lewat email').isChecked()).toBe(true);

    // Email off, English messages, quiet hours on — first with equal times, which the form refuses.
    await page.getByLabel('Kirim lewat email').uncheck();
    await page.getByLabel('Bahasa pesan email dan WhatsApp/SMS').selectOption('en');
    await page.getByLabel('Aktifkan jam tenang').check();
    await page.getByLabel('Mulai').fill('22:00');
    await page.getByLabel('Selesai').fill('22:00');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await textOf(page.locator('#pref-end-error'), /Jam selesai harus berbeda dari jam mulai\./);
    await page.getByLabel('Selesai').fill('05:30');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await page.getByRole('status').filter({ hasText: 'Pengaturan disimpan.' }).waitFor();
    await screenshot(page, 'settings');
    expect((await me.get('/me/notification-preferences')).body).toMatchObject({
      email: false,
      webhook: true,
      language: 'en',
      quietHours: { start: '22:00', end: '05:30' },
    });

    // Kept after a reload; quiet hours cleared again.
    await page.reload();
    expect(await page.getByLabel('Aktifkan jam tenang').isChecked()).toBe(true);
    expect(await page.getByLabel('Mulai').inputValue()).toBe('22:00');
    await page.getByLabel('Aktifkan jam tenang').uncheck();
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await page.getByRole('status').filter({ hasText: 'Pengaturan disimpan.' }).waitFor();
    expect((await me.get('/me/notification-preferences')).body).toMatchObject({
      email: false,
      language: 'en',
      quietHours: null,
    });

    // The full notification list.
    await page.getByRole('link', { name: 'Notifikasi', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Semua notifikasi' }).waitFor();
    await page.getByText('Belum ada notifikasi.').waitFor();
    await page.getByLabel('Tampilkan').selectOption('unread');
    await page.waitForURL(/\/app\/notifications\?unread=true$/);
    await page.getByText('Belum ada notifikasi.').waitFor();
    await screenshot(page, 'notifications');
  });
});
