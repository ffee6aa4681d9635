/**
 * Mobilisation benchmark (`npm run bench:mobilisation`).
 *
 * How long an OPD waits to hear of its work, through the whole stack as the users see it: the Nest API, the
 * Temporal worker (apps/worker) with the real activities, a Temporal dev server, PostgreSQL and Redis. Timed,
 * per run:
 *   1. incident: BPBD declares a flood (banjir) in Kecamatan Tongas, which the response matrix answers with
 *      11 OPDs; from sending POST /incidents until the acknowledgement task of the last of them is in that
 *      OPD's Kotak Tugas (GET /inbox?projectId=… as the OPD's own staff);
 *   2. project: a lead starts a project with one step for each of the same 11 OPDs (all ready at once); from
 *      sending POST /projects until the last OPD's task is in its inbox.
 * Every OPD's inbox is polled every POLL_MS (100 ms), so a figure is late by at most that much plus a request;
 * polling harder would load the API it measures (it shares two cores with everything else).
 *
 * It starts everything itself on loopback: a Temporal dev server (TEMPORAL_CLI), a fresh database on the
 * PostgreSQL server (dropped at the end), a Redis key prefix of its own, the API in this process and the
 * worker in a process of its own, as they run in production. Incidents and projects of earlier runs stay
 * open (nothing of theirs falls due while it runs).
 *
 * Options (environment): BENCH_RUNS (default 5), TEMPORAL_CLI (`npm run bench:mobilisation` finds it),
 * TEST_DATABASE_SERVER (default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL (default
 * redis://127.0.0.1:6379).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { dropDatabase, ensureDatabase, migrate } from '@gotong/database/migrator';
import { createPrismaClient } from '@gotong/database/prisma';
import { loadConfig } from '@gotong/config/config';
import {
  FAILURE_CONVERTER_PATH,
  temporalDataConverter,
  valueFromHistoryPayload,
} from '@gotong/config/temporal-data-converter';
import { DEMO_USERS, seed } from '../prisma/seed';
// Both read their configuration from the environment when they are created, after main() has set it.
import { createApiApp } from '../apps/api/src/app.factory';

const GOAL_MS = 1_500;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const POLL_MS = 100;
const GIVE_UP_MS = 60_000;
const ROOT = join(__dirname, '..', '..');
const TONGAS = '35.13.23';

type Scenario = 'incident' | 'project';

/**
 * The "before" column: this benchmark (worker in its own process) on the code before the mobilisation work
 * (commit 70ca6d9: each OPD's projection and task start awaited in turn), BENCH_RUNS=5 on this 2-core machine
 * with nothing else running, minutes before the "after" figures. For the steps in between, measured the same
 * way: 69a1076 (projections and child-workflow starts issued together, the children started by the server
 * 0.09-0.17 s apart) gave 1.96 s and 2.87 s. Compare runs made together: load moves these figures a lot.
 */
const BEFORE: Record<Scenario, number> = { incident: 2_980, project: 2_880 };

