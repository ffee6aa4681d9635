import './aliases';
import { rmSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { dropDatabase } from '@gotong/database/migrator';
import { testDatabaseUrl } from '../support/database';

/** Stops the dev server, drops the run's database and deletes its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as Record<string, unknown>).__GOTONG_TEMPORAL__ as
    TestWorkflowEnvironment | undefined;
  await env?.teardown();
  if (process.env.DATABASE_URL) await dropDatabase(process.env.DATABASE_URL);
  // Databases of test files that isolated themselves (test/support/database.ts).
  if (process.env.GOTONG_TEST_RUN_ID) {
    const admin = new Client({ connectionString: testDatabaseUrl('postgres') });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`gotong_test_${process.env.GOTONG_TEST_RUN_ID}\\_%`],
    );
    await admin.end();
    for (const { datname } of rows) await dropDatabase(testDatabaseUrl(datname));
  }
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (prefix && process.env.REDIS_URL) {
    const redis = new Redis(process.env.REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  if (process.env.GOTONG_TEST_WORKDIR)
    rmSync(process.env.GOTONG_TEST_WORKDIR, { recursive: true, force: true });
}
