import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { hash } from '@node-rs/argon2';
import type { Role } from '@gotong/domain/roles';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import type { AgencyKind, LeadershipOffice, Prisma } from '@gotong/database/generated/prisma/client';
import { INDONESIA_HOLIDAYS } from '@gotong/domain/holidays';
import { AREAS, WILAYAH_DECREE } from '@gotong/domain/region';
import { KECAMATAN, kecamatanAgencyCode, OPD } from './data/probolinggo';
import { SEED_TEMPLATE_OWNER, SEED_TEMPLATES } from './data/templates';
import { SEED_INDICATORS } from './data/indicators';

export interface DemoUser {
  username: string;
  fullName: string;
  role: Role;
  agencyCode: string;
  position: string;
  office?: LeadershipOffice;
}

/** One user per role, plus staff and heads for the OPDs the demo projects use. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'staff.dinkes',
    fullName: 'Siti Aminah',
    role: 'STAFF',
    agencyCode: 'DINKES',
    position: 'Pengelola Gizi',
  },
  {
    username: 'kepala.dinkes',
    fullName: 'dr. Hariyadi',
    role: 'AGENCY_HEAD',
    agencyCode: 'DINKES',
    position: 'Kepala Dinas Kesehatan',
  },
  {
    username: 'staff.dinsos',
    fullName: 'Rudi Hartono',
    role: 'STAFF',
    agencyCode: 'DINSOS',
    position: 'Pekerja Sosial',
  },
  {
    username: 'kepala.dinsos',
    fullName: 'Dra. Lilik Suryani',
    role: 'AGENCY_HEAD',
    agencyCode: 'DINSOS',
    position: 'Kepala Dinas Sosial',
  },
  {
    username: 'staff.dpupr',
    fullName: 'Agus Salim',
    role: 'STAFF',
    agencyCode: 'DPUPR',
    position: 'Pengawas Jalan',
  },
  {
    username: 'kepala.dpupr',
    fullName: 'Ir. Bambang Wijaya',
    role: 'AGENCY_HEAD',
    agencyCode: 'DPUPR',
    position: 'Kepala Dinas PUPR',
  },
  {
    username: 'staff.bpbd',
    fullName: 'Dewi Lestari',
    role: 'STAFF',
    agencyCode: 'BPBD',
    position: 'Pusdalops',
  },
  {
    username: 'kepala.bpbd',
    fullName: 'Eko Prasetyo',
    role: 'AGENCY_HEAD',
    agencyCode: 'BPBD',
    position: 'Kepala Pelaksana BPBD',
  },
  {
    username: 'lead.bappeda',
    fullName: 'Nur Hidayati',
    role: 'LEAD',
    agencyCode: 'BAPPEDA',
    position: 'Kepala Bidang Perencanaan',
  },
  {
    username: 'sekda',
    fullName: 'H. Ugas Irwanto',
    role: 'LEADERSHIP',
    agencyCode: 'SETDA',
    position: 'Sekretaris Daerah',
    office: 'SEKDA',
  },
  {
    username: 'bupati',
    fullName: 'Bupati Probolinggo',
    role: 'LEADERSHIP',
    agencyCode: 'SETDA',
    position: 'Bupati',
    office: 'BUPATI',
  },
  {
    username: 'wabup',
    fullName: 'Wakil Bupati Probolinggo',
    role: 'LEADERSHIP',
    agencyCode: 'SETDA',
    position: 'Wakil Bupati',
    office: 'WAKIL_BUPATI',
  },
  {
    username: 'walidata',
    fullName: 'Fajar Ramadhan',
    role: 'WALIDATA',
    agencyCode: 'DISKOMINFO',
    position: 'Walidata',
  },
  {
    username: 'admin',
    fullName: 'Admin Gotong',
    role: 'ADMIN',
    agencyCode: 'DISKOMINFO',
    position: 'Administrator Sistem',
  },
];

/**
 * The regency's areas from libs/domain/src/region, by code: a new area is created at version 1, one whose
 * name, level, parent or decree changed is updated with its version raised, an unchanged one is left alone.
 */
