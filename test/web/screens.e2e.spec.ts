import type { Browser, Page } from 'playwright-core';
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
 * The screens for what the API could do and the web app could not (issue #17), in Chromium against the real
 * stack, as the seeded roles use them: the command mobilises, tasks and releases OPDs in an incident; the
 * admin keeps the holiday calendar (dates typed dd/mm/yyyy reach the API as ISO dates) and sends a digest;
 * the lead extends an escalated task's deadline (the API's refusal shown in Indonesian first); the phone
 * layout (390×844) has a one-row header with a menu button; a failed call is told in Indonesian. No console
 * errors besides the refusals each test provokes.
 */
describe('web app: screens for every action', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const api = async (username: string) => http(stack.baseUrl, await stack.login(username));
  const tag = Date.now().toString(36);
  const escalatedTitle = `Data rumah tidak layak huni ${tag}`;
  let escalatedProjectId: string;

  beforeAll(async () => {
    assertWebAppBuilt();
    await isolateTestFile('webscreens'); // its own database: holidays changed here touch no other file
    stack = await startStack();
    browser = await launchChromium();
    // A DINSOS task due in one minute: escalated by the time the extension test (the last) opens the board.
    const lead = await api('lead.bappeda');
    const created = await lead.post('/projects', {
      title: escalatedTitle,
      agencyCodes: ['DINSOS'],
      sla: { amount: 1, unit: 'minutes' },
    });
    expect(created.status).toBe(201);
    escalatedProjectId = created.body.id;
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

  /** Accepts the next confirm() dialog, checking what it asks. */
  function acceptConfirm(page: Page, expected: RegExp) {
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toMatch(expected);
      void dialog.accept();
    });
  }

  it('lets BPBD mobilise an OPD, give a mobilised OPD a task and release one; others get no command', async () => {
    const bpbd = await api('staff.bpbd');
    const declared = await bpbd.post('/incidents', {
      type: 'kekeringan',
      severity: 'SEDANG',
      kecamatan: ['35.13.23'],
      desa: ['35.13.23.2001'],
      description: `Kekeringan, sumur warga kering (uji layar ${tag})`,
    });
    expect(declared.status).toBe(201);
    const incidentId: string = declared.body.id;
    const projectId = await eventually(async () => {
      const res = await bpbd.get(`/incidents/${incidentId}`);
      return res.status === 200 && res.body.agencies.some((a: { code: string }) => a.code === 'DLH')
        ? (res.body.projectId as string)
        : undefined;
    });

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.bpbd');
    await page.goto(`/app/incidents/${incidentId}`);
    const command = page.getByRole('region', { name: 'Komando kedaruratan' });
    await command.waitFor();

    // Mobilise DISPENDIK (not in the drought matrix) for education.
    await command.getByRole('button', { name: 'Kerahkan OPD' }).click();
    await command.getByRole('button', { name: 'Kerahkan', exact: true }).click();
    await command.locator('#mobilise-agencyCode-error').filter({ hasText: 'Pilih OPD.' }).waitFor();
    await command.getByLabel('OPD', { exact: true }).selectOption('DISPENDIK');
    await command.getByLabel('Pendidikan', { exact: true }).check();
    await command.getByRole('button', { name: 'Kerahkan', exact: true }).click();
    await page.locator('tr[data-agency="DISPENDIK"]').waitFor();
    await textOf(page.locator('tr[data-agency="DISPENDIK"]'), /Pendidikan/);

    // A task for DINSOS, due in 3 hours.
    await command.getByRole('button', { name: 'Beri tugas ke OPD' }).click();
    await command.getByLabel('OPD', { exact: true }).selectOption('DINSOS');
    await command.getByLabel('Tugas', { exact: true }).fill('Distribusi air bersih ke Desa Tongas Kulon');
    await command.getByLabel('Petunjuk').fill('Dua tangki per hari sampai sumur terisi lagi.');
    await command.getByLabel('Tenggat dalam').fill('3');
    await command.getByLabel('Satuan').selectOption('hours');
    await screenshot(page, 'incident-command-assign');
    await command.getByRole('button', { name: 'Beri tugas', exact: true }).click();
    await command.getByRole('button', { name: 'Beri tugas ke OPD' }).waitFor();
    const dinsos = await api('staff.dinsos');
    const task = await eventually(async () => {
      const inbox = await dinsos.get(`/inbox?projectId=${projectId}&pageSize=100`);
      return inbox.body.items.find(
        (t: { title: string }) => t.title === 'Distribusi air bersih ke Desa Tongas Kulon',
      ) as { id: string; dueAt: string; createdAt?: string } | undefined;
    });
    const detail = await dinsos.get(`/tasks/${task.id}`);
    expect(detail.body).toMatchObject({
      instructions: 'Dua tangki per hari sampai sumur terisi lagi.',
      agency: { code: 'DINSOS' },
    });
    expect(Date.parse(detail.body.dueAt) - Date.parse(detail.body.createdAt)).toBe(3 * 3_600_000);

    // Release DLH, with the reason, after confirming; BPBD itself is never offered.
    await command.getByRole('button', { name: 'Lepaskan OPD' }).click();
    const release = command.getByLabel('OPD', { exact: true });
    expect(await release.locator('option[value="BPBD"]').count()).toBe(0);
    await release.selectOption('DLH');
    await command.getByLabel('Alasan').fill('Tidak ada pencemaran air; DLH tidak diperlukan.');
    acceptConfirm(page, /^Lepaskan .+ \(DLH\) dari kedaruratan ini\?/);
    await command.getByRole('button', { name: 'Lepaskan', exact: true }).click();
    await textOf(page.locator('tr[data-agency="DLH"]'), /Dilepas/);
    const dashboard = await bpbd.get(`/incidents/${incidentId}`);
    expect(dashboard.body.agencies.find((a: { code: string }) => a.code === 'DLH').releasedAt).not.toBeNull();
    await screenshot(page, 'incident-command');

    // A mobilised OPD sees the dashboard, not the command.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn(page, 'staff.dinkes');
    await page.goto(`/app/incidents/${incidentId}`);
    await page.locator('tr[data-agency="DISPENDIK"]').waitFor();
    expect(await page.getByRole('region', { name: 'Komando kedaruratan' }).count()).toBe(0);
  }, 150_000);

  it('lets the admin add and remove a holiday typed dd/mm/yyyy; others only read the calendar', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'admin');
    await page
      .getByRole('navigation', { name: 'Menu utama' })
      .getByRole('link', { name: 'Hari libur' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Kalender kerja' }).waitFor();
    await page.getByRole('heading', { name: 'Jam kantor' }).waitFor();

    const date = page.getByLabel('Tanggal', { exact: true });
    expect(await date.getAttribute('placeholder')).toBe('hh/bb/tttt');
    // A day the calendar does not have is refused in the form, before the API.
    await date.fill('31/02/2027');
    await page.getByLabel('Nama', { exact: true }).fill(`Hari jadi uji ${tag}`);
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page
      .locator('#holiday-date-error')
      .filter({ hasText: 'Tulis tanggal sebagai hari/bulan/tahun, mis. 31/12/2026.' })
      .waitFor();
    // 14 October 2027, typed day first: the API gets 2027-10-14.
    await date.fill('14/10/2027');
    await page.getByLabel('Jenis').selectOption('CUTI_BERSAMA');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Hari jadi uji ${tag} tersimpan.` })
      .waitFor();
    const row = page.locator('tr[data-date="2027-10-14"]');
    await textOf(row, /Kamis, 14 Oktober 2027/);
    await textOf(row, /Cuti bersama/);
    const admin = await api('admin');
    const calendar = await admin.get('/calendar?year=2027');
    expect(calendar.body.holidays).toContainEqual(
      expect.objectContaining({ date: '2027-10-14', name: `Hari jadi uji ${tag}`, kind: 'CUTI_BERSAMA' }),
    );
    await screenshot(page, 'calendar');

    acceptConfirm(page, new RegExp(`Hapus Hari jadi uji ${tag} \\(Kamis, 14 Oktober 2027\\)`));
    await row.getByRole('button', { name: /^Hapus/ }).click();
    await row.waitFor({ state: 'detached' });
    expect(
      (await admin.get('/calendar?year=2027')).body.holidays.some(
        (h: { date: string }) => h.date === '2027-10-14',
      ),
    ).toBe(false);

    // A Kepala OPD reads the calendar from the settings, without the admin's form or buttons.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn(page, 'kepala.dinkes');
    await page.goto('/app/settings');
    await page.getByRole('link', { name: 'Kalender kerja dan hari libur' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kalender kerja' }).waitFor();
    await page.getByRole('heading', { name: /^Hari libur \d{4}$/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Tambah atau ubah hari libur' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Hapus/ }).count()).toBe(0);
  }, 90_000);

  it('lets the admin see the dead letters and send a day’s digest with the date typed dd/mm/yyyy', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Pengiriman gagal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pengiriman notifikasi' }).waitFor();
    // Dead letters by default; this file's database has none yet.
    expect(await page.getByLabel('Status').inputValue()).toBe('DEAD');
    await page.getByText('Tidak ada pengiriman dengan status ini.').waitFor();

    // An email to the Kepala DINKES the mail server refused after every attempt (as the notifier leaves one).
    const kepala = await stack.db.user.findUniqueOrThrow({ where: { username: 'kepala.dinkes' } });
    const notification = await stack.db.notification.create({
      data: {
        key: `screens-dead-letter:${tag}:${kepala.id}`,
        userId: kepala.id,
        kind: 'TASK_ESCALATED',
        title: `Eskalasi uji ${tag}`,
        body: 'Tugas melewati tenggat.',
      },
    });
    const dead = await stack.db.notificationDelivery.create({
      data: {
        notificationId: notification.id,
        channel: 'EMAIL',
        status: 'DEAD',
        notBefore: new Date(),
        attempts: 5,
        lastError: '550 5.1.1 mailbox unavailable',
      },
    });
    await page.reload();
    const row = page.locator(`tr[data-delivery="${dead.id}"]`);
    await textOf(row, new RegExp(`Eskalasi uji ${tag}`));
    await textOf(row, /550 5\.1\.1 mailbox unavailable/);
    await textOf(row, /\(kepala\.dinkes\)/);
    await row.getByRole('button', { name: 'Kirim ulang' }).click();
    await row.waitFor({ state: 'detached' });
    const after = await stack.db.notificationDelivery.findUniqueOrThrow({ where: { id: dead.id } });
    expect(after.status).not.toBe('DEAD');
    expect(after.generation).toBe(1);

    const date = page.getByLabel('Tanggal ringkasan');
    await date.fill('7/12/2026');
    await page.getByRole('button', { name: 'Kirim ringkasan' }).click();
    // The API answers with the ISO date it was given, which the page shows day first again.
    await page
      .getByRole('status')
      .filter({ hasText: 'Ringkasan 07/12/2026 masuk antrean pengiriman.' })
      .waitFor();
    await screenshot(page, 'deliveries');

    // Staff have no such menu.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn(page, 'staff.dinkes');
    expect(await page.getByRole('link', { name: 'Pengiriman gagal' }).count()).toBe(0);
  });

  it('lets the walidata define an indicator standard and a new version of it; staff only read it', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    const code = `RTLH_UJI_${tag.toUpperCase()}`;
    await signIn(page, 'walidata');
    await page.goto('/app/data/indicators');
    await page.getByRole('button', { name: 'Tetapkan indikator baru' }).click();
    const form = page.getByRole('region', { name: 'Tetapkan indikator baru' });
    await form.getByRole('button', { name: 'Simpan standar' }).click();
    await form.locator('#indicator-code-error').filter({ hasText: 'Kode harus 3–64 huruf besar' }).waitFor();
    await form
      .locator('#indicator-producers-error')
      .filter({ hasText: 'Pilih sedikitnya satu OPD' })
      .waitFor();
    await form.getByLabel('Kode', { exact: true }).fill(code);
    await form.getByLabel('Nama indikator').fill('Rumah tidak layak huni (uji)');
    await form.getByLabel('Definisi').fill('Rumah tangga yang menempati rumah tidak layak huni.');
    await form.getByLabel('Satuan', { exact: true }).fill('rumah tangga');
    await form.getByLabel('Periode', { exact: true }).selectOption('yearly');
    await form.getByLabel('Batas lonjakan (kosong: 2×)').fill('2,5');
    await form.getByLabel(/\(DPUPR\)/).check();
    await form.getByLabel('Sumber', { exact: true }).fill('Pendataan desa');
    await form.getByLabel('Metode', { exact: true }).fill('Survei rumah tangga');
    await form.getByLabel('Kontak', { exact: true }).fill('Bidang Perumahan DPUPR');
    await screenshot(page, 'indicator-form');
    await form.getByRole('button', { name: 'Simpan standar' }).click();
    await page.waitForURL(new RegExp(`/app/data/indicators/${code}$`));
    await page.getByRole('heading', { level: 1, name: /Rumah tidak layak huni \(uji\)/ }).waitFor();
    const walidata = await api('walidata');
    expect((await walidata.get(`/data/indicators/${code}`)).body).toMatchObject({
      code,
      version: 1,
      unit: 'rumah tangga',
      producers: ['DPUPR'],
      jumpFactor: 2.5,
      periodicity: 'yearly',
    });

    // A new version starts from the current one, its code fixed.
    await page.getByRole('button', { name: 'Buat versi baru' }).click();
    const next = page.getByRole('region', { name: `Versi baru ${code}` });
    expect(await next.getByLabel('Kode', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await next.getByLabel('Satuan', { exact: true }).inputValue()).toBe('rumah tangga');
    await next.getByLabel('Satuan', { exact: true }).fill('unit rumah');
    await next.getByRole('button', { name: 'Simpan standar' }).click();
    await textOf(page.locator('section').filter({ hasText: 'Riwayat versi' }), /v2/);
    expect((await walidata.get(`/data/indicators/${code}`)).body).toMatchObject({
      version: 2,
      unit: 'unit rumah',
    });

    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn(page, 'staff.dinkes');
    await page.goto(`/app/data/indicators/${code}`);
    await page.getByRole('heading', { level: 1, name: /Rumah tidak layak huni \(uji\)/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Buat versi baru' }).count()).toBe(0);
  }, 90_000);

  it('lets a lead author a template with two steps, see its step graph, and save a new version', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    const code = `uji-templat-${tag}`;
    await signIn(page, 'lead.bappeda');
    await page.getByRole('link', { name: 'Templat', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Templat kerja bersama' }).waitFor();
    await page.getByLabel('Kode', { exact: true }).fill(code);
    await page.getByLabel('Nama', { exact: true }).fill('Pendataan sanitasi (uji)');
    await page.getByLabel('Uraian').fill('Data jamban dari Dinkes, lalu bantuan dari Dinsos.');

    const first = page.getByRole('region', { name: /^Langkah 1/ });
    await first.getByLabel('Kunci langkah').fill('data-jamban');
    await first.getByLabel('Judul langkah').fill('Data jamban sehat');
    await first.getByLabel('OPD pelaksana').selectOption('DINKES');
    await first.getByLabel('Petunjuk').fill('Isikan jumlah rumah dengan jamban sehat.');
    await first.getByLabel('Kunci', { exact: true }).fill('rumahJamban');
    await first.getByLabel('Label', { exact: true }).fill('Rumah dengan jamban sehat');
    await first.getByLabel('Jenis', { exact: true }).selectOption('integer');

    await page.getByRole('button', { name: 'Tambah langkah' }).click();
    const second = page.getByRole('region', { name: /^Langkah 2/ });
    await second.getByLabel('Kunci langkah').fill('bantuan');
    await second.getByLabel('Judul langkah').fill('Bantuan jamban');
    await second.getByLabel('OPD pelaksana').selectOption('DINSOS');
    await second.getByLabel('Petunjuk').fill('Tetapkan penerima bantuan jamban.');
    await second.getByLabel('Data jamban sehat').check();
    await second.getByLabel('Kunci', { exact: true }).fill('penerima');
    await second.getByLabel('Label', { exact: true }).fill('Jumlah penerima');
    await second.getByLabel('Jenis', { exact: true }).selectOption('select');
    await second.getByLabel('Pilihan (satu per baris)').fill('Semua\nSebagian');

    const graph = page.getByRole('list', { name: 'Alur langkah' });
    await textOf(graph.getByRole('listitem').nth(0), /Tahap 1: Data jamban sehat$/);
    await textOf(graph.getByRole('listitem').nth(1), /Tahap 2: Bantuan jamban$/);
    await screenshot(page, 'template-editor');
    await page.getByRole('button', { name: 'Simpan templat' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Templat Pendataan sanitasi (uji) versi 1 tersimpan.' })
      .waitFor();
    const lead = await api('lead.bappeda');
    const saved = (await lead.get(`/templates/${code}`)).body;
    expect(saved.version).toBe(1);
    expect(saved.definition.steps).toMatchObject([
      {
        key: 'data-jamban',
        owner: { agency: 'DINKES' },
        dependsOn: [],
        form: { fields: [{ key: 'rumahJamban', type: 'integer' }] },
      },
      {
        key: 'bantuan',
        owner: { agency: 'DINSOS' },
        dependsOn: ['data-jamban'],
        form: { fields: [{ key: 'penerima', type: 'select', options: ['Semua', 'Sebagian'] }] },
      },
    ]);

    // A new version starts from the saved definition.
    await page.reload();
    await page.getByLabel('Mulai dari').selectOption(code);
    await page.getByRole('region', { name: /^Langkah 2: Bantuan jamban/ }).waitFor();
    expect(await page.getByLabel('Kode', { exact: true }).inputValue()).toBe(code);
    await page.getByLabel('Nama', { exact: true }).fill('Pendataan sanitasi (uji, revisi)');
    await page.getByRole('button', { name: 'Simpan templat' }).click();
    await page.getByRole('status').filter({ hasText: 'versi 2 tersimpan.' }).waitFor();
    expect((await lead.get(`/templates/${code}`)).body).toMatchObject({
      version: 2,
      name: 'Pendataan sanitasi (uji, revisi)',
    });

    await page.getByRole('button', { name: 'Keluar' }).click();
    await signIn(page, 'staff.dinkes');
    expect(await page.getByRole('link', { name: 'Templat', exact: true }).count()).toBe(0);
  }, 90_000);

  it('fits a phone: one-row header with a menu button, the menu opens and closes, nothing overflows', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dinkes');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/app/tasks');
    await page.getByRole('heading', { level: 1 }).first().waitFor();

    const header = page.locator('header.site-header');
    const box = (await header.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(64);
    const nav = page.getByRole('navigation', { name: 'Menu utama' });
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Keluar' }).isVisible()).toBe(false);
    // The page's full width: more than the viewport means something sticks out sideways.
    const overflow = () =>
      page.locator('html').evaluate((html) => (html as { scrollWidth: number }).scrollWidth);
    expect(await overflow()).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-closed');

    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.waitFor();
    // The menu is one column: every link starts at the same x.
    const xs = await nav
      .getByRole('link')
      .evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().left)));
    expect(xs.length).toBeGreaterThan(3);
    expect(new Set(xs).size).toBe(1);
    await page.getByRole('button', { name: 'Keluar' }).waitFor();
    await screenshot(page, 'phone-menu');

    // Following a link closes the menu.
    await nav.getByRole('link', { name: 'Proyek', exact: true }).click();
    await page.waitForURL(/\/app\/projects$/);
    await nav.waitFor({ state: 'hidden' });
    expect(await overflow()).toBeLessThanOrEqual(390);
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
  });

  it('tells a failed connection in Indonesian', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dinkes');
    await page.route(/\/calendar\?year=/, (route) => route.abort('internetdisconnected'));
    watched.expectError(/Failed to load resource|ERR_INTERNET_DISCONNECTED/);
    await page.goto('/app/calendar');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Tidak dapat menghubungi server. Periksa koneksi internet, lalu coba lagi.' })
      .waitFor();
    // Back online, "Coba lagi" loads it.
    await page.unroute(/\/calendar\?year=/);
    await page.getByRole('button', { name: 'Coba lagi' }).click();
    await page.getByRole('heading', { name: 'Jam kantor' }).waitFor();
  });

  it('lets the lead extend an escalated task’s deadline, the API’s refusal shown in Indonesian first', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.goto('/app/leadership');
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: escalatedTitle }) });
    await card.waitFor({ timeout: 100_000 });
    const lead = await api('lead.bappeda');
    const taskId: string = (await lead.get(`/projects/${escalatedProjectId}`)).body.steps[0].task.id;

    await card.getByRole('button', { name: 'Perpanjang tenggat' }).click();
    await card.getByRole('button', { name: 'Perpanjang', exact: true }).click();
    await card.getByText('Isi bilangan bulat lebih dari 0.').waitFor();
    await card.getByText('Tuliskan alasannya.').waitFor();
    // Longer than the step's SLA (1 minute): the API refuses, the page says so in Indonesian.
    watched.expectError(/status of 400 \(Bad Request\) \(http[^)]*\/escalations\/[0-9a-f-]+\/extend\)/);
    await card.getByLabel('Tambahan waktu').fill('2');
    await card.getByLabel('Satuan').selectOption('hours');
    await card.getByLabel('Alasan perpanjangan').fill('Data RTLH menunggu verifikasi kecamatan.');
    await card.getByRole('button', { name: 'Perpanjang', exact: true }).click();
    await card.getByRole('alert').filter({ hasText: 'Isian ini tidak diterima server.' }).waitFor();
    await screenshot(page, 'extend-refused');

    await card.getByLabel('Tambahan waktu').fill('1');
    await card.getByLabel('Satuan').selectOption('minutes');
    const before = Date.now();
    await card.getByRole('button', { name: 'Perpanjang', exact: true }).click();
    // The task's title is the project's and its OPD's.
    await page
      .getByRole('status')
      .filter({ hasText: `Tenggat “${escalatedTitle} — Dinas Sosial” diperpanjang; eskalasinya ditutup.` })
      .waitFor();
    await card.waitFor({ state: 'detached' });
    const task = (await lead.get(`/tasks/${taskId}`)).body;
    expect(Date.parse(task.dueAt)).toBeGreaterThanOrEqual(before + 50_000);
    const audit = await lead.get(`/projects/${escalatedProjectId}/audit`);
    expect(JSON.stringify(audit.body)).toContain('Data RTLH menunggu verifikasi kecamatan.');
  }, 150_000);
});
