import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrate } from '@gotong/database/migrator';
import { findSchemaDrift } from '@gotong/database/schema-drift';

const SCHEMA = join(__dirname, '../prisma/schema.prisma');
const MIGRATIONS = join(__dirname, '../prisma/migrations');

function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: run through `npm run jest`, whose global setup provides it');
  return url;
}

describe('schema drift between prisma/schema.prisma and the migrated database', () => {
  it('finds none in the migrated test database', async () => {
    expect(await findSchemaDrift(testDatabaseUrl(), SCHEMA)).toEqual([]);
  });

  describe('on a scratch database changed behind the schema', () => {
    const prefix = `gotong_drift_${randomBytes(4).toString('hex')}`;
    const created: string[] = [];

    /** A new database migrated from prisma/migrations, then changed with `sql`. */
    async function migratedThen(sql: string): Promise<string> {
      const url = new URL(testDatabaseUrl());
      url.pathname = `/${prefix}_${created.length}`;
      created.push(url.toString());
      await ensureDatabase(url.toString());
      await migrate(url.toString(), MIGRATIONS);
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
      return url.toString();
    }

    afterAll(async () => {
      await Promise.all(created.map((url) => dropDatabase(url)));
    });

    it('names a dropped column as table.column', async () => {
      const url = await migratedThen('ALTER TABLE app_user DROP COLUMN position');
      expect(await findSchemaDrift(url, SCHEMA)).toEqual([
        'column app_user.position is missing (User.position)',
      ]);
    });

    it('reports a dropped unique index even when a plain index replaces it, and a dropped primary key', async () => {
      const url = await migratedThen(`
        DROP INDEX agency_code_key;
        CREATE INDEX agency_code_idx ON agency (code);
        ALTER TABLE task DROP CONSTRAINT task_pkey CASCADE;
      `);
      expect(await findSchemaDrift(url, SCHEMA)).toEqual([
        'unique index on agency(code) is missing',
        'primary key on task(id) is missing',
      ]);
    });

    it('reports changed column types, including timestamp time zone and enum columns', async () => {
      const url = await migratedThen(`
        ALTER TABLE task ALTER COLUMN escalation_level TYPE bigint;
        ALTER TABLE task ALTER COLUMN status DROP DEFAULT, ALTER COLUMN status TYPE text;
        ALTER TABLE audit_event ALTER COLUMN occurred_at TYPE timestamp(3);
      `);
      expect(await findSchemaDrift(url, SCHEMA)).toEqual([
        'column task.status has type text, schema expects "TaskStatus"',
        'column task.escalation_level has type bigint, schema expects integer',
        'column audit_event.occurred_at has type timestamp(3) without time zone, schema expects timestamp(3) with time zone',
      ]);
    });

    it('reports a dropped table', async () => {
      const url = await migratedThen('DROP TABLE audit_event CASCADE'); // CASCADE: audit_event_hash takes its row type
      expect(await findSchemaDrift(url, SCHEMA)).toEqual(['table audit_event is missing (model AuditEvent)']);
    });

    it('reports nullability, enum values and tables the schema does not know', async () => {
      const url = await migratedThen(`
        ALTER TABLE agency ALTER COLUMN name DROP NOT NULL;
        ALTER TABLE agency ALTER COLUMN area_code SET NOT NULL;
        ALTER TYPE "Role" ADD VALUE 'AUDITOR';
        CREATE TABLE leftover (id integer PRIMARY KEY);
      `);
      expect(await findSchemaDrift(url, SCHEMA)).toEqual([
        'enum Role has values the schema does not know: AUDITOR',
        'column agency.name is nullable, schema expects NOT NULL',
        'column agency.area_code is NOT NULL, schema expects nullable',
        'table leftover is in the database but not in the schema',
      ]);
    });
  });
});
