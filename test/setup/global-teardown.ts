import { rmSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Redis } from 'ioredis';
import { dropDatabase } from '../../libs/database/src/migrator';

/** Stops the dev server, drops the run's database and deletes its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const env = (globalThis as Record<string, unknown>).__GOTONG_TEMPORAL__ as
    TestWorkflowEnvironment | undefined;
  await env?.teardown();
  if (process.env.DATABASE_URL) await dropDatabase(process.env.DATABASE_URL);
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
