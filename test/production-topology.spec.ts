import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Topology } from '../scripts/production/topology';

/**
 * The production topology (scripts/production/topology.ts, `npm run production`) for real: a private
 * PostgreSQL cluster with least-privilege roles, a private Redis, the real Temporal server with PostgreSQL
 * persistence and visibility, two API replicas, a worker and a notifier, built from dist/ as in production.
 * Not the run's dev server or shared database: everything here is the topology's own, on ports of its own.
 */

const ROOT = join(__dirname, '..');

/** Rows of a query as the cluster's superuser, in one database. */
async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const inDatabase = (url: string, db: string) => url.replace(/\/[^/]+$/, `/${db}`);

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Live processes in the given process groups (every component runs in a group of its own). */
function groupMembers(groups: Set<number>): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && groups.has(Number(pgrp))) members.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return members;
}

function commandLinesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || !alive(Number(entry))) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(cmdline);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

describe('the production topology on one machine', () => {
  let topology: Topology | undefined;
  let dataDir: string | undefined;
  const events: string[] = [];

  beforeAll(async () => {
    // What CI and `npm run production` do first: the Temporal server binary (cached) and dist/ (incremental).
    try {
      execFileSync('bash', ['-c', 'source scripts/lib.sh && ensure_temporal_server && build_dist'], {
        cwd: ROOT,
        stdio: 'pipe',
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `the build failed:\n${String(stdout ?? '').slice(-4000)}\n${String(stderr ?? '').slice(-4000)}`,
        { cause: error },
      );
    }
    dataDir = mkdtempSync(join(tmpdir(), 'gotong-topology-'));
    topology = await Topology.start({
      dataDir,
      // Away from `npm run production`'s defaults (25000, 3100) and the chaos suite's (26000, 3200), and below
      // the ephemeral port range, which the other test files' connections use.
      basePort: 27_000,
      apiPort: 3190,
      replicas: { api: 2, worker: 1, notifier: 1 },
      log: (line) => events.push(line),
    });
  }, 600_000);

  afterAll(async () => {
    await topology?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function login(apiUrl: string): Promise<string> {
    const passwords = JSON.parse(readFileSync(topology!.demoCredentialsPath, 'utf8')) as Record<
      string,
      string
    >;
    const res = await fetch(`${apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lead.bappeda', password: passwords['lead.bappeda'] }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  it('comes up with every replica ready, and a demo user signs in through each API replica', async () => {
    const t = topology!;
    expect(t.components().map((c) => c.name)).toEqual([
      'postgres',
      'redis',
      'temporal',
      'worker-1',
      'api-1',
      'api-2',
      'notifier-1',
    ]);
    expect(t.apiUrls).toEqual(['http://127.0.0.1:3190', 'http://127.0.0.1:3191']);
    await t.waitHealthy(30_000);
    for (const url of t.apiUrls) {
      const ready = await fetch(`${url}/health`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });
      expect(await login(url)).toEqual(expect.any(String));
    }
  });

  it('runs the apps as gotong_app, which reads and writes rows but cannot change the schema', async () => {
    const t = topology!;
    expect(new URL(t.appDatabaseUrl).username).toBe('gotong_app');
    const sessions = await query<{ usename: string }>(
      t.adminDatabaseUrl,
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'gotong'`,
    );
    expect(sessions.map((s) => s.usename)).toEqual(['gotong_app']);
    // Each API replica LISTENs for new notifications (the live stream) as gotong_app.
    const listening = await query<{ n: number }>(
      t.adminDatabaseUrl,
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = 'gotong' AND usename = 'gotong_app' AND query ILIKE 'LISTEN%'`,
    );
    expect(listening[0]!.n).toBeGreaterThanOrEqual(t.apiUrls.length);

    const app = new Client({ connectionString: t.appDatabaseUrl });
    await app.connect();
    try {
      const { rows } = await app.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0]!.n).toBeGreaterThan(0);
      // What the apps do besides rows: advisory locks (acting appointments, migrations) and LISTEN/NOTIFY
      // (the notifier tells the API replicas of new notifications). The payload names no user.
      const listener = new Client({ connectionString: t.appDatabaseUrl });
      await listener.connect();
      try {
        const heard = new Promise<string | undefined>((resolve) =>
          listener.once('notification', (message) => resolve(message.payload)),
        );
        await listener.query('LISTEN gotong_notification');
        const payload = JSON.stringify({ userId: 'topology-probe', id: 'topology-probe' });
        await app.query('BEGIN');
        await app.query('SELECT pg_advisory_xact_lock(42)');
        await app.query(`SELECT pg_notify('gotong_notification', $1)`, [payload]);
        await app.query('COMMIT');
        expect(await heard).toBe(payload);
      } finally {
        await listener.end();
      }
      await expect(app.query('CREATE TABLE intruder (id int)')).rejects.toThrow(
        'permission denied for schema public',
      );
      await expect(app.query('ALTER TABLE "_prisma_migrations" ADD COLUMN intruder int')).rejects.toThrow(
        'must be owner of table _prisma_migrations',
      );
      await expect(app.query('CREATE DATABASE intruder')).rejects.toThrow(
        'permission denied to create database',
      );
    } finally {
      await app.end();
    }
    const owners = await query<{ datname: string; owner: string }>(
      t.adminDatabaseUrl,
      `SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database
        WHERE datname IN ('gotong', 'temporal', 'temporal_visibility') ORDER BY datname`,
    );
    expect(owners).toEqual([
      { datname: 'gotong', owner: 'gotong_owner' },
      { datname: 'temporal', owner: 'temporal' },
      { datname: 'temporal_visibility', owner: 'temporal' },
    ]);
  });

  it("keeps Temporal's history and visibility in its own databases, under role temporal", async () => {
    const t = topology!;
    const token = await login(t.apiUrls[1]!);
    const res = await fetch(`${t.apiUrls[1]}/projects/from-template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        templateCode: 'percepatan-penurunan-stunting',
        templateVersion: 1,
        parameters: { kecamatan: '35.13.07', tahun: '2026' },
      }),
    });
    expect(res.status).toBe(201);
    const { workflowId } = (await res.json()) as { workflowId: string };

    const visible = await query<{ workflow_type_name: string }>(
      inDatabase(t.adminDatabaseUrl, 'temporal_visibility'),
      `SELECT workflow_type_name FROM executions_visibility WHERE workflow_id = '${workflowId}'`,
    );
    expect(visible).toEqual([{ workflow_type_name: 'jointProjectWorkflow' }]);
    const namespaces = await query<{ name: string }>(
      inDatabase(t.adminDatabaseUrl, 'temporal'),
      'SELECT name FROM namespaces ORDER BY name',
    );
    expect(namespaces.map((n) => n.name)).toContain(t.namespace);
    const temporalSessions = await query<{ usename: string }>(
      t.adminDatabaseUrl,
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname IN ('temporal', 'temporal_visibility')`,
    );
    expect(temporalSessions.map((s) => s.usename)).toEqual(['temporal']);
    // Nothing of Temporal's in the application's database.
    const [stray] = await query<{ t: string | null }>(
      t.appDatabaseUrl,
      `SELECT to_regclass('executions')::text AS t`,
    );
    expect(stray!.t).toBeNull();
  });

  it('restarts an app replica killed with SIGKILL', async () => {
    const t = topology!;
    const before = t.components().find((c) => c.name === 'worker-1')!;
    await t.kill('worker-1');
    await t.waitHealthy(60_000);
    const after = t.components().find((c) => c.name === 'worker-1')!;
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(before.restarts + 1);
    expect(events.some((e) => e.startsWith('worker-1 died (signal SIGKILL)'))).toBe(true);
  });

  it('stop() leaves no process behind', async () => {
    const t = topology!;
    const groups = new Set(t.components().map((c) => c.pid!));
    expect(groupMembers(groups).length).toBeGreaterThanOrEqual(groups.size);
    await t.stop();
    topology = undefined;
    expect(groupMembers(groups)).toEqual([]);
    for (const pid of groups) expect(alive(pid)).toBe(false);
    // The mail catcher too (not a component a fault targets): nothing runs with the data directory anymore.
    expect(commandLinesMentioning(dataDir!)).toEqual([]);
  }, 60_000);
});
