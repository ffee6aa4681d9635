import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { createApiApp } from '../apps/api/src/app.factory';
import { compileEntryPoints } from './support/compile';
import { freePort } from './support/notifier';
import { eventually, startWorker } from './support/stack';

/**
 * Honest answers under faults, against real services: no worker polling, Temporal unreachable, PostgreSQL
 * unreachable, and SIGTERM on real API and worker processes (compiled as the Dockerfile compiles them).
 * Outages are made with TCP proxies the test cuts (nothing shared is stopped). Each scenario records how
 * long the answer took; the table is printed at the end (figures, not assertions: the machine may be slow).
 */

const ROOT = join(__dirname, '..');
const CALL_TIMEOUT = '3s';
const taskQueue = `gotong-faults-${randomBytes(4).toString('hex')}`;
const figures: { scenario: string; answer: string; ms: number }[] = [];

/** A loopback TCP proxy to `target` that the test can cut (connections dropped, port closed) and restore. */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.up();
    return proxy;
  }

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

function hostPort(address: string): { host: string; port: number } {
  const [host = '127.0.0.1', port = '0'] = address.split(':');
  return { host, port: Number(port) };
}

interface Answer {
  status: number;
  body: any;
  retryAfter: string | null;
  ms: number;
}

/** How long a request may take before the test calls it a hang (the API's own deadline is CALL_TIMEOUT). */
const HANG_MS = 30_000;

/** One request, timed; a hang is answered as status 0 (reason "hang") instead of blocking the test. */
async function call(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; lang?: string } = {},
): Promise<Answer> {
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(HANG_MS),
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.lang ? { 'accept-language': opts.lang } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'hang' : (error as Error).message;
    return { status: 0, body: { reason }, retryAfter: null, ms: Date.now() - started };
  }
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
}

function record(scenario: string, answer: Answer): Answer {
  figures.push({ scenario, answer: `${answer.status} ${answer.body?.reason ?? ''}`.trim(), ms: answer.ms });
  return answer;
}

