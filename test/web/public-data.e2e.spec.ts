import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { villagesOf } from '@gotong/domain/region';
import { eventually, http, startStack, type Stack } from '../support/stack';
import { assertWebAppBuilt, launchChromium, openPage, screenshot, textOf, type WatchedPage } from './browser';

/**
 * The open data page in Chromium against the real stack, without signing in: reached from the login page, it
 * shows a published indicator by kecamatan (chart and totals) and by desa with names, provenance by OPD and role
 * (no staff name), pages that say how many figures there are, and downloads of what is shown. No console errors.
 *
 * Figures: DINSOS reports an indicator of this file's own for every desa of four kecamatan (more than one page).
 */
const KECAMATAN = ['35.13.24', '35.13.08', '35.13.09', '35.13.07'];
const PERIOD = '2081';

describe('web app: the open data page (no login)', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let staffName: string;
  const code = `TERBUKA_${randomBytes(3).toString('hex').toUpperCase()}`;
  const desa = KECAMATAN.flatMap((k) => villagesOf(k));
  const valueOf = (i: number) => 100 + i;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
    const [walidata, dinsos] = await Promise.all([stack.login('walidata'), stack.login('staff.dinsos')]);
    staffName = (await stack.db.user.findUniqueOrThrow({ where: { username: 'staff.dinsos' } })).fullName;
    const api = (token: string) => http(stack.baseUrl, token);
    expect(
      (
        await api(walidata).post('/data/indicators', {
          code,
          name: 'Keluarga penerima bantuan sosial',
          definition: 'Keluarga penerima bantuan sosial pada akhir periode.',
          unit: 'keluarga',
          valueType: 'integer',
          areaLevel: 'desa',
          periodicity: 'yearly',
          producers: ['DINSOS'],
          metadata: {
            source: 'SIKS-NG Kemensos',
            method: 'Rekap penyaluran',
            contact: 'Walidata Diskominfo',
          },
        })
      ).status,
    ).toBe(201);
    const request = await api(walidata).post('/data/requests', {
      indicators: [code],
      period: PERIOD,
      areas: KECAMATAN,
    });
    expect(request.status).toBe(201);
    const task = await eventually(
      async () =>
        (await api(walidata).get(`/projects/${request.body.id}`)).body?.steps?.[0]?.task?.id as string,
    );
    const key = (await api(dinsos).get(`/tasks/${task}`)).body.form.fields[0].key as string;
    const values = Object.fromEntries(desa.map((d, i) => [d.code, valueOf(i)]));
    expect(
      (await api(dinsos).post(`/tasks/${task}/contribution`, { values: { [key]: values } })).status,
    ).toBe(200);
    expect((await api(walidata).post(`/tasks/${task}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    await eventually(
      async () => (await api(walidata).get(`/data/published?indicator=${code}`)).body.total === desa.length,
    );
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

  it('shows the figures by kecamatan and desa with a chart, provenance by OPD and pages, without signing in', async () => {
    expect(desa.length).toBeGreaterThan(50);
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await page.goto('/app/login');
    await page.getByRole('link', { name: 'Lihat data publik tanpa login' }).click();
    await page.getByRole('heading', { name: 'Data Publik Kabupaten Probolinggo' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/data-publik');

    // The regency: a chart of the kecamatan totals, and the first page of figures with names.
    await page.getByLabel('Indikator').selectOption(code);
    expect(await page.getByLabel('Periode').inputValue()).toBe(PERIOD);
    const chart = page.getByRole('img', { name: 'Jumlah per kecamatan' });
    await chart.locator('svg').getByText('Lumbang', { exact: true }).waitFor();
    await chart.locator('svg').getByText('Tiris', { exact: true }).waitFor();
    const status = page.getByRole('status').filter({ hasText: /Menampilkan/ });
    await textOf(status, new RegExp(`Menampilkan 1–50 dari ${desa.length} angka`));
    const table = page.getByTestId('public-figures');
    const first = [...desa].sort((a, b) => a.code.localeCompare(b.code))[0]!;
    const row = table.locator(`tr[data-area="${first.code}"]`);
    expect(await textOf(row, new RegExp(first.name))).toMatch(
      /DINSOS \(Staf OPD\), diverifikasi Walidata DISKOMINFO/,
    );
    // No staff name anywhere on the page.
    expect(await page.locator('main').textContent()).not.toContain(staffName);

    // There is more: the next page says so, and the last one has no next.
    await page.getByRole('button', { name: 'Berikutnya' }).click();
    await textOf(status, new RegExp(`Menampilkan 51–${desa.length} dari ${desa.length} angka`));
    expect(await page.getByRole('button', { name: 'Berikutnya' }).isDisabled()).toBe(true);
    await screenshot(page, 'public-data-regency');

    // One kecamatan: its desa in the chart and the table, the downloads follow the choice.
    await page.getByLabel('Kecamatan', { exact: true }).selectOption('35.13.24');
    await page.getByRole('img', { name: 'Angka per desa/kelurahan' }).waitFor();
    const lumbang = villagesOf('35.13.24');
    await textOf(status, new RegExp(`Menampilkan 1–${lumbang.length} dari ${lumbang.length} angka`));
    for (const d of lumbang)
      await table.locator(`tr[data-area="${d.code}"]`).filter({ hasText: d.name }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(lumbang.length);
    const csvHref = await page.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href');
    expect(csvHref).toContain('kecamatan=35.13.24');
    const csv = await fetch(`${stack.baseUrl}${csvHref}`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(lumbang.length + 1);
    expect(lines.join('\n')).not.toContain(staffName);
    expect(await page.getByRole('link', { name: 'Unduh XLSX' }).getAttribute('href')).toContain(
      'figures.xlsx?',
    );
    await screenshot(page, 'public-data-kecamatan');
  });
});
