import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { indicatorFieldKey } from '@gotong/domain/data-standard';
import { villagesOf } from '@gotong/domain/region';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Spreadsheet in, through the real stack: DINSOS downloads its task of a data request as an XLSX template (one
 * row per desa of a whole kecamatan with names, one column per field with its unit, an instructions sheet),
 * fills it with exceljs as a spreadsheet program would, and uploads it. A sheet with bad cells is refused with
 * each cell named (sheet row, column header, message) and nothing saved; fixed, it is submitted as the web
 * form would be, and the walidata's verification publishes it. Returned, the template comes back prefilled and
 * a CSV saved from it is accepted too. Only the task's OPD may download or upload.
 *
 * Kecamatan Tegalsiwalan (35.13.20) and period 2071 are this file's own.
 */
const KECAMATAN = '35.13.20';
const PERIOD = '2071';
const CODE_HEADER = 'Kode wilayah';
const REASON_HEADER = 'Alasan lonjakan (bila diminta)';

describe('data request spreadsheets: XLSX template and upload (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let walidata: string;
  let staffDinsos: string;
  let staffDinkes: string;
  const code = `LEMBAR_${randomBytes(3).toString('hex').toUpperCase()}`;
  const desa = villagesOf(KECAMATAN);
  const keys = {
    rt: indicatorFieldKey('RT_MISKIN'),
    l: indicatorFieldKey(code, 'L'),
    p: indicatorFieldKey(code, 'P'),
  };

  beforeAll(async () => {
    stack = await startStack();
    [walidata, staffDinsos, staffDinkes] = await Promise.all([
      stack.login('walidata'),
      stack.login('staff.dinsos'),
      stack.login('staff.dinkes'),
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);

  async function download(token: string, taskId: string) {
    const res = await fetch(`${stack.baseUrl}/tasks/${taskId}/template.xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, headers: res.headers, buffer: res.ok ? await res.arrayBuffer() : null };
  }

  async function upload(token: string, taskId: string, file: Buffer, name: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), name);
    const res = await fetch(`${stack.baseUrl}/tasks/${taskId}/spreadsheet`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  /** The sheet's columns by header: field key (from `[key]`) or the fixed header. */
  function columnsOf(sheet: ExcelJS.Worksheet): Map<string, number> {
    const columns = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => {
      const header = cell.text;
      const key = /\[([^\]]+)\]$/.exec(header)?.[1];
      columns.set(key ?? header, col);
    });
    return columns;
  }

  /** Sheet row of each desa code. */
  function rowsOf(sheet: ExcelJS.Worksheet, codeColumn: number): Map<string, number> {
    const rows = new Map<string, number>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(row.getCell(codeColumn).text, n);
    });
    return rows;
  }

  const good = (i: number) => ({ [keys.rt]: 20 + i, [keys.l]: 500 + i, [keys.p]: 510 + i });

  it('downloads the template, refuses a sheet with bad cells naming each and saving nothing, then takes the fixed one', async () => {
    const defined = await api(walidata).post('/data/indicators', {
      code,
      name: 'Penduduk penerima bantuan pangan',
      definition: 'Penduduk penerima bantuan pangan menurut jenis kelamin.',
      unit: 'jiwa',
      valueType: 'integer',
      areaLevel: 'desa',
      periodicity: 'yearly',
      breakdown: {
        dimension: 'sex',
        categories: [
          { code: 'L', label: 'Laki-laki' },
          { code: 'P', label: 'Perempuan' },
        ],
      },
      producers: ['DINSOS'],
      metadata: { source: 'SIKS-NG', method: 'Rekap penyaluran', contact: 'Walidata Diskominfo' },
    });
    expect(defined.status).toBe(201);
    const started = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN', code],
      period: PERIOD,
      areas: [KECAMATAN],
    });
    expect(started.status).toBe(201);
    const project = await eventually(async () => {
      const p = await api(walidata).get(`/projects/${started.body.id}`);
      return p.body?.steps?.length > 0 && p.body.steps.every((s: any) => s.task) ? p.body : undefined;
    });
    const taskId = project.steps.find((s: any) => s.key === 'data-dinsos').task.id as string;

    // Only the task's OPD: another OPD's staff and the walidata (who verifies, not submits) are refused.
    expect((await download(staffDinkes, taskId)).status).toBe(403);
    expect((await download(walidata, taskId)).status).toBe(403);
    expect((await upload(staffDinkes, taskId, Buffer.from('x'), 'a.csv')).status).toBe(403);

    const template = await download(staffDinsos, taskId);
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.buffer!);
    const sheet = workbook.getWorksheet('Data')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers).toEqual(
      [
        CODE_HEADER,
        'Nama wilayah',
        'Kecamatan',
        `Rumah tangga miskin (rumah tangga) [${keys.rt}]`,
        `Penduduk penerima bantuan pangan — Laki-laki (jiwa) [${keys.l}]`,
        `Penduduk penerima bantuan pangan — Perempuan (jiwa) [${keys.p}]`,
        REASON_HEADER,
      ].sort((a, b) => (headers.indexOf(a) < headers.indexOf(b) ? -1 : 1)),
    );
    expect(headers.slice(0, 3)).toEqual([CODE_HEADER, 'Nama wilayah', 'Kecamatan']);
    expect(headers.at(-1)).toBe(REASON_HEADER);
    // One row per desa of the kecamatan, with its name and its kecamatan's.
    expect(sheet.rowCount).toBe(desa.length + 1);
    const listed = desa.map((_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1, 4));
    expect(listed).toEqual(desa.map((d) => [d.code, d.name, 'Tegalsiwalan']));
    expect(workbook.getWorksheet('Petunjuk')!.getCell('B1').value).toBe(taskId);

    // Filled as OPD staff would, with five mistakes and one row too many.
    const col = columnsOf(sheet);
    const rowOf = rowsOf(sheet, col.get(CODE_HEADER)!);
    desa.forEach((d, i) => {
      const row = sheet.getRow(rowOf.get(d.code)!);
      for (const [key, value] of Object.entries(good(i))) row.getCell(col.get(key)!).value = value;
    });
    const [d0, d1, d2, d3] = desa;
    sheet.getRow(rowOf.get(d0!.code)!).getCell(col.get(keys.rt)!).value = 'dua puluh';
    sheet.getRow(rowOf.get(d1!.code)!).getCell(col.get(keys.l)!).value = -5;
    sheet.getRow(rowOf.get(d2!.code)!).getCell(col.get(keys.p)!).value = null;
    sheet.getRow(rowOf.get(d3!.code)!).getCell(col.get(keys.rt)!).value = 12.5;
    const extra = sheet.getRow(desa.length + 2);
    extra.getCell(col.get(CODE_HEADER)!).value = '35.13.01.2001';
    extra.getCell(col.get(keys.rt)!).value = 3;
    const bad = await upload(
      staffDinsos,
      taskId,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'isian.xlsx',
    );
    expect(bad.status).toBe(400);
    const header = (key: string) => headers[col.get(key)! - 1]!;
    expect(bad.body.rows).toEqual(
      expect.arrayContaining([
        {
          row: rowOf.get(d0!.code),
          column: header(keys.rt),
          message: expect.stringMatching(/"dua puluh" is not a number/),
        },
        { row: rowOf.get(d1!.code), column: header(keys.l), message: 'must be at least 0' },
        {
          row: rowOf.get(d2!.code),
          column: header(keys.p),
          message: 'is required: every area asked for needs a value',
        },
        { row: rowOf.get(d3!.code), column: header(keys.rt), message: 'must be a whole number' },
        {
          row: desa.length + 2,
          column: CODE_HEADER,
          message: '35.13.01.2001 is not one of the areas asked for',
        },
      ]),
    );
    expect(bad.body.rows).toHaveLength(5);
    expect(bad.body.message).toContain(`row ${rowOf.get(d1!.code)}, ${header(keys.l)}: must be at least 0`);
    // Nothing saved: the task still waits, no contribution, no figure.
    expect((await api(staffDinsos).get(`/tasks/${taskId}`)).body.status).toBe('ASSIGNED');
    expect((await api(staffDinsos).get(`/tasks/${taskId}/contributions`)).body).toEqual([]);
    expect(await stack.db.dataValue.count({ where: { taskId } })).toBe(0);

    // Not a spreadsheet at all: named too.
    const junk = await upload(staffDinsos, taskId, Buffer.from('bukan lembar kerja'), 'isian.xlsx');
    expect(junk.status).toBe(400);
    expect(junk.body.rows).toEqual([{ row: 0, column: 'file', message: 'is not a readable .xlsx workbook' }]);

    // Fixed: accepted, submitted as the web form would be.
    [d0, d1, d2, d3].forEach((d) => {
      const i = desa.indexOf(d!);
      const row = sheet.getRow(rowOf.get(d!.code)!);
      for (const [key, value] of Object.entries(good(i))) row.getCell(col.get(key)!).value = value;
    });
    extra.getCell(col.get(CODE_HEADER)!).value = null;
    extra.getCell(col.get(keys.rt)!).value = null;
    const ok = await upload(
      staffDinsos,
      taskId,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'isian.xlsx',
    );
    expect({ status: ok.status, body: ok.body }).toMatchObject({
      status: 200,
      body: { state: 'SUBMITTED', cells: desa.length * 3 },
    });
    const expected = {
      [keys.rt]: Object.fromEntries(desa.map((d, i) => [d.code, good(i)[keys.rt]])),
      [keys.l]: Object.fromEntries(desa.map((d, i) => [d.code, good(i)[keys.l]])),
      [keys.p]: Object.fromEntries(desa.map((d, i) => [d.code, good(i)[keys.p]])),
    };
    const contributions = (await api(staffDinsos).get(`/tasks/${taskId}/contributions`)).body as any[];
    expect(contributions).toHaveLength(1);
    expect(contributions[0].values).toEqual(expected);
    // Submitted once: the same sheet again is refused as the web form's second submission is.
    expect(
      (await upload(staffDinsos, taskId, Buffer.from(await workbook.xlsx.writeBuffer()), 'isian.xlsx'))
        .status,
    ).toBe(409);

    // Returned: the template comes back prefilled; a CSV saved from it (Indonesian locale: ';') is accepted.
    const returned = await api(walidata).post(`/tasks/${taskId}/review`, {
      decision: 'RETURN',
      note: 'Periksa lagi.',
    });
    expect(returned.status).toBe(200);
    const again = await download(staffDinsos, taskId);
    expect(again.status).toBe(200);
    const prefilled = new ExcelJS.Workbook();
    await prefilled.xlsx.load(again.buffer!);
    const data = prefilled.getWorksheet('Data')!;
    expect(data.getRow(rowOf.get(d1!.code)!).getCell(col.get(keys.l)!).value).toBe(good(1)[keys.l]);
    const lines = [headers.join(';')];
    data.eachRow((row, n) => {
      if (n === 1) return;
      const cells = headers.map((_, i) => row.getCell(i + 1).text);
      if (row.getCell(1).text === d0!.code) cells[col.get(keys.rt)! - 1] = '21';
      lines.push(cells.join(';'));
    });
    const csv = await upload(
      staffDinsos,
      taskId,
      Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`),
      'isian.csv',
    );
    expect({ status: csv.status, body: csv.body }).toMatchObject({
      status: 200,
      body: { state: 'SUBMITTED' },
    });
    expect(
      ((await api(staffDinsos).get(`/tasks/${taskId}/contributions`)).body as any[])[1].values[keys.rt][
        d0!.code
      ],
    ).toBe(21);

    // Verified: published, cell for cell.
    expect((await api(walidata).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    const published = await eventually(async () => {
      const res = await api(walidata).get(`/data/published?period=${PERIOD}&area=${KECAMATAN}`);
      return res.body.total === desa.length * 3 ? res.body.items : undefined;
    });
    const figure = (indicator: string, area: string, breakdown = '') =>
      published.find(
        (f: any) => f.indicator.code === indicator && f.areaCode === area && f.breakdown === breakdown,
      )?.value;
    expect(figure('RT_MISKIN', d0!.code)).toBe(21);
    expect(figure(code, d2!.code, 'P')).toBe(good(2)[keys.p]);
    expect(figure(code, d1!.code, 'L')).toBe(good(1)[keys.l]);
  }, 240_000);

  it('asks for the reason of a jump in the row of the area, and sends only the reasons asked for', async () => {
    // 2071 was published by the test above (RT_MISKIN: 21 in the first desa, 21 in the second).
    const [d0, d1] = desa;
    const started = await api(walidata).post('/data/requests', {
      indicators: ['RT_MISKIN'],
      period: '2072',
      areas: [d0!.code, d1!.code],
    });
    expect(started.status).toBe(201);
    const taskId = await eventually(
      async () =>
        (await api(walidata).get(`/projects/${started.body.id}`)).body?.steps?.[0]?.task?.id as string,
    );
    const template = await download(staffDinsos, taskId);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.buffer!);
    const sheet = workbook.getWorksheet('Data')!;
    const col = columnsOf(sheet);
    const rowOf = rowsOf(sheet, col.get(CODE_HEADER)!);
    sheet.getRow(rowOf.get(d0!.code)!).getCell(col.get(keys.rt)!).value = 100;
    sheet.getRow(rowOf.get(d1!.code)!).getCell(col.get(keys.rt)!).value = 22;
    const file = async () => Buffer.from(await workbook.xlsx.writeBuffer());

    const asked = await upload(staffDinsos, taskId, await file(), 'isian.xlsx');
    expect(asked.status).toBe(400);
    expect(asked.body.rows).toEqual([
      {
        row: rowOf.get(d0!.code),
        column: REASON_HEADER,
        message: expect.stringMatching(
          /^Rumah tangga miskin \(rumah tangga\) \[rtMiskin\]: 100 differs from the published 2071 figure \(21\) by more than 2×; write the reason in this column$/,
        ),
      },
    ]);
    expect((await api(staffDinsos).get(`/tasks/${taskId}`)).body.status).toBe('ASSIGNED');

    const reason = 'Pendataan ulang 2072 setelah banjir: 79 rumah tangga baru.';
    sheet.getRow(rowOf.get(d0!.code)!).getCell(col.get(REASON_HEADER)!).value = reason;
    // A reason where nothing jumped is not sent: only the figures that asked for one carry a confirmation.
    sheet.getRow(rowOf.get(d1!.code)!).getCell(col.get(REASON_HEADER)!).value =
      'Tidak ada perubahan berarti.';
    const ok = await upload(staffDinsos, taskId, await file(), 'isian.xlsx');
    expect({ status: ok.status, body: ok.body }).toMatchObject({
      status: 200,
      body: { state: 'SUBMITTED', cells: 2 },
    });
    const confirmations = await stack.db.dataConfirmation.findMany({ where: { taskId } });
    expect(confirmations.map((c) => [c.cell, c.reason])).toEqual([[`RT_MISKIN.${d0!.code}`, reason]]);
  }, 120_000);
});
