import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { dropDatabase } from '@gotong/database/migrator';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import { INDONESIA_HOLIDAYS } from '@gotong/domain/holidays';
import { createApiApp } from '../apps/api/src/app.factory';
import { OPD } from '../prisma/data/probolinggo';
import { SEED_INDICATORS } from '../prisma/data/indicators';
import { SEED_TEMPLATES } from '../prisma/data/templates';
import { DEMO_USERS } from '../prisma/seed';
import { compileEntryPoints } from './support/compile';
import { testDatabaseUrl } from './support/database';

/**
 * A real install (scripts/bootstrap.ts): `npm run bootstrap` and the compose `bootstrap` job run the compiled
 * entry with plain node. Here it is compiled the same way (tsc with tsconfig.build.json, then tsc-alias) into a
 * directory of this test's own and run as a child process against a database that does not exist yet; its
 * output is what the operator reads, and the one-time password it prints signs in through the real API.
 */

const ROOT = join(__dirname, '..');
const RUN = `${process.env.GOTONG_TEST_RUN_ID}_${randomBytes(3).toString('hex')}`;
const databaseUrl = testDatabaseUrl(`gotong_test_${RUN}_bootstrap`);

let work = '';
let db: Database;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a compiled entry point of this test's build, from the repository root as the scripts do. */
function runCompiled(entry: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(work, 'dist', entry)],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** The one-time password in the framed message, or undefined. */
function printedPassword(stdout: string): string | undefined {
  return /with one-time password\s+(\S+)\s*\|/.exec(stdout)?.[1];
}

async function counts() {
  const [areas, agencies, holidays, templates, indicators, users, auditEvents] = await Promise.all([
    db.area.count(),
    db.agency.count(),
    db.holiday.count(),
    db.template.count(),
    db.indicator.count(),
    db.user.count(),
    db.auditEvent.count(),
  ]);
  return { areas, agencies, holidays, templates, indicators, users, auditEvents };
}