/** An API app in this process with some variables changed (the config is read when the app is built). */
async function apiWith(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const app = await createApiApp();
    app.useLogger(['error']);
    await app.listen(0, '127.0.0.1');
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

let main: { app: INestApplication; url: string };
let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
let lead = '';
let dinkes = '';
let walidata = '';
const taskIds: string[] = [];
const apps: INestApplication[] = [];
const proxies: TcpProxy[] = [];
const children: ChildProcess[] = [];
let build = '';

async function login(url: string, username: string): Promise<string> {
  const res = await call(url, 'POST', '/auth/login', {
    body: { username, password: process.env.GOTONG_TEST_PASSWORD },
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A project with one DINKES task per call; returns the task id once the task is visible. */
async function newTask(title: string): Promise<string> {
  const created = await call(main.url, 'POST', '/projects', {
    token: lead,
    body: { title, agencyCodes: ['DINKES'], instructions: 'Kirim rekap.', sla: { amount: 1, unit: 'hours' } },
  });
  expect(created.status).toBe(201);
  const projectId = created.body.id as string;
  return eventually(async () => {
    const inbox = await call(main.url, 'GET', `/inbox?projectId=${projectId}`, { token: dinkes });
    return inbox.status === 200 ? (inbox.body.items[0]?.id as string | undefined) : undefined;
  });
}

/** Compiles the API, worker and notifier entry points into a directory of this test's own (as scripts/run-ts.sh does). */
const compileEntries = () =>
  compileEntryPoints(
    'faults',
    ['api', 'worker', 'notifier'].map((app) => `apps/${app}/src/main.ts`),
  );

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts a compiled entry point with the run's services and `env`; resolves once `ready` appears in its log. */
async function run(entry: string, env: Record<string, string>, ready: RegExp): Promise<Running> {
  const child = spawn(process.execPath, [join(build, 'dist', entry)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_CALL_TIMEOUT: CALL_TIMEOUT,
      JWT_SECRET: process.env.JWT_SECRET!,
      PAYLOAD_ENCRYPTION_KEYS: process.env.PAYLOAD_ENCRYPTION_KEYS!,
      LOGIN_RATE_LIMIT: '10000',
      WORKFLOW_BUNDLE: process.env.WORKFLOW_BUNDLE!,
      WEB_DIST: join(build, 'no-web'),
      ...env,
    },
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  await Promise.race([
    eventually(() => ready.test(out), 120_000),
    exited.then((e) => {
      throw new Error(`${entry} exited (${e.code ?? e.signal}) before it was ready:\n${out}`);
    }),
  ]);
  return { child, output: () => out, exited };
}

beforeAll(async () => {
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  process.env.TEMPORAL_CALL_TIMEOUT = CALL_TIMEOUT;
  const compiling = compileEntries();
  worker = await startWorker(taskQueue);
  main = await apiWith({});
  apps.push(main.app);
  lead = await login(main.url, 'lead.bappeda');
  dinkes = await login(main.url, 'staff.dinkes');
  walidata = await login(main.url, 'walidata');
  taskIds.push(await newTask('Uji gangguan: tanpa worker'), await newTask('Uji gangguan: worker berhenti'));
  build = await compiling;
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(apps.map((app) => app.close().catch(() => undefined)));
  await Promise.all(proxies.map((p) => p.down()));
  if (worker) {
    worker.worker.shutdown();
    await worker.running;
    await worker.close();
  }
  if (build) rmSync(build, { recursive: true, force: true });
  console.log(
    `faults: what the API answered, and how fast\n${figures
      .map((f) => `  ${f.scenario.padEnd(58)} ${f.answer.padEnd(28)} ${String(f.ms).padStart(6)} ms`)
      .join('\n')}`,
  );
}, 60_000);

describe('no worker polling the task queue', () => {
  it('answers an update with 503, Retry-After and a message in the caller language, within the deadline', async () => {
    worker!.worker.shutdown();
    await worker!.running;
    await worker!.close();
    worker = null;

    const english = record(
      'claim, no worker (Accept-Language: en)',
      await call(main.url, 'POST', `/tasks/${taskIds[0]}/claim`, { token: dinkes, lang: 'en-GB,en;q=0.9' }),
    );
    expect(english.status).toBe(503);
    expect(Number(english.retryAfter)).toBeGreaterThan(0);
    expect(english.body).toMatchObject({ statusCode: 503, reason: 'workflow-timeout' });
    expect(english.body.message).toMatch(/no worker/);

    const indonesian = record(
      'claim, no worker (no Accept-Language)',
      await call(main.url, 'POST', `/tasks/${taskIds[0]}/claim`, { token: dinkes }),
    );
    expect(indonesian.status).toBe(503);
    expect(indonesian.body.message).toMatch(/tidak ada worker/);

    // Liveness and readiness stay 200: Temporal itself answers, a worker is simply missing.
    expect((await call(main.url, 'GET', '/health/live')).status).toBe(200);
    expect((await call(main.url, 'GET', '/health/ready')).status).toBe(200);
  });
});

describe('Temporal unreachable', () => {
  it('answers 503 (never 500, never a hang) while it is down, and recovers when it is back', async () => {
    const proxy = await TcpProxy.start(hostPort(process.env.TEMPORAL_ADDRESS!));
    proxies.push(proxy);
    const api = await apiWith({ TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}` });
    apps.push(api.app);
    await eventually(async () => (await call(api.url, 'GET', '/health/ready')).status === 200);

    await proxy.down();
    const claim = record(
      'claim, Temporal down after boot',
      await call(api.url, 'POST', `/tasks/${taskIds[0]}/claim`, { token: dinkes, lang: 'en' }),
    );
    expect(claim.status).toBe(503);
    expect(claim.body.reason).toBe('temporal-unavailable');
    expect(claim.body.message).toMatch(/cannot be reached/);
    expect(Number(claim.retryAfter)).toBeGreaterThan(0);

    const start = record(
      'create project, Temporal down after boot',
      await call(api.url, 'POST', '/projects', {
        token: lead,
        body: { title: 'Saat Temporal mati', agencyCodes: ['DINSOS'], sla: { amount: 1, unit: 'hours' } },
      }),
    );
    expect(start.status).toBe(503);

    const ready = record('GET /health/ready, Temporal down', await call(api.url, 'GET', '/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body.checks.temporal).not.toBe('ok');
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);

    await proxy.up();
    await eventually(async () => (await call(api.url, 'GET', '/health/ready')).status === 200);
  });

  it('boots with Temporal at a closed port and answers 503 instead of failing to start', async () => {
    const api = await apiWith({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    apps.push(api.app);
    const claim = record(
      'claim, Temporal address is a closed port',
      await call(api.url, 'POST', `/tasks/${taskIds[0]}/claim`, { token: dinkes }),
    );
    expect(claim.status).toBe(503);
    expect(claim.body.reason).toBe('temporal-unavailable');
    expect(claim.body.message).toMatch(/tidak dapat dihubungi/);
    expect((await call(api.url, 'GET', '/health/ready')).status).toBe(503);
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
  });
});

describe('PostgreSQL unreachable', () => {
  it('answers 503 with Retry-After on data endpoints and logins, readiness 503, liveness 200', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    proxies.push(proxy);
    url.host = `127.0.0.1:${proxy.port}`;
    const api = await apiWith({ DATABASE_URL: url.toString() });
    apps.push(api.app);
    const before = await call(api.url, 'GET', '/data/indicators', { token: walidata });
    expect(before.status).toBe(200);

    await proxy.down();
    for (const attempt of ['first', 'second']) {
      const data = record(
        `GET /data/indicators, Postgres down (${attempt})`,
        await call(api.url, 'GET', '/data/indicators', { token: walidata, lang: 'en' }),
      );
      expect(data.status).toBe(503);
      expect(data.body.reason).toBe('database-unavailable');
      expect(data.body.message).toMatch(/database cannot be reached/);
      expect(Number(data.retryAfter)).toBeGreaterThan(0);
    }
    const loginDown = record(
      'POST /auth/login, Postgres down',
      await call(api.url, 'POST', '/auth/login', {
        body: { username: 'walidata', password: process.env.GOTONG_TEST_PASSWORD },
      }),
    );
    expect(loginDown.status).toBe(503);
    expect(loginDown.body.message).toMatch(/Basis data/);
    const ready = record('GET /health/ready, Postgres down', await call(api.url, 'GET', '/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body.checks.postgres).not.toBe('ok');
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);

    await proxy.up();
    await eventually(
      async () => (await call(api.url, 'GET', '/data/indicators', { token: walidata })).status === 200,
    );
    expect((await call(api.url, 'GET', '/health/ready')).status).toBe(200);
  });
});

describe('SIGTERM', () => {
  it('stops a real API process with an open notification stream: in-flight answered, exit 0', async () => {
    const port = await freePort();
    const api = await run(
      'apps/api/src/main.js',
      { API_PORT: String(port), SHUTDOWN_GRACE: '8s' },
      /listening on/,
    );
    const url = `http://127.0.0.1:${port}`;
    const token = await login(url, 'staff.dinkes');

    const stream = await fetch(`${url}/notifications/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: AbortSignal.timeout(60_000),
    });
    expect(stream.status).toBe(200);
    const streamEnded = (async () => {
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) void chunk;
      return Date.now();
    })();
    // No worker polls, so this update is in flight until the deadline when the signal arrives.
    const inFlight = call(url, 'POST', `/tasks/${taskIds[0]}/claim`, { token });
    await new Promise((r) => setTimeout(r, 500));

    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    const exit = await api.exited;
    const answer = await inFlight;
    const ended = await streamEnded;
    figures.push({ scenario: 'API SIGTERM → stream closed', answer: 'ended', ms: ended - signalledAt });
    figures.push({
      scenario: 'API SIGTERM → in-flight update answered',
      answer: String(answer.status),
      ms: answer.ms,
    });
    figures.push({
      scenario: 'API SIGTERM → process exit',
      answer: `code ${exit.code}`,
      ms: exit.at - signalledAt,
    });
    expect(answer.status).toBe(503);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(api.output()).toMatch(/stopped/);
  });

  it('lets a real worker process finish the activity in hand before it closes the database', async () => {
    const taskId = taskIds[1]!;
    const worker = await run('apps/worker/src/main.js', { SHUTDOWN_GRACE: '60s' }, /polling task queue/);

    // Hold the contribution table so the recording activity is in flight when the signal arrives.
    const lock = new PgClient({ connectionString: process.env.DATABASE_URL });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE contribution IN SHARE ROW EXCLUSIVE MODE');
    const submitted = call(main.url, 'POST', `/tasks/${taskId}/contribution`, {
      token: dinkes,
      body: { values: { summary: 'Rekap dikirim saat worker berhenti' } },
    });
    await eventually(async () => {
      const { rows } = await lock.query<{ waiting: string }>(
        `SELECT count(*) AS waiting FROM pg_locks WHERE relation = 'contribution'::regclass AND NOT granted`,
      );
      return Number(rows[0]!.waiting) > 0;
    });

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    // Still draining: the activity cannot finish while the lock is held, and the worker waits for it.
    expect(worker.child.exitCode).toBeNull();
    await lock.query('COMMIT');
    await lock.end();

    const exit = await worker.exited;
    figures.push({
      scenario: 'worker SIGTERM → exit after the activity',
      answer: `code ${exit.code}`,
      ms: exit.at - signalledAt,
    });
    expect(exit).toMatchObject({ code: 0, signal: null });
    await submitted;
    const contributions = await call(main.url, 'GET', `/tasks/${taskId}/contributions`, { token: dinkes });
    expect(contributions.status).toBe(200);
    expect(JSON.stringify(contributions.body)).toContain('Rekap dikirim saat worker berhenti');
    const task = await call(main.url, 'GET', `/tasks/${taskId}`, { token: dinkes });
    expect(task.body.status).toBe('SUBMITTED');
  });

  it('stops a real notifier process: relay and workers finish, connections close, exit 0', async () => {
    const port = await freePort();
    const notifier = await run(
      'apps/notifier/src/main.js',
      { NOTIFIER_PORT: String(port), SHUTDOWN_GRACE: '8s' },
      /health on/,
    );
    expect((await call(`http://127.0.0.1:${port}`, 'GET', '/health/live')).status).toBe(200);
    const signalledAt = Date.now();
    notifier.child.kill('SIGTERM');
    const exit = await notifier.exited;
    figures.push({
      scenario: 'notifier SIGTERM → process exit',
      answer: `code ${exit.code}`,
      ms: exit.at - signalledAt,
    });
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(notifier.output()).toMatch(/stopped/);
  });
});
