import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
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
 * Going live for an OPD without demo users, in Chromium against the real stack. DISHUB has no account in the
 * demo data (prisma/seed.ts DEMO_USERS), so BPBD's flood declaration warns that nobody works for it and the
 * Sekda's escalation board lists it as uncovered. The admin then onboards a DISHUB staff member on the users
 * page (one-time password shown once); they sign in with it, must choose their own password, find DISHUB's
 * acknowledgement in their inbox and acknowledge it. No console errors.
 */
describe('web app: onboarding an OPD that had nobody', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const suffix = randomBytes(3).toString('hex');
  const username = `staf.dishub.${suffix}`;
  const title = `Banjir Tongas ${suffix}`;
  const newPassword = `Perhubungan-Probolinggo-${suffix}`;
  let incidentId = '';
  let oneTimePassword = '';

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

  it('warns BPBD that DISHUB, mobilised by a flood, has nobody to acknowledge', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.bpbd');
    await page.goto('/app/incidents/new');
    await page.getByRole('heading', { level: 1, name: 'Nyatakan kedaruratan' }).waitFor();
    await page.getByLabel('Jenis bencana').selectOption('banjir');
    await page.getByLabel('Tingkat keparahan').selectOption('BERAT');
    await page.getByRole('checkbox', { name: 'Tongas (35.13.23)' }).check();
    await page.getByLabel('Judul (opsional)').fill(title);
    await page.getByLabel('Uraian situasi').fill('Luapan sungai, jalan nasional tergenang 60 cm.');
    await page.getByRole('button', { name: 'Nyatakan dan mobilisasi OPD' }).click();

    // The incident started (its dashboard), and the warning names DISHUB; DINKES has staff and is not named.
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    incidentId = page.url().split('/').pop()!;
    const warning = page.locator('.uncovered-warning');
    await textOf(warning, /Sudah dimulai — tetapi ada OPD tanpa petugas/);
    await warning.locator('li[data-agency="DISHUB"]').waitFor();
    expect(await warning.locator('li[data-agency="DINKES"]').count()).toBe(0);
    await textOf(warning, /eskalasi langsung sampai ke Sekda/);
    // The mobilised OPDs' table marks it too.
    await textOf(page.locator('tr[data-agency="DISHUB"]'), /Tanpa petugas/);
    await page.locator('tr[data-agency="DINKES"]').waitFor();
    expect(await page.locator('tr[data-agency="DINKES"]').textContent()).not.toContain('Tanpa petugas');
    await screenshot(page, 'incident-uncovered-warning');
  });

  it('lists DISHUB, with its open acknowledgement, among the OPDs nobody works for on the Sekda’s board', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'sekda');
    await page.goto('/app/leadership');
    const board = page.getByRole('region', { name: /OPD tanpa petugas/ });
    const dishub = board.locator('tr[data-agency="DISHUB"]');
    await dishub.waitFor();
    expect(await dishub.locator('td').first().textContent()).toMatch(/^[1-9]\d*$/);
    await screenshot(page, 'leadership-uncovered');
  });

  it('lets the admin onboard a DISHUB staff member, shown their one-time password once', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Pengguna', exact: true }).click();
    await page.getByRole('heading', { name: 'Pengguna baru' }).waitFor();
    await page.locator('#account-username').fill(username);
    await page.locator('#account-fullName').fill('Dimas Saputra');
    await page.locator('#account-position').fill('Analis Lalu Lintas');
    await page.locator('#account-agencyCode').selectOption('DISHUB');
    await page.getByRole('button', { name: 'Buat', exact: true }).click();
    oneTimePassword = await textOf(
      page.getByTestId('one-time-password'),
      /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/,
    );
    await page.getByRole('button', { name: 'Sudah saya serahkan' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);
    expect(await page.content()).not.toContain(oneTimePassword);
    const account = await stack.db.user.findUniqueOrThrow({ where: { username }, include: { agency: true } });
    expect(account).toMatchObject({ role: 'STAFF', mustChangePassword: true, active: true });
    expect(account.agency.code).toBe('DISHUB');
  });

  it('lets the new staff member sign in, choose a password and acknowledge the mobilisation from the inbox', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await page.goto('/app/login');
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(oneTimePassword);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    // Nothing but the password page until they have chosen their own.
    await textOf(page.getByRole('status'), /dengan kata sandi sekali pakai/);
    expect(await page.getByRole('link', { name: 'Kotak Tugas' }).count()).toBe(0);
    await page.getByLabel('Kata sandi sekarang').fill(oneTimePassword);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill(newPassword);
    await page.getByLabel('Ulangi kata sandi baru').fill(newPassword);
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await page.getByRole('link', { name: 'Kotak Tugas' }).click();
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();

    // DISHUB's acknowledgement, assigned before anyone worked for DISHUB, is in the new inbox.
    const row = page.getByRole('row').filter({ hasText: `Konfirmasi kesiapan: ${title}` });
    await row.getByRole('link').click();
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`Konfirmasi kesiapan: ${title}`) })
      .waitFor();
    await page.getByRole('radio', { name: 'Ya' }).check();
    await page.getByLabel(/Personel dikerahkan/).fill('6');
    await screenshot(page, 'onboarded-acknowledgement');
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.locator('.status-line [data-status="COMPLETED"]').waitFor();

    // The command's dashboard has it acknowledged, and the old password no longer signs in.
    const bpbd = http(stack.baseUrl, await stack.login('staff.bpbd'));
    await eventually(async () => {
      const dashboard = await bpbd.get(`/incidents/${incidentId}`);
      const dishub = dashboard.body.agencies?.find((a: any) => a.code === 'DISHUB');
      return dishub?.acknowledgement?.status === 'COMPLETED' && dishub.uncovered === false;
    });
    const old = await fetch(`${stack.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: oneTimePassword }),
    });
    expect(old.status).toBe(401);

    // The run's other test files share the database: DISHUB is left as it was found, with nobody.
    const account = await stack.db.user.findUniqueOrThrow({ where: { username } });
    const admin = http(stack.baseUrl, await stack.login('admin'));
    expect((await admin.post(`/admin/users/${account.id}/deactivate`)).status).toBe(200);
  });
});