beforeAll(async () => {
  // The entry point and what it imports, compiled as scripts/run-ts.sh and the Dockerfile compile everything.
  work = await compileEntryPoints('bootstrap', ['scripts/bootstrap.ts']);
  db = createPrismaClient(databaseUrl);
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(databaseUrl);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run bootstrap on an empty database', () => {
  let first: Run;
  let password = '';

  beforeAll(async () => {
    first = await runCompiled('scripts/bootstrap.js', {
      WEB_BASE_URL: 'https://gotong.probolinggokab.go.id/app/',
    });
    if (first.code !== 0)
      throw new Error(`bootstrap exited with ${first.code}:\n${first.stdout}${first.stderr}`);
    password = printedPassword(first.stdout) ?? '';
  }, 180_000);

  it('prints the first administrator and a one-time password once, framed, with where to sign in', () => {
    expect(first.stdout).toMatch(/created the first administrator admin \(ADMIN, DISKOMINFO\)/);
    expect(first.stdout).toMatch(/Sign in as\s+admin\s*\|/);
    expect(first.stdout).toMatch(/Web app\s+https:\/\/gotong\.probolinggokab\.go\.id\/app\/\s*\|/);
    expect(first.stdout).toMatch(/choose your own password/);
    expect(password).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(first.stdout.split(password)).toHaveLength(2); // printed exactly once
    expect(first.stderr).toBe('');
  });

  it("loads the regency's areas with the decree's codes", async () => {
    const byLevel = Object.fromEntries(
      (await db.area.groupBy({ by: ['level'], _count: { _all: true } })).map((g) => [g.level, g._count._all]),
    );
    expect(byLevel).toEqual({ KABUPATEN: 1, KECAMATAN: 24, DESA: 325, KELURAHAN: 5 });
    const names = Object.fromEntries(
      (
        await db.area.findMany({
          where: {
            code: { in: ['35.13', '35.13.06', '35.13.07', '35.13.08', '35.13.20', '35.13.21', '35.13.24'] },
          },
        })
      ).map((a) => [a.code, a.name]),
    );
    expect(names).toEqual({
      '35.13': 'Kabupaten Probolinggo',
      '35.13.06': 'Banyuanyar',
      '35.13.07': 'Tiris',
      '35.13.08': 'Krucil',
      '35.13.20': 'Tegalsiwalan',
      '35.13.21': 'Sumberasih',
      '35.13.24': 'Lumbang',
    });
    // Every desa and kelurahan lies in one of the 24 kecamatan, under its code.
    const villages = await db.area.findMany({ where: { level: { in: ['DESA', 'KELURAHAN'] } } });
    for (const v of villages) expect(v.code.startsWith(`${v.parentCode}.`)).toBe(true);
  });

  it('creates every OPD and one office per kecamatan, on the kecamatan of the same name', async () => {
    const agencies = await db.agency.findMany();
    const areas = new Map((await db.area.findMany()).map((a) => [a.code, a]));
    const codes = agencies.map((a) => a.code);
    // The OPDs that had no demo user before are there too: they can be given users without SQL.
    for (const code of ['DISHUB', 'SATPOLPP', 'DP3AP2KB', 'DPMD', 'DLH', 'DISKOMINFO', 'SETDA'])
      expect(codes).toContain(code);
    expect(agencies.filter((a) => a.kind !== 'KECAMATAN')).toHaveLength(OPD.length);
    const offices = agencies.filter((a) => a.kind === 'KECAMATAN');
    expect(offices).toHaveLength(24);
    for (const office of offices) {
      const area = areas.get(office.areaCode ?? '');
      expect(area?.level).toBe('KECAMATAN');
      expect(office.name).toBe(`Kecamatan ${area?.name}`);
      expect(office.code).toBe(`KEC-${area?.name.toUpperCase()}`);
    }
    expect(new Set(offices.map((o) => o.areaCode)).size).toBe(24);
    const areaOf = (code: string) => agencies.find((a) => a.code === code)?.areaCode;
    expect(areaOf('KEC-KRUCIL')).toBe('35.13.08');
    expect(areaOf('KEC-SUMBERASIH')).toBe('35.13.21');
    expect(areaOf('KEC-TIRIS')).toBe('35.13.07');
    expect(areaOf('KEC-TONGAS')).toBe('35.13.23');
    expect(agencies.every((a) => a.active)).toBe(true);
  });

  it('loads the holidays, templates and indicators', async () => {
    expect(await db.holiday.count()).toBe(INDONESIA_HOLIDAYS.length);
    expect(await db.holiday.findUnique({ where: { date: '2026-08-17' } })).toMatchObject({
      kind: 'NATIONAL_HOLIDAY',
    });
    const templates = await db.template.findMany({ select: { code: true, version: true } });
    expect(templates.map((t) => t.code).sort()).toEqual(SEED_TEMPLATES.map((t) => t.code).sort());
    expect(templates.map((t) => t.code)).toContain('percepatan-penurunan-stunting');
    expect(templates.every((t) => t.version === 1)).toBe(true);
    const indicators = await db.indicator.findMany({ select: { code: true } });
    expect(indicators.map((i) => i.code).sort()).toEqual(SEED_INDICATORS.map((i) => i.code).sort());
    expect(indicators.map((i) => i.code)).toContain('RT_MISKIN');
  });

  it('creates exactly one user, the ADMIN, with a one-time password and no demo user; audited', async () => {
    const users = await db.user.findMany({ include: { agency: true } });
    expect(users).toHaveLength(1);
    const [admin] = users;
    expect(admin).toMatchObject({ username: 'admin', role: 'ADMIN', active: true, mustChangePassword: true });
    expect(admin?.agency.code).toBe('DISKOMINFO');
    expect(admin?.passwordHash).not.toContain(password);
    const demo = DEMO_USERS.map((u) => u.username).filter((name) => name !== 'admin');
    expect(await db.user.count({ where: { username: { in: demo } } })).toBe(0);
    const events = await db.auditEvent.findMany();
    expect(events).toEqual([
      expect.objectContaining({
        action: 'USER_CREATED',
        actorUserId: null,
        detail: expect.objectContaining({
          userId: admin?.id,
          username: 'admin',
          role: 'ADMIN',
          by: 'bootstrap',
        }),
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(password);
  });

  describe('through the real API', () => {
    let app: INestApplication;
    let baseUrl = '';
    let token = '';
    const chosen = `Probolinggo-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      // The API of this installation: the bootstrapped database (Jest gives this file its own process.env).
      process.env.DATABASE_URL = databaseUrl;
      app = await createApiApp();
      app.useLogger(['error', 'warn']);
      await app.listen(0, '127.0.0.1');
      baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    }, 120_000);

    afterAll(async () => {
      await app?.close();
    });

    async function call(method: string, path: string, bearer?: string, body?: unknown) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }

    it('the printed password signs the admin in, who must choose their own before anything else', async () => {
      const signedIn = await call('POST', '/auth/login', undefined, { username: 'admin', password });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.mustChangePassword).toBe(true);
      const refused = await call('GET', '/admin/users', signedIn.body.accessToken);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/POST \/auth\/password/);
      const changed = await call('POST', '/auth/password', signedIn.body.accessToken, {
        currentPassword: password,
        newPassword: chosen,
      });
      expect(changed.status).toBe(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      token = changed.body.accessToken;
      expect((await call('POST', '/auth/login', undefined, { username: 'admin', password })).status).toBe(
        401,
      );
    });

    it('the admin finds the regency ready: every OPD and kecamatan office, and only their own account', async () => {
      const agencies = await call('GET', '/admin/agencies', token);
      expect(agencies.status).toBe(200);
      const listed = agencies.body as Array<{ code: string; areaCode: string | null }>;
      expect(listed).toHaveLength(OPD.length + 24);
      expect(listed.find((a) => a.code === 'KEC-KRUCIL')?.areaCode).toBe('35.13.08');
      const users = await call('GET', '/admin/users', token);
      expect(users.status).toBe(200);
      expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
      // The regency renames an OPD; a later bootstrap (every `docker compose up`) must keep it.
      const dishub = listed.find((a) => a.code === 'DISHUB') as unknown as { id: string };
      const renamed = await call('PATCH', `/admin/agencies/${dishub.id}`, token, {
        name: 'Dinas Perhubungan Kabupaten Probolinggo',
      });
      expect(renamed.status).toBe(200);
    });

    it('a second run changes nothing the regency owns, creates no user and prints no password', async () => {
      const before = await counts();
      const hash = (await db.user.findUniqueOrThrow({ where: { username: 'admin' } })).passwordHash;
      const second = await runCompiled('scripts/bootstrap.js', { BOOTSTRAP_ADMIN_USERNAME: 'admin.kedua' });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(
        /an active administrator exists \(admin\): no account created, no password printed/,
      );
      expect(second.stdout).not.toMatch(/one-time password/);
      expect(second.stdout).not.toContain(password);
      expect(second.stdout).toMatch(/0 migrations applied/);
      expect(await counts()).toEqual(before);
      expect((await db.user.findUniqueOrThrow({ where: { username: 'admin' } })).passwordHash).toBe(hash);
      expect((await db.agency.findUniqueOrThrow({ where: { code: 'DISHUB' } })).name).toBe(
        'Dinas Perhubungan Kabupaten Probolinggo',
      );
      expect(
        (await call('POST', '/auth/login', undefined, { username: 'admin', password: chosen })).status,
      ).toBe(200);
    }, 180_000);

    it('an upgrade brings a changed seeded template as its next version, never over a version a person saved', async () => {
      const code = 'percepatan-penurunan-stunting';
      const seeded = JSON.parse(JSON.stringify(SEED_TEMPLATES.find((t) => t.code === code)));
      // As an older Gotong seeded it: the same template without the description it has now.
      const older = { ...seeded, description: 'versi lama' };
      await db.template.update({
        where: { code_version: { code, version: 1 } },
        data: { definition: older },
      });
      const upgrade = await runCompiled('scripts/bootstrap.js');
      expect(upgrade.code).toBe(0);
      const versions = () =>
        db.template.findMany({
          where: { code },
          orderBy: { version: 'asc' },
          select: { version: true, definition: true, createdById: true },
        });
      const afterUpgrade = await versions();
      expect(afterUpgrade.map((v) => v.version)).toEqual([1, 2]);
      expect(afterUpgrade[0]!.definition).toEqual(older);
      expect(afterUpgrade[1]).toEqual({ version: 2, definition: seeded, createdById: null });

      // A lead saves version 3; the seed never adds a version over it, whatever it brings.
      const admin = await db.user.findUniqueOrThrow({ where: { username: 'admin' } });
      await db.template.create({
        data: {
          code,
          version: 3,
          name: seeded.name,
          description: 'disesuaikan Bappeda',
          category: seeded.category,
          definition: { ...seeded, description: 'disesuaikan Bappeda' },
          createdById: admin.id,
        },
      });
      await db.template.update({
        where: { code_version: { code, version: 2 } },
        data: { definition: older },
      });
      expect((await runCompiled('scripts/bootstrap.js')).code).toBe(0);
      expect((await versions()).map((v) => v.version)).toEqual([1, 2, 3]);
    }, 240_000);
  });

  it('the demo layer refuses a production environment: no demo users however it is started', async () => {
    const before = await counts();
    const demo = await runCompiled('prisma/seed.js', {
      NODE_ENV: 'production',
      DEMO_CREDENTIALS_FILE: join(work, 'demo-credentials.json'),
    });
    expect(demo.code).toBe(1);
    expect(demo.stderr).toMatch(/demo users are not for production.*npm run bootstrap/);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('refuses a username the admin pages would refuse, before touching the database', async () => {
    const before = await counts();
    const bad = await runCompiled('scripts/bootstrap.js', { BOOTSTRAP_ADMIN_USERNAME: 'Admin Kabupaten' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/admin username "Admin Kabupaten" is not valid/);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
