import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Browser } from 'playwright-core';
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
 * One-door data in the web app, in Chromium against the real stack: the walidata starts a data request
 * through the form, DINSOS and DPMD answer it with different figures (over the API), and the walidata
 * decides the request's reconciliation on the conflicts page, cell by cell and — for a second request that
 * disagrees in three desa, beside DPMD's explanation and proposal — in bulk; the catalogue and the overview
 * show. No console errors.
 */
describe('web app: one-door data', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let dpmd: string;
  const api = (token: string) => http(stack.baseUrl, token);
  // A desa (a real one: Kecamatan Maron, which no other test file reports on) and a title no other test uses.
  const desa = '35.13.17.2001';
  const title = `Pendataan RT miskin ${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
    const agency = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DPMD' } });
    const username = `staff.dpmd.${randomBytes(3).toString('hex')}`;
    await stack.db.user.create({
      data: {
        username,
        fullName: `Staf Data DPMD ${username.slice(-6)}`,
        role: 'STAFF',
        position: 'Pengelola Data',
        agencyId: agency.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
    });
    dpmd = await stack.login(username);
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

  it('lets the walidata start a data request and decide the figures the OPDs disagree on', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'walidata');
    await page.getByRole('link', { name: 'Data Satu Pintu' }).click();
    await page.getByRole('link', { name: 'Katalog indikator' }).click();
    await page.getByRole('link', { name: 'Rumah tangga miskin', exact: false }).first().waitFor();
    await screenshot(page, 'data-indicators');

    await page.getByRole('link', { name: 'Permintaan data' }).click();
    await page.getByRole('heading', { name: 'Permintaan data baru' }).waitFor();
    // Sent empty: the messages sit next to their fields.
    await page.getByRole('button', { name: 'Mulai permintaan' }).click();
    await textOf(page.locator('#request-indicators-error'), /Pilih paling sedikit satu indikator\./);
    await textOf(page.locator('#request-areas-error'), /Sebutkan paling sedikit satu wilayah\./);

    await page.getByRole('checkbox', { name: /\(RT_MISKIN\)/ }).check();
    await page.getByLabel('Periode').fill('2026-09');
    await page.getByLabel('Wilayah (kode wilayah)').fill(desa);
    await page.getByLabel('Judul (opsional)').fill(title);
    await page.getByRole('button', { name: 'Mulai permintaan' }).click();
    await textOf(page.locator('#request-period-error'), /tidak sesuai periode indikator: RT_MISKIN/);
    await page.getByLabel('Periode').fill('2026');
    await page.getByRole('button', { name: 'Mulai permintaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Permintaan dimulai' }).waitFor();
    await page.getByRole('row').filter({ hasText: title }).waitFor();
    await screenshot(page, 'data-requests');

    // DINSOS and DPMD answer with different figures; the walidata verifies both: a conflict opens.
    const walidata = await stack.login('walidata');
    const dinsos = await stack.login('staff.dinsos');
    const requests = (await api(walidata).get('/data/requests')).body as {
      title: string;
      projectId: string;
    }[];
    const projectId = requests.find((r) => r.title === title)!.projectId;
    const project = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${projectId}`);
      return res.status === 200 && res.body.steps.length === 2 && res.body.steps.every((s: any) => s.task)
        ? res.body
        : undefined;
    });
    const taskOf = (code: string): string =>
      project.steps.find((s: any) => s.task.agency.code === code).task.id as string;
    for (const [token, code, value] of [
      [dinsos, 'DINSOS', 41],
      [dpmd, 'DPMD', 45],
    ] as const) {
      const sent = await api(token).post(`/tasks/${taskOf(code)}/contribution`, {
        values: { rtMiskin: { [desa]: value } },
      });
      expect({ status: sent.status, body: sent.body }).toMatchObject({ status: 200 });
      const accepted = await api(walidata).post(`/tasks/${taskOf(code)}/review`, { decision: 'ACCEPT' });
      expect(accepted.status).toBe(200);
    }
    const conflictId = await eventually(async () => {
      const open = (await api(walidata).get('/data/conflicts?status=OPEN')).body as any[];
      return open.find((c) => c.areaCode === desa)?.id as string | undefined;
    });

    // A second request (over the API) where DINSOS and DPMD disagree in three more desa: one reconciliation
    // for it, and DPMD explains and proposes in its one reconciliation task.
    const more = villagesOf('35.13.17')
      .map((v) => v.code)
      .filter((code) => code !== desa)
      .slice(0, 3);
    const second = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2026',
      areas: more,
      title: `${title} (lanjutan)`,
    });
    expect(second.status).toBe(201);
    const secondProject = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${second.body.id}`);
      return res.status === 200 && res.body.steps.length === 2 && res.body.steps.every((s: any) => s.task)
        ? res.body
        : undefined;
    });
    for (const [token, code, base] of [
      [dinsos, 'DINSOS', 20],
      [dpmd, 'DPMD', 30],
    ] as const) {
      const taskId = secondProject.steps.find((s: any) => s.task.agency.code === code).task.id as string;
      const values = { rtMiskin: Object.fromEntries(more.map((d, i) => [d, base + i])) };
      expect((await api(token).post(`/tasks/${taskId}/contribution`, { values })).status).toBe(200);
      expect((await api(walidata).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    }
    const bulkReconciliation = await eventually(async () => {
      const list = (await api(walidata).get('/data/reconciliations?status=OPEN')).body as any[];
      return list.find((r) => r.sourceProjectId === second.body.id);
    });
    const dpmdTask = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${bulkReconciliation.projectId}`);
      const step =
        res.status === 200 ? res.body.steps.find((s: any) => s.task?.agency.code === 'DPMD') : null;
      return step?.task.id as string | undefined;
    });
    const explanation = 'Angka DPMD dari Musdes 2025, sebelum pemutakhiran DTKS.';
    expect(
      (
        await api(dpmd).post(`/tasks/${dpmdTask}/contribution`, {
          values: {
            penjelasan: explanation,
            penjelasan_1: 'Termasuk rumah tangga yang sudah pindah.',
            usulan_1: 21,
          },
        })
      ).status,
    ).toBe(200);

    // The first request's reconciliation: one cell, decided on its own.
    await page.getByRole('link', { name: 'Angka berbeda' }).click();
    await page.getByRole('heading', { name: 'Rekonsiliasi per permintaan' }).waitFor();
    await page.locator('[data-reconciliation-id]').getByRole('link', { name: title, exact: true }).click();
    const cell = page.locator(`[data-cell-id="${conflictId}"]`);
    await textOf(cell, /RT_MISKIN · .+ · 2026/);
    await textOf(cell, /45/);
    // Nothing filled in, then no reasoning: each says what is missing, nothing is sent.
    await page.getByRole('button', { name: 'Putuskan sel yang diisi' }).click();
    await textOf(page.getByRole('alert'), /Isi angka pada sel atau pilih sel/);
    await cell.getByLabel(/Angka yang disepakati/).fill('43');
    await page.getByRole('button', { name: 'Putuskan sel yang diisi' }).click();
    await textOf(page.getByRole('alert'), /Tuliskan dasar keputusannya\./);
    await page.getByLabel('Dasar keputusan').fill('Hasil Musdes: dua rumah tangga pindah ke desa lain.');
    await screenshot(page, 'data-conflict');
    await page.getByRole('button', { name: 'Putuskan sel yang diisi' }).click();
    await textOf(cell, /Angka disepakati: 43 — Hasil Musdes/);
    await textOf(page.locator('#reconciliation-title'), /Sudah diputuskan/);

    const resolved = (await api(walidata).get('/data/conflicts?status=RESOLVED')).body as any[];
    expect(resolved.find((c) => c.id === conflictId)).toMatchObject({
      agreedValue: 43,
      reasoning: 'Hasil Musdes: dua rumah tangga pindah ke desa lain.',
    });

    // The second: three cells with DPMD's explanation and proposal beside them, decided in bulk for DINSOS.
    await page.getByRole('link', { name: 'Kembali ke daftar' }).click();
    await page
      .locator('[data-reconciliation-id]')
      .getByRole('link', { name: `${title} (lanjutan)` })
      .click();
    await textOf(page.locator('[data-explanation-agency="DPMD"]'), new RegExp(explanation));
    await textOf(
      page.locator(`[data-area="${more[0]}"]`),
      /DPMD \(usul 21\): Termasuk rumah tangga yang sudah pindah\./,
    );
    await page.getByRole('checkbox', { name: 'Pilih semua sel yang belum diputuskan' }).check();
    await textOf(page.locator('form[aria-label="Putuskan angka"]'), /3 sel dipilih/);
    await page.getByLabel('Dasar keputusan').fill('DTKS hasil verifikasi lapangan 2026 lebih baru.');
    await screenshot(page, 'data-reconciliation-bulk');
    await page.getByRole('button', { name: 'Terima angka DINSOS untuk sel terpilih' }).click();
    await textOf(page.locator('#reconciliation-title'), /Sudah diputuskan/);
    for (const [i, d] of more.entries()) {
      await textOf(page.locator(`[data-area="${d}"]`), new RegExp(`Angka disepakati: ${20 + i} — DTKS`));
    }
    const decided = (await api(walidata).get(`/data/reconciliations/${bulkReconciliation.id}`)).body;
    expect(decided).toMatchObject({ status: 'RESOLVED' });
    expect((decided.cells as any[]).map((c) => [c.areaCode, c.agreedValue])).toEqual(
      more.map((d, i) => [d, 20 + i]),
    );

    // The overview lists the request's completeness.
    await page.getByRole('link', { name: 'Ikhtisar' }).click();
    await page.getByRole('heading', { name: 'Kelengkapan per indikator, OPD dan periode' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'DPMD' }).first().waitFor();
    await screenshot(page, 'data-overview');
  });

  it('asks DINSOS for the reason of a figure that jumps from the published one, and sends it', async () => {
    // The 2026 figure of the desa is published (43, decided above); DINSOS now reports 150 for 2027.
    const walidata = await stack.login('walidata');
    const started = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2027',
      areas: [desa],
    });
    expect(started.status).toBe(201);
    const taskId = await eventually(async () => {
      const res = await api(walidata).get(`/projects/${started.body.id}`);
      const step =
        res.status === 200 ? res.body.steps.find((s: any) => s.task?.agency.code === 'DINSOS') : null;
      return step?.task.id as string | undefined;
    });

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    // The API's 400 asking for the reason is the expected answer, which the browser logs.
    watched.expectError(/status of 400 \(Bad Request\) \(.*\/tasks\/[0-9a-f-]+\/contribution\)/);
    await signIn(page, 'staff.dinsos');
    await page.goto(`/app/tasks/${taskId}`);
    await page.getByRole('button', { name: 'Ambil tugas ini' }).click();
    await page.locator('.status-line [data-status="CLAIMED"]').waitFor();
    await page.locator('#field-rtMiskin-0-value').fill('150');
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();

    // The API's 400 becomes one reason input for the cell it names.
    const cell = `RT_MISKIN.${desa}`;
    const reason = page.getByLabel(`Alasan untuk ${cell}`);
    await reason.waitFor();
    await textOf(
      page.locator(`[data-cell="${cell}"]`),
      /150 berbeda lebih dari 2× dari angka terbit 2026 \(43\)/,
    );
    // Sent again without a reason: the message sits next to it, nothing is sent.
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await textOf(page.locator('#confirm-0-error'), /Tuliskan alasannya\./);
    await screenshot(page, 'data-confirmation');
    await reason.fill('Pemutakhiran DTKS: 107 rumah tangga baru hasil Musdes.');
    await page.getByRole('button', { name: 'Kirim kontribusi' }).click();
    await page.locator('.status-line [data-status="SUBMITTED"]').waitFor();
    const contributions = (await api(walidata).get(`/tasks/${taskId}/contributions`)).body as any[];
    expect(contributions.map((c) => c.values)).toEqual([{ rtMiskin: { [desa]: 150 } }]);
  });
});