interface Run {
  scenario: Scenario;
  /** The create request answered. */
  answeredMs: number;
  /** The first and the last OPD saw its task. */
  firstMs: number;
  lastMs: number;
  opds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const seconds = (ms: number) => (Number.isNaN(ms) ? '    –' : (ms / 1000).toFixed(2).padStart(5));

async function main(): Promise<void> {
  const temporalCli = process.env.TEMPORAL_CLI;
  if (!temporalCli) throw new Error('TEMPORAL_CLI is not set: run through `npm run bench:mobilisation`');
  const benchId = randomBytes(3).toString('hex');
  const server = new URL(process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/gotong_bench_${benchId}`;
  const databaseUrl = server.toString();
  const work = mkdtempSync(join(tmpdir(), 'gotong-bench-'));
  const password = randomBytes(12).toString('base64url');
  const taskQueue = `gotong-bench-${benchId}`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `gotong-bench-${benchId}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Payloads are encrypted as in production; the worker process inherits the key.
    PAYLOAD_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    LOGIN_RATE_LIMIT: '10000',
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  console.log(
    'mobilisation benchmark: declaration or project start → the last OPD sees its task in its inbox',
  );
  console.log(
    `the API in this process, the worker (apps/worker) in its own, a Temporal dev server, database ${server.pathname.slice(1)} on ${server.host} (dropped at the end); ${RUNS} runs`,
  );

  // Undone in reverse order, whatever fails.
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const [env, bundle] = await Promise.all([
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: temporalCli },
          ip: '127.0.0.1',
          ui: false,
          dbFilename: join(work, 'temporal.db'),
          extraArgs: ['--log-level', 'error'],
        },
      }),
      // The compiled workflows beside this file: tsc-alias made their `@gotong/…` imports relative.
      bundleWorkflowCode({
        workflowsPath: join(__dirname, '..', 'workflows'),
        failureConverterPath: FAILURE_CONVERTER_PATH,
        logger: quietLogger,
      }),
      ensureDatabase(databaseUrl).then(() => migrate(databaseUrl, join(ROOT, 'prisma', 'migrations'))),
    ]);
    cleanups.push(() => env.teardown());
    process.env.TEMPORAL_ADDRESS = env.address;
    const bundlePath = join(work, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);
    const db = createPrismaClient(databaseUrl);
    cleanups.push(() => db.$disconnect());
    await seed(db, Object.fromEntries(DEMO_USERS.map((u) => [u.username, password])));

    const clientConnection = await Connection.connect({ address: env.address });
    cleanups.push(() => clientConnection.close());
    const temporal = new Client({
      connection: clientConnection,
      namespace: 'default',
      dataConverter: temporalDataConverter(loadConfig()),
    });
    // The worker in a process of its own, as in production (`npm start`, compose): sharing this process's
    // event loop with the API and eleven inboxes polled ten times a second, it measured that load instead.
    const worker = await startWorkerProcess(bundlePath);
    cleanups.push(() => worker.stop());
    const app = await createApiApp();
    app.useLogger(['error']);
    await app.listen(0, '127.0.0.1');
    cleanups.push(() => app.close());
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const json: unknown = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json as T;
    };
    /** How many tasks of the project are in the inbox of the token's OPD. */
    const inbox = async (token: string, projectId: string) =>
      (await call<{ total: number }>(token, 'GET', `/inbox?projectId=${projectId}&pageSize=10`)).total;
    const declare = (token: string, description: string) =>
      call<{
        id: string;
        projectId: string;
        workflowId: string;
        mobilised: { agencyCode: string }[];
      }>(token, 'POST', '/incidents', {
        type: 'banjir',
        severity: 'BERAT',
        kecamatan: [TONGAS],
        description,
      });
    const login = async (username: string): Promise<string> => {
      const res = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };

    // A staff account in each OPD the flood mobilises (the demo users cover only four of them).
    const bpbd = await login('staff.bpbd');
    const lead = await login('lead.bappeda');
    const passwordHash = await hash(password);
    const staff = new Map<string, string>();
    const plan = await declare(bpbd, 'Pemanasan benchmark mobilisasi');
    const codes = plan.mobilised.map((m) => m.agencyCode);
    for (const code of codes) {
      const agency = await db.agency.findUniqueOrThrow({ where: { code } });
      const username = `bench.${code.toLowerCase()}`;
      await db.user.create({
        data: {
          username,
          fullName: `Staf ${code}`,
          role: 'STAFF',
          position: 'Benchmark',
          agencyId: agency.id,
          passwordHash,
        },
      });
      staff.set(code, await login(username));
    }
    console.log(`flood in Tongas mobilises ${codes.length} OPDs: ${codes.join(', ')}`);
    // The first declaration above also warmed the worker (its sandbox, the database pool) up.
    await waitForAll(inbox, staff, plan.projectId, performance.now());

    const runs: Run[] = [];
    for (let n = 1; n <= RUNS; n++) {
      for (const scenario of ['incident', 'project'] as const) {
        const t0 = performance.now();
        const sent = Date.now();
        const { projectId, workflowId } =
          scenario === 'incident'
            ? await declare(bpbd, `Benchmark mobilisasi, run ${n}`).then((d) => ({
                projectId: d.projectId,
                workflowId: d.workflowId,
              }))
            : await call<{ id: string; workflowId: string }>(lead, 'POST', '/projects', {
                title: `Benchmark penugasan serentak, run ${n}`,
                agencyCodes: codes,
              }).then((p) => ({ projectId: p.id, workflowId: p.workflowId }));
        const answeredMs = performance.now() - t0;
        const seen = await waitForAll(inbox, staff, projectId, t0);
        const run = {
          scenario,
          answeredMs,
          firstMs: Math.min(...seen),
          lastMs: Math.max(...seen),
          opds: seen.length,
        };
        runs.push(run);
        console.log(
          `run ${n} ${scenario.padEnd(8)}: answered ${seconds(answeredMs)} s, first OPD ${seconds(run.firstMs)} s, last (${run.opds}th) ${seconds(run.lastMs)} s`,
        );
        console.log(
          `  where the time went (s after sending): ${await trace(temporal, workflowId, sent, codes.length)}`,
        );
      }
    }

    console.log('');
    console.log(
      `declaration → last of ${codes.length} OPDs sees its task (median of ${RUNS} runs; goal ${GOAL_MS / 1000} s)`,
    );
    console.log('scenario   answered   first OPD   last OPD   min     max     vs goal   before   speed-up');
    for (const scenario of ['incident', 'project'] as const) {
      const mine = runs.filter((r) => r.scenario === scenario);
      const last = median(mine.map((r) => r.lastMs));
      console.log(
        [
          scenario.padEnd(8),
          `${seconds(median(mine.map((r) => r.answeredMs)))} s `,
          `${seconds(median(mine.map((r) => r.firstMs)))} s  `,
          `${seconds(last)} s `,
          `${seconds(Math.min(...mine.map((r) => r.lastMs)))} s`,
          `${seconds(Math.max(...mine.map((r) => r.lastMs)))} s`,
          `${(last / GOAL_MS).toFixed(2).padStart(5)}×  `,
          `${seconds(BEFORE[scenario])} s`,
          Number.isNaN(BEFORE[scenario]) ? '' : `${(BEFORE[scenario] / last).toFixed(1)}×`,
        ].join('   '),
      );
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
    await dropDatabase(databaseUrl).catch((e: unknown) => console.error(e));
    rmSync(work, { recursive: true, force: true });
  }
}

