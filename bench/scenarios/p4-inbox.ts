/**
 * P4 inbox at scale: `GET /inbox` with 1,000,000 task rows in the database.
 *
 * Fills the bench database with task rows by SQL (generate_series, one statement): ~50 OPDs, a few thousand
 * projects, almost all tasks finished (completed, cancelled, closed) and a few hundred open per OPD, due dates
 * over three years. Then, as the staff of one OPD (staff.dinkes), measures the request the web app sends when
 * the inbox opens (`/inbox?page=1&pageSize=20`) and its page 2, sequentially, p50/p99.
 *
 * The raw-SQL baseline runs the very statements that request runs, captured from Prisma's query log while
 * calling the API's own services (AuthService.authenticate, TasksService.inbox) on a client of its own, and
 * replayed with node-postgres in the same order and parallelism: the token check's two lookups together, the
 * acting-appointment lookup, then the page and the count together. The ratio is API p99 / raw p99; the
 * inbox's own statements without the token check are reported too.
 *
 * Options (environment): BENCH_P4_ROWS (default 1,000,000), BENCH_P4_REQUESTS (default 300 per page),
 * BENCH_P4_KEEP=1 leaves the rows in place (otherwise deleted at the end), BENCH_P4_SQL=1 prints the statements.
 */
import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@gotong/database/generated/prisma/client';
import { TRANSACTION_DEFAULTS } from '@gotong/database/prisma';
import { AccessService } from '../../apps/api/src/common/access.service';
import { TasksService } from '../../apps/api/src/tasks/tasks.service';
import { AuthService } from '../../apps/api/src/auth/auth.service';
import { InboxQuery } from '../../apps/api/src/tasks/tasks.dto';
import type { BenchContext, BenchRow } from '../lib/context';

