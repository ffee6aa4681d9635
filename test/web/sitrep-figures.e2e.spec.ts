import { randomBytes } from 'node:crypto';
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
 * Sitrep figures in the web app, in Chromium against the real stack: an incident's sitreps (over the API, as
 * test/sitrep-figures.e2e.spec.ts does) leave four figures held; the walidata sees them on the data pages,
 * cannot publish while the incident is open (the button says why), and after it closes publishes them: one
 * published, the disagreement in a reconciliation she opens from the result. A kecamatan no other test file
 * uses (35.13.13). No console errors.
 */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('web app: sitrep figures published after the incident', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const api = (token: string) => http(stack.baseUrl, token);
  const TAG = randomBytes(3).toString('hex');
  const KECAMATAN = '35.13.13';
  const [DESA_A, DESA_B] = villagesOf(KECAMATAN).map((v) => v.code) as [string, string];

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

  it('lets the walidata publish a closed incident’s held sitrep figures and open the reconciliation', async () => {
    const [staffBpbd, staffDinkes, staffDinsos, sekda, walidata] = await Promise.all([
      stack.login('staff.bpbd'),
      stack.login('staff.dinkes'),
      stack.login('staff.dinsos'),
      stack.login('sekda'),
      stack.login('walidata'),
    ]);
    const declared = await api(staffBpbd).post('/incidents', {
      type: 'banjir',
      severity: 'BERAT',
      kecamatan: [KECAMATAN],
      desa: [DESA_A, DESA_B],
      description: `Banjir bandang, uji sitrep web (uji ${TAG})`,
    });
    expect(declared.status).toBe(201);
    const incidentId = declared.body.id as string;
    const projectId = declared.body.projectId as string;

    // DINKES and DINSOS agree on DESA_B (35) and disagree on DESA_A (80 vs 95).
    const sitrep = async (token: string, stepKey: string, mengungsi: Record<string, number>) => {
      const task = await eventually(async () => {
        const res = await api(token).get(`/inbox?projectId=${projectId}&pageSize=100`);
        return res.body.items?.find((t: any) => t.project.id === projectId && t.stepKey === stepKey);
      });
      const res = await api(token).post(`/tasks/${task.id}/contribution`, {
        values: { mengungsi, terdampak: { [DESA_A]: 300 }, narasi: `Sitrep uji web ${TAG}` },
      });
      expect(res.status).toBe(200);
    };
    await sitrep(staffDinkes, 'sitrep-dinkes-1', { [DESA_A]: 80, [DESA_B]: 35 });
    await sitrep(staffDinsos, 'sitrep-dinsos-1', { [DESA_A]: 95, [DESA_B]: 35 });
    const { title } = await eventually(async () => {
      const res = await api(walidata).get('/data/incidents/held');
      return (res.body as any[]).find((i) => i.id === incidentId && i.heldFigures === 4);
    });

    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'walidata');
    await page.getByRole('link', { name: 'Data Satu Pintu' }).click();
    await page.getByRole('link', { name: 'Angka berbeda' }).click();
    await page.getByRole('heading', { name: 'Angka sitrep' }).waitFor();
    const row = page.locator(`[data-incident-id="${incidentId}"]`);
    await textOf(row, /4 angka ditahan · JUMLAH_PENGUNGSI/);
    // Still open: the button is disabled and says why.
    const publish = row.getByRole('button', { name: 'Terbitkan angka sitrep' });
    expect(await publish.isDisabled()).toBe(true);
    await textOf(row, /Kejadian masih berlangsung: angka sitrep diterbitkan setelah kejadian ditutup\./);

    const closed = await api(sekda).post(`/incidents/${incidentId}/status`, {
      status: 'CLOSED',
      reason: 'Masa tanggap darurat berakhir',
    });
    expect(closed.status).toBe(200);
    await page.reload();
    await textOf(row, /Ditutup/);
    await screenshot(page, 'data-sitrep-figures');
    await publish.click();

    const result = page.getByRole('status').filter({ hasText: 'Angka sitrep' });
    await textOf(result, new RegExp(`Angka sitrep ${escape(title)}: 4 angka dilepas, 1 angka terbit\\.`));
    await textOf(result, /1 angka berbeda antar-OPD dikumpulkan dalam satu rekonsiliasi\./);
    // Nothing held any more: the incident leaves the list (other test files may have incidents with held
    // figures in it meanwhile, so the list need not be empty).
    await row.waitFor({ state: 'detached' });

    // The published figure, and the reconciliation the result links to.
    const published = await api(walidata).get(`/data/published?indicator=JUMLAH_PENGUNGSI&area=${DESA_B}`);
    expect(published.status).toBe(200);
    const figures = (Array.isArray(published.body) ? published.body : published.body.items) as any[];
    expect(figures.filter((f) => f.areaCode === DESA_B)).toEqual([
      expect.objectContaining({ value: 35, basis: 'CONCORDANT' }),
    ]);
    const reconciliation = await eventually(async () => {
      const list = (await api(walidata).get('/data/reconciliations?status=OPEN')).body as any[];
      return list.find((r) => r.sourceProjectId === projectId);
    });
    expect(reconciliation).toMatchObject({ status: 'OPEN', cells: 1 });
    await result.getByRole('link', { name: 'Buka rekonsiliasi' }).click();
    await page.locator(`section[data-reconciliation-id="${reconciliation.id}"]`).waitFor();
    await textOf(page.locator(`[data-area="${DESA_A}"]`), /JUMLAH_PENGUNGSI/);
  });
});
