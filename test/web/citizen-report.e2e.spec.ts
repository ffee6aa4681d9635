import type { Browser, Page } from 'playwright-core';
import { PROJECT_DONE_TEXT } from '@gotong/domain/citizen/rules';
import { TRACKING_NUMBER_PATTERN } from '@gotong/domain/citizen/tracking-number';
import { solveIndonesian } from '../support/citizen-challenge';
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
 * The citizen door in Chromium on the real stack (issue #18 parts 3 and 4): a citizen files a road report from
 * the public page on a phone (a wrong answer to the security question first, then the right one) and gets a
 * tracking number; the regency desk turns it into a joint project from the road template in the desk screen;
 * the project's tasks are completed through the API; the public tracking page shows the final public answer and
 * never the reporter; the transparency page shows the OPD's figures. Its own database, so the figures are this
 * file's alone. No console errors but the expected refusals.
 */
const TIRIS = '35.13.07';
const ANDUNGBIRU = '35.13.07.2001'; // Desa Andungbiru, Kecamatan Tiris (Kepmendagri 2025 kode wilayah)
const REPORTER = 'Siti Aminah Pelapor';
const CONTACT = '0812-3456-7890';
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('web app: a citizen report from the public page to a joint project and back', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let desk: { username: string; token: string };
  const tokens: Record<string, string> = {};
  let trackingNumber = '';

  beforeAll(async () => {
    assertWebAppBuilt();
    await isolateTestFile('citizenweb');
    // The browser files from 127.0.0.1 like everyone else in the run: its filing limit must not trip.
    process.env.CITIZEN_REPORT_RATE_LIMIT = '100';
    stack = await startStack();
    browser = await launchChromium();
    desk = await stack.createStaff('DISKOMINFO', { fullName: 'Dewi Meja Aduan' });
    tokens['staff.dpupr'] = await stack.login('staff.dpupr');
    for (const code of ['KEC-TIRIS', 'DISHUB', 'BKD']) tokens[code] = (await stack.createStaff(code)).token;
  }, 180_000);

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

  /** The security question on the page once it has been (re)loaded: the button waits for it. */
  async function currentQuestion(page: Page): Promise<string> {
    await page.locator('form button[type="submit"]:not([disabled])').waitFor();
    return (await page.getByTestId('challenge-question').textContent()) ?? '';
  }

  it('files a road report from a phone: photo checked before upload, a wrong answer refused, a tracking number', async () => {
    watched = await openPage(browser, stack.baseUrl, 390);
    const { page, context } = watched;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/app/lapor');
    await page.getByRole('heading', { name: 'Lapor ke Pemerintah Kabupaten Probolinggo' }).waitFor();

    await page.getByLabel('Kategori').selectOption('jalan');
    await textOf(page.locator('#lapor-category-help'), /Ditangani oleh .+/);
    await page.getByLabel('Kecamatan').selectOption(TIRIS);
    await page.getByLabel('Desa/kelurahan').selectOption(ANDUNGBIRU);
    await page
      .getByLabel('Uraian masalah')
      .fill('Jalan desa Andungbiru berlubang besar di tikungan dekat sekolah sejak musim hujan.');

    // A photo over 5 MB is refused in the browser, before anything is sent; a small one is previewed.
    const photo = page.getByLabel('Foto (tidak wajib)');
    await photo.setInputFiles({
      name: 'besar.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(5 * 1024 * 1024 + 1),
    });
    await textOf(page.locator('#lapor-photo-error'), /Foto lebih besar dari 5 MB/);
    await page.getByRole('button', { name: 'Hapus foto' }).click();
    await photo.setInputFiles({ name: 'jalan.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByRole('img', { name: 'Pratinjau foto yang akan dikirim' }).waitFor();

    await page.getByLabel('Nama', { exact: true }).fill(REPORTER);
    await page.getByLabel('Nomor HP atau email').fill(CONTACT);
    await textOf(page.locator('#lapor-privacy'), /hanya dilihat petugas OPD yang menangani laporan/);

    // A wrong answer: the API refuses it, the page says so at the answer and asks a new question.
    const answer = page.getByLabel('Pertanyaan pengaman');
    watched.expectError(/status of 400 \(Bad Request\).*\/public\/reports/);
    await answer.fill(String(solveIndonesian(await currentQuestion(page)) + 1));
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await textOf(page.locator('#lapor-answer-error'), /Jawaban salah\. Jawab pertanyaan baru di atas\./);
    expect(await answer.inputValue()).toBe('');
    await screenshot(page, 'citizen-report-wrong-answer');

    await answer.fill(String(solveIndonesian(await currentQuestion(page))));
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByRole('heading', { name: 'Laporan Anda sudah diterima' }).waitFor();
    trackingNumber = ((await page.getByTestId('tracking-number').textContent()) ?? '').trim();
    expect(trackingNumber).toMatch(TRACKING_NUMBER_PATTERN);
    await textOf(page.locator('.filed'), /Tanggapan pertama paling lambat: \w+, \d{2}\/\d{2}\/\d{4}/);
    await page.getByRole('button', { name: 'Salin nomor' }).click();
    await textOf(page.getByRole('status'), /Nomor lacak sudah disalin\./);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(trackingNumber);
    await screenshot(page, 'citizen-report-filed');

    // Followed by its number: received, handled by DPUPR, no name or contact of the reporter anywhere.
    await page.getByRole('link', { name: 'Lihat status laporan' }).click();
    await textOf(page.getByTestId('report-status'), /^Diterima$/);
    expect(await page.locator('[data-stage="responded"]').getAttribute('data-state')).toBe('current');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(REPORTER);
    expect(text).not.toContain(CONTACT);
  });

  it('the regency desk turns the report into a joint project from the road template in the desk screen', async () => {
    expect(trackingNumber).not.toBe('');
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, desk.username);
    await page.getByRole('link', { name: 'Aduan warga' }).click();
    const row = page.getByTestId('citizen-reports').locator(`tr[data-tracking="${trackingNumber}"]`);
    await textOf(row, /Andungbiru/);
    await row.getByRole('link', { name: trackingNumber }).click();

    // The desk handles every report: it sees who reported it.
    await textOf(page.getByTestId('reporter'), new RegExp(REPORTER));
    await textOf(page.getByTestId('reporter'), new RegExp(CONTACT));

    await page.getByRole('radio', { name: 'Jadikan proyek bersama' }).check();
    expect(await page.getByLabel('Templat').inputValue()).toBe('perbaikan-jalan-aduan-warga');
    // The report's place and number are filled in; the road's location is the desk's to give.
    const kecamatan = page.getByRole('combobox', { name: /Kecamatan lokasi/ });
    await kecamatan.waitFor();
    expect(await kecamatan.inputValue()).toBe(TIRIS);
    expect(await page.getByLabel(/Nomor aduan/).inputValue()).toBe(trackingNumber);
    await page.getByRole('button', { name: 'Mulai proyek bersama' }).click();
    await textOf(page.locator('#triage-param-lokasi-error'), /Wajib diisi\./);
    await screenshot(page, 'citizen-report-desk-triage');

    await page.getByLabel(/Nama ruas/).fill('Jalan desa Andungbiru, tikungan SDN Andungbiru 1');
    await page.getByRole('button', { name: 'Mulai proyek bersama' }).click();
    await textOf(page.getByRole('status'), /Proyek bersama dimulai\./);
    await textOf(page.getByTestId('report-status'), /^Sedang ditindaklanjuti$/);
    await page.getByRole('link', { name: 'Buka proyek' }).waitFor();
    await screenshot(page, 'citizen-report-desk-project');
  });

  it('when the project’s tasks are done, the tracking page shows the final public answer', async () => {
    const id = (await stack.db.citizenReport.findUniqueOrThrow({ where: { trackingNumber } })).id;
    const projectId = await eventually(
      async () =>
        (await http(stack.baseUrl, desk.token).get(`/citizen-reports/${id}`)).body.projectId as string,
    );
    await completeProject(projectId);
    await eventually(
      async () =>
        (await http(stack.baseUrl, desk.token).get(`/citizen-reports/${id}`)).body.status === 'CLOSED',
    );

    watched = await openPage(browser, stack.baseUrl, 390);
    const { page } = watched;
    await page.goto('/app/lapor/lacak');
    // Typed as a person might: lower case, without dashes.
    await page.getByLabel('Nomor lacak').fill(trackingNumber.toLowerCase().replace(/-/g, ''));
    await page.getByRole('button', { name: 'Lacak' }).click();
    await textOf(page.getByTestId('report-status'), /^Selesai$/);
    expect(new URL(page.url()).pathname).toBe(`/app/lapor/lacak/${trackingNumber}`);
    const final = page.getByTestId('answers').locator('li.answer-final');
    expect(await textOf(final, /Jawaban akhir/)).toContain(PROJECT_DONE_TEXT);
    await textOf(page.getByTestId('project-progress'), /^5 dari 5 tugas selesai$/);
    const states = await page
      .getByTestId('report-stages')
      .locator('li')
      .evaluateAll((items) => items.map((li) => `${li.dataset.stage}:${li.dataset.state}`));
    expect(states).toEqual(['received:done', 'responded:done', 'project:done', 'done:done']);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(REPORTER);
    await screenshot(page, 'citizen-report-tracked-done');
  });

  it('the transparency page shows the OPD’s report answered on time and the joint work completed', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await page.goto('/app/lapor');
    await page.getByRole('link', { name: 'Transparansi' }).click();
    await page.getByRole('heading', { name: 'Transparansi layanan OPD' }).waitFor();
    await textOf(page.getByTestId('transparency-period'), /Periode: \w+, 01\/01\/\d{4} – \w+, 31\/12\/\d{4}/);
    const dpupr = page.getByTestId('transparency').locator('tr[data-agency="DPUPR"]');
    // One report received, its first response (the desk's triage) within the 5 working days; two road tasks done.
    const cells = await dpupr.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['1', '1 dari 1 (100%)', '0', '0', '2']);
    // The desk led the project: it counts as the desk's completed joint project.
    const lead = page.getByTestId('transparency').locator('tr[data-agency="DISKOMINFO"]');
    expect((await lead.locator('td').allTextContents()).at(-1)).toBe('1');
    await screenshot(page, 'citizen-transparency');
  });

  /** Every step of the road project, submitted by its OPD and accepted by the lead (the desk that started it). */
  async function completeProject(projectId: string) {
    const values: Record<string, [string, Record<string, unknown>]> = {
      'verifikasi-aduan': ['KEC-TIRIS', { aduanValid: true, lokasiRuas: 'Jalan desa Andungbiru km 2' }],
      'survei-kerusakan': [
        'staff.dpupr',
        {
          panjangKerusakan: 0.4,
          tingkatKerusakan: 'Sedang',
          statusJalan: 'Jalan kabupaten',
          perkiraanBiaya: 150000000,
        },
      ],
      'manajemen-lalu-lintas': ['DISHUB', { rambuTerpasang: 4, perluPengalihanArus: false }],
      penganggaran: ['BKD', { nilaiAnggaran: 150000000, sumberAnggaran: 'APBD perubahan' }],
      'perbaikan-selesai': [
        'staff.dpupr',
        { tanggalSelesai: '2026-12-20', panjangDiperbaiki: 0.4, realisasiBiaya: 142000000 },
      ],
    };
    const done = new Set<string>();
    while (done.size < Object.keys(values).length) {
      // The tasks the project has opened so far (the template's dependencies decide which).
      const open = await eventually(async () => {
        const project = await http(stack.baseUrl, desk.token).get(`/projects/${projectId}`);
        const ready = (project.body.steps as { key: string; task?: { id: string; status: string } }[]).filter(
          (s) => s.task && !done.has(s.key) && ['ASSIGNED', 'CLAIMED'].includes(s.task.status),
        );
        return ready.length > 0 ? ready : undefined;
      });
      for (const step of open) {
        const [who, stepValues] = values[step.key]!;
        const submitted = await http(stack.baseUrl, tokens[who]).post(
          `/tasks/${step.task!.id}/contribution`,
          {
            values: stepValues,
          },
        );
        expect([step.key, submitted.status]).toEqual([step.key, 200]);
        const accepted = await http(stack.baseUrl, desk.token).post(`/tasks/${step.task!.id}/review`, {
          decision: 'ACCEPT',
        });
        expect([step.key, accepted.status]).toEqual([step.key, 200]);
        done.add(step.key);
      }
    }
  }
});