const ROWS = Number(process.env.BENCH_P4_ROWS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_P4_REQUESTS ?? 300);
const WARMUP = 30;
const OPDS = 50;
const PROJECTS = Math.max(1, Math.round(ROWS / 250));
const STAFF = 'staff.dinkes';
const GOAL_P99_MS = 30;
const GOAL_RATIO = 1.3;
const PREFIX = 'bench-p4-';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** p50 and p99 of `n` sequential runs of `fn` (after a warm-up). */
async function measure(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** The task rows: one INSERT … SELECT over generate_series. */
async function fill(pool: Pool, log: (m: string) => void): Promise<void> {
  const started = performance.now();
  const client = await pool.connect();
  try {
    const { rows: agencies } = await client.query<{ id: string }>(
      `SELECT id FROM agency WHERE active ORDER BY (code = 'DINKES') DESC, code LIMIT $1`,
      [OPDS],
    );
    const { rows: leads } = await client.query<{ id: string; agency_id: string }>(
      `SELECT id, agency_id FROM app_user WHERE username = 'lead.bappeda'`,
    );
    const lead = leads[0];
    if (!lead) throw new Error('P4: the demo user lead.bappeda is missing (seed the bench database)');
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO joint_project (id, workflow_id, title, status, lead_user_id, lead_agency_id, created_at)
       SELECT gen_random_uuid(), $1 || 'project-' || g, 'Proyek bench ' || g,
              (CASE WHEN g % 10 = 0 THEN 'ACTIVE' ELSE 'COMPLETED' END)::"ProjectStatus",
              $2, $3, now() - interval '3 years' + (g::float8 / $4) * interval '3 years'
       FROM generate_series(1, $4::int) g`,
      [PREFIX, lead.id, lead.agency_id, PROJECTS],
    );
    // Per 1,000 tasks: 15 open (8 assigned, 2 claimed, 3 submitted, 2 returned), the rest finished. Open tasks
    // fall due between 10 days ago and 30 days from now, finished ones over the last three years.
    await client.query(
      `WITH a AS (SELECT array_agg(id ORDER BY n) AS ids, count(*)::int AS n
                  FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)),
            p AS (SELECT array_agg(id) AS ids, count(*)::int AS n FROM joint_project WHERE workflow_id LIKE $2 || 'project-%')
       INSERT INTO task (id, project_id, workflow_id, step_key, agency_id, title, status, due_at, completed_at, created_at)
       SELECT gen_random_uuid(), p.ids[1 + (g / a.n) % p.n], $2 || 'task-' || g, 'langkah-' || (g % 7),
              a.ids[1 + g % a.n], 'Tugas bench ' || g, s.status::"TaskStatus",
              CASE WHEN s.open THEN now() + ((g % 40) - 10) * interval '1 day' + (g % 1440) * interval '1 minute'
                   ELSE now() - interval '3 years' + (g::float8 / $3) * interval '3 years' END,
              CASE WHEN s.status = 'COMPLETED' THEN now() - interval '3 years' + (g::float8 / $3) * interval '3 years' - interval '1 day' END,
              now() - interval '3 years' + (g::float8 / $3) * interval '3 years' - interval '14 days'
       FROM generate_series(1, $3::int) g, a, p,
            LATERAL (SELECT CASE
                 WHEN (g / a.n) % 1000 < 8 THEN 'ASSIGNED' WHEN (g / a.n) % 1000 < 10 THEN 'CLAIMED'
                 WHEN (g / a.n) % 1000 < 13 THEN 'SUBMITTED' WHEN (g / a.n) % 1000 < 15 THEN 'RETURNED'
                 WHEN (g / a.n) % 1000 < 960 THEN 'COMPLETED' WHEN (g / a.n) % 1000 < 990 THEN 'CANCELLED' ELSE 'CLOSED' END AS status,
                 (g / a.n) % 1000 < 15 AS open) s`,
      [agencies.map((r) => r.id), PREFIX, ROWS],
    );
    await client.query('COMMIT');
    // What autovacuum does on a live database soon after a bulk load: statistics and the visibility map.
    await client.query('VACUUM ANALYZE task');
    await client.query('VACUUM ANALYZE joint_project');
    log(
      `P4: ${ROWS.toLocaleString('en')} task rows (${agencies.length} OPDs, ${PROJECTS} projects) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The API's own services (AuthService.authenticate, TasksService.inbox) on a Prisma client of their own, as the
 * API process builds them; the token's claims are read as the API's JwtService would after checking them.
 */
function services(databaseUrl: string, token: string, log: boolean) {
  const db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 4 }),
    transactionOptions: TRANSACTION_DEFAULTS,
    ...(log ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {}),
  });
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as object;
  const jwt = { verifyAsync: () => Promise.resolve(claims) };
  const authService = new AuthService(db, {} as never, jwt as never);
  const tasks = new TasksService(
    db,
    {} as never,
    new AccessService(db),
    undefined as never,
    undefined as never,
  );
  /** What the API does for GET /inbox after the HTTP layer: the token check, then the inbox. */
  const call = async (query: InboxQuery) => tasks.inbox((await authService.authenticate(token)).auth, query);
  return { db, authService, tasks, call };
}

/** The statements one `GET /inbox` runs, from Prisma's query log (nothing else runs on that client meanwhile). */
async function capture(
  databaseUrl: string,
  token: string,
  query: InboxQuery,
): Promise<{ auth: Statement[]; inbox: Statement[] }> {
  const { db, authService, tasks } = services(databaseUrl, token, true);
  const seen: Statement[] = [];
  db.$on('query' as never, (e: { query: string; params: string }) =>
    seen.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] }),
  );
  try {
    const { auth } = await authService.authenticate(token);
    const authStatements = seen.splice(0);
    await tasks.inbox(auth, query);
    return { auth: authStatements, inbox: seen.splice(0) };
  } finally {
    await db.$disconnect();
  }
}

/**
 * Replays the captured statements as the API runs them: the token check's lookups in parallel; then the acting
 * lookup; then the page (with any relation queries after it) in parallel with the count.
 */
