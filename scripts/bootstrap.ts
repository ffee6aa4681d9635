import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import { Client } from 'pg';
import { audit } from '@gotong/database/audit';
import { ensureDatabase, migrate, type MigrateResult } from '@gotong/database/migrator';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import { oneTimePassword } from '../apps/api/src/admin/one-time-password';
import { describeReference, seedReference, type ReferenceCounts } from '../prisma/seed';

/**
 * A real install: `npm run bootstrap` (and the one-shot `bootstrap` service of docker-compose.yml) migrates the
 * database, loads the reference data (prisma/seed.ts seedReference: areas, OPDs and kecamatan offices,
 * holidays, templates, indicators) and, when no active ADMIN exists, creates the first one with a one-time
 * password printed once to stdout (stored only as a hash; the user must choose their own at the first sign-in).
 * No demo user is ever created here; those are `npm start`'s. Idempotent: run it again after every upgrade.
 *
 *   node dist/scripts/bootstrap.js [--admin-username admin] [--admin-agency DISKOMINFO]
 *
 * It lives in scripts/ (operator tooling, like the workflow bundler) rather than libs/database because it puts
 * together what the floors below it must not import: prisma/ (the reference data) and the API's one-time
 * password generator (apps/api/src/admin/one-time-password.ts), so the first admin's password looks like every
 * other one-time password.
 */

/** Who the first administrator is, unless BOOTSTRAP_ADMIN_USERNAME or --admin-username says otherwise. */
export const DEFAULT_ADMIN_USERNAME = 'admin';
/** The OPD of the first administrator (the regency's IT office), unless BOOTSTRAP_ADMIN_AGENCY or --admin-agency. */
export const DEFAULT_ADMIN_AGENCY = 'DISKOMINFO';
/** The usernames the admin pages accept (apps/api/src/admin/admin.dto.ts, USERNAME). */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,49}$/;
/** pg_advisory_lock key: two bootstraps at once (two compose projects on one database) run one after the other. */
const BOOTSTRAP_LOCK = 0x676f746f6e67; // "gotong"

export class BootstrapError extends Error {}

export interface BootstrapOptions {
  databaseUrl: string;
  migrationsDir: string;
  adminUsername?: string;
  adminAgency?: string;
  log?: (line: string) => void;
}

export type FirstAdmin =
  | { created: true; username: string; agencyCode: string; oneTimePassword: string }
  | { created: false; activeAdmins: string[] };

export interface BootstrapResult {
  migrations: MigrateResult;
  reference: ReferenceCounts;
  admin: FirstAdmin;
}

