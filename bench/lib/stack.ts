import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverterWithKeys } from '@gotong/config/temporal-data-converter';
import { parsePayloadKeys } from '@gotong/config/payload-codec';
import { dropDatabase, ensureDatabase, migrate } from '@gotong/database/migrator';
import { createPrismaClient } from '@gotong/database/prisma';
import { WORKER_NODE_FLAGS } from '../../apps/worker/src/node-flags';
import { DEMO_USERS, seed } from '../../prisma/seed';
import { Topology } from '../../scripts/production/topology';
import { Supervisor, waitUntil, type ProcessSpec } from '../../scripts/supervisor';
import type { BenchContext } from './context';
import { allProcesses, cmdline, CpuMeter, processTree } from './cpu';

/**
 * The stack `npm run bench` measures, every component in a process of its own so that its CPU can be read:
 *
 * - dev (default), as `npm start` runs it: the Temporal CLI's dev server (the flags of scripts/start.sh, a
 *   SQLite file in a temp directory), a fresh database on the machine's PostgreSQL (TEST_DATABASE_SERVER,
 *   dropped at the end), a Redis key prefix of its own on REDIS_URL, the API, the worker, the notifier and the
 *   mail catcher from dist/, plus the raw baseline's worker (bench/raw/worker.ts);
 * - production (BENCH_TOPOLOGY=production): scripts/production/topology.ts with one API, one worker and one
 *   notifier (the real Temporal server on a PostgreSQL cluster of its own, a private Redis), plus the raw worker.
 */
export interface Stack {
  context: BenchContext;
  /** The raw baseline's worker polls this task queue (bench/raw/worker.ts). */
  rawTaskQueue: string;
  /** Lines describing the server and worker settings in effect. */
  settings: string[];
  /** Where every process's output went. */
  logDir: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  topology: 'dev' | 'production';
  log: (message: string) => void;
  /** Aborted by Ctrl-C: a start in progress stops what it started. */
  signal: AbortSignal;
}

const ROOT = repositoryRoot();
const APP_ENV_KNOBS = /^(WORKER_|DATABASE_POOL_SIZE$|TEMPORAL_CALL_TIMEOUT$|OUTBOX_|NOTIFY_)/;

export async function startStack(options: StackOptions): Promise<Stack> {
  for (const file of [
    'dist/apps/api/src/main.js',
    'dist/apps/worker/src/main.js',
    'dist/apps/notifier/src/main.js',
    'dist/workflow-bundle.js',
    'dist/bench/raw/worker.js',
  ]) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run through \`npm run bench\``);
  }
  return options.topology === 'production' ? startProduction(options) : startDev(options);
}

// ---- dev ------------------------------------------------------------------------------------------------------