export async function seedAreas(db: Database): Promise<void> {
  const existing = new Map((await db.area.findMany()).map((a) => [a.code, a]));
  for (const area of AREAS) {
    const data = { name: area.name, level: area.level, parentCode: area.parentCode, decree: WILAYAH_DECREE };
    const row = existing.get(area.code);
    if (!row) {
      await db.area.upsert({ where: { code: area.code }, create: { code: area.code, ...data }, update: {} });
    } else if (
      row.name !== data.name ||
      row.level !== data.level ||
      row.parentCode !== data.parentCode ||
      row.decree !== data.decree
    ) {
      await db.area.update({ where: { code: area.code }, data: { ...data, version: row.version + 1 } });
    }
  }
}

/** The OPDs and the 24 kecamatan offices (agency code KEC-<NAMA>, area code the decree's kecamatan code). */
export const REFERENCE_AGENCIES: ReadonlyArray<{
  code: string;
  name: string;
  kind: AgencyKind;
  areaCode: string | null;
}> = [
  ...OPD.map((o) => ({ code: o.code, name: o.name, kind: o.kind, areaCode: null })),
  ...KECAMATAN.map((k) => ({
    code: kecamatanAgencyCode(k.name),
    name: `Kecamatan ${k.name}`,
    kind: 'KECAMATAN' as const,
    areaCode: k.code,
  })),
];

/** How many rows of each kind of reference data the database holds after seeding. */
export interface ReferenceCounts {
  areas: number;
  agencies: number;
  holidays: number;
  templates: number;
  indicators: number;
}

/**
 * The reference data every installation needs, production included (`npm run bootstrap`, scripts/bootstrap.ts)
 * and under the demo users of `npm start`: the regency's areas, the OPDs and kecamatan offices, the national
 * holidays and cuti bersama, the seeded indicators and templates. Idempotent, and it never undoes what the
 * regency has changed since: areas follow the decree (libs/domain/src/region); an agency is created when its
 * code does not exist yet (a kecamatan office also only when no agency holds its area code), after which its
 * name and status are ADMIN's; holidays by date (existing ones kept: ADMIN may have edited them); indicators
 * as version 1 when their code does not exist yet (later versions are the walidata's); templates likewise, and
 * a changed seeded template becomes the next version while no lead or admin has saved one since. No user is
 * created here.
 */
export async function seedReference(db: Database): Promise<ReferenceCounts> {
  await seedAreas(db);
  const existing = await db.agency.findMany({ select: { code: true, areaCode: true } });
  const codes = new Set(existing.map((a) => a.code));
  const areaCodes = new Set(existing.map((a) => a.areaCode).filter((c) => c !== null));
  for (const agency of REFERENCE_AGENCIES) {
    if (codes.has(agency.code)) continue;
    if (agency.areaCode !== null && areaCodes.has(agency.areaCode)) continue;
    // skipDuplicates: a row created meanwhile (npm start's seed takes no lock) is no error.
    await db.agency.createMany({ data: [agency], skipDuplicates: true });
  }
  await db.holiday.createMany({ data: INDONESIA_HOLIDAYS, skipDuplicates: true });
  for (const indicator of SEED_INDICATORS) {
    const exists = await db.indicator.count({ where: { code: indicator.code } });
    if (exists > 0) continue;
    await db.indicator.create({
      data: {
        code: indicator.code,
        version: 1,
        name: indicator.name,
        unit: indicator.unit,
        standard: indicator as unknown as Prisma.InputJsonValue,
      },
    });
  }
  // The seeded templates belong to BAPPEDA, the planning agency (its LEADs and ADMIN version them).
  const owner = await db.agency.findUnique({ where: { code: SEED_TEMPLATE_OWNER }, select: { id: true } });
  for (const template of SEED_TEMPLATES) {
    const latest = await db.template.findFirst({
      where: { code: template.code },
      orderBy: { version: 'desc' },
      select: { version: true, definition: true, createdById: true, ownerAgencyId: true },
    });
    const definition = JSON.parse(JSON.stringify(template)) as Prisma.InputJsonValue;
    // A newer Gotong may bring a better seeded template (e.g. a field that now names its indicator). It becomes
    // the next version only while the latest one is still the seed's own (no person saved a version since);
    // projects keep the version they started with.
    if (latest && (latest.createdById !== null || isDeepStrictEqual(latest.definition, definition))) continue;
    await db.template.createMany({
      data: [
        {
          code: template.code,
          version: (latest?.version ?? 0) + 1,
          name: template.name,
          description: template.description,
          category: template.category,
          definition,
          ownerAgencyId: latest ? latest.ownerAgencyId : (owner?.id ?? null),
        },
      ],
      skipDuplicates: true,
    });
  }
  const [areas, agencies, holidays, templates, indicators] = await Promise.all([
    db.area.count(),
    db.agency.count(),
    db.holiday.count(),
    db.template.groupBy({ by: ['code'] }).then((codes) => codes.length),
    db.indicator.count({ where: { version: 1 } }),
  ]);
  return { areas, agencies, holidays, templates, indicators };
}

