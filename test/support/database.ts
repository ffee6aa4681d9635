import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureDatabase, migrate } from '@gotong/database/migrator';
import { createPrismaClient } from '@gotong/database/prisma';
import { DEMO_USERS, seed } from '../../prisma/seed';

/** The server the test databases live on (each run and each isolated test file gets its own database). */
export function testDatabaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates, migrates and seeds a database; every demo user gets `password`. */
export async function prepareDatabase(databaseUrl: string, password: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, join(__dirname, '../../prisma/migrations'));
  const db = createPrismaClient(databaseUrl);
  try {
    await seed(db, Object.fromEntries(DEMO_USERS.map((u) => [u.username, password])));
  } finally {
    await db.$disconnect();
  }
}

/**
 * Gives the calling test file a database and Redis prefix of its own, for tests whose processes read
 * everything in the database (the notifier relays every outbox row): other files' events must not reach
 * them. Jest gives each test file its own copy of process.env, so this does not leak into other files.
 */
export async function isolateTestFile(label: string): Promise<{ databaseUrl: string }> {
  const name = `gotong_test_${process.env.GOTONG_TEST_RUN_ID}_${label}_${randomBytes(2).toString('hex')}`;
  const databaseUrl = testDatabaseUrl(name);
  await prepareDatabase(databaseUrl, process.env.GOTONG_TEST_PASSWORD!);
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX}${label}:`;
  return { databaseUrl };
}
