import type { Browser } from 'playwright-core';
import { KECAMATAN_AREAS, villagesOf } from '@gotong/domain/region';
import { PLANNING_STAGES, type StageCalendar } from '@gotong/domain/planning';
import { kecamatanAgencyCode } from '../../prisma/data/probolinggo';
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
 * The planning cycle (RKPD) in the web app, in Chromium against the real stack: a kecamatan office files a
 * Musrenbang proposal through the form (a desa outside its kecamatan is refused next to the field, in
 * Indonesian), BAPPEDA sees it routed to DPUPR and moves a stage date, DPUPR accepts it into its Renja from the
 * task page (the Renja fields become required once TERIMA is chosen), the proposal page shows the decision with
 * the pagu in rupiah, and the Sekda reaches the year's overview from the leadership home. No console errors.
 */
describe('web app: planning (RKPD)', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let kecamatanUser = '';
  let proposalId = '';
  const api = async (username: string) => http(stack.baseUrl, await stack.login(username));
  // The RKPD year drawn up now (its stages lie in the current calendar year, WIB).
  const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear() + 1;
  const offices = KECAMATAN_AREAS.slice(0, 2).map((k): Kec => ({
    area: k.code,
    name: k.name,
    agency: kecamatanAgencyCode(k.name),
    desa: villagesOf(k.code)[0]!,
  }));
  const home = offices[0]!;
  const neighbour = offices[1]!;
  type Kec = { area: string; name: string; agency: string; desa: { code: string; name: string } };
  const title = 'Pengaspalan jalan poros desa';
  const minutes = 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  let stages: StageCalendar;

  beforeAll(async () => {
    assertWebAppBuilt();
    // A database of its own: the year and its figures are this file's only.
    await isolateTestFile('webplanning');
    stack = await startStack();
    browser = await launchChromium();
    kecamatanUser = (await stack.createStaff(home.agency, { fullName: `Staf Kecamatan ${home.name}` }))
      .username;
    // The year is open in Musrenbang kecamatan: proposals are taken, routing waits for its end.
    const t0 = Date.now();
    stages = {
      MUSRENBANG_DESA: { start: iso(t0 - 60 * minutes), end: iso(t0 - 30 * minutes) },
      MUSRENBANG_KECAMATAN: { start: iso(t0 - 30 * minutes), end: iso(t0 + 60 * minutes) },
      FORUM_PERANGKAT_DAERAH: { start: iso(t0 + 60 * minutes), end: iso(t0 + 120 * minutes) },
      MUSRENBANG_KABUPATEN: { start: iso(t0 + 120 * minutes), end: iso(t0 + 130 * minutes) },
      PENETAPAN_RKPD: { start: iso(t0 + 130 * minutes), end: iso(t0 + 150 * minutes) },
    };
    const opened = await (await api('lead.bappeda')).post('/planning/years', { year, stages });
    expect(opened.status).toBe(201);
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

  it('lets a kecamatan office file a proposal, with the refusal of a foreign desa next to the field', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    // The API's 400 for the foreign desa is logged by the browser as a failed request.
    watched.expectError(/status of 400/);
    await signIn(page, kecamatanUser);
    await page.getByRole('link', { name: 'Perencanaan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Perencanaan (RKPD)' }).waitFor();
    await textOf(page.locator(`[data-year="${year}"]`), /Musrenbang kecamatan/);
    await page.getByRole('link', { name: `RKPD ${year}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Usulan Musrenbang RKPD ${year}` }).waitFor();
    await page.getByText('Tidak ada usulan yang cocok.').waitFor();
    await page.getByRole('link', { name: 'Ajukan usulan' }).click();
    await page.getByRole('heading', { level: 1, name: `Ajukan usulan Musrenbang RKPD ${year}` }).waitFor();

    // Sent empty: every field says what it needs, nothing is sent.
    await page.getByRole('button', { name: 'Kirim usulan' }).click();
    await textOf(page.locator('#proposal-desa-error'), /Wajib diisi\./);
    await textOf(page.locator('#proposal-priority-error'), /Wajib diisi\./);

    // A desa of the neighbouring kecamatan, typed as its code: the API refuses it, next to the field.
    await page.getByRole('combobox', { name: 'Desa/kelurahan' }).fill(neighbour.desa.code);
    await page.getByLabel('Judul usulan').fill(title);
    await page
      .getByLabel('Permasalahan')
      .fill('Jalan poros desa rusak berat sepanjang 1,2 km, dilalui angkutan hasil tani.');
    await page.getByLabel('Usulan kegiatan').fill('Pengaspalan hotmix jalan poros desa 1,2 km.');
    await page.getByLabel('Bidang').selectOption('jalan-jembatan');
    await page.getByText('Diputuskan oleh: DPUPR').waitFor();
    await page.getByLabel('Prioritas kecamatan').fill('1');
    await page.getByRole('button', { name: 'Kirim usulan' }).click();
    const refusal = await textOf(page.locator('#proposal-desa-error'), /tidak terletak di kecamatan/);
    expect(refusal).toContain(neighbour.desa.code);
    expect(await page.locator('#proposal-desa').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'planning-proposal-refused');

    // The desa chosen from the list, which offers the desa of the office's own kecamatan.
    await page.getByRole('combobox', { name: 'Desa/kelurahan' }).fill(home.desa.name.slice(0, 4));
    await page.getByRole('option', { name: `${home.desa.name} — ${home.desa.code}` }).click();
    await page.getByRole('button', { name: 'Kirim usulan' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(page.url()).toMatch(new RegExp(`/app/planning/${year}/proposals/[0-9a-f-]{36}$`));
    proposalId = page.url().split('/').pop()!;
    await page.locator('[data-status="SUBMITTED"]').waitFor();
    await textOf(page.locator('.details'), new RegExp(home.desa.code.replace(/\./g, '\\.')));
    await page.getByText('Belum ada OPD yang diminta memutuskan.').waitFor();
    await screenshot(page, 'planning-proposal-filed');
  }, 90_000);

  it('shows BAPPEDA the proposal routed to DPUPR, and takes a new date for a stage to come', async () => {
    expect(proposalId).not.toBe('');
    // BAPPEDA brings the Forum Perangkat Daerah forward: Musrenbang kecamatan ends, the proposal is routed.
    const lead = await api('lead.bappeda');
    const soon = Date.now() + 3_000;
    const moved = {
      ...stages,
      MUSRENBANG_KECAMATAN: { start: stages.MUSRENBANG_KECAMATAN.start, end: iso(soon) },
      FORUM_PERANGKAT_DAERAH: { start: iso(soon), end: stages.FORUM_PERANGKAT_DAERAH.end },
    };
    const patched = await fetch(`${stack.baseUrl}/planning/years/${year}/stages`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${await stack.login('lead.bappeda')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ stages: moved }),
    });
    expect(patched.status).toBe(200);
    stages = moved;
    await eventually(
      async () =>
        (await lead.get(`/planning/years/${year}/proposals/${proposalId}`)).body.status === 'ROUTED' ||
        undefined,
    );

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.getByRole('link', { name: 'Perencanaan', exact: true }).click();
    const card = page.locator(`[data-year="${year}"]`);
    await textOf(card.locator('[data-stage]'), /Forum Perangkat Daerah \(Renja\)/);
    // The schedule in days (WIB): the Renja deadline is the end of the Forum Perangkat Daerah.
    const forum = card.locator('[data-phase]').filter({ hasText: 'Forum Perangkat Daerah' });
    await textOf(forum, /\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}/);

    // A date to come moves; a date already past is shown but cannot be changed.
    await card.getByRole('button', { name: 'Ubah tanggal tahapan' }).click();
    const form = card.getByRole('form', { name: 'Ubah tanggal tahapan' });
    expect(await form.locator('#edit-' + year + '-MUSRENBANG_DESA-start').isDisabled()).toBe(true);
    const end = form.locator(`#edit-${year}-PENETAPAN_RKPD-end`);
    const newEnd = laterDayInYear(stages.PENETAPAN_RKPD.end);
    await end.fill(newEnd.typed);
    await form.getByRole('button', { name: 'Simpan tanggal' }).click();
    await card.getByRole('status').filter({ hasText: 'Tanggal tahapan disimpan.' }).waitFor();
    await textOf(
      card.locator('[data-phase]').filter({ hasText: 'penetapan RKPD' }),
      new RegExp(newEnd.typed),
    );
    const year2 = await lead.get(`/planning/years/${year}`);
    expect(year2.body.stages.PENETAPAN_RKPD.end).toBe(newEnd.instant);
    expect(PLANNING_STAGES.filter((s) => s !== 'PENETAPAN_RKPD').map((s) => year2.body.stages[s])).toEqual(
      PLANNING_STAGES.filter((s) => s !== 'PENETAPAN_RKPD').map((s) => stages[s]),
    );

    // The year's proposals: routed to DPUPR, waiting for its decision, with the deadline.
    await card.getByRole('link', { name: `RKPD ${year}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Usulan Musrenbang RKPD ${year}` }).waitFor();
    const row = page.getByRole('row').filter({ hasText: title });
    await row.locator('[data-status="ROUTED"]').waitFor();
    await textOf(row, /DPUPR/);
    await textOf(row, /0 diterima, 0 ditolak, 1 belum/);
    await page.getByLabel('OPD', { exact: true }).selectOption('DPUPR');
    await page.waitForURL(/[?&]opd=DPUPR/);
    await row.waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('DECLINED');
    await page.getByText('Tidak ada usulan yang cocok.').waitFor();
    await screenshot(page, 'planning-year');
  }, 90_000);

  it('lets DPUPR accept the proposal into its Renja from the task page', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dpupr');
    await page.getByRole('heading', { name: 'Kotak Tugas' }).waitFor();
    await page.getByRole('row').filter({ hasText: title }).getByRole('link').first().click();
    await page.waitForURL(/\/app\/tasks\/[0-9a-f-]+$/);
    await page.locator('.status-line [data-status="ASSIGNED"]').waitFor();
    await page.getByRole('button', { name: 'Ambil tugas ini' }).click();
    await page.locator('.status-line [data-status="CLAIMED"]').waitFor();
    const form = page.getByRole('region', { name: 'Formulir kontribusi' });
    await form.waitFor();
    // Nothing but the decision is required until TERIMA is chosen; then the Renja fields are.
    const program = form.getByLabel(/Program \(Renja\)/);
    expect(await program.getAttribute('aria-required')).toBeNull();
    await form.getByLabel(/Keputusan OPD atas usulan/).selectOption('TERIMA');
    await expect_(async () => (await program.getAttribute('aria-required')) === 'true');
    expect(await form.getByLabel(/Alasan penolakan/).getAttribute('aria-required')).toBeNull();
    await form.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await textOf(form.locator('.field-invalid').filter({ hasText: 'Pagu indikatif' }), /Wajib diisi|wajib/i);

    await program.fill('Program Penyelenggaraan Jalan');
    await form.getByLabel(/Kegiatan \(Renja\)/).fill('Penyelenggaraan Jalan Kabupaten');
    await form.getByLabel(/Sub kegiatan \(Renja\)/).fill('Rehabilitasi Jalan');
    await form.getByLabel(/Kode rekening/).fill('1.03.10.2.01.0030');
    await form.getByLabel(/Pagu indikatif/).fill('150000000');
    await form.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.locator('.status-line [data-status="COMPLETED"]').waitFor();

    // The proposal's page: the decision with the Renja activity, the budget line and the pagu in rupiah.
    await page.goto(`/app/planning/${year}/proposals/${proposalId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.locator('.status-line [data-status="ACCEPTED"]').waitFor();
    const decision = page.locator('article[data-agency="DPUPR"]');
    await textOf(decision, /Diterima ke Renja/);
    await textOf(decision, /Rp 150\.000\.000/);
    await textOf(decision, /1\.03\.10\.2\.01\.0030/);
    await textOf(decision, /Rehabilitasi Jalan/);
    expect(await decision.getByRole('link', { name: /Buka tugas/ }).getAttribute('href')).toMatch(
      /^\/app\/tasks\/[0-9a-f-]+$/,
    );
    await page.getByRole('link', { name: 'Buka proyek bersama' }).waitFor();
    await screenshot(page, 'planning-proposal-decided');
  }, 90_000);

  it('shows the Sekda the figures per kecamatan and per OPD, from the leadership home', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'sekda');
    await page.goto('/app/');
    await page.getByRole('heading', { name: 'Beranda pimpinan' }).waitFor();
    await page.getByRole('link', { name: 'Ikhtisar perencanaan (RKPD)' }).click();
    await page.getByRole('heading', { level: 1, name: `Ikhtisar perencanaan RKPD ${year}` }).waitFor();
    const kecamatan = page.locator(`tr[data-kecamatan="${home.area}"]`);
    await kecamatan.waitFor();
    expect(await kecamatan.locator('[data-figure="proposals"]').textContent()).toBe('1');
    expect(await kecamatan.locator('[data-figure="accepted"]').textContent()).toBe('1');
    expect(await kecamatan.locator('[data-figure="unowned"]').textContent()).toBe('0');
    const dpupr = page.locator('tr[data-agency="DPUPR"]');
    expect(await dpupr.locator('[data-figure="accepted"]').textContent()).toBe('1');
    expect(await dpupr.locator('[data-figure="pagu"]').textContent()).toBe('Rp 150.000.000');
    await screenshot(page, 'planning-overview');

    // On a phone the tables scroll inside their card; the page itself does not scroll sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    const width = await page
      .locator('html')
      .evaluate((html) => (html as { scrollWidth: number }).scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
  }, 90_000);

  it('lets BAPPEDA assign OPDs to a proposal nobody owns', async () => {
    // Filed after routing with the topic "lainnya": nobody owns it until BAPPEDA chooses.
    const neighbourOffice = await stack.createStaff(neighbour.agency);
    const filed = await http(stack.baseUrl, neighbourOffice.token).post(`/planning/years/${year}/proposals`, {
      kecamatan: neighbour.area,
      desa: neighbour.desa.code,
      title: 'Lampu penerangan jalan umum',
      problem: 'Jalan desa gelap pada malam hari.',
      proposedActivity: 'Pemasangan 20 titik lampu PJU tenaga surya.',
      topic: 'lainnya',
      priority: 1,
    });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const lead = await api('lead.bappeda');
    await eventually(
      async () =>
        (await lead.get(`/planning/years/${year}/proposals/${id}`)).body.status === 'UNOWNED' || undefined,
    );

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.goto(`/app/planning/${year}?status=UNOWNED`);
    const row = page.getByRole('row').filter({ hasText: 'Lampu penerangan jalan umum' });
    await textOf(row, /Belum diarahkan/);
    await row.getByRole('link', { name: 'Lampu penerangan jalan umum' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lampu penerangan jalan umum' }).waitFor();
    await page.locator('.status-line [data-status="UNOWNED"]').waitFor();
    const panel = page.getByRole('region', { name: 'Tetapkan OPD' });
    await panel.getByRole('button', { name: 'Tetapkan dan arahkan' }).click();
    await panel.getByText('Pilih paling sedikit satu OPD.').waitFor();
    await panel.getByRole('checkbox', { name: /\(DISHUB\)$/ }).check();
    await panel.getByRole('button', { name: 'Tetapkan dan arahkan' }).click();
    // Routed at once: DISHUB's decision is asked for, the panel is gone.
    await page.locator('article[data-agency="DISHUB"]').waitFor();
    await textOf(page.locator('article[data-agency="DISHUB"]'), /Belum diputuskan/);
    await page.locator('.status-line [data-status="ROUTED"]').waitFor();
    expect(await panel.count()).toBe(0);
    await screenshot(page, 'planning-assigned');
  }, 90_000);
});

/** Polls a condition on the page until it holds (for attributes playwright-core cannot wait on directly). */
async function expect_(condition: () => Promise<boolean>): Promise<void> {
  await eventually(async () => ((await condition()) ? true : undefined));
}

/**
 * A day after the given instant's, in the same calendar year (WIB), as typed (dd/mm/yyyy) and as the form sends
 * it (its last second, WIB).
 */
function laterDayInYear(instant: string): { typed: string; instant: string } {
  const wib = new Date(Date.parse(instant) + 7 * 3_600_000);
  const next = new Date(Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate() + 1));
  const day =
    next.getUTCFullYear() === wib.getUTCFullYear() ? next : new Date(Date.UTC(wib.getUTCFullYear(), 11, 31));
  const dd = String(day.getUTCDate()).padStart(2, '0');
  const mm = String(day.getUTCMonth() + 1).padStart(2, '0');
  const yyyy = day.getUTCFullYear();
  return {
    typed: `${dd}/${mm}/${yyyy}`,
    instant: new Date(Date.parse(`${yyyy}-${mm}-${dd}T23:59:59+07:00`)).toISOString(),
  };
}