async function startDev({ log, signal }: StackOptions): Promise<Stack> {
  const temporalCli = process.env.TEMPORAL_CLI;
  if (!temporalCli) throw new Error('TEMPORAL_CLI is not set: run through `npm run bench`');
  const benchId = randomBytes(3).toString('hex');
  const work = mkdtempSync(join(tmpdir(), `gotong-bench-${benchId}-`));
  const logDir = join(work, 'logs');
  mkdirSync(logDir);
  const server = new URL(process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/gotong_bench_${benchId}`;
  const databaseUrl = server.toString();
  const databaseName = server.pathname.slice(1);
  const [apiPort, notifierPort, temporalPort, mailPort, metricsPort] = await freePorts(5);
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const password = randomBytes(12).toString('base64url');
  const payloadKeys = `bench:${randomBytes(32).toString('base64')}`;
  const taskQueue = 'gotong';
  const rawTaskQueue = `bench-raw-${benchId}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  // What scripts/start.sh gives the apps (the rest are the config's defaults), plus any tuning knob set here.
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `gotong-bench-${benchId}:`,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    NOTIFIER_HOST: '127.0.0.1',
    NOTIFIER_PORT: String(notifierPort),
    JWT_SECRET: randomBytes(32).toString('hex'),
    PAYLOAD_ENCRYPTION_KEYS: payloadKeys,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: `smtp://127.0.0.1:${mailPort}`,
    WEB_BASE_URL: `${apiUrl}/app/`,
    // Virtual users sign in many times; the bench measures work, not the login throttle.
    LOGIN_RATE_LIMIT: '1000000',
    // The worker's /metrics, on a port of its own: another stack on this machine may hold the default.
    WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
  };
  const temporalFlags = [...startShTemporalFlags(), ...splitArgs(process.env.BENCH_TEMPORAL_ARGS ?? '')];

  const logs = new Logs(logDir);
  const supervisor = new Supervisor({
    log: (line) => logs.write('supervisor', line),
    output: (name, line) => logs.write(name, line),
    graceMs: 15_000,
    maxQuickCrashes: 1,
  });
  const roots = new Map<string, string>(); // supervisor name → component
  const start = (component: string, spec: ProcessSpec) => {
    roots.set(spec.name, component);
    supervisor.start({ restart: false, ...spec });
  };
  let dbCreated = false;
  const cleanup = async () => {
    await supervisor.stop();
    if (dbCreated)
      await dropDatabase(databaseUrl).catch((e: unknown) => log(`dropping ${databaseName}: ${String(e)}`));
    rmSync(join(work, 'temporal.db'), { force: true });
    rmSync(join(work, 'mail'), { recursive: true, force: true });
    logs.close();
  };
  try {
    log(
      `dev topology: Temporal dev server on ${temporalAddress}, database ${databaseName}, logs in ${logDir}`,
    );
    start('temporal', {
      name: 'temporal',
      command: temporalCli,
      args: [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(temporalPort),
        '--headless',
        '--db-filename',
        join(work, 'temporal.db'),
        ...temporalFlags,
      ],
      env: process.env,
    });
    const prepare = async () => {
      await ensureDatabase(databaseUrl);
      dbCreated = true;
      await migrate(databaseUrl, join(ROOT, 'prisma', 'migrations'));
      const db = createPrismaClient(databaseUrl);
      try {
        await seed(db, Object.fromEntries(DEMO_USERS.map((u) => [u.username, password])));
      } finally {
        await db.$disconnect();
      }
    };
    await Promise.all([
      prepare(),
      waitFor('the Temporal dev server', () => temporalHealthy(temporalAddress), 60_000, signal),
    ]);
    signal.throwIfAborted();

    const node = (
      name: string,
      main: string,
      env: NodeJS.ProcessEnv,
      onLine?: (line: string) => void,
    ): ProcessSpec => ({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', main],
      cwd: ROOT,
      env,
      onLine,
    });
    start('mail', {
      ...node('mail', 'dist/scripts/mail-catcher.js', appEnv),
      args: ['dist/scripts/mail-catcher.js', String(mailPort), join(work, 'mail')],
    });
    let workerReady = false;
    let rawReady = false;
    const workerLines: string[] = [];
    const rawLines: string[] = [];
    const workerSpec = node('worker', 'dist/apps/worker/src/main.js', appEnv, (line) => {
      if (line.includes('polling task queue')) workerReady = true;
      if (/settings|cache|poller|slots/i.test(line)) workerLines.push(line);
    });
    // The launchers' heap limit first, so that BENCH_WORKER_NODE_ARGS can try another (the last flag wins).
    start('worker', {
      ...workerSpec,
      args: [...WORKER_NODE_FLAGS, ...nodeArgs('WORKER'), ...(workerSpec.args ?? [])],
    });
    start(
      'raw-worker',
      node(
        'raw-worker',
        'dist/bench/raw/worker.js',
        { ...appEnv, RAW_TASK_QUEUE: rawTaskQueue, RAW_DATABASE_URL: databaseUrl },
        (line) => {
          if (line.includes('raw worker polling')) rawReady = true;
          if (line.includes('raw worker settings')) rawLines.push(line);
        },
      ),
    );
    const withArgs = (name: 'API' | 'NOTIFIER', spec: ReturnType<typeof node>) => ({
      ...spec,
      args: [...nodeArgs(name), ...(spec.args ?? [])],
    });
    start('api', withArgs('API', node('api', 'dist/apps/api/src/main.js', appEnv)));
    start('notifier', withArgs('NOTIFIER', node('notifier', 'dist/apps/notifier/src/main.js', appEnv)));
    await waitFor(
      'the API, the worker, the notifier and the raw worker',
      async () =>
        workerReady &&
        rawReady &&
        (await httpOk(`${apiUrl}/health`)) &&
        (await httpOk(`http://127.0.0.1:${notifierPort}/health`)),
      120_000,
      signal,
      () => notRunning(supervisor, ['temporal', 'worker', 'raw-worker', 'api', 'notifier', 'mail']),
    );

    const settings = [
      `Temporal: the CLI's dev server (${version(temporalCli)}), SQLite file, 1 history shard (fixed by the dev server), task-queue partitions: the server's default (4) unless a --dynamic-config-value says otherwise`,
      `  dev-server flags: ${temporalFlags.join(' ') || '(none)'} (from scripts/start.sh${process.env.BENCH_TEMPORAL_ARGS ? ' + BENCH_TEMPORAL_ARGS' : ''})`,
      ...workerSettings(appEnv, workerLines, rawLines),
    ];
    const context = await makeContext({
      topology: 'dev',
      apiUrl,
      databaseUrl,
      temporalAddress,
      namespace: 'default',
      taskQueue,
      payloadKeys,
      passwords: () => Object.fromEntries(DEMO_USERS.map((u) => [u.username, password])),
      log,
      groups: () => {
        const processes = allProcesses();
        const out: Record<string, number[]> = {};
        for (const p of supervisor.list()) {
          const component = roots.get(p.name);
          if (component && p.pid !== undefined) out[component] = processTree([p.pid], processes);
        }
        out.postgres = devPostgresPids(processes, [databaseName]);
        out.redis = processes.filter((p) => p.comm === 'redis-server').map((p) => p.pid);
        return Promise.resolve(out);
      },
    });
    return {
      context,
      rawTaskQueue,
      settings,
      logDir,
      stop: async () => {
        await context.temporal.connection.close().catch(() => undefined);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * The PostgreSQL processes that work for the bench on a shared server: the backends of its databases (their
 * title names the database) and the server's own background processes (checkpointer, WAL writer, …).
 */
function devPostgresPids(processes: ReturnType<typeof allProcesses>, databases: string[]): number[] {
  const postgres = processes.filter((p) => p.comm === 'postgres' || p.comm.startsWith('postgres'));
  const pids = new Set(postgres.map((p) => p.pid));
  const postmasters = postgres.filter((p) => !pids.has(p.ppid));
  const out: number[] = [];
  for (const master of postmasters) {
    out.push(master.pid);
    for (const child of postgres.filter((p) => p.ppid === master.pid)) {
      const title = cmdline(child.pid);
      const isClient = /\(\d+\)|\[local\]/.test(title);
      if (!isClient || databases.some((db) => title.includes(` ${db} `))) out.push(child.pid);
    }
  }
  return out;
}

// ---- production ---------------------------------------------------------------------------------------------

async function startProduction({ log, signal }: StackOptions): Promise<Stack> {
  const benchId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), `gotong-bench-${benchId}-production-`));
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir);
  const logs = new Logs(logDir);
  const basePort = await freeBasePort();
  const rawTaskQueue = `bench-raw-${benchId}`;
  let workerLines: string[] = [];
  const knobs = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => APP_ENV_KNOBS.test(k) && v !== undefined) as [
      string,
      string,
    ][],
  );
  log(`production topology: data in ${dataDir}, ports from ${basePort}, logs in ${logDir}`);
  let topology: Topology | undefined;
  const raw = new Supervisor({
    log: (line) => logs.write('supervisor', line),
    output: (name, line) => logs.write(name, line),
    graceMs: 15_000,
    maxQuickCrashes: 1,
  });
  const cleanup = async () => {
    await raw.stop();
    await topology?.stop();
    logs.close();
    rmSync(join(dataDir, 'postgres'), { recursive: true, force: true });
    rmSync(join(dataDir, 'redis'), { recursive: true, force: true });
    // The throwaway cluster's passwords and Temporal's config (it holds one): only the logs stay.
    rmSync(join(dataDir, 'secrets.json'), { force: true });
    rmSync(join(dataDir, 'temporal'), { recursive: true, force: true });
  };
  try {
    topology = await Topology.start({
      dataDir,
      basePort,
      apiPort: basePort + 500,
      replicas: { api: 1, worker: 1, notifier: 1 },
      log: (line) => {
        logs.write('topology', line);
        if (/up in|registered|initialising/.test(line)) log(line);
      },
      output: (name, line) => {
        logs.write(name, line);
        if (name.startsWith('worker') && /settings|cache|poller|slots/i.test(line)) workerLines.push(line);
      },
      env: {
        LOGIN_RATE_LIMIT: '1000000',
        WORKER_METRICS_ADDRESS: `127.0.0.1:${(await freePorts(1))[0]}`,
        ...knobs,
      },
      signal,
    });
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
      payloadKeys: string;
    };
    const gotongAdmin = topology.adminDatabaseUrl.replace(/\/postgres$/, '/gotong');
    let rawReady = false;
    const rawLines: string[] = [];
    raw.start({
      name: 'raw-worker',
      command: process.execPath,
      args: ['--enable-source-maps', 'dist/bench/raw/worker.js'],
      cwd: ROOT,
      restart: false,
      env: {
        ...process.env,
        ...knobs,
        TEMPORAL_ADDRESS: topology.temporalAddress,
        TEMPORAL_NAMESPACE: topology.namespace,
        RAW_TASK_QUEUE: rawTaskQueue,
        RAW_DATABASE_URL: gotongAdmin,
      },
      onLine: (line) => {
        if (line.includes('raw worker polling')) rawReady = true;
        if (line.includes('raw worker settings')) rawLines.push(line);
      },
    });
    await waitFor(
      'the raw worker',
      async () => Promise.resolve(rawReady),
      120_000,
      signal,
      () => notRunning(raw, ['raw-worker']),
    );
    const config = readFileSync(join(dataDir, 'temporal', 'config', 'production.yaml'), 'utf8');
    const shards = /numHistoryShards:\s*(\d+)/.exec(config)?.[1] ?? '?';
    const conns = [...config.matchAll(/maxConns:\s*(\d+)/g)].map((m) => m[1]).join(' / ');
    const dynamicPath = join(dataDir, 'temporal', 'config', 'dynamicconfig.yaml');
    const dynamic = existsSync(dynamicPath) ? readFileSync(dynamicPath, 'utf8') : '';
    const partitions =
      /numTaskqueueReadPartitions:\s*-\s*value:\s*(\d+)/.exec(dynamic)?.[1] ?? "the server's default (4)";
    const top = topology;
    workerLines = workerLines.slice(0, 5);
    const settings = [
      `Temporal: the real server (${version(join(temporalServerDir(), 'temporal-server'))}) on its own PostgreSQL cluster, ${shards} history shards, SQL pool maxConns ${conns} (persistence / visibility), task-queue partitions: ${partitions} (TEMPORAL_TASK_QUEUE_PARTITIONS)`,
      ...workerSettings({ ...knobs }, workerLines, rawLines),
      `replicas: 1 API, 1 worker, 1 notifier (scripts/production/topology.ts), NODE_ENV=production`,
    ];
    const apiUrl = topology.apiUrls[0]!;
    const context = await makeContext({
      topology: 'production',
      apiUrl,
      databaseUrl: gotongAdmin,
      temporalAddress: topology.temporalAddress,
      namespace: topology.namespace,
      taskQueue: 'gotong',
      payloadKeys: secrets.payloadKeys,
      passwords: () => JSON.parse(readFileSync(top.demoCredentialsPath, 'utf8')) as Record<string, string>,
      log,
      groups: () => {
        const processes = allProcesses();
        const out: Record<string, number[]> = {};
        for (const c of top.components()) {
          if (c.pid === undefined) continue;
          out[c.kind] = [...(out[c.kind] ?? []), ...processTree([c.pid], processes)];
        }
        for (const p of raw.list())
          if (p.pid !== undefined) out['raw-worker'] = processTree([p.pid], processes);
        return Promise.resolve(out);
      },
    });
    return {
      context,
      rawTaskQueue,
      settings,
      logDir,
      stop: async () => {
        await context.temporal.connection.close().catch(() => undefined);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

// ---- shared ---------------------------------------------------------------------------------------------------

async function makeContext(options: {
  topology: 'dev' | 'production';
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  payloadKeys: string;
  passwords: () => Record<string, string>;
  log: (message: string) => void;
  groups: () => Promise<Record<string, number[]>>;
}): Promise<BenchContext> {
  const parsed = parsePayloadKeys(options.payloadKeys);
  if (!('keys' in parsed)) throw new Error(`payload keys: ${parsed.problems.join('; ')}`);
  const connection = await Connection.connect({ address: options.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: options.namespace,
    dataConverter: dataConverterWithKeys(parsed.keys),
  });
  const tokens = new Map<string, Promise<string>>();
  const login = async (username: string): Promise<string> => {
    const password = options.passwords()[username];
    if (!password) throw new Error(`no password for ${username} (not a demo user?)`);
    const res = await fetch(`${options.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  return {
    topology: options.topology,
    apiUrl: options.apiUrl,
    databaseUrl: options.databaseUrl,
    temporal,
    taskQueue: options.taskQueue,
    temporalAddress: options.temporalAddress,
    namespace: options.namespace,
    token(username: string) {
      let token = tokens.get(username);
      if (!token) {
        token = login(username);
        tokens.set(username, token);
        token.catch(() => tokens.delete(username));
      }
      return token;
    },
    pids: options.groups,
    cpuMeter: () => new CpuMeter(options.groups),
    figures: new Map(),
    log: options.log,
  };
}

/**
 * Extra Node flags for one of Gotong's processes (dev topology), e.g. `BENCH_WORKER_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` to profile the worker; BENCH_API_NODE_ARGS and BENCH_NOTIFIER_NODE_ARGS likewise.
 */
function nodeArgs(app: 'WORKER' | 'API' | 'NOTIFIER'): string[] {
  return (process.env[`BENCH_${app}_NODE_ARGS`] ?? '').split(/\s+/).filter(Boolean);
}

function workerSettings(env: NodeJS.ProcessEnv, workerLines: string[], rawLines: string[]): string[] {
  const knob = (name: string, fallback: string) =>
    `${name}=${env[name] ?? process.env[name] ?? `${fallback} (default)`}`;
  const extra = Object.keys({ ...process.env, ...env })
    .filter(
      (k) =>
        APP_ENV_KNOBS.test(k) &&
        !['WORKER_ACTIVITY_SLOTS', 'WORKER_WORKFLOW_TASK_SLOTS', 'DATABASE_POOL_SIZE'].includes(k),
    )
    .map((k) => `${k}=${env[k] ?? process.env[k]}`);
  return [
    `Gotong worker: ${knob('WORKER_ACTIVITY_SLOTS', '30')}, ${knob('WORKER_WORKFLOW_TASK_SLOTS', '40')}, ${knob('DATABASE_POOL_SIZE', '10')}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}; pollers and sticky cache: the SDK's unless the worker says otherwise below`,
    ...workerLines.map((line) => `  worker said: ${line.trim().slice(0, 300)}`),
    ...rawLines.map(
      (line) => `  ${line.replace(/^.*raw worker settings/, 'raw worker (bench/raw):').trim()}`,
    ),
  ];
}

/** The flags `npm start` gives the dev server (scripts/start.sh), without those naming ports, files or the UI. */
export function startShTemporalFlags(): string[] {
  const text = readFileSync(join(ROOT, 'scripts', 'start.sh'), 'utf8');
  const line = text.split('\n').find((l) => l.includes('server start-dev'));
  if (!line) return ['--log-level', 'warn'];
  const tail = line
    .slice(line.indexOf('server start-dev') + 'server start-dev'.length)
    .replace(/"\s*>>.*$/, '');
  const words = splitArgs(tail.replace(/\\"/g, '"'));
  const skipWithValue = new Set([
    '--ip',
    '--port',
    '--ui-port',
    '--ui-ip',
    '--ui-codec-endpoint',
    '--db-filename',
    '-f',
    '--http-port',
    '--metrics-port',
  ]);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (skipWithValue.has(word)) {
      i++;
      continue;
    }
    if (word === '--headless' || word.includes('$')) continue;
    out.push(word);
  }
  return out;
}

/** Shell-like word splitting with single and double quotes (no expansions). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || current) out.push(current);
      current = '';
      has = false;
    } else {
      current += ch;
    }
  }
  if (has || current) out.push(current);
  return out;
}

function version(binary: string): string {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim().split('\n')[0]!;
  } catch {
    return binary;
  }
}

function temporalServerDir(): string {
  const cache = process.env.GOTONG_CACHE ?? join(process.env.HOME ?? tmpdir(), '.cache', 'gotong');
  return process.env.TEMPORAL_SERVER_DIR ?? join(cache, 'temporal-server-v1.29.1');
}

async function temporalHealthy(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    const { status } = await connection.healthService.check({});
    return Number(status) === 1;
  } finally {
    await connection.close();
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function notRunning(supervisor: Supervisor, names: string[]): string | undefined {
  const dead = supervisor.list().filter((p) => names.includes(p.name) && !p.running);
  return dead.length > 0 ? `${dead.map((p) => p.name).join(', ')} exited` : undefined;
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
  failed?: () => string | undefined,
): Promise<void> {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  signal.addEventListener('abort', onAbort);
  try {
    const ok = await waitUntil(
      async () => {
        const why = failed?.();
        if (why) {
          abort.abort();
          throw new Error(why);
        }
        return check();
      },
      timeoutMs,
      abort.signal,
    );
    signal.throwIfAborted();
    const why = failed?.();
    if (why) throw new Error(`${what}: ${why} (see the logs)`);
    if (!ok) throw new Error(`${what} not ready within ${timeoutMs / 1000} s (see the logs)`);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Ports free on 127.0.0.1 right now (the OS picks them). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port for the production topology whose ports (base+25 … base+939, API base+500) are all free. */
async function freeBasePort(): Promise<number> {
  const offsets = [25, 101, 233, 234, 235, 239, 243, 379, 432, 500, 933, 934, 935, 939];
  for (let attempt = 0; attempt < 40; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 10) * 1_000 + Math.floor(Math.random() * 10) * 10;
    const free = await Promise.all(offsets.map((o) => portFree(base + o)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('found no free block of ports for the production topology between 20000 and 31000');
}

/** Each process's output into <logDir>/<name>.log; deaths and errors also on stderr (the first 20). */
class Logs {
  private readonly files = new Map<string, WriteStream>();
  private echoed = 0;

  constructor(private readonly dir: string) {}

  write(name: string, line: string): void {
    let file = this.files.get(name);
    if (!file) {
      file = createWriteStream(join(this.dir, `${name.replace(/[^a-z0-9-]/gi, '_')}.log`), { flags: 'a' });
      this.files.set(name, file);
    }
    file.write(`${line}\n`);
    // Deaths and the apps' errors (not the Temporal server's: it logs a cancelled call as an error).
    const worth =
      name === 'temporal'
        ? /\bpanic\b/.test(line)
        : /\bdied\b|"level":"(error|fatal)"|^\S*Error\b/.test(line);
    if (worth && this.echoed < 20) {
      this.echoed++;
      process.stderr.write(`[${name}] ${line.slice(0, 400)}\n`);
    }
  }

  close(): void {
    for (const file of this.files.values()) file.end();
  }
}

/** The checkout: where package.json is, from bench/lib (ts) or dist/bench/lib. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
