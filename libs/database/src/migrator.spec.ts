import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrate, MigrationError, type MigrateResult } from './migrator';

/**
 * The offline migration runner against the real PostgreSQL: every test gets a
 * scratch database of its own (derived from the run's DATABASE_URL) and a
 * temporary migrations folder.
 */

const PROJECT_MIGRATIONS = join(__dirname, '../../../prisma/migrations');
const prefix = `gotong_migrator_${randomBytes(4).toString('hex')}`;
const databases: string[] = [];
const folders: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map((url) => dropDatabase(url)));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scratchDatabase(): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new Error('DATABASE_URL is not set: run through `npm run jest`, whose global setup provides it');
  const url = new URL(base);
  url.pathname = `/${prefix}_${databases.length}`;
  databases.push(url.toString());
  await ensureDatabase(url.toString());
  return url.toString();
}

/** A temporary prisma/migrations-like folder; `write` adds or changes one migration. */
async function migrationsFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'gotong-migrations-'));
  folders.push(dir);
  // Prisma keeps this file next to the migrations; the runner must skip it.
  await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  return {
    dir,
    async write(name: string, sql: string): Promise<void> {
      await mkdir(join(dir, name), { recursive: true });
      await writeFile(join(dir, name, 'migration.sql'), sql);
    },
    async checksum(name: string): Promise<string> {
      return createHash('sha256')
        .update(await readFile(join(dir, name, 'migration.sql')))
        .digest('hex');
    },
  };
}

