import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureSearchAttributes } from '@gotong/config/search-attributes';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { WORKER_NODE_FLAGS } from '../../apps/worker/src/node-flags';
import { httpOk, Supervisor, waitUntil, type ProcessSpec } from '../supervisor';

/**
 * The production topology on one machine, without Docker: a private PostgreSQL cluster with least-privilege
 * roles (deploy/postgres/init-roles.sh), a private Redis, the real Temporal server (not the CLI's dev server)
 * with PostgreSQL persistence and visibility in databases of its own, and API, worker and notifier replicas
 * plus a mail catcher, all on 127.0.0.1, all under one Supervisor (scripts/supervisor.ts). The apps get the
 * environment variables docker-compose.yml gives them (x-app-env). `npm run production` runs it
 * (scripts/production.sh); the chaos suite and test/production-topology.spec.ts drive it from code.
 *
 * It builds nothing: dist/ must be built (npm run build and the workflow bundle, as scripts/start.sh does) and
 * the Temporal server installed (ensure_temporal_server in scripts/lib.sh, or TEMPORAL_SERVER_DIR).
 */

/** Where the topology's ports start unless told otherwise (`npm run production`). */
export const DEFAULT_BASE_PORT = 25_000;

export type ComponentKind = 'postgres' | 'redis' | 'temporal' | 'api' | 'worker' | 'notifier';
export type ServiceKind = 'postgres' | 'redis' | 'temporal';

export interface TopologyOptions {
  /** Everything it creates lives here (e.g. <repo>/.data/production); reused by the next start. */
  dataDir: string;
  /**
   * Default 25000 (1024 to 31800): PostgreSQL basePort+432, Redis +379, mail catcher +25, notifiers +101…,
   * Temporal frontend +233 (HTTP +243, history +234, matching +235, worker +239; membership +933…). Every port
   * stays below Linux's ephemeral range (32768-60999): a port in it can be taken at any moment by any outgoing
   * connection on the machine, and a server that cannot bind it dies (the topology test saw PostgreSQL fail
   * five times in a row while the other test files ran). Temporal's membership ports must stay below 32768
   * too (a smallint column).
   */
  basePort?: number;
  /** The first API replica's port, the others follow; default 3100. */
  apiPort?: number;
  /** Default 2 each. */
  replicas?: { api?: number; worker?: number; notifier?: number };
  /** One line per event (started, died, restarted, stopped). */
  log?: (line: string) => void;
  /** Each process's output line; default: dropped (the processes' own logs are not the topology's events). */
  output?: (name: string, line: string) => void;
  /** The demo users of `npm start` (prisma/seed.ts), default true; false: `bootstrap` (first ADMIN) instead. */
  demoUsers?: boolean;
  /** Directory with temporal-server and temporal-sql-tool; default $TEMPORAL_SERVER_DIR or the build cache. */
  temporalServerDir?: string;
  /** Extra environment for the API, worker and notifier replicas (e.g. LOGIN_RATE_LIMIT for a load test). */
  env?: Record<string, string>;
  /**
   * Partitions of each task queue in the Temporal server's dynamic config (matching.numTaskqueueRead/
   * WritePartitions). Default $TEMPORAL_TASK_QUEUE_PARTITIONS or 1: partitions spread a task queue's polls
   * over matching hosts; with one matching service on one machine they only forward tasks between each other.
   */
  taskQueuePartitions?: number;
  /** Aborts a start in progress (Ctrl-C while it comes up): start() then stops what it started and rejects. */
  signal?: AbortSignal;
}

export interface ComponentInfo {
  name: string;
  kind: ComponentKind;
  pid: number | undefined;
  restarts: number;
}

/** Secrets generated once per data directory and kept in it (mode 0600). */
interface Secrets {
  postgres: string;
  owner: string;
  app: string;
  temporal: string;
  jwt: string;
  /** PAYLOAD_ENCRYPTION_KEYS: "<id>:<base64 of 32 bytes>" (libs/config/src/payload-codec.ts). */
  payloadKeys: string;
}

