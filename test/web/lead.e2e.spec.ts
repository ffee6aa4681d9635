import type { Browser } from 'playwright-core';
import { eventually, http, startStack, type Stack } from '../support/stack';
import { assertWebAppBuilt, launchChromium, openPage, screenshot, signIn, type WatchedPage } from './browser';

/**
 * The project lead's actions in the web app, in Chromium against the real stack: an OPD added to a running
 * project with a task of its own, and a task moved to another OPD with the reason. No console errors.
 */
describe('web app: lead actions', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  const title = `Pendataan jamban sehat ${Date.now().toString(36)}`;
  let projectId: string;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
    const lead = http(stack.baseUrl, await stack.login('lead.bappeda'));
    const created = await lead.post('/projects', {
      title,
      agencyCodes: ['DINKES'],
      sla: { amount: 2, unit: 'days' },
    });
    expect(created.status).toBe(201);
    projectId = created.body.id;
    await eventually(async () => {
      const res = await lead.get(`/projects/${projectId}`);
      return res.status === 200 && res.body.steps[0]?.task ? true : undefined;
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
    await stack?.stop();
  });

  it('lets the lead add an OPD and move a task to another OPD with a reason', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.goto(`/app/projects/${projectId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    // Add DINSOS with a task of its own.
    await page.getByRole('button', { name: 'Tambah OPD ke proyek' }).click();
    await page.getByRole('button', { name: 'Tambahkan' }).click();
    await page.locator('#add-agencyCode-error').filter({ hasText: 'Pilih OPD.' }).waitFor();
    await page.getByLabel('OPD', { exact: true }).selectOption('DINSOS');
    await page.getByLabel('Tugas untuk OPD ini').fill('Data keluarga penerima bantuan jamban');
    await page.getByRole('button', { name: 'Tambahkan' }).click();
    await page.getByRole('row').filter({ hasText: 'Dinas Sosial (DINSOS)' }).waitFor();

    // Move the DINKES task to DPUPR, with the reason.
    await page.getByRole('button', { name: 'Pindahkan tugas ke OPD lain' }).click();
    const dinkesTask = page.getByLabel('Tugas', { exact: true });
    const option = await dinkesTask.locator('option', { hasText: 'DINKES' }).first().getAttribute('value');
    expect(option).toBeTruthy();
    await dinkesTask.selectOption(option);
    await page.getByLabel('Ke OPD', { exact: true }).selectOption('DPUPR');
    await page.getByRole('button', { name: 'Pindahkan', exact: true }).click();
    await page.locator('#reassign-reason-error').filter({ hasText: 'Tuliskan alasannya.' }).waitFor();
    await page
      .getByLabel('Alasan', { exact: true })
      .fill('Pembangunan jamban komunal ditangani bidang Cipta Karya.');
    await screenshot(page, 'project-reassign');
    await page.getByRole('button', { name: 'Pindahkan', exact: true }).click();
    await page.getByRole('row').filter({ hasText: '(DPUPR)' }).waitFor();
    await screenshot(page, 'project-lead-actions');

    const task = (await http(stack.baseUrl, await stack.login('lead.bappeda')).get(`/tasks/${option}`)).body;
    expect(task.agency.code).toBe('DPUPR');
    expect(task.reassignmentCount).toBe(1);
  });

  it('lets the lead add an OPD with a new form of its own fields', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'lead.bappeda');
    await page.goto(`/app/projects/${projectId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    await page.getByRole('button', { name: 'Tambah OPD ke proyek' }).click();
    await page.getByLabel('OPD', { exact: true }).selectOption('BPBD');
    await page.getByLabel('Tugas untuk OPD ini').fill('Data desa rawan banjir di lokasi jamban');
    await page.getByLabel('Formulir baru').check();
    // A field without a label is refused in the browser.
    await page.getByRole('button', { name: 'Tambahkan' }).click();
    await page.locator('#add-field-0-label-error').filter({ hasText: 'Tuliskan label isian.' }).waitFor();
    await page.locator('#add-field-0-label').fill('Jumlah desa rawan banjir');
    await page.locator('#add-field-0-type').selectOption('integer');
    await page.locator('#add-field-0-unit').fill('desa');
    await page.getByRole('button', { name: 'Tambah isian' }).click();
    await page.locator('#add-field-1-label').fill('Catatan lokasi');
    await page.locator('#add-field-1-type').selectOption('longtext');
    await page.locator('#add-field-1-required').uncheck();
    await screenshot(page, 'project-add-opd-new-form');
    await page.getByRole('button', { name: 'Tambahkan' }).click();
    await page.getByRole('row').filter({ hasText: '(BPBD)' }).waitFor();

    const lead = http(stack.baseUrl, await stack.login('lead.bappeda'));
    const step = await eventually(async () => {
      const res = await lead.get(`/projects/${projectId}`);
      return res.body.steps.find((s: any) => s.plannedAgency === 'BPBD' && s.task) ?? undefined;
    });
    const task = (await lead.get(`/tasks/${step.task.id}`)).body;
    expect(task.form).toEqual({
      fields: [
        {
          key: 'jumlahDesaRawanBanjir',
          label: 'Jumlah desa rawan banjir',
          type: 'integer',
          required: true,
          unit: 'desa',
        },
        { key: 'catatanLokasi', label: 'Catatan lokasi', type: 'longtext', required: false },
      ],
    });

    // BPBD's staff gets the typed form on the task page.
    const bpbd = await openPage(browser, stack.baseUrl);
    try {
      await signIn(bpbd.page, 'staff.bpbd');
      await bpbd.page.goto(`/app/tasks/${step.task.id}`);
      await bpbd.page.getByLabel(/Jumlah desa rawan banjir/).waitFor();
      await bpbd.page.getByLabel(/Catatan lokasi/).waitFor();
      await screenshot(bpbd.page, 'task-added-opd-new-form');
    } finally {
      await bpbd.close();
    }
    expect(bpbd.problems).toEqual([]);
  });
});