/**
 * The demo layer of `npm start` and the tests, on top of the reference data: the DEMO_USERS by username,
 * passwords set to the given ones. Never for production (`npm run bootstrap` creates one ADMIN instead).
 */
export async function seedDemoUsers(db: Database, passwords: Record<string, string>): Promise<void> {
  const ids = new Map(
    (await db.agency.findMany({ select: { id: true, code: true } })).map((a) => [a.code, a.id]),
  );
  for (const [index, user] of DEMO_USERS.entries()) {
    const password = passwords[user.username];
    if (!password) throw new Error(`no password given for ${user.username}`);
    const agencyId = ids.get(user.agencyCode);
    if (!agencyId) throw new Error(`agency ${user.agencyCode} of demo user ${user.username} does not exist`);
    const data = {
      fullName: user.fullName,
      role: user.role,
      position: user.position,
      office: user.office ?? null,
      // Demo addresses: mail to the regency's domain, numbers in the reserved +62 800 test range.
      email: `${user.username}@probolinggokab.go.id`,
      phone: demoPhone(index),
      agencyId,
      passwordHash: await hash(password),
      // The printed demo password signs in as it is, also over an account bootstrap created earlier.
      mustChangePassword: false,
      active: true,
    };
    await db.user.upsert({
      where: { username: user.username },
      create: { username: user.username, ...data },
      update: data,
    });
  }
}

/** Reference data, then the demo users with the given passwords (`npm start`, `npm run db:seed`, the tests). */
export async function seed(db: Database, passwords: Record<string, string>): Promise<void> {
  await seedReference(db);
  await seedDemoUsers(db, passwords);
}

function demoPhone(index: number): string {
  return `+62800000${String(index + 1).padStart(4, '0')}`;
}

/** Demo credentials: random per machine, kept in .data so they survive restarts; never in the repository. */
export function loadOrCreateDemoPasswords(file: string): Record<string, string> {
  const existing = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<string, string>;
  const passwords = Object.fromEntries(
    DEMO_USERS.map((u) => [u.username, existing[u.username] ?? randomBytes(9).toString('base64url')]),
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(passwords, null, 2) + '\n', { mode: 0o600 });
  return passwords;
}

/**
 * `npm run db:seed` and `npm start`: the reference data, then the demo users. Refused with NODE_ENV=production
 * (the application image sets it): a regency going live runs `npm run bootstrap` and gets no demo users.
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'demo users are not for production (NODE_ENV=production): run `npm run bootstrap` (scripts/bootstrap.ts) instead',
    );
  }
  const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/gotong';
  const file = process.env.DEMO_CREDENTIALS_FILE ?? join(process.cwd(), '.data/demo-credentials.json');
  const passwords = loadOrCreateDemoPasswords(file);
  const db = createPrismaClient(databaseUrl);
  let counts: ReferenceCounts;
  try {
    counts = await seedReference(db);
    await seedDemoUsers(db, passwords);
  } finally {
    await db.$disconnect();
  }
  console.log(`[db:seed] reference data: ${describeReference(counts)}`);
  console.log(`[db:seed] ${DEMO_USERS.length} demo users; their logins (also in ${file}):`);
  for (const u of DEMO_USERS) {
    console.log(
      `  ${u.role.padEnd(12)} ${u.agencyCode.padEnd(11)} ${u.username.padEnd(14)} ${passwords[u.username]}`,
    );
  }
}

/** e.g. "355 areas, 40 agencies (OPDs and kecamatan offices), 4 templates, 5 indicators, 60 holidays". */
export function describeReference(counts: ReferenceCounts): string {
  return (
    `${counts.areas} areas, ${counts.agencies} agencies (OPDs and kecamatan offices), ` +
    `${counts.templates} templates, ${counts.indicators} indicators, ${counts.holidays} holidays`
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[db:seed] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