const TEMPORAL_SERVER_VERSION = 'v1.29.1';
/** Fixed when Temporal's database is created; 4 suits one machine (Temporal's own development default). */
const HISTORY_SHARDS = 4;
const NAMESPACE = 'default';

const run = promisify(execFile);

export class Topology {
  readonly apiUrls: string[];
  readonly notifierUrls: string[];
  readonly appDatabaseUrl: string;
  /** The role that owns database gotong (migrations, bootstrap, seed). */
  readonly ownerDatabaseUrl: string;
  readonly adminDatabaseUrl: string;
  readonly redisUrl: string;
  readonly temporalAddress: string;
  readonly namespace = NAMESPACE;
  readonly demoCredentialsPath: string;
  readonly mailDir: string;

  private readonly supervisor: Supervisor;
  private readonly log: (line: string) => void;
  private readonly root = repositoryRoot();
  private readonly ports: { postgres: number; redis: number; temporal: number; mail: number };
  private readonly secrets: Secrets;
  private readonly kinds = new Map<string, ComponentKind>();
  /** Worker replicas have no port: ready once the process now running said it polls its task queue. */
  private readonly pollingPid = new Map<string, number>();
  private readonly postgresUser: { uid: number; gid: number } | undefined;
  /** Ends waits: the caller's signal, or the supervisor giving up (a component crashing over and over). */
  private readonly abort = new AbortController();

  private constructor(private readonly options: TopologyOptions) {
    const base = options.basePort ?? DEFAULT_BASE_PORT;
    if (!Number.isInteger(base) || base < 1024 || base > 31_800)
      throw new Error(
        `basePort ${base}: must be a whole number from 1024 to 31800 (its ports stay below 32768)`,
      );
    this.ports = { postgres: base + 432, redis: base + 379, temporal: base + 233, mail: base + 25 };
    this.log = options.log ?? (() => undefined);
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    this.secrets = loadSecrets(join(dataDir, 'secrets.json'));
    const pg = (user: string, password: string, db: string) =>
      `postgresql://${user}:${password}@127.0.0.1:${this.ports.postgres}/${db}`;
    this.adminDatabaseUrl = pg('postgres', this.secrets.postgres, 'postgres');
    this.ownerDatabaseUrl = pg('gotong_owner', this.secrets.owner, 'gotong');
    this.appDatabaseUrl = pg('gotong_app', this.secrets.app, 'gotong');
    this.redisUrl = `redis://127.0.0.1:${this.ports.redis}`;
    this.temporalAddress = `127.0.0.1:${this.ports.temporal}`;
    this.demoCredentialsPath = join(dataDir, 'demo-credentials.json');
    this.mailDir = join(dataDir, 'mail');
    const replicas = { api: 2, worker: 2, notifier: 2, ...options.replicas };
    const apiPort = options.apiPort ?? 3100;
    this.apiUrls = range(replicas.api).map((i) => `http://127.0.0.1:${apiPort + i}`);
    this.notifierUrls = range(replicas.notifier).map((i) => `http://127.0.0.1:${base + 101 + i}`);
    // PostgreSQL refuses to run as root: as root, its cluster belongs to the postgres user.
    this.postgresUser = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
    // ...which must be able to reach its directory inside ours (mkdtemp makes 0700 directories).
    if (this.postgresUser) chmodSync(dataDir, 0o755);
    this.supervisor = new Supervisor({
      log: this.log,
      output: options.output ?? (() => undefined),
      graceMs: 15_000,
    });
    options.signal?.addEventListener('abort', () => this.abort.abort(options.signal?.reason));
    void this.supervisor.done.then((reason) => this.abort.abort(new Error(reason ?? 'stopped')));
  }

  private get dataDir(): string {
    return resolve(this.options.dataDir);
  }