function replayer(pool: Pool, clients: PoolClient[], captured: { auth: Statement[]; inbox: Statement[] }) {
  const run = (c: PoolClient, s: Statement) => c.query(s.sql, s.params);
  const acting = captured.inbox.filter((s) => s.sql.includes('"acting_appointment"'));
  const counts = captured.inbox.filter((s) => !acting.includes(s) && /\bCOUNT\s*\(/i.test(s.sql));
  const page = captured.inbox.filter((s) => !acting.includes(s) && !counts.includes(s));
  void pool;
  const inboxOnly = async () => {
    for (const s of acting) await run(clients[0]!, s);
    await Promise.all([
      (async () => {
        for (const s of page) await run(clients[0]!, s);
      })(),
      ...counts.map((s) => run(clients[1]!, s)),
    ]);
  };
  const whole = async () => {
    await Promise.all(captured.auth.map((s, i) => run(clients[i % clients.length]!, s)));
    await inboxOnly();
  };
  return { whole, inboxOnly };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: 4 });
  const rows: BenchRow[] = [];
  try {
    await fill(pool, (m) => ctx.log(m));
    const token = await ctx.token(STAFF);
    const get = async (path: string) => {
      const res = await fetch(`${ctx.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { total?: number; items?: unknown[] };
      if (res.status !== 200) throw new Error(`P4: GET ${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const first = await get('/inbox?page=1&pageSize=20');
    ctx.log(`P4: ${STAFF} sees ${first.total} tasks, ${first.items?.length} on page 1`);

    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    try {
      for (const page of [1, 2]) {
        const path = `/inbox?page=${page}&pageSize=20`;
        const query = Object.assign(new InboxQuery(), { page, pageSize: 20 });
        const captured = await capture(ctx.databaseUrl, token, query);
        const raw = replayer(pool, clients, captured);
        if (process.env.BENCH_P4_SQL === '1') {
          for (const s of [...captured.auth, ...captured.inbox])
            ctx.log(`P4 SQL: ${s.sql} -- ${JSON.stringify(s.params)}`);
        }
        const api = await measure(REQUESTS, () => get(path));
        const whole = await measure(REQUESTS, raw.whole);
        const inboxOnly = await measure(REQUESTS, raw.inboxOnly);
        // The same services without HTTP, Nest or JSON: how much of the gap is Prisma's.
        const direct = services(ctx.databaseUrl, token, false);
        const prisma = await measure(REQUESTS, () => direct.call(query)).finally(() =>
          direct.db.$disconnect(),
        );
        const ratio = api.p99 / whole.p99;
        ctx.log(
          `P4 page ${page}: API p50 ${ms(api.p50)} / p99 ${ms(api.p99)} ms; services through Prisma without HTTP p50 ${ms(prisma.p50)} / p99 ${ms(prisma.p99)} ms; raw SQL (${captured.auth.length + captured.inbox.length} statements) p50 ${ms(whole.p50)} / p99 ${ms(whole.p99)} ms; inbox statements only p50 ${ms(inboxOnly.p50)} / p99 ${ms(inboxOnly.p99)} ms`,
        );
        rows.push({
          scenario: `P4 inbox page ${page} (${(ROWS / 1e6).toLocaleString('en')}M rows)`,
          figure: 'GET /inbox p50 / p99',
          value: `${ms(api.p50)} / ${ms(api.p99)} ms`,
          ratio: `${ratio.toFixed(2)}× raw SQL p99`,
          goal: `p99 ≤ ${GOAL_P99_MS} ms and ≤ ${GOAL_RATIO}× raw`,
          met: api.p99 <= GOAL_P99_MS && ratio <= GOAL_RATIO,
        });
        rows.push({
          scenario: `P4 inbox page ${page} raw SQL`,
          figure: `same ${captured.auth.length + captured.inbox.length} statements via pg, p50 / p99`,
          value: `${ms(whole.p50)} / ${ms(whole.p99)} ms (without the token check: ${ms(inboxOnly.p50)} / ${ms(inboxOnly.p99)} ms)`,
        });
        rows.push({
          scenario: `P4 inbox page ${page} without HTTP`,
          figure: 'AuthService + TasksService through Prisma, p50 / p99',
          value: `${ms(prisma.p50)} / ${ms(prisma.p99)} ms`,
          ratio: `${(prisma.p99 / whole.p99).toFixed(2)}× raw SQL p99`,
        });
      }
    } finally {
      for (const c of clients) c.release();
    }
  } finally {
    if (process.env.BENCH_P4_KEEP !== '1') {
      await pool.query(`DELETE FROM task WHERE workflow_id LIKE $1 || 'task-%'`, [PREFIX]);
      await pool.query(`DELETE FROM joint_project WHERE workflow_id LIKE $1 || 'project-%'`, [PREFIX]);
    }
    await pool.end();
  }
  return rows;
}