export async function bootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const log = options.log ?? (() => undefined);
  const username = options.adminUsername ?? DEFAULT_ADMIN_USERNAME;
  const agencyCode = (options.adminAgency ?? DEFAULT_ADMIN_AGENCY).toUpperCase();
  if (!USERNAME.test(username)) {
    throw new BootstrapError(
      `admin username "${username}" is not valid: 3–50 lower case letters, digits, dots, hyphens or underscores`,
    );
  }
  await ensureDatabase(options.databaseUrl);
  const migrations = await migrate(options.databaseUrl, options.migrationsDir, log);
  // The lock is held on a connection of its own: Prisma's pool may use any of its connections.
  const lock = new Client({ connectionString: options.databaseUrl });
  await lock.connect();
  const db = createPrismaClient(options.databaseUrl);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    const reference = await seedReference(db);
    const admin = await ensureFirstAdmin(db, username, agencyCode);
    return { migrations, reference, admin };
  } finally {
    await db.$disconnect();
    await lock.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/**
 * The first administrator, only while no active ADMIN exists: one-time password, mustChangePassword, audited
 * (USER_CREATED with no actor: the installation did it). An existing account of that username is never
 * touched: choose another username.
 */
export async function ensureFirstAdmin(
  db: Database,
  username: string,
  agencyCode: string,
): Promise<FirstAdmin> {
  const password = oneTimePassword();
  const passwordHash = await hash(password);
  return db.$transaction(async (tx) => {
    const admins = await tx.user.findMany({
      where: { role: 'ADMIN', active: true },
      select: { username: true },
      orderBy: { username: 'asc' },
    });
    if (admins.length > 0) return { created: false, activeAdmins: admins.map((a) => a.username) };
    const taken = await tx.user.findUnique({ where: { username }, select: { role: true, active: true } });
    if (taken) {
      throw new BootstrapError(
        `no active ADMIN exists, and username "${username}" belongs to an ${taken.active ? 'active' : 'inactive'} ` +
          `${taken.role} account; choose another with --admin-username (or BOOTSTRAP_ADMIN_USERNAME)`,
      );
    }
    const agency = await tx.agency.findUnique({ where: { code: agencyCode } });
    if (!agency || !agency.active) {
      throw new BootstrapError(
        `agency ${agencyCode} ${agency ? 'is deactivated' : 'does not exist'}; choose the administrator's OPD with --admin-agency (or BOOTSTRAP_ADMIN_AGENCY)`,
      );
    }
    const user = await tx.user.create({
      data: {
        username,
        fullName: 'Administrator Gotong',
        role: 'ADMIN',
        position: 'Administrator Sistem',
        agencyId: agency.id,
        passwordHash,
        mustChangePassword: true,
      },
    });
    await audit(tx, {
      eventKey: `user:${user.id}:user_created`,
      action: 'USER_CREATED',
      actorUserId: null,
      actorAgencyId: null,
      detail: { userId: user.id, username, role: 'ADMIN', agencyCode, office: null, by: 'bootstrap' },
      occurredAt: new Date(),
    });
    return { created: true, username, agencyCode, oneTimePassword: password };
  });
}

/** The message that shows the one-time password, once, framed so that it stands out in a log. */
export function firstAdminMessage(username: string, password: string, webUrl?: string): string {
  const label = (text: string) => text.padEnd(25);
  const lines = [
    'Gotong: the first administrator',
    '',
    ...(webUrl ? [`${label('Web app')}${webUrl}`] : []),
    `${label('Sign in as')}${username}`,
    `${label('with one-time password')}${password}`,
    '',
    'You will be asked to choose your own password at the first sign-in.',
    'This password is shown only now and is stored nowhere: write it down.',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = `  +${'-'.repeat(width)}+`;
  return ['', rule, ...lines.map((l) => `  |  ${l.padEnd(width - 2)}|`), rule, ''].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'admin-username': { type: 'string' },
      'admin-agency': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run bootstrap [-- --admin-username <name>] [--admin-agency <OPD code>]\n' +
        'Migrates DATABASE_URL, loads the reference data and creates the first ADMIN (printing its one-time\n' +
        'password) unless an active ADMIN exists. Defaults: admin, DISKOMINFO (or BOOTSTRAP_ADMIN_USERNAME,\n' +
        'BOOTSTRAP_ADMIN_AGENCY).',
    );
    return;
  }
  const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/gotong';
  const result = await bootstrap({
    databaseUrl,
    migrationsDir: process.env.MIGRATIONS_DIR ?? join(process.cwd(), 'prisma/migrations'),
    adminUsername: values['admin-username'] ?? process.env.BOOTSTRAP_ADMIN_USERNAME ?? undefined,
    adminAgency: values['admin-agency'] ?? process.env.BOOTSTRAP_ADMIN_AGENCY ?? undefined,
    log: (line) => console.log(`[bootstrap] ${line}`),
  });
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  console.log(
    `[bootstrap] database ${database}: ${result.migrations.applied.length} migrations applied, ` +
      `${result.migrations.alreadyApplied.length} already applied`,
  );
  console.log(`[bootstrap] reference data: ${describeReference(result.reference)}`);
  if (result.admin.created) {
    console.log(
      `[bootstrap] created the first administrator ${result.admin.username} (ADMIN, ${result.admin.agencyCode})`,
    );
    console.log(
      firstAdminMessage(
        result.admin.username,
        result.admin.oneTimePassword,
        process.env.WEB_BASE_URL || undefined,
      ),
    );
  } else {
    console.log(
      `[bootstrap] an active administrator exists (${result.admin.activeAdmins.join(', ')}): no account created, ` +
        'no password printed. A forgotten password is reset by another administrator (the admin pages, or POST /admin/users/:id/reset-password).',
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[bootstrap] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
