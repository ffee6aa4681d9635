import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '@gotong/config/config';
import { temporalDataConverter } from '@gotong/config/temporal-data-converter';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createGotongWorker, type GotongWorkerOptions } from '../../apps/worker/src/temporal-worker';
import { createPrismaClient, type Database } from '@gotong/database/prisma';

/**
 * The real stack for one test file: the Nest API on a free port, a Temporal
 * worker with the real activities, both on a task queue of their own, against
 * the run's dev server, database and Redis prefix (see test/setup).
 */
export interface Stack {
  baseUrl: string;
  db: Database;
  temporal: Client;
  taskQueue: string;
  login: (username: string) => Promise<string>;
  /**
   * A new active STAFF account of an OPD (the run's test password), signed in: for OPDs the demo users do not
   * cover. A fresh username each time unless one is given.
   */
  createStaff: (
    agencyCode: string,
    options?: { username?: string; fullName?: string; position?: string },
  ) => Promise<{ username: string; fullName: string; token: string }>;
  stop: () => Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const taskQueue = `gotong-test-${randomBytes(4).toString('hex')}`;
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  const started = await startWorker(taskQueue);
  const { worker, db, running } = started;
  const app: INestApplication = await createApiApp();
  app.useLogger(['error', 'warn']);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const temporal = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });

  const stack: Stack = {
    baseUrl,
    db,
    temporal,
    taskQueue,
    async login(username: string) {
      const res = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: process.env.GOTONG_TEST_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    async createStaff(agencyCode, options = {}) {
      const agency = await db.agency.findUniqueOrThrow({ where: { code: agencyCode } });
      const suffix = randomBytes(3).toString('hex');
      const username = options.username ?? `staff.${agencyCode.toLowerCase()}.${suffix}`;
      const fullName = options.fullName ?? `Staf Data ${agencyCode} ${suffix}`;
      await db.user.create({
        data: {
          username,
          fullName,
          role: 'STAFF',
          position: options.position ?? 'Pengelola Data',
          agencyId: agency.id,
          passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
        },
      });
      return { username, fullName, token: await stack.login(username) };
    },
    async stop() {
      await app.close();
      await connection.close();
      worker.shutdown();
      await running;
      await started.close();
    },
  };
  return stack;
}

/** The run's data converter (PAYLOAD_ENCRYPTION_KEYS from test/setup), as the API and the worker build it. */
export function testDataConverter(): DataConverter {
  return temporalDataConverter(loadConfig());
}

/** A worker with the real activities and the run's prebuilt workflow bundle (options as the worker's main sets them). */
export async function startWorker(
  taskQueue: string,
  options: Pick<GotongWorkerOptions, 'workflowStackTraces'> = {},
) {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const worker: Worker = await createGotongWorker({
    connection,
    namespace: 'default',
    taskQueue,
    db,
    dataConverter: testDataConverter(),
    // On the worker's own connection, as apps/worker does: its task starts are eager.
    client: new Client({
      connection,
      namespace: 'default',
      dataConverter: testDataConverter(),
    }),
    workflowBundlePath: process.env.WORKFLOW_BUNDLE,
    ...options,
  });
  const running = worker.run();
  return {
    worker,
    db,
    running,
    async close() {
      await connection.close();
      await db.$disconnect();
    },
  };
}

/**
 * How long `eventually` waits by default: generous, because CI runs two test files at once on two cores,
 * sometimes beside another busy process. Waiting longer costs nothing when the condition holds early.
 */
export const EVENTUALLY_TIMEOUT_MS = 45_000;

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = EVENTUALLY_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}

/** Minimal JSON HTTP client for the API under test. */
export function http(baseUrl: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
  };
}
