import type { Browser } from 'playwright-core';
import { startNotifierStack, type NotifierStack } from '../support/notifier';
import { eventually } from '../support/stack';
import {
  assertWebAppBuilt,
  launchChromium,
  openPage,
  screenshot,
  signIn,
  textOf,
  WIB_DATE_TIME,
  type WatchedPage,
} from './browser';

/**
 * The web app in Chromium against the real stack (API serving dist/web under /app, Temporal worker,
 * notifier): an OPD's task from the inbox to the lead's acceptance, a generated per-desa form, a foreign
 * OPD kept out, the language switch — and no console errors anywhere.
 */
describe('web app: from the inbox to an accepted contribution', () => {
  let ctx: NotifierStack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const title = 'Pendataan posyandu aktif Kecamatan Tiris';
  let projectId: string;
  let taskId: string;

  const open = async (width?: number) => {
    watched = await openPage(browser, ctx.stack.baseUrl, width);
    return watched;
  };

  beforeAll(async () => {
    assertWebAppBuilt();
    ctx = await startNotifierStack({
      label: 'web',
      users: ['lead.bappeda', 'staff.dinkes', 'staff.dinsos'],
    });
    browser = await launchChromium();
    const created = await ctx.api('lead.bappeda').post('/projects', {
      title,
      agencyCodes: ['DINKES'],
      sla: { amount: 1, unit: 'hours' },
    });
    expect(created.status).toBe(201);
    projectId = created.body.id;
    taskId = await eventually(async () => {
      const inbox = await ctx.api('staff.dinkes').get(`/inbox?projectId=${projectId}`);
      return inbox.body.items[0]?.id as string | undefined;
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
    await ctx?.stop();
  });

  it('lets OPD staff sign in, find the task, claim it and submit the generated form', async () => {
    const { page } = await open();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Masuk ke Gotong' }).waitFor();
    expect(page.url()).toMatch(/\/app\/login/);
    await screenshot(page, 'login');
    await signIn(page, 'staff.dinkes');

    // Kotak Tugas, with the OPD in the header and the bell's unread count (the assignment, pushed live).
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    await textOf(page.locator('.who'), /Dinas Kesehatan \(DINKES\) · Staf OPD/);
    await page.getByRole('button', { name: /^Notifikasi, belum dibaca: [1-9]\d*$/ }).waitFor();
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await textOf(row, WIB_DATE_TIME)).toContain('Ditugaskan');
    // Due within 7 days: the task (due in an hour) stays listed, and the filter is kept in the URL.
    await page.getByLabel('Jatuh tempo').selectOption({ label: 'Dalam 7 hari' });
    await page.waitForURL(/[?&]due=7d/);
    await row.waitFor();
    await screenshot(page, 'inbox');

    // The bell lists the assignment.
    await page.getByRole('button', { name: /^Notifikasi/ }).click();
    await page
      .getByRole('region', { name: 'Notifikasi' })
      .getByText(title, { exact: false })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `${title} — Dinas Kesehatan` }).waitFor();
    expect(await textOf(page.locator('.details'), WIB_DATE_TIME)).toContain('Belum diambil');
    await page.getByRole('button', { name: 'Ambil tugas ini' }).click();
    await page.locator('.status-line [data-status="CLAIMED"]').waitFor();

    // Sent empty: the message sits next to the field, focus goes there, and nothing reaches the API.
    const report = page.getByLabel(/Laporan \/ hasil pekerjaan/);
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await textOf(page.locator('#field-summary-message'), /Wajib diisi\./);
    expect(await report.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(':focus').getAttribute('id')).toBe('field-summary');
    await page.getByRole('alert').filter({ hasText: 'Kontribusi belum terkirim' }).waitFor();
    expect((await ctx.api('staff.dinkes').get(`/tasks/${taskId}/contributions`)).body).toEqual([]);

    await report.fill('Posyandu aktif: 42 dari 45; tiga desa belum melapor.');
    expect(await page.locator('#field-summary-message').count()).toBe(0);
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.locator('.status-line [data-status="SUBMITTED"]').waitFor();
    await textOf(page.locator('.status-line'), /Diajukan/);
    await page.getByRole('status').filter({ hasText: 'menunggu review pimpinan proyek' }).waitFor();
    await textOf(page.locator('.timeline'), /Kontribusi dikirim/);
    await screenshot(page, 'task');
    const contributions = (await ctx.api('staff.dinkes').get(`/tasks/${taskId}/contributions`)).body;
    expect(contributions.map((c: any) => c.values)).toEqual([
      { summary: 'Posyandu aktif: 42 dari 45; tiga desa belum melapor.' },
    ]);
  });

  it('lets the lead accept the contribution; the project completes', async () => {
    const { page } = await open();
    await signIn(page, 'lead.bappeda');
    await page.getByRole('link', { name: 'Proyek', exact: true }).click();
    await page.getByRole('heading', { name: 'Proyek Bersama' }).waitFor();
    await screenshot(page, 'projects');
    await page.getByRole('link', { name: title }).click();

    const step = page.locator('tr[data-step="dinkes"]');
    await step.locator('[data-status="SUBMITTED"]').waitFor();
    const review = page.getByRole('region', { name: 'Review kontribusi Dinas Kesehatan' });
    await review.getByText('Posyandu aktif: 42 dari 45').waitFor();
    await screenshot(page, 'project-review');

    // Returning needs a note: the lead is told before anything is sent.
    await review.getByRole('button', { name: 'Kembalikan untuk diperbaiki' }).click();
    await review.getByText('Tulis apa yang harus diperbaiki.').waitFor();

    await review.getByRole('button', { name: 'Terima kontribusi' }).click();
    await page.locator('.status-line [data-status="COMPLETED"]').waitFor({ timeout: 30_000 });
    await step.locator('[data-status="COMPLETED"]').waitFor();
    await textOf(page.locator('.timeline'), /Kontribusi diterima/);
    await screenshot(page, 'project');
    expect((await ctx.api('lead.bappeda').get(`/projects/${projectId}`)).body.status).toBe('COMPLETED');
  });

  it('tells a foreign OPD that the task is not theirs, without showing it', async () => {
    const { page, expectError } = await open();
    // The API's 403 for this task is expected; the browser logs the failed request.
    expectError(new RegExp(`status of 403 .*\\/tasks\\/${taskId}`));
    await signIn(page, 'staff.dinsos');
    await page.goto(`/app/tasks/${taskId}`);
    await page.getByRole('heading', { name: 'Tugas tidak dapat dibuka' }).waitFor();
    await page.getByText('Tugas ini tidak ditemukan, atau bukan tugas OPD Anda.').waitFor();
    expect(await page.getByText(title).count()).toBe(0);
    await screenshot(page, 'task-not-allowed');
  });

  it('starts a project from a template and checks the generated per-desa form in the browser', async () => {
    const { page } = await open();
    await signIn(page, 'lead.bappeda');
    await page.getByRole('link', { name: 'Proyek baru' }).click();
    await page.getByLabel('Templat').selectOption('percepatan-penurunan-stunting');
    // The kecamatan is chosen by name from the area picker (test/web/areas.e2e.spec.ts tries it further).
    await page.getByRole('combobox', { name: /Kecamatan lokasi/ }).fill('Tiris');
    await page.getByRole('option', { name: 'Tiris — 35.13.07' }).click();
    await page.getByLabel('Tahun pelaksanaan').fill('2026');
    await screenshot(page, 'new-project');
    await page.getByRole('button', { name: 'Mulai proyek' }).click();
    await page.getByRole('heading', { level: 1, name: /Percepatan Penurunan Stunting/ }).waitFor();
    const dinkesStep = page.locator('tr[data-step="data-stunting"]');
    await dinkesStep.getByRole('link').waitFor({ timeout: 30_000 });
    const taskUrl = await dinkesStep.getByRole('link').getAttribute('href');
    await watched!.close();
    expect(watched!.problems).toEqual([]);

    const staff = await open();
    await signIn(staff.page, 'staff.dinkes');
    await staff.page.goto(taskUrl!);
    const form = staff.page.getByRole('region', { name: 'Formulir kontribusi' });
    await form.waitFor();
    const measured = form.getByRole('group', { name: /Jumlah balita diukur/ });
    await measured.getByLabel('Baris 1: Kode wilayah desa').fill('35.13.07.2001');
    await measured.getByLabel('Baris 1: Jumlah balita diukur').fill('-5');
    await form.getByRole('button', { name: 'Kirim kontribusi' }).click();
    // Each problem next to its input: the cell of that desa, and the fields left empty.
    await textOf(measured.locator('#field-jumlahBalitaDiukur-0-value-message'), /Paling kecil 0\./);
    await textOf(form.locator('#field-jumlahBalitaStunting-message'), /Wajib diisi\./);
    await textOf(form.locator('#field-tanggalPengukuran-message'), /Wajib diisi\./);
    await screenshot(staff.page, 'task-form-errors');

    await measured.getByLabel('Baris 1: Jumlah balita diukur').fill('120');
    await measured.getByRole('button', { name: 'Tambah desa' }).click();
    await measured.getByLabel('Baris 2: Kode wilayah desa').fill('35.13.07.2002');
    await measured.getByLabel('Baris 2: Jumlah balita diukur').fill('80');
    const stunted = form.getByRole('group', { name: /Jumlah balita stunting/ });
    await stunted.getByLabel('Baris 1: Kode wilayah desa').fill('35.13.07.2001');
    await stunted.getByLabel('Baris 1: Jumlah balita stunting').fill('14');
    await form.getByLabel(/Tanggal akhir pengukuran/).fill('2026-11-20');
    await screenshot(staff.page, 'task-per-desa-form');
    await form.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await staff.page.locator('.status-line [data-status="SUBMITTED"]').waitFor();
    const taskPath = taskUrl!.replace(/^\/app/, '');
    const sent = (await ctx.api('staff.dinkes').get(`${taskPath}/contributions`)).body;
    expect(sent.at(-1).values).toEqual({
      jumlahBalitaDiukur: { '35.13.07.2001': 120, '35.13.07.2002': 80 },
      jumlahBalitaStunting: { '35.13.07.2001': 14 },
      tanggalPengukuran: '2026-11-20',
    });
  });

  it('switches the interface to English and back (on a portrait tablet)', async () => {
    const { page } = await open(768);
    await signIn(page, 'staff.dinkes');
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByRole('group', { name: 'Bahasa' }).getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Task inbox' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Projects' })
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await textOf(
      page.locator('tbody'),
      /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{1,2} \w+ \d{4} \d{2}:\d{2} WIB/,
    );
    expect(
      await page
        .getByRole('group', { name: 'Language' })
        .getByRole('button', { name: 'EN' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await screenshot(page, 'inbox-en');
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'ID' }).click();
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
  });
});
