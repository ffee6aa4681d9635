import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Browser } from 'playwright-core';
import { villagesOf } from '@gotong/domain/region';
import { eventually, http, startStack, type Stack } from '../support/stack';
import { assertWebAppBuilt, launchChromium, openPage, screenshot, signIn, type WatchedPage } from './browser';

/**
 * A reconciliation decided while one OPD's explanation task was still open, as the web app shows it in
 * Chromium against the real stack: the explanation project reads "Diputuskan walidata" (not cancelled) with the
 * reason and a link to the reconciliation, the open task "Ditutup: tidak diperlukan lagi" on the project page
 * and in the OPD's inbox, in Bahasa Indonesia and in English. No console errors.
 *
 * Period 2055 belongs to this file.
 */
describe('web app: a decided reconciliation', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let projectId: string;
  let dp3Username: string;

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
    const walidata = http(stack.baseUrl, await stack.login('walidata'));
    const dinkes = http(stack.baseUrl, await stack.login('staff.dinkes'));
    const agency = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DP3AP2KB' } });
    dp3Username = `staff.dp3ap2kb.${randomBytes(3).toString('hex')}`;
    await stack.db.user.create({
      data: {
        username: dp3Username,
        fullName: 'Staf Data DP3AP2KB',
        role: 'STAFF',
        position: 'Pengelola Data',
        agencyId: agency.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
    });
    const dp3 = http(stack.baseUrl, await stack.login(dp3Username));
    const [desaA, desaB] = villagesOf('35.13.02')
      .slice(3, 5)
      .map((v) => v.code) as [string, string];

    // A request whose two OPDs disagree, accepted: one reconciliation with its explanation project.
    const request = await walidata.post('/data/requests', {
      indicators: ['BALITA_STUNTING'],
      period: '2055',
      areas: [desaA, desaB],
    });
    expect(request.status).toBe(201);
    const tasksOf = async (id: string) =>
      eventually(async () => {
        const res = await walidata.get(`/projects/${id}`);
        return res.status === 200 && res.body.steps.length === 2 && res.body.steps.every((s: any) => s.task)
          ? new Map((res.body.steps as any[]).map((s) => [s.task.agency.code as string, s.task.id as string]))
          : undefined;
      });
    const requestTasks = await tasksOf(request.body.id);
    for (const [client, code, values] of [
      [dinkes, 'DINKES', { [desaA]: 41, [desaB]: 12 }],
      [dp3, 'DP3AP2KB', { [desaA]: 37, [desaB]: 15 }],
    ] as const) {
      const taskId = requestTasks.get(code)!;
      expect(
        (await client.post(`/tasks/${taskId}/contribution`, { values: { balitaStunting: values } })).status,
      ).toBe(200);
      expect((await walidata.post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    }
    const reconciliation = await eventually(async () => {
      const res = await walidata.get('/data/reconciliations?status=OPEN');
      return (res.body as any[]).find((r) => r.sourceProjectId === request.body.id);
    });
    projectId = reconciliation.projectId;
    const explanationTasks = await tasksOf(projectId);
    const detail = (await walidata.get(`/data/reconciliations/${reconciliation.id}`)).body;
    const cell = (area: string) => (detail.cells as any[]).find((c) => c.areaCode === area);
    // DINKES explains and proposes; DP3AP2KB has not answered when the walidata decides.
    const answered = await dinkes.post(`/tasks/${explanationTasks.get('DINKES')}/contribution`, {
      values: {
        penjelasan: 'e-PPGBM, pengukuran bulan timbang Agustus.',
        [`usulan_${cell(desaA).row}`]: 39,
      },
    });
    expect(answered.status).toBe(200);
    const decided = await walidata.post(`/data/reconciliations/${reconciliation.id}/decisions`, {
      decisions: [
        { conflictId: cell(desaA).conflictId, value: 39 },
        { conflictId: cell(desaB).conflictId, value: 12 },
      ],
      reasoning: 'Pengukuran langsung e-PPGBM.',
    });
    expect(decided.body).toMatchObject({ status: 'RESOLVED' });
    await eventually(async () => {
      const res = await walidata.get(`/projects/${projectId}`);
      return res.body.status === 'RESOLVED' &&
        (res.body.steps as any[]).some((s) => s.task.status === 'CLOSED')
        ? true
        : undefined;
    });
  }, 240_000);

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

  it('shows the project as decided by the walidata and the open task as no longer needed, in both languages', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    await signIn(page, 'walidata');
    await page.goto(`/app/projects/${projectId}`);
    await page
      .locator('.status-line [data-status="RESOLVED"]')
      .filter({ hasText: 'Diputuskan walidata' })
      .waitFor();
    const resolution = page.getByTestId('project-resolution');
    await resolution.filter({ hasText: 'telah memutuskan setiap sel' }).waitFor();
    await resolution.getByRole('link', { name: 'Lihat rekonsiliasi' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'DP3AP2KB' })
      .locator('[data-status="CLOSED"]')
      .filter({ hasText: 'Ditutup: tidak diperlukan lagi' })
      .waitFor();
    expect(await page.locator('[data-status="CANCELLED"]').count()).toBe(0);
    await screenshot(page, 'reconciliation-project-resolved');

    await page.getByRole('group', { name: 'Bahasa' }).getByRole('button', { name: 'EN' }).click();
    await page
      .locator('.status-line [data-status="RESOLVED"]')
      .filter({ hasText: 'Decided by the walidata' })
      .waitFor();
    await resolution.getByRole('link', { name: 'See the reconciliation' }).waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'DP3AP2KB' })
      .locator('[data-status="CLOSED"]')
      .filter({ hasText: 'Closed: no longer needed' })
      .waitFor();
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'ID' }).click();
    await page.getByRole('button', { name: 'Keluar' }).click();

    // The OPD whose task was still open sees it closed in its inbox, not cancelled.
    await signIn(page, dp3Username);
    await page.goto(`/app/tasks?projectId=${projectId}`);
    await page
      .locator('tbody [data-status="CLOSED"]')
      .filter({ hasText: 'Ditutup: tidak diperlukan lagi' })
      .waitFor();
    await screenshot(page, 'reconciliation-inbox-closed');
    await page.getByRole('group', { name: 'Bahasa' }).getByRole('button', { name: 'EN' }).click();
    await page
      .locator('tbody [data-status="CLOSED"]')
      .filter({ hasText: 'Closed: no longer needed' })
      .waitFor();
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'ID' }).click();
  });
});