/** Polls every OPD's inbox until each holds a task of the project; when each first did, in ms after `t0`. */
async function waitForAll(
  inbox: (token: string, projectId: string) => Promise<number>,
  staff: Map<string, string>,
  projectId: string,
  t0: number,
): Promise<number[]> {
  return Promise.all(
    [...staff].map(async ([code, token]) => {
      while (performance.now() - t0 < GIVE_UP_MS) {
        if ((await inbox(token, projectId)) > 0) return performance.now() - t0;
        await sleep(POLL_MS);
      }
      throw new Error(`${code} saw no task of project ${projectId} within ${GIVE_UP_MS / 1000} s`);
    }),
  );
}

/**
 * The milestones of one run from the workflows' histories (server time), the last of each over all OPDs: when
 * the parent started, commanded the tasks' starts, saw them started; when the tasks' workflows first ran on
 * the worker and their assignment projection was scheduled, picked up and done.
 */
type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

async function trace(temporal: Client, workflowId: string, sent: number, opds: number): Promise<string> {
  const at = (e: HistoryEvent) =>
    Number(e.eventTime!.seconds) * 1000 + Math.round((e.eventTime!.nanos ?? 0) / 1e6) - sent;
  const last = (xs: number[]) => (xs.length > 0 ? (Math.max(...xs) / 1000).toFixed(2) : '–');
  const parent = (await temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

  // Tasks are started by startAgencyTasks activities (histories from before: as child workflows).
  const isTaskStart = (e: HistoryEvent) =>
    e.activityTaskScheduledEventAttributes?.activityType?.name === 'startAgencyTasks' ||
    e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId?.startsWith('agency-task-') === true;
  const children = (
    await Promise.all(
      parent.filter(isTaskStart).map(async (e) =>
        e.activityTaskScheduledEventAttributes
          ? // fetchHistory gives the history as stored: payloads encrypted.
            (
              await valueFromHistoryPayload<{ starts: { workflowId: string }[] }>(
                temporal.options.loadedDataConverter,
                e.activityTaskScheduledEventAttributes.input!.payloads![0]!,
              )
            ).starts.map((t) => t.workflowId)
          : [e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!],
      ),
    )
  ).flat();
  // The first task of each OPD (an incident then starts sitrep #1 for everyone).
  const tasks = children.slice(0, opds);
  const histories = await Promise.all(
    tasks.map(async (id) => (await temporal.workflow.getHandle(id).fetchHistory()).events ?? []),
  );
  const kind = (events: HistoryEvent[], pick: (e: HistoryEvent) => unknown) =>
    events.filter((e) => pick(e)).map(at);
  const firstOf = (events: HistoryEvent[], pick: (e: HistoryEvent) => unknown) =>
    kind(events, pick).slice(0, 1);
  // When each task's own workflow began, in order.
  const childStarts = histories
    .flatMap((h) => firstOf(h, (e) => e.workflowExecutionStartedEventAttributes))
    .sort((a, b) => a - b);
  const spacing =
    childStarts.length > 1
      ? ((childStarts[childStarts.length - 1]! - childStarts[0]!) / (childStarts.length - 1) / 1000).toFixed(
          2,
        )
      : '–';
  return [
    `parent started ${last(firstOf(parent, (e) => e.workflowExecutionStartedEventAttributes))}`,
    `task starts commanded ${last(kind(parent, isTaskStart).slice(0, 1))}`,
    `started ${last(childStarts)} (${spacing} s apart)`,
    `tasks first ran ${last(histories.flatMap((h) => firstOf(h, (e) => e.workflowTaskStartedEventAttributes)))}`,
    `projection scheduled ${last(histories.flatMap((h) => firstOf(h, (e) => e.activityTaskScheduledEventAttributes)))}`,
    `picked up ${last(histories.flatMap((h) => firstOf(h, (e) => e.activityTaskStartedEventAttributes)))}`,
    `done ${last(histories.flatMap((h) => firstOf(h, (e) => e.activityTaskCompletedEventAttributes)))}`,
  ].join(', ');
}

/**
 * apps/worker's compiled entry point with this run's environment (database, Redis prefix, Temporal address
 * and task queue); ready once it says it is polling. Stopped with SIGTERM, as the supervisor stops it.
 */
async function startWorkerProcess(bundlePath: string): Promise<{ stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: { ...process.env, WORKFLOW_BUNDLE: bundlePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the worker did not start within 60 s:\n${output}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('polling task queue')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with ${code} before it was ready:\n${output}`));
    });
  });
  // Keep only warnings and errors from here on.
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
