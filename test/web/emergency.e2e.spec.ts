import type { Browser } from 'playwright-core';
import { eventually, http, startStack, type Stack } from '../support/stack';
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
 * Emergencies in the web app, in Chromium against the real stack: BPBD declares a flood in Tongas through
 * the form, the dashboard lists the mobilised OPDs with their acknowledgements, the sitreps two OPDs send
 * roll up into the table and the chart with their disagreement flagged, a resource request is made and the
 * command changes the status. No console errors.
 */
describe('web app: emergencies', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const api = async (username: string) => http(stack.baseUrl, await stack.login(username));
  const DESA = '35.13.23.2001';
  const title = `Banjir luapan Sungai Tongas ${Date.now().toString(36)}`;

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

  /** The caller's sitrep task of this incident, once the workflow has created it. */
  async function sitrepTask(username: string, projectId: string, stepKey: string): Promise<string> {
    const client = await api(username);
    return eventually(async () => {
      const inbox = await client.get(`/inbox?projectId=${projectId}&pageSize=100`);
      const found = inbox.body.items.find((t: { stepKey: string }) => t.stepKey === stepKey);
      return found?.id as string | undefined;
    });
  }

  it('lets BPBD declare a flood in Tongas; the dashboard shows the mobilised OPDs, sitreps, requests', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.bpbd');
    await page.getByRole('link', { name: 'Kedaruratan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kedaruratan' }).waitFor();
    await page.getByRole('link', { name: 'Nyatakan kedaruratan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nyatakan kedaruratan' }).waitFor();

    // Sent empty: every message next to its field, nothing declared.
    await page.getByRole('button', { name: 'Nyatakan dan mobilisasi OPD' }).click();
    await textOf(page.locator('#declare-type-error'), /Pilih jenis bencana\./);
    await textOf(page.locator('#declare-kecamatan-error'), /Pilih paling sedikit satu kecamatan\./);
    await textOf(page.locator('#declare-description-error'), /Uraikan situasinya\./);

    await page.getByLabel('Jenis bencana').selectOption('banjir');
    await page.getByLabel('Tingkat keparahan').selectOption('BERAT');
    await page.getByRole('checkbox', { name: 'Tongas (35.13.23)' }).check();
    // A desa outside the chosen kecamatan is named before anything is sent.
    await page.getByLabel('Desa terdampak (kode wilayah)').fill('35.13.07.2001');
    await page.getByLabel('Judul (opsional)').fill(title);
    await page.getByLabel('Uraian situasi').fill('Hujan deras sejak pukul 02.00, air setinggi 80 cm.');
    await page.getByRole('button', { name: 'Nyatakan dan mobilisasi OPD' }).click();
    await textOf(
      page.locator('#declare-desa-error'),
      /Desa di luar kecamatan yang dipilih: 35\.13\.07\.2001/,
    );
    await page.getByLabel('Desa terdampak (kode wilayah)').fill(DESA);
    await screenshot(page, 'incident-declare');
    await page.getByRole('button', { name: 'Nyatakan dan mobilisasi OPD' }).click();

    // The dashboard: the command and the clusters, each with an acknowledgement due in minutes.
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(page.url()).toMatch(/\/app\/incidents\/[0-9a-f-]{36}$/);
    const incidentId = page.url().split('/').pop()!;
    await page.locator('.status-line [data-status="TANGGAP_DARURAT"]').waitFor();
    await textOf(page.locator('.details'), /Tongas \(35\.13\.23\)/);
    for (const code of ['BPBD', 'DINKES', 'DINSOS', 'DPUPR', 'KEC-TONGAS']) {
      await page.locator(`tr[data-agency="${code}"]`).waitFor();
    }
    const dinkes = page.locator('tr[data-agency="DINKES"]');
    expect(await textOf(dinkes, WIB_DATE_TIME)).toContain('Kesehatan');
    // Who owes sitreps: DLH (lingkungan hidup) and DISPENDIK acknowledge only.
    await page.locator('tr[data-agency="DLH"] td[data-sitrep-duty="none"]').waitFor();
    await textOf(page.locator('tr[data-agency="DLH"]'), /Tidak wajib sitrep/);
    await page.locator('tr[data-agency="DINKES"] td[data-sitrep-duty="owes"]').waitFor();
    const owing = await textOf(page.getByTestId('sitrep-owing'), /Wajib sitrep tiap periode/);
    expect(owing).toContain('DINKES');
    expect(owing).not.toContain('DLH');
    expect(owing).not.toContain('DISPENDIK');
    await page.getByRole('heading', { name: 'Rekap sitrep per kecamatan dan desa' }).waitFor();
    await page.getByText('Belum ada sitrep dengan angka.').waitFor();

    const declared = await (await api('staff.bpbd')).get(`/incidents/${incidentId}`);
    expect(declared.body).toMatchObject({ type: 'banjir', severity: 'BERAT', affectedDesa: [DESA] });

    // DINKES and DINSOS report; they disagree on the people affected in the desa.
    const projectId = declared.body.projectId as string;
    const dinkesSitrep = await sitrepTask('staff.dinkes', projectId, 'sitrep-dinkes-1');
    const dinsosSitrep = await sitrepTask('staff.dinsos', projectId, 'sitrep-dinsos-1');
    const send = async (username: string, taskId: string, values: Record<string, unknown>) =>
      expect((await (await api(username)).post(`/tasks/${taskId}/contribution`, { values })).status).toBe(
        200,
      );
    await send('staff.dinkes', dinkesSitrep, {
      terdampak: { [DESA]: 350 },
      mengungsi: { [DESA]: 80 },
      narasi: 'Dua pos kesehatan dibuka.',
    });
    await send('staff.dinsos', dinsosSitrep, {
      terdampak: { [DESA]: 410 },
      mengungsi: { [DESA]: 80 },
      narasi: 'Dua pos pengungsian di balai desa.',
    });

    // The page refreshes by itself: the table (kecamatan, desa, kabupaten), the chart, the flagged cell.
    const conflictCell = page.locator('td[data-conflict="true"]');
    await conflictCell.first().waitFor();
    expect(await conflictCell.count()).toBe(2); // the desa and its kecamatan
    const desaRow = page.getByRole('row').filter({ hasText: DESA });
    expect(await desaRow.textContent()).toContain('410');
    await page.locator('.chart-box svg').first().waitFor();
    await page.getByRole('heading', { name: 'Angka berbeda antar-OPD: 1' }).waitFor();
    await textOf(page.locator('[role="note"]'), /DINKES 350 \/ DINSOS 410/);

    // BPBD asks DPUPR for resources through the form.
    await page.getByLabel('Kepada OPD').selectOption('DPUPR');
    await page.getByLabel('Barang / bantuan').fill('perahu karet');
    await page.getByLabel('Jumlah').fill('2');
    await page.getByLabel('Satuan').fill('unit');
    // Where, by when and why: shown with the request.
    await page.locator('#request-destination').fill('Posko Balai Desa Tongas Wetan');
    await page.locator('#request-neededBy').fill('2026-12-08T15:00');
    await page.locator('#request-note').fill('Untuk evakuasi malam ini');
    await page.getByRole('button', { name: 'Kirim permintaan' }).click();
    const requestRow = page
      .getByRole('row')
      .filter({ hasText: '2 unit perahu karet' })
      .filter({ hasText: 'Diminta' });
    await requestRow.waitFor();
    await textOf(requestRow, /Tujuan \(lokasi\): Posko Balai Desa Tongas Wetan/);
    await textOf(requestRow, /Untuk evakuasi malam ini/);
    await textOf(requestRow, /Dibutuhkan paling lambat \(WIB\): .*2026/);

    // The command moves the incident to transition.
    await page.getByLabel('Status baru').selectOption('TRANSISI_DARURAT');
    await page.getByLabel('Alasan (opsional)').fill('Air mulai surut');
    await page.getByRole('button', { name: 'Ubah status' }).click();
    await page.locator('.status-line [data-status="TRANSISI_DARURAT"]').waitFor();
    await textOf(page.locator('.timeline'), /Transisi darurat ke pemulihan \(Air mulai surut\)/);
    await screenshot(page, 'incident-dashboard');

    // The list has it; a notification link /incidents/<id> lands on the dashboard.
    await page.goto('/app/incidents');
    await page.getByRole('row').filter({ hasText: title }).waitFor();
    await screenshot(page, 'incidents');
    await page.goto(`/app/incidents/${incidentId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }, 180_000); // A whole flood drill in the browser: well under a minute unloaded, more on a busy 2-core machine.

  it('keeps the declaration form from OPDs other than BPBD', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'staff.dpupr');
    await page.getByRole('link', { name: 'Kedaruratan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kedaruratan' }).waitFor();
    expect(await page.getByRole('link', { name: 'Nyatakan kedaruratan' }).count()).toBe(0);
    await page.goto('/app/incidents/new');
    await page.getByText('Hanya BPBD (komando) atau pimpinan daerah').waitFor();
  });
});