  static async start(options: TopologyOptions): Promise<Topology> {
    const topology = new Topology(options);
    try {
      await topology.boot();
    } catch (error) {
      await topology.stop();
      throw error;
    }
    return topology;
  }

  components(): ComponentInfo[] {
    return this.supervisor
      .list()
      .filter((p) => this.kinds.has(p.name))
      .map((p) => ({ name: p.name, kind: this.kinds.get(p.name)!, pid: p.pid, restarts: p.restarts }));
  }

  /** A fault: the signal (default SIGKILL) to the component's process group; resolves when it has died. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const pid = this.supervisor.pid(name);
    if (pid === undefined) return;
    this.supervisor.kill(name, signal);
    await waitUntil(async () => Promise.resolve(this.supervisor.pid(name) !== pid), 30_000);
  }

  async stopService(kind: ServiceKind): Promise<void> {
    await this.supervisor.pause(kind);
  }

  async startService(kind: ServiceKind): Promise<void> {
    this.supervisor.resume(kind);
    await this.waitService(kind, 120_000);
  }

  /** Every API and notifier replica's readiness answers 200 and every worker polls. */
  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    const apps = this.components().filter(
      (c) => c.kind === 'api' || c.kind === 'worker' || c.kind === 'notifier',
    );
    const notReady = async () => {
      const states = await Promise.all(apps.map(async (c) => ((await this.ready(c.name)) ? null : c.name)));
      return states.filter((name): name is string => name !== null);
    };
    if (await waitUntil(async () => (await notReady()).length === 0, timeoutMs, this.abort.signal)) return;
    this.abort.signal.throwIfAborted();
    throw new Error(`not ready after ${timeoutMs / 1000} s: ${(await notReady()).join(', ')}`);
  }

  /** Stops everything it started, apps first, then Temporal, then PostgreSQL and Redis. */
  async stop(): Promise<void> {
    const names = this.supervisor.list().map((p) => p.name);
    const services = new Set(['postgres', 'redis', 'temporal']);
    await Promise.all(names.filter((n) => !services.has(n)).map((n) => this.supervisor.pause(n)));
    if (names.includes('temporal')) await this.supervisor.pause('temporal');
    await this.supervisor.stop();
  }

  private async boot(): Promise<void> {
    const started = Date.now();
    const serverDir = this.temporalServerDir();
    for (const file of ['dist/apps/api/src/main.js', 'dist/workflow-bundle.js', 'dist/prisma/seed.js']) {
      if (!existsSync(join(this.root, file))) {
        throw new Error(`${file} is missing: build first (npm run production does; see scripts/start.sh)`);
      }
    }
    this.initPostgres();
    this.startProcess('postgres', 'postgres', this.postgresSpec());
    this.startProcess('redis', 'redis', this.redisSpec());
    await Promise.all([this.waitService('postgres', 60_000), this.waitService('redis', 30_000)]);
    this.abort.signal.throwIfAborted();
    await this.initRoles();
    // Gotong's migrations and seed meanwhile Temporal's schema, server and namespace: they share nothing.
    await Promise.all([this.prepareGotong(), this.startTemporal(serverDir)]);
    this.abort.signal.throwIfAborted();

    this.supervisor.start({
      name: 'mail',
      command: process.execPath,
      args: ['dist/scripts/mail-catcher.js', String(this.ports.mail), this.mailDir],
      cwd: this.root,
      env: this.baseEnv(),
    });
    const replicas = { api: 2, worker: 2, notifier: 2, ...this.options.replicas };
    const apiPort = this.options.apiPort ?? 3100;
    for (let i = 0; i < replicas.worker; i++) {
      const name = `worker-${i + 1}`;
      // Each replica's Prometheus endpoint on a port of its own (docs/observability.md).
      const metrics = {
        WORKER_METRICS_ADDRESS: `127.0.0.1:${(this.options.basePort ?? DEFAULT_BASE_PORT) + 464 + i}`,
      };
      this.startApp(name, 'worker', 'dist/apps/worker/src/main.js', metrics, (line) => {
        if (line.includes('polling task queue')) {
          const pid = this.supervisor.pid(name);
          if (pid !== undefined) this.pollingPid.set(name, pid);
        }
      });
    }
    for (let i = 0; i < replicas.api; i++) {
      this.startApp(`api-${i + 1}`, 'api', 'dist/apps/api/src/main.js', {
        API_HOST: '127.0.0.1',
        API_PORT: String(apiPort + i),
        TRUSTED_PROXIES: 'loopback',
      });
    }
    for (let i = 0; i < replicas.notifier; i++) {
      this.startApp(`notifier-${i + 1}`, 'notifier', 'dist/apps/notifier/src/main.js', {
        NOTIFIER_HOST: '127.0.0.1',
        NOTIFIER_PORT: String((this.options.basePort ?? DEFAULT_BASE_PORT) + 101 + i),
      });
    }
    await this.waitHealthy(180_000);
    this.abort.signal.throwIfAborted();
    this.log(`topology up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  private async startTemporal(serverDir: string): Promise<void> {
    await this.prepareTemporal(serverDir);
    this.writeTemporalConfig();
    this.startProcess('temporal', 'temporal', {
      command: join(serverDir, 'temporal-server'),
      args: [
        '--root',
        join(this.dataDir, 'temporal'),
        '--config',
        'config',
        '--env',
        'production',
        '--allow-no-auth',
        'start',
      ],
    });
    await this.waitService('temporal', 120_000);
    await this.registerNamespace();
  }

  private startProcess(name: string, kind: ComponentKind, spec: Omit<ProcessSpec, 'name'>): void {
    this.kinds.set(name, kind);
    this.supervisor.start({ ...spec, name });
  }

  private startApp(
    name: string,
    kind: 'api' | 'worker' | 'notifier',
    main: string,
    env: Record<string, string>,
    onLine?: (line: string) => void,
  ): void {
    this.startProcess(name, kind, {
      command: process.execPath,
      args: ['--enable-source-maps', ...(kind === 'worker' ? WORKER_NODE_FLAGS : []), main],
      cwd: this.root,
      env: { ...this.appEnv(), ...env },
      onLine,
    });
  }

  /** What docker-compose.yml's x-app-env gives the API, the worker and the notifier. */
  private appEnv(): NodeJS.ProcessEnv {
    return {
      ...this.baseEnv(),
      NODE_ENV: 'production',
      DATABASE_URL: this.appDatabaseUrl,
      REDIS_URL: this.redisUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: this.namespace,
      JWT_SECRET: this.secrets.jwt,
      PAYLOAD_ENCRYPTION_KEYS: this.secrets.payloadKeys,
      WEB_BASE_URL: `${this.apiUrls[0] ?? 'http://127.0.0.1:3100'}/app/`,
      SMTP_URL: `smtp://127.0.0.1:${this.ports.mail}`,
      MAIL_FROM: 'Gotong Kabupaten Probolinggo <gotong@probolinggokab.go.id>',
      WEBHOOK_URL: '',
      WEBHOOK_SECRET: '',
      ...this.options.env,
    };
  }

  /** Not the caller's environment: a test runner's DATABASE_URL or REDIS_KEY_PREFIX must not leak in. */
  private baseEnv(): NodeJS.ProcessEnv {
    const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'] as const;
    return Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  }

  private async ready(name: string): Promise<boolean> {
    const kind = this.kinds.get(name);
    const pid = this.supervisor.pid(name);
    if (pid === undefined) return false;
    const index = Number(name.split('-')[1]) - 1;
    switch (kind) {
      case 'api':
        return readinessOk(this.apiUrls[index]!);
      case 'notifier':
        return httpOk(`${this.notifierUrls[index]!}/health`).catch(() => false);
      case 'worker':
        return this.pollingPid.get(name) === pid;
      case 'postgres':
      case 'redis':
      case 'temporal':
      case undefined:
        return this.serviceAnswers(kind ?? 'postgres').catch(() => false);
    }
  }

  private async waitService(kind: ServiceKind, timeoutMs: number): Promise<void> {
    const up = await waitUntil(
      async () => this.supervisor.pid(kind) !== undefined && (await this.serviceAnswers(kind)),
      timeoutMs,
      this.abort.signal,
    );
    this.abort.signal.throwIfAborted();
    if (!up) throw new Error(`${kind} did not answer within ${timeoutMs / 1000} s`);
  }

  private async serviceAnswers(kind: ServiceKind): Promise<boolean> {
    switch (kind) {
      case 'postgres': {
        const client = new PgClient({
          connectionString: this.adminDatabaseUrl,
          connectionTimeoutMillis: 2_000,
        });
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      }
      case 'redis':
        return redisPing(this.ports.redis);
      case 'temporal': {
        const connection = await Connection.connect({ address: this.temporalAddress, connectTimeout: 2_000 });
        try {
          const { status } = await connection.healthService.check({});
          return Number(status) === 1; // grpc.health.v1 SERVING
        } finally {
          await connection.close();
        }
      }
    }
  }

  // ---- PostgreSQL -------------------------------------------------------------------------------------------

  private get pgData(): string {
    return join(this.dataDir, 'postgres');
  }

  private initPostgres(): void {
    if (existsSync(join(this.pgData, 'PG_VERSION'))) return;
    this.log('initialising the PostgreSQL cluster');
    mkdirSync(this.pgData, { recursive: true, mode: 0o700 });
    const pwfile = join(this.dataDir, '.pgpass-init');
    writeFileSync(pwfile, `${this.secrets.postgres}\n`, { mode: 0o600 });
    try {
      if (this.postgresUser) {
        chownSync(this.pgData, this.postgresUser.uid, this.postgresUser.gid);
        chownSync(pwfile, this.postgresUser.uid, this.postgresUser.gid);
      }
      execFileSync(
        'initdb',
        ['-D', this.pgData, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8'],
        { stdio: 'pipe', ...this.postgresUser, env: { ...this.baseEnv(), LC_ALL: 'C.UTF-8' } },
      );
    } finally {
      execFileSync('rm', ['-f', pwfile]);
    }
  }

  private postgresSpec(): Omit<ProcessSpec, 'name'> {
    return {
      command: 'postgres',
      args: [
        '-D',
        this.pgData,
        '-p',
        String(this.ports.postgres),
        '-c',
        'listen_addresses=127.0.0.1',
        // TCP only: a socket path under a deep data directory can exceed the 107-byte limit.
        '-c',
        'unix_socket_directories=',
        // 2 API + 2 worker + 2 notifier pools, migrations, and the four Temporal services' pools.
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=128MB',
      ],
      env: { ...this.baseEnv(), LC_ALL: 'C.UTF-8' },
      ...this.postgresUser,
      // SIGTERM is PostgreSQL's "smart" shutdown, which waits for every client to leave; SIGINT is "fast".
      stopSignal: 'SIGINT',
    };
  }

  private async initRoles(): Promise<void> {
    await run('bash', [join(this.root, 'deploy/postgres/init-roles.sh')], {
      env: {
        ...this.baseEnv(),
        PGHOST: '127.0.0.1',
        PGPORT: String(this.ports.postgres),
        PGUSER: 'postgres',
        PGPASSWORD: this.secrets.postgres,
        GOTONG_OWNER_PASSWORD: this.secrets.owner,
        GOTONG_APP_PASSWORD: this.secrets.app,
        TEMPORAL_DB_PASSWORD: this.secrets.temporal,
      },
    });
  }

  /** Migrations and reference data as gotong_owner (the apps' role cannot run DDL), then demo users or the first ADMIN. */
  private async prepareGotong(): Promise<void> {
    const env = {
      ...this.baseEnv(),
      DATABASE_URL: this.ownerDatabaseUrl,
      DEMO_CREDENTIALS_FILE: this.demoCredentialsPath,
      WEB_BASE_URL: `${this.apiUrls[0] ?? 'http://127.0.0.1:3100'}/app/`,
    };
    const node = async (script: string) => {
      const { stdout } = await run(process.execPath, [script], { cwd: this.root, env });
      for (const line of stdout.split('\n')) if (line.trim()) this.log(line);
    };
    if (this.options.demoUsers ?? true) {
      await node('dist/libs/database/src/migrate.cli.js');
      await node('dist/prisma/seed.js');
    } else {
      await node('dist/scripts/bootstrap.js');
    }
  }

  // ---- Redis ------------------------------------------------------------------------------------------------

  private redisSpec(): Omit<ProcessSpec, 'name'> {
    const dir = join(this.dataDir, 'redis');
    mkdirSync(dir, { recursive: true });
    return {
      command: 'redis-server',
      // As in docker-compose.yml: noeviction (BullMQ's jobs must never be evicted) and an append-only file.
      args: [
        '--port',
        String(this.ports.redis),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--maxmemory-policy',
        'noeviction',
        '--save',
        '',
      ],
      env: this.baseEnv(),
    };
  }

  // ---- Temporal ---------------------------------------------------------------------------------------------

  private temporalServerDir(): string {
    const cache =
      process.env.GOTONG_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gotong');
    const dir =
      this.options.temporalServerDir ??
      process.env.TEMPORAL_SERVER_DIR ??
      join(cache, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
    for (const binary of ['temporal-server', 'temporal-sql-tool']) {
      if (!existsSync(join(dir, binary))) {
        throw new Error(
          `${join(dir, binary)} is missing: run \`bash -c 'source scripts/lib.sh && ensure_temporal_server'\``,
        );
      }
    }
    return dir;
  }

  /** Temporal's schemas (embedded in its SQL tool), applied as role temporal to the databases it owns. */
  private async prepareTemporal(serverDir: string): Promise<void> {
    const tool = join(serverDir, 'temporal-sql-tool');
    const common = [
      '--plugin',
      'postgres12',
      '--ep',
      '127.0.0.1',
      '-p',
      String(this.ports.postgres),
      '-u',
      'temporal',
      '--pw',
      this.secrets.temporal,
    ];
    for (const [db, schema] of [
      ['temporal', 'postgresql/v12/temporal'],
      ['temporal_visibility', 'postgresql/v12/visibility'],
    ] as const) {
      const client = new PgClient({
        connectionString: this.adminDatabaseUrl.replace(/\/postgres$/, `/${db}`),
      });
      await client.connect();
      let versioned: boolean;
      try {
        const { rows } = await client.query<{ t: string | null }>(
          `SELECT to_regclass('schema_version')::text AS t`,
        );
        versioned = rows[0]?.t != null;
      } finally {
        await client.end();
      }
      if (!versioned) await run(tool, [...common, '--db', db, 'setup-schema', '-v', '0.0']);
      await run(tool, [...common, '--db', db, 'update-schema', '--schema-name', schema]);
    }
  }

  private writeTemporalConfig(): void {
    const base = this.options.basePort ?? DEFAULT_BASE_PORT;
    // Temporal keeps membership ports in a smallint column (cluster_membership.rpc_port): below 32768, as
    // every port of the topology is.
    const membership = base;
    const store = (db: string, conns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${db}
        connectAddr: "127.0.0.1:${this.ports.postgres}"
        connectProtocol: tcp
        user: temporal
        password: "${this.secrets.temporal}"
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: 1h`;
    const service = (grpc: number, gossip: number, extra = '') => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${gossip}
      bindOnLocalHost: true${extra}`;
    const config = `# Generated by scripts/production/topology.ts on every start; edit that file instead.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    default:${store('temporal', 20)}
    visibility:${store('temporal_visibility', 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:${service(this.ports.temporal, membership + 933, `\n      httpPort: ${base + 243}`)}
  history:${service(base + 234, membership + 934)}
  matching:${service(base + 235, membership + 935)}
  worker:${service(base + 239, membership + 939)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${this.ports.temporal}"
dynamicConfigClient:
  filepath: "${join(this.dataDir, 'temporal', 'config', 'dynamicconfig.yaml')}"
  pollInterval: 60s
dcRedirectionPolicy:
  policy: noop
archival:
  history:
    state: disabled
  visibility:
    state: disabled
namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled
`;
    const dir = join(this.dataDir, 'temporal', 'config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'production.yaml'), config, { mode: 0o600 });
    const partitions = this.taskQueuePartitions();
    writeFileSync(
      join(dir, 'dynamicconfig.yaml'),
      `# Generated by scripts/production/topology.ts on every start; edit that file instead.
matching.numTaskqueueReadPartitions:
  - value: ${partitions}
matching.numTaskqueueWritePartitions:
  - value: ${partitions}
`,
      { mode: 0o600 },
    );
  }

  private taskQueuePartitions(): number {
    const value = this.options.taskQueuePartitions ?? Number(process.env.TEMPORAL_TASK_QUEUE_PARTITIONS ?? 1);
    if (!Number.isInteger(value) || value < 1 || value > 64) {
      throw new Error(`TEMPORAL_TASK_QUEUE_PARTITIONS must be a whole number from 1 to 64, not ${value}`);
    }
    return value;
  }

  /** The server creates only its system namespace; the apps' is registered here (auto-setup's job in compose). */
  private async registerNamespace(): Promise<void> {
    const connection = await Connection.connect({ address: this.temporalAddress });
    try {
      const service = connection.workflowService;
      try {
        await service.registerNamespace({
          namespace: this.namespace,
          workflowExecutionRetentionPeriod: msToTs('3 days'),
        });
        this.log(`registered Temporal namespace "${this.namespace}"`);
      } catch (error) {
        if (!/already exists/i.test((error as Error).message)) throw error;
      }
      // The frontend sees a new namespace after its cache refreshes: wait until a call in it succeeds.
      const usable = await waitUntil(async () => {
        await service.describeNamespace({ namespace: this.namespace });
        await service.countWorkflowExecutions({ namespace: this.namespace, query: '' });
        return true;
      }, 60_000);
      if (!usable) throw new Error(`the Temporal namespace "${this.namespace}" did not become usable`);
      // Gotong's search attributes, before any app starts a workflow that sets them (the apps also check).
      await ensureSearchAttributes(connection, this.namespace);
    } finally {
      await connection.close();
    }
  }
}

/** The API's readiness: /health/ready where it exists, else /health (liveness and readiness in one). */
async function readinessOk(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    if (response.status !== 404) return response.ok;
    return await httpOk(`${baseUrl}/health`);
  } catch {
    return false;
  }
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(2_000);
    let answer = '';
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      answer += data.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

function loadSecrets(file: string): Secrets {
  const payloadKeys = () => `k1:${randomBytes(32).toString('base64')}`;
  if (existsSync(file)) {
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
    if (secrets.payloadKeys) return secrets as Secrets;
    // A data directory from before payloads were encrypted: its histories stay readable (plaintext passes).
    const upgraded = { ...secrets, payloadKeys: payloadKeys() } as Secrets;
    writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  // Hex: the passwords go into URLs and a YAML file unescaped.
  const secret = () => randomBytes(24).toString('hex');
  const secrets: Secrets = {
    postgres: secret(),
    owner: secret(),
    app: secret(),
    temporal: secret(),
    jwt: secret(),
    payloadKeys: payloadKeys(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** The checkout: where package.json is, from scripts/production (ts-node, Jest) or dist/scripts/production. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
