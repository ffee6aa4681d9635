import './aliases';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowBundleOptions } from '../../apps/worker/src/workflow-bundle';
import { prepareDatabase, testDatabaseUrl } from '../support/database';
import { devServerSearchAttributeFlags } from '@gotong/contracts/search-attributes';

/**
 * Prepares the real services once per test run:
 * - a Temporal dev server (the real CLI, TEMPORAL_CLI) on a free port;
 * - a fresh PostgreSQL database, migrated with the project's runner and seeded;
 * - a Redis key prefix of its own;
 * - the workflow bundle, built once and shared by every worker in the run.
 * Test files read what they need from process.env.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const work = mkdtempSync(join(tmpdir(), 'gotong-test-'));

  const temporalCli = process.env.TEMPORAL_CLI;
  if (!temporalCli) {
    throw new Error(
      'TEMPORAL_CLI is not set: run the tests through `npm test` or `npm run jest`, which provide it',
    );
  }

  const databaseUrl = testDatabaseUrl(`gotong_test_${runId}`);

  const password = randomBytes(12).toString('base64url');
  const [env, bundle] = await Promise.all([
    startDevServer(temporalCli, work),
    bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger }),
    prepareDatabase(databaseUrl, password),
  ]);
  const bundlePath = join(work, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  Object.assign(process.env, {
    NODE_ENV: 'test',
    GOTONG_TEST_RUN_ID: runId,
    GOTONG_TEST_WORKDIR: work,
    GOTONG_TEST_PASSWORD: password,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: 'default',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `gotong-test-${runId}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Every client and worker of the run encrypts payloads with this key (test/payload-encryption.e2e.spec.ts).
    PAYLOAD_ENCRYPTION_KEYS: `test-${runId}:${randomBytes(32).toString('base64')}`,
    // Tests log in many times from one address; test/login-rate-limit.spec.ts checks the limit itself.
    LOGIN_RATE_LIMIT: '10000',
    // The API's deadline for a Temporal call (10 s in production) is a fault answer, not a speed limit: on two
    // loaded cores an update can take seconds, and a test that meets the deadline would fail on the machine's
    // speed. test/faults.e2e.spec.ts sets its own short one to test the 503 itself.
    TEMPORAL_CALL_TIMEOUT: '60s',
    WORKFLOW_BUNDLE: bundlePath,
  });
  (globalThis as Record<string, unknown>).__GOTONG_TEMPORAL__ = env;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/**
 * The Temporal dev server. The SDK gives it a fixed few seconds to answer, which a loaded machine can miss
 * (seen once this way: every test of the file failed in its setup); a second try with a fresh database file
 * is not a retried test, only a slow start given more time.
 */
async function startDevServer(temporalCli: string, work: string): Promise<TestWorkflowEnvironment> {
  const start = (attempt: number) =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCli },
        ip: '127.0.0.1',
        ui: false,
        dbFilename: join(work, `temporal-${attempt}.db`),
        // Gotong's search attributes exist from the start (workers and the API also register them if missing).
        // SQLite as `npm start` runs it (scripts/start.sh): WAL journal, synced at checkpoints.
        extraArgs: [
          '--log-level',
          'error',
          '--sqlite-pragma',
          'journal_mode=wal',
          '--sqlite-pragma',
          'synchronous=normal',
          ...devServerSearchAttributeFlags(),
        ],
      },
    });
  try {
    return await start(1);
  } catch (error) {
    console.warn(
      `the Temporal dev server did not start in time (${(error as Error).message}); trying once more`,
    );
    return start(2);
  }
}
