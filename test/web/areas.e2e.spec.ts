import { randomBytes } from 'node:crypto';
import type { Browser, Locator } from 'playwright-core';
import { villagesOf } from '@gotong/domain/region';
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
 * The area picker in Chromium against the real stack: a desa or kecamatan is chosen by typing part of its name
 * (GET /areas), the list shows "name — code", choosing fills the code and the name shows beside it; a desa of
 * another kecamatan is not offered, and when its code is typed anyway the refusal sits next to the field —
 * when starting a project from a template with a desa parameter, and in a contribution form of a Tiris project.
 */
describe('web app: choosing desa and kecamatan by name', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const TAG = randomBytes(3).toString('hex');
  const api = (token: string) => http(stack.baseUrl, token);

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

  it('starts a project for one desa of Krucil chosen by name, refusing a desa of another kecamatan', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.getByRole('link', { name: 'Proyek baru' }).click();
    await page.getByLabel('Templat').selectOption('perbaikan-jalan-aduan-warga');

    // "Kru" offers Kecamatan Krucil with its code; choosing it fills the code and shows the name.
    const kecamatan = page.getByRole('combobox', { name: /Kecamatan lokasi/ });
    await kecamatan.fill('Kru');
    const krucil = page.getByRole('option', { name: 'Krucil — 35.13.08' });
    await krucil.waitFor();
    expect(await kecamatan.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'area-picker-kecamatan');
    await krucil.click();
    expect(await kecamatan.inputValue()).toBe('35.13.08');
    await textOf(page.locator('.area-picker').first(), /Krucil/);
    expect(await page.getByRole('listbox').filter({ visible: true }).count()).toBe(0);

    // The desa parameter offers desa of Krucil only: Tongas Wetan is not offered.
    const desa = page.getByRole('combobox', { name: /Desa lokasi/ });
    await desa.fill('Tongas');
    await textOf(page.getByRole('status').filter({ hasText: /wilayah/ }), /Tidak ada wilayah yang cocok\./);
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(0);

    // Typed as a code anyway, it is refused by the API, with its message next to the field.
    await desa.fill('35.13.23.2008');
    await page.getByLabel(/Nomor aduan/).fill(`LAPOR-${TAG}`);
    await page.getByLabel(/Nama ruas/).fill('Jalan Krucil – Tiris km 3');
    watched.expectError(/status of 400 \(Bad Request\) \(.*\/projects\/from-template\)/);
    await page.getByRole('button', { name: 'Mulai proyek' }).click();
    await textOf(
      page.locator('#param-desa-error'),
      /35\.13\.23\.2008 \(Tongas Wetan\) does not lie in Kecamatan Krucil/,
    );
    expect(await desa.getAttribute('aria-invalid')).toBe('true');

    // Chosen from the list by keyboard: the first desa of Krucil whose name contains "Krucil".
    await desa.fill('');
    await desa.pressSequentially('krucil');
    const offered = page.getByRole('option', { name: /^Krucil — 35\.13\.08\.\d{4}$/ });
    await offered.waitFor();
    const code = /35\.13\.08\.\d{4}/.exec((await offered.textContent()) ?? '')![0];
    await desa.press('ArrowDown');
    expect(await desa.getAttribute('aria-activedescendant')).toBe(await offered.getAttribute('id'));
    await desa.press('Enter');
    expect(await desa.inputValue()).toBe(code);
    await textOf(page.locator('.area-picker').nth(1), /Krucil/);
    await screenshot(page, 'area-picker-desa');

    await page.getByRole('button', { name: 'Mulai proyek' }).click();
    await page.getByRole('heading', { level: 1, name: /Perbaikan Jalan Rusak/ }).waitFor();
    const projectId = page.url().split('/').pop()!;
    const lead = await stack.login('lead.bappeda');
    const project = await api(lead).get(`/projects/${projectId}`);
    expect(project.body.parameters).toMatchObject({ kecamatan: '35.13.08', desa: code });
    await api(lead).post(`/projects/${projectId}/cancel`, { reason: `areas ${TAG} done` });
  });

  it('offers the desa of the project’s kecamatan in a contribution form, and refuses another kecamatan’s', async () => {
    const lead = await stack.login('lead.bappeda');
    const started = await api(lead).post('/projects/from-template', {
      templateCode: 'percepatan-penurunan-stunting',
      parameters: { kecamatan: '35.13.07', tahun: `2026 ${TAG}` },
      title: `Stunting Tiris ${TAG}`,
    });
    expect(started.status).toBe(201);
    const taskId = await eventually(async () => {
      const p = await api(lead).get(`/projects/${started.body.id}`);
      return (p.body?.steps as any[] | undefined)?.find((s) => s.key === 'data-stunting')?.task?.id as
        string | undefined;
    });

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dinkes');
    await page.goto(`/app/tasks/${taskId}`);
    const form = page.getByRole('region', { name: 'Formulir kontribusi' });
    await form.waitFor();
    const measured = form.getByRole('group', { name: /Jumlah balita diukur/ });
    const area = measured.getByRole('combobox', { name: 'Baris 1: Kode wilayah desa' });

    // Desa of Tiris are offered by name; Tongas Wetan is not.
    await area.fill('Tongas');
    await textOf(page.getByRole('status').filter({ hasText: /wilayah/ }), /Tidak ada wilayah yang cocok\./);
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(0);
    await area.fill('Andung');
    await page.getByRole('option', { name: 'Andungbiru — 35.13.07.2001' }).click();
    expect(await area.inputValue()).toBe('35.13.07.2001');
    await textOf(measured.locator('.area-picker').first(), /Andungbiru/);
    await measured.getByLabel('Baris 1: Jumlah balita diukur').fill('120');

    // Typed as a code anyway, a desa of Tongas is refused next to its cell, in the API's words.
    const stunted = form.getByRole('group', { name: /Jumlah balita stunting/ });
    await stunted.getByRole('combobox', { name: 'Baris 1: Kode wilayah desa' }).fill('35.13.23.2008');
    await stunted.getByLabel('Baris 1: Jumlah balita stunting').fill('14');
    await form.getByLabel(/Tanggal akhir pengukuran/).fill('2026-11-20');
    await form.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await textOf(stunted, /35\.13\.23\.2008 \(Tongas Wetan\) does not lie in Kecamatan Tiris/);
    await screenshot(page, 'area-picker-contribution');

    await stunted.getByRole('combobox', { name: 'Baris 1: Kode wilayah desa' }).fill('Andungbiru');
    await page.getByRole('option', { name: 'Andungbiru — 35.13.07.2001' }).click();
    await form.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.locator('.status-line [data-status="SUBMITTED"]').waitFor();
    const dinkes = await stack.login('staff.dinkes');
    const sent = (await api(dinkes).get(`/tasks/${taskId}/contributions`)).body;
    expect(sent.at(-1).values).toMatchObject({
      jumlahBalitaDiukur: { '35.13.07.2001': 120 },
      jumlahBalitaStunting: { '35.13.07.2001': 14 },
    });
    await api(lead).post(`/projects/${started.body.id}/cancel`, { reason: `areas ${TAG} done` });
  });

  it('adds areas by name to a data request and desa to an incident declaration', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'walidata');
    await page.goto('/app/data/requests');
    await page.getByRole('heading', { name: 'Permintaan data baru' }).waitFor();
    const search = page.getByRole('combobox', { name: 'Cari dan tambahkan wilayah' });
    // Kecamatan and desa are offered together; the chosen one joins the list of codes, named.
    await search.fill('Leces');
    // A kecamatan says so where desa are offered too (Desa Leces lies in Kecamatan Leces).
    await page.getByRole('option', { name: 'Leces — 35.13.05.2005', exact: true }).waitFor();
    await page.getByRole('option', { name: 'Kecamatan Leces — 35.13.05', exact: true }).click();
    await search.fill('Tongas Wet');
    await page.getByRole('option', { name: 'Tongas Wetan — 35.13.23.2008' }).click();
    expect(await page.getByLabel('Wilayah (kode wilayah)').inputValue()).toBe('35.13.05, 35.13.23.2008');
    expect(await search.inputValue()).toBe('');
    await textOf(page.locator('.help'), /Leces \(35\.13\.05\), Tongas Wetan \(35\.13\.23\.2008\)/);
    await watched.close();
    expect(watched.problems).toEqual([]);

    watched = await openPage(browser, stack.baseUrl);
    const bpbd = watched.page;
    await signIn(bpbd, 'staff.bpbd');
    await bpbd.goto('/app/incidents/new');
    await bpbd.getByRole('checkbox', { name: 'Tongas (35.13.23)' }).check();
    const desa = bpbd.getByRole('combobox', { name: /Cari dan tambahkan desa/ });
    // Only desa of the chosen kecamatan are offered.
    await desa.fill('Andung');
    await textOf(bpbd.getByRole('status').filter({ hasText: /wilayah/ }), /Tidak ada wilayah yang cocok\./);
    await desa.fill('Curahdr');
    await bpbd.getByRole('option', { name: 'Curahdringu — 35.13.23.2005' }).click();
    expect(await bpbd.getByLabel('Desa terdampak (kode wilayah)').inputValue()).toBe('35.13.23.2005');
    await textOf(bpbd.locator('.help'), /Curahdringu \(35\.13\.23\.2005\)/);
  });

  it('shows published figures with their desa names, and the kecamatan and regency totals', async () => {
    // Kecamatan Gading, which no other test file reports on; two of its desa.
    const GADING = '35.13.09';
    const [first, second] = villagesOf(GADING);
    const lead = await stack.login('lead.bappeda');
    const dinkes = await stack.login('staff.dinkes');
    const code = `uji-total-web-${TAG}`;
    const template = await api(lead).post('/templates', {
      code,
      name: `Balita stunting per desa (${TAG})`,
      description: 'Dinkes melaporkan balita stunting per desa.',
      category: 'PROGRAM',
      parameters: [{ key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan', required: true }],
      steps: [
        {
          key: 'pengukuran',
          title: 'Pengukuran balita',
          instructions: 'Laporkan jumlah balita stunting per desa.',
          owner: { agency: 'DINKES' },
          form: {
            fields: [
              {
                key: 'balitaStunting',
                label: 'Balita stunting',
                type: 'integer',
                required: true,
                min: 0,
                perArea: 'desa',
                indicator: 'BALITA_STUNTING',
              },
            ],
          },
          sla: { amount: 1, unit: 'hours' },
          dependsOn: [],
        },
      ],
    });
    expect(template.status).toBe(201);
    const started = await api(lead).post('/projects/from-template', {
      templateCode: code,
      parameters: { kecamatan: GADING },
    });
    expect(started.status).toBe(201);
    const taskId = await eventually(async () => {
      const p = await api(lead).get(`/projects/${started.body.id}`);
      return (p.body?.steps as any[] | undefined)?.[0]?.task?.id as string | undefined;
    });
    const sent = await api(dinkes).post(`/tasks/${taskId}/contribution`, {
      values: { balitaStunting: { [first!.code]: 9, [second!.code]: 4 } },
    });
    expect(sent.status).toBe(200);
    expect((await api(lead).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    const published = (await api(lead).get(`/data/published?indicator=BALITA_STUNTING&area=${GADING}`)).body;
    // Other test files publish BALITA_STUNTING too, for other periods: judge this project's period.
    const period = (published.items as any[]).find((f) => f.areaCode === first!.code).period as string;
    const gading = (published.totals as any[]).find((t) => t.areaCode === GADING && t.period === period);
    expect(gading.value).toBe(
      (published.items as any[])
        .filter((f) => f.period === period)
        .reduce((sum, f) => sum + (f.value as number), 0),
    );

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'walidata');
    await page.getByRole('link', { name: 'Data Satu Pintu' }).click();
    await page.getByRole('heading', { name: 'Jumlah per kecamatan dan kabupaten' }).waitFor();
    // Other test files publish figures into the same database: narrow every row to this indicator and period.
    const ours = (rows: Locator) => rows.filter({ hasText: 'BALITA_STUNTING' }).filter({ hasText: period });
    const figure = ours(page.getByRole('row').filter({ hasText: `(${first!.code})` }));
    await textOf(figure, new RegExp(`${first!.name}`));
    await textOf(figure, /9 anak/);
    const total = ours(page.getByTestId('published-totals').locator(`tr[data-area="${GADING}"]`));
    await textOf(total, /Kecamatan Gading \(35\.13\.09\)/);
    await textOf(total, new RegExp(`${gading.value} anak`));
    await textOf(total, new RegExp(`${gading.areasCounted} dari ${gading.areasTotal} wilayah`));
    await ours(page.getByTestId('published-totals').locator('tr[data-area="35.13"]')).waitFor();
    await screenshot(page, 'published-totals');
  });
});
