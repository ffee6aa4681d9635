import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
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
 * Onboarding in the web app, in Chromium against the real stack: the admin creates a DINKES staff member on
 * the users page and sees the one-time password once; that password signs in. No console errors.
 */
describe('web app: people and offices', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const username = `staf.baru.${randomBytes(3).toString('hex')}`;

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
    await browser?.close();
    await stack?.stop();
  });

  it('lets an admin onboard a new staff member and shows the one-time password once', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Pengguna', exact: true }).click();
    await page.getByRole('heading', { name: 'Pengguna baru' }).waitFor();

    // Sent without a name: the API's message sits next to the field.
    watched.expectError(/status of 400 \(Bad Request\) \(http[^)]*\/admin\/users\)/);
    await page.locator('#account-username').fill(username);
    await page.locator('#account-agencyCode').selectOption('DINKES');
    await page.getByRole('button', { name: 'Buat', exact: true }).click();
    await textOf(page.locator('#account-fullName-error'), /fullName/);

    await page.locator('#account-fullName').fill('Ayu Wulandari');
    await page.locator('#account-position').fill('Pengelola Data Kesehatan');
    await page.locator('#account-email').fill('ayu@example.org');
    await page.locator('#account-phone').fill('+6281234500001');
    await page.getByRole('button', { name: 'Buat', exact: true }).click();

    const shown = await textOf(
      page.getByTestId('one-time-password'),
      /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/,
    );
    await textOf(
      page.getByRole('status'),
      new RegExp(`Kata sandi sekali pakai untuk ${username.replace(/\./g, '\\.')}`),
    );
    await page.getByLabel('Cari (nama pengguna atau nama)').fill(username);
    await page.getByRole('cell', { name: username, exact: true }).waitFor();
    await screenshot(page, 'admin-new-user');

    const login = await fetch(`${stack.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: shown }),
    });
    expect(login.status).toBe(200);

    // Once: after it is acknowledged the password is gone from the page.
    await page.getByRole('button', { name: 'Sudah saya serahkan' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);
    expect(await page.content()).not.toContain(shown);

    // The new staff member signs in with it and is asked for their own password before anything else.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(shown);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await textOf(page.getByRole('status'), /dengan kata sandi sekali pakai/);
    expect(await page.getByRole('link', { name: 'Kotak Tugas' }).count()).toBe(0);
    await screenshot(page, 'admin-first-sign-in');
    await page.getByLabel('Kata sandi sekarang').fill(shown);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('Kesehatan-Probolinggo-1');
    await page.getByLabel('Ulangi kata sandi baru').fill('Kesehatan-Probolinggo-1');
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await page.getByRole('link', { name: 'Kotak Tugas' }).waitFor();

    const account = await stack.db.user.findUniqueOrThrow({ where: { username }, include: { agency: true } });
    expect(account).toMatchObject({ fullName: 'Ayu Wulandari', role: 'STAFF', mustChangePassword: false });
    expect(account.agency.code).toBe('DINKES');
  });

  it("gives a Kepala OPD the staff page of their own OPD, where new accounts are that OPD's staff", async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'kepala.dinkes');
    await page.getByRole('link', { name: 'Staf OPD saya' }).click();
    await page.getByRole('heading', { name: 'Staf DINKES' }).waitFor();
    expect(await page.getByRole('link', { name: 'OPD', exact: true }).count()).toBe(0);
    // No role or OPD to choose: a Kepala OPD creates staff of their own OPD.
    expect(await page.locator('#account-role').count()).toBe(0);
    const staff = `${username}.kepala`;
    await page.locator('#account-username').fill(staff);
    await page.locator('#account-fullName').fill('Bagus Prasetyo');
    await page.getByRole('button', { name: 'Buat', exact: true }).click();
    await textOf(page.getByTestId('one-time-password'), /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await page.getByLabel('Cari (nama pengguna atau nama)').fill(staff);
    await page.getByRole('cell', { name: staff, exact: true }).waitFor();
    const account = await stack.db.user.findUniqueOrThrow({
      where: { username: staff },
      include: { agency: true },
    });
    expect(account).toMatchObject({ role: 'STAFF' });
    expect(account.agency.code).toBe('DINKES');
  });
});
