import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
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
 * Spreadsheet in on the task page, in Chromium against the real stack: DINSOS staff download the XLSX template of
 * a data request's task with the button, fill it (exceljs, as a spreadsheet program would), upload it with one
 * bad cell and see that cell named by row and column, then upload the fixed sheet and see the task submitted.
 * Kecamatan Krejengan (35.13.15) and period 2091 are this file's own. No console errors but the expected 400.
 */
const KECAMATAN = '35.13.15';

describe('web app: a data request filled in with a spreadsheet', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage | undefined;
  let taskId: string;
  const desa = villagesOf(KECAMATAN);

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
    browser = await launchChromium();
    const walidata = await stack.login('walidata');
    const request = await http(stack.baseUrl, walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2091',
      areas: [KECAMATAN],
    });
    expect(request.status).toBe(201);
    taskId = await eventually(
      async () =>
        (await http(stack.baseUrl, walidata).get(`/projects/${request.body.id}`)).body?.steps?.[0]?.task
          ?.id as string,
    );
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

  it('downloads the template, names the bad cell of an upload, and submits the fixed sheet', async () => {
    watched = await openPage(browser, stack.baseUrl);
    const { page } = watched;
    // The refused upload is a 400 the browser logs; it is the point of the test.
    watched.expectError(/status of 400/);
    await signIn(page, 'staff.dinsos');
    await page.goto(`/app/tasks/${taskId}`);
    const panel = page.getByRole('region', { name: 'Isi lewat spreadsheet' });
    await panel.waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Unduh templat XLSX' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    const bytes = await readFile(await download.path());
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.getWorksheet('Data')!;
    expect(sheet.rowCount).toBe(desa.length + 1);
    desa.forEach((_, i) => (sheet.getRow(i + 2).getCell(4).value = 30 + i));
    sheet.getRow(3).getCell(4).value = 'tiga puluh';
    const header = sheet.getRow(1).getCell(4).text;

    const file = panel.getByLabel('Berkas terisi (.xlsx atau .csv)');
    const send = async () => {
      await file.setInputFiles({
        name: 'isian.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
      });
      await panel.getByRole('button', { name: 'Unggah dan ajukan' }).click();
    };
    await send();
    const problems = panel.getByTestId('sheet-problems');
    const row = problems.getByRole('row').filter({ hasText: header });
    expect(await textOf(row, /"tiga puluh" is not a number/)).toMatch(/^3/);
    expect(await problems.locator('tbody tr').count()).toBe(1);
    expect(
      (await http(stack.baseUrl, await stack.login('staff.dinsos')).get(`/tasks/${taskId}`)).body.status,
    ).toBe('ASSIGNED');
    await screenshot(page, 'sheet-refused');

    sheet.getRow(3).getCell(4).value = 31;
    await send();
    // Submitted: the task says so and the sheet (like the form) is no longer offered.
    await textOf(page.locator('.status-line'), /Diajukan/);
    await panel.waitFor({ state: 'detached' });
    await screenshot(page, 'sheet-submitted');
  });
});