async function query<T extends object = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const migrationRows = (url: string) =>
  query<MigrationRow>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name');

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** The error `migrate` rejects with; fails the test when it succeeds. */
async function migrationFailure(url: string, dir: string): Promise<MigrationError> {
  let result: MigrateResult;
  try {
    result = await migrate(url, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return error as MigrationError;
  }
  throw new Error(`migrate succeeded: ${JSON.stringify(result)}`);
}

const CREATE_PERSON = '20240101000000_create_person';
const ADD_EMAIL = '20240102000000_add_email';
const ADD_TEAM = '20240103000000_add_team';

describe('migrate (offline runner for prisma/migrations)', () => {
  it('applies pending migrations in name order and records them the way `prisma migrate deploy` does', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    // Written out of order: the runner must go by name, not by creation or directory order.
    await folder.write(ADD_EMAIL, 'ALTER TABLE "person" ADD COLUMN "email" TEXT;\n');
    await folder.write(
      CREATE_PERSON,
      '-- CreateTable\nCREATE TABLE "person" (\n    "id" SERIAL PRIMARY KEY,\n    "name" TEXT NOT NULL\n);\n',
    );
    const log: string[] = [];

    const result = await migrate(url, folder.dir, (line) => log.push(line));

    expect(result).toEqual({ applied: [CREATE_PERSON, ADD_EMAIL], alreadyApplied: [] });
    expect(log).toEqual([`applied ${CREATE_PERSON}`, `applied ${ADD_EMAIL}`]);
    const columns = await query<{ column_name: string }>(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'person' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'name', 'email']);

    const rows = await migrationRows(url);
    expect(rows.map((r) => r.migration_name)).toEqual([CREATE_PERSON, ADD_EMAIL]);
    for (const row of rows) {
      expect(row).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        checksum: await folder.checksum(row.migration_name),
        finished_at: expect.any(Date),
        migration_name: row.migration_name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      });
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
    // The well-known digest, so the test does not only agree with itself.
    await folder.write('20240104000000_noop', 'SELECT 1;\n');
    await migrate(url, folder.dir);
    const [noop] = await query<{ checksum: string }>(
      url,
      `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = '20240104000000_noop'`,
    );
    expect(noop?.checksum).toBe('b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
  });

  it('creates _prisma_migrations with the same columns, types, defaults and key as Prisma', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await migrate(url, folder.dir);

    const columns = await query(
      url,
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS default_value
         FROM pg_attribute a
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = 'public."_prisma_migrations"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
    );
    expect(columns).toEqual([
      { name: 'id', type: 'character varying(36)', not_null: true, default_value: null },
      { name: 'checksum', type: 'character varying(64)', not_null: true, default_value: null },
      { name: 'finished_at', type: 'timestamp with time zone', not_null: false, default_value: null },
      { name: 'migration_name', type: 'character varying(255)', not_null: true, default_value: null },
      { name: 'logs', type: 'text', not_null: false, default_value: null },
      { name: 'rolled_back_at', type: 'timestamp with time zone', not_null: false, default_value: null },
      { name: 'started_at', type: 'timestamp with time zone', not_null: true, default_value: 'now()' },
      { name: 'applied_steps_count', type: 'integer', not_null: true, default_value: '0' },
    ]);
    const constraints = await query(
      url,
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conrelid = 'public."_prisma_migrations"'::regclass`,
    );
    expect(constraints).toEqual([{ name: '_prisma_migrations_pkey', definition: 'PRIMARY KEY (id)' }]);
    // An empty folder applies nothing and leaves no rows.
    expect(await migrationRows(url)).toEqual([]);
  });

  it('applies nothing on a second run', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await folder.write(
      CREATE_PERSON,
      'CREATE TABLE "person" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);',
    );
    await folder.write(ADD_EMAIL, 'ALTER TABLE "person" ADD COLUMN "email" TEXT;');
    await migrate(url, folder.dir);
    const before = await migrationRows(url);
    const log: string[] = [];

    const again = await migrate(url, folder.dir, (line) => log.push(line));

    expect(again).toEqual({ applied: [], alreadyApplied: [CREATE_PERSON, ADD_EMAIL] });
    expect(log).toEqual([]);
    expect(await migrationRows(url)).toEqual(before);
  });

  it('applies a migration added later, leaving the applied ones alone', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await folder.write(
      CREATE_PERSON,
      'CREATE TABLE "person" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);',
    );
    await migrate(url, folder.dir);
    await query(url, `INSERT INTO "person" ("name") VALUES ('Siti')`);
    const [first] = await migrationRows(url);

    await folder.write(ADD_EMAIL, 'ALTER TABLE "person" ADD COLUMN "email" TEXT;');
    const result = await migrate(url, folder.dir);

    expect(result).toEqual({ applied: [ADD_EMAIL], alreadyApplied: [CREATE_PERSON] });
    const rows = await migrationRows(url);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(first);
    expect(rows[1]).toMatchObject({ migration_name: ADD_EMAIL, applied_steps_count: 1, logs: null });
    // Data written between the two runs is still there.
    expect(await query(url, 'SELECT "name", "email" FROM "person"')).toEqual([{ name: 'Siti', email: null }]);
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await folder.write(
      CREATE_PERSON,
      'CREATE TABLE "person" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);',
    );
    await folder.write(ADD_EMAIL, 'ALTER TABLE "person" ADD COLUMN "email" TEXT;');
    await migrate(url, folder.dir);
    const applied = await folder.checksum(ADD_EMAIL);
    const before = await migrationRows(url);

    await folder.write(ADD_EMAIL, 'ALTER TABLE "person" ADD COLUMN "email" VARCHAR(320);');
    await folder.write(ADD_TEAM, 'ALTER TABLE "person" ADD COLUMN "team" TEXT;');
    const error = await migrationFailure(url, folder.dir);

    expect(error.message).toContain(`migration ${ADD_EMAIL} was modified after it was applied`);
    expect(error.message).toContain(applied);
    expect(error.message).toContain(await folder.checksum(ADD_EMAIL));
    expect(error.message).toContain('add a new migration instead of editing an applied one');
    // Nothing after the edited migration ran.
    expect(await migrationRows(url)).toEqual(before);
    const columns = await query<{ column_name: string }>(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'team'`,
    );
    expect(columns).toEqual([]);
  });

  it('treats a migration whose line endings changed (a Windows checkout) as the same migration', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await folder.write(CREATE_PERSON, 'CREATE TABLE "person" (\n  "id" SERIAL PRIMARY KEY\n);\n');
    await migrate(url, folder.dir);

    await folder.write(CREATE_PERSON, 'CREATE TABLE "person" (\r\n  "id" SERIAL PRIMARY KEY\r\n);\r\n');
    await folder.write(ADD_EMAIL, 'ALTER TABLE "person" ADD COLUMN "email" TEXT;');
    const result = await migrate(url, folder.dir);

    expect(result).toEqual({ applied: [ADD_EMAIL], alreadyApplied: [CREATE_PERSON] });
  });

  it('rolls back a failing migration, records the failure, and refuses to continue until it is resolved', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await folder.write(
      CREATE_PERSON,
      'CREATE TABLE "person" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);',
    );
    // The first statement succeeds, the second fails: neither may stay.
    await folder.write(
      ADD_EMAIL,
      'CREATE TABLE "team" ("id" SERIAL PRIMARY KEY);\nALTER TABLE "persons" ADD COLUMN "email" TEXT;\n',
    );

    const error = await migrationFailure(url, folder.dir);

    expect(error.message).toBe(`migration ${ADD_EMAIL} failed: relation "persons" does not exist`);
    expect(await tables(url)).toEqual(['_prisma_migrations', 'person']);
    const [ok, failed, ...more] = await migrationRows(url);
    expect(more).toEqual([]);
    expect(ok).toMatchObject({ migration_name: CREATE_PERSON, applied_steps_count: 1, logs: null });
    expect(failed).toMatchObject({
      migration_name: ADD_EMAIL,
      checksum: await folder.checksum(ADD_EMAIL),
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
      logs: expect.stringContaining('relation "persons" does not exist'),
    });

    // Later runs refuse, even with the file fixed and another migration waiting, and tell the operator what to do.
    await folder.write(
      ADD_EMAIL,
      'CREATE TABLE "team" ("id" SERIAL PRIMARY KEY);\nALTER TABLE "person" ADD COLUMN "email" TEXT;\n',
    );
    await folder.write(
      ADD_TEAM,
      'ALTER TABLE "person" ADD COLUMN "team_id" INTEGER REFERENCES "team" ("id");',
    );
    const blocked = await migrationFailure(url, folder.dir);
    expect(blocked.message).toContain(`migration ${ADD_EMAIL} failed earlier and was not resolved`);
    expect(await tables(url)).toEqual(['_prisma_migrations', 'person']);
    expect(await migrationRows(url)).toHaveLength(2);

    // The operator runs the statement the message gives, then the fixed migration is retried.
    const resolve = /\((UPDATE "_prisma_migrations" SET rolled_back_at = now\(\) WHERE [^)]+)\)/.exec(
      blocked.message,
    );
    expect(resolve).not.toBeNull();
    await query(url, resolve![1]!);
    const log: string[] = [];
    const retried = await migrate(url, folder.dir, (line) => log.push(line));

    expect(retried).toEqual({ applied: [ADD_EMAIL, ADD_TEAM], alreadyApplied: [CREATE_PERSON] });
    expect(log).toEqual([`applied ${ADD_EMAIL}`, `applied ${ADD_TEAM}`]);
    expect(await tables(url)).toEqual(['_prisma_migrations', 'person', 'team']);
    const rows = await migrationRows(url);
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null, r.rolled_back_at !== null])).toEqual([
      [CREATE_PERSON, true, false],
      [ADD_EMAIL, false, true], // the failed attempt, kept as history like Prisma does
      [ADD_EMAIL, true, false],
      [ADD_TEAM, true, false],
    ]);
    expect(rows[2]!.checksum).toBe(await folder.checksum(ADD_EMAIL));
    expect(await migrate(url, folder.dir)).toEqual({
      applied: [],
      alreadyApplied: [CREATE_PERSON, ADD_EMAIL, ADD_TEAM],
    });
  });

  it('applies each migration exactly once when two runners start together', async () => {
    const url = await scratchDatabase();
    const folder = await migrationsFolder();
    await folder.write(
      CREATE_PERSON,
      'CREATE TABLE "runs" ("migration" TEXT NOT NULL);\nSELECT pg_sleep(1.5);\nINSERT INTO "runs" VALUES (\'create\');',
    );
    await folder.write(ADD_EMAIL, `INSERT INTO "runs" VALUES ('email');`);
    await folder.write(ADD_TEAM, `INSERT INTO "runs" VALUES ('team');`);

    const runs = [migrate(url, folder.dir), migrate(url, folder.dir)];
    // While the first runner sleeps inside its migration, the second waits on the advisory lock.
    const waiting = await waitFor(async () => {
      const [row] = await query<{ waiting: number }>(
        url,
        `SELECT count(*)::int AS waiting FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return row?.waiting === 1;
    });
    expect(waiting).toBe(true);
    const results = await Promise.all(runs);

    const all = [CREATE_PERSON, ADD_EMAIL, ADD_TEAM];
    expect(results).toEqual(
      expect.arrayContaining([
        { applied: all, alreadyApplied: [] },
        { applied: [], alreadyApplied: all },
      ]),
    );
    expect(await query(url, 'SELECT "migration" FROM "runs" ORDER BY 1')).toEqual([
      { migration: 'create' },
      { migration: 'email' },
      { migration: 'team' },
    ]);
    const rows = await migrationRows(url);
    expect(rows.map((r) => r.migration_name)).toEqual(all);
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
  });

  it('applies the project migrations (prisma/migrations) to an empty database, then finds nothing to do', async () => {
    const url = await scratchDatabase();
    const names = (await readdir(PROJECT_MIGRATIONS, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(names.length).toBeGreaterThan(0);

    const first = await migrate(url, PROJECT_MIGRATIONS);

    expect(first).toEqual({ applied: names, alreadyApplied: [] });
    expect(await tables(url)).toEqual(expect.arrayContaining(['_prisma_migrations', 'agency', 'app_user']));
    const rows = await migrationRows(url);
    expect(rows).toHaveLength(names.length);
    for (const row of rows) {
      const sql = await readFile(join(PROJECT_MIGRATIONS, row.migration_name, 'migration.sql'));
      expect(row).toMatchObject({
        checksum: createHash('sha256').update(sql).digest('hex'),
        applied_steps_count: 1,
        logs: null,
        rolled_back_at: null,
      });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    const schemaBefore = await tables(url);

    expect(await migrate(url, PROJECT_MIGRATIONS)).toEqual({ applied: [], alreadyApplied: names });
    expect(await migrationRows(url)).toEqual(rows);
    expect(await tables(url)).toEqual(schemaBefore);
  });
});

/** Polls `check` every 50 ms; true once it holds, false after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
