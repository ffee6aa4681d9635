/**
 * P3 held load: many open projects, each with 5 pending tasks (one durable timer each), held by the one worker,
 * while reminders (50 % and 75 % of the SLA) and first escalations (at the deadline) fall due.
 *
 * Starts BENCH_P3_PROJECTS joint projects (default 1,000, i.e. 5,000 task workflows and timers; the issue's
 * 10,000 / 50,000 is reachable with the knob) through the Temporal client with the input the API builds for an
 * ad-hoc project (ProjectPlanner: the working calendar from the database, the ad-hoc step form and the default
 * escalation ladder), paced by the worker (at most BENCH_P3_IN_FLIGHT, 24, projects whose tasks are not all
 * open yet). Each project has 5 OPDs; in BENCH_P3_FIRING_STEPS of its steps
 * (default 1) the SLA is short (BENCH_P3_SLA_MINUTES, default 3 minutes per 1,000 projects, at least 3, in
 * calendar minutes), so those tasks' reminders and level-1 escalations fire during the run; the other steps
 * have 30 days and only hold their timers.
 *
 * Measured: worker RSS (VmRSS of the worker process(es), summed, sampled every second) at its peak and at the
 * end; lateness of every reminder and escalation of the run, i.e. when its audit row appeared in PostgreSQL
 * (audit_event.recorded_at, the projection transaction's start) minus when it was due (reminders: start of the
 * SLA clock + 50 % / 75 % of the SLA, escalations: the deadline), p50/p99/max; and the same for the workflow
 * timer alone (occurred_at, the workflow time the event was handled).
 *
 * At the end every workflow it started is terminated (projects and tasks), unless BENCH_P3_KEEP=1; the rows
 * stay in the database (the runner drops it).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createPrismaClient } from '@gotong/database/prisma';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import type { StepPlan } from '@gotong/contracts/task';
import type { Sla } from '@gotong/domain/calendar';
import { ProjectPlanner } from '../../apps/api/src/projects/project-planner';
import type { BenchContext, BenchRow } from '../lib/context';

const PROJECTS = Number(process.env.BENCH_P3_PROJECTS ?? 1_000);
const STEPS = 5;
const FIRING_STEPS = Math.min(STEPS, Number(process.env.BENCH_P3_FIRING_STEPS ?? 1));
const SLA_MINUTES = Number(
  process.env.BENCH_P3_SLA_MINUTES ?? Math.max(3, Math.ceil((3 * PROJECTS) / 1_000)),
);
const START_CONCURRENCY = Number(process.env.BENCH_P3_START_CONCURRENCY ?? 4);
/**
 * Projects started whose 5 tasks are not all open yet, at most: the starts wait for the worker. Started all at
 * once, a burst of projects made the worker's first workflow tasks (local projections, starting the tasks) run
 * past the 10 s workflow task timeout, and the retries kept the backlog from draining.
 */
const IN_FLIGHT = Number(process.env.BENCH_P3_IN_FLIGHT ?? 24);
const HELD_SLA: Sla = { amount: 30, unit: 'days' };
const GOAL_RSS_BYTES = 1.5 * 1024 ** 3;
const GOAL_LATENESS_MS = 2_000;
/** Reminders at 50 % and 75 %, then the level-1 escalation: 3 events per short-SLA task. */
const EVENTS_PER_FIRING_TASK = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;

/** Runs `work` over `items`, `limit` at a time. */
async function pooled<T>(items: T[], limit: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/** Resident set size of the processes, summed (0 for one that is gone). */
function rssOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const db = createPrismaClient(ctx.databaseUrl, 2);
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: 2 });
  const slaMs = SLA_MINUTES * 60_000;
  const workerPids = (await ctx.pids()).worker ?? [];
  if (workerPids.length === 0) ctx.log('P3: no worker pid given: RSS not measured');
  let peakRss = rssOf(workerPids);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(workerPids));
  }, 1_000);
  const projectIds: string[] = [];
  try {
    const planner = new ProjectPlanner(db);
    const calendar = await planner.calendar('WORKING');
    const lead = await db.user.findUniqueOrThrow({
      where: { username: 'lead.bappeda' },
      select: { id: true, agencyId: true, role: true },
    });
    const agencies = await db.agency.findMany({
      where: { active: true },
      select: { id: true, code: true, name: true },
      orderBy: { code: 'asc' },
    });
    if (agencies.length < STEPS) throw new Error(`P3: needs ${STEPS} active OPDs`);
    const inputOf = (n: number): ProjectInput => {
      const steps: StepPlan[] = Array.from({ length: STEPS }, (_, k) => {
        const agency = agencies[(n * STEPS + k) % agencies.length]!;
        const sla: Sla = k < FIRING_STEPS ? { amount: SLA_MINUTES, unit: 'minutes' } : HELD_SLA;
        return planner.adHocStep(
          agency.code.toLowerCase(),
          agency,
          `Beban bench ${n + 1} — ${agency.name}`,
          null,
          sla,
        );
      });
      return {
        projectId: randomUUID(),
        title: `Beban bench ${n + 1}`,
        description: null,
        lead: { userId: lead.id, agencyId: lead.agencyId, role: lead.role },
        templateId: null,
        parameters: {},
        steps,
        calendar,
      };
    };

    const expectedTasks = PROJECTS * STEPS;
    const expectedEvents = PROJECTS * FIRING_STEPS * EVENTS_PER_FIRING_TASK;
    ctx.log(
      `P3: starting ${PROJECTS} projects × ${STEPS} tasks (${expectedTasks} timers), ${FIRING_STEPS} step(s) each with a ${SLA_MINUTES}-minute SLA: ${expectedEvents} reminders/escalations to fire`,
    );
    const started = performance.now();
    const t0 = Date.now();
    const countTasks = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM task WHERE project_id = ANY($1::uuid[])`,
            [projectIds],
          )
        ).rows[0]!.n,
      );
    let open = 0;
    let progressAt = Date.now();
    let counting = true;
    const counter = (async () => {
      while (counting) {
        const now = await countTasks();
        if (now > open) progressAt = Date.now();
        open = now;
        await sleep(500);
      }
    })();
    try {
      await pooled(
        Array.from({ length: PROJECTS }, (_, n) => n),
        START_CONCURRENCY,
        async (n) => {
          while (projectIds.length - open / STEPS >= IN_FLIGHT) {
            if (Date.now() - progressAt > 5 * 60_000) throw new Error('P3: no task opened for 5 minutes');
            await sleep(100);
          }
          const input = inputOf(n);
          projectIds.push(input.projectId);
          await ctx.temporal.workflow.start('jointProjectWorkflow', {
            workflowId: projectWorkflowId(input.projectId),
            taskQueue: ctx.taskQueue,
            args: [input],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
          if ((n + 1) % 1_000 === 0) ctx.log(`P3: ${n + 1} projects started`);
        },
      );
    } finally {
      counting = false;
      await counter;
    }
    const startedMs = performance.now() - started;
    // Held: every task workflow has run its first workflow task (its TASK_ASSIGNED projection is written).
    let tasks = 0;
    const heldDeadline = Date.now() + Math.max(5 * 60_000, PROJECTS * 600);
    while ((tasks = await countTasks()) < expectedTasks && Date.now() < heldDeadline) await sleep(2_000);
    const heldMs = performance.now() - started;
    ctx.log(
      `P3: ${PROJECTS} projects started in ${secs(startedMs)}; ${tasks}/${expectedTasks} tasks held after ${secs(heldMs)}; worker RSS ${mib(rssOf(workerPids))}`,
    );

    // Wait for every reminder and escalation: the last task's deadline plus a margin.
    const countEvents = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM audit_event
             WHERE project_id = ANY($1::uuid[]) AND action IN ('TASK_REMINDER', 'TASK_ESCALATED')`,
            [projectIds],
          )
        ).rows[0]!.n,
      );
    const eventsDeadline = Date.now() + slaMs + 3 * 60_000;
    let events = 0;
    let lastLog = Date.now();
    while ((events = await countEvents()) < expectedEvents && Date.now() < eventsDeadline) {
      if (Date.now() - lastLog > 30_000) {
        ctx.log(`P3: ${events}/${expectedEvents} events; worker RSS ${mib(rssOf(workerPids))}`);
        lastLog = Date.now();
      }
      await sleep(2_000);
    }
    const endRss = rssOf(workerPids);
    peakRss = Math.max(peakRss, endRss);
    const windowMs = Date.now() - t0;

    const { rows } = await pool.query<{
      action: string;
      recorded: Date;
      occurred: Date;
      deadline: Date;
      percent: number | null;
    }>(
      `SELECT action, recorded_at AS recorded, occurred_at AS occurred,
              (detail->>'dueAt')::timestamptz AS deadline, (detail->>'percentOfSla')::float8 AS percent
       FROM audit_event
       WHERE project_id = ANY($1::uuid[]) AND action IN ('TASK_REMINDER', 'TASK_ESCALATED')`,
      [projectIds],
    );
    const recordedLate: number[] = [];
    const timerLate: number[] = [];
    for (const r of rows) {
      const due =
        r.action === 'TASK_REMINDER'
          ? r.deadline.getTime() - (1 - (r.percent ?? 0) / 100) * slaMs
          : r.deadline.getTime();
      recordedLate.push(r.recorded.getTime() - due);
      timerLate.push(r.occurred.getTime() - due);
    }
    recordedLate.sort((a, b) => a - b);
    timerLate.sort((a, b) => a - b);
    const p99 = quantile(recordedLate, 0.99);
    ctx.log(
      `P3: ${rows.length}/${expectedEvents} events in ${secs(windowMs)}; lateness (row in PostgreSQL) p50 ${secs(quantile(recordedLate, 0.5))} p99 ${secs(p99)} max ${secs(recordedLate.at(-1) ?? Number.NaN)}; timer alone p50 ${secs(quantile(timerLate, 0.5))} p99 ${secs(quantile(timerLate, 0.99))}; worker RSS peak ${mib(peakRss)}, end ${mib(endRss)}`,
    );
    const scenario = `P3 held load (${PROJECTS.toLocaleString('en')} projects, ${expectedTasks.toLocaleString('en')} timers)`;
    return [
      {
        scenario,
        figure: 'worker RSS peak / end',
        value: workerPids.length ? `${mib(peakRss)} / ${mib(endRss)}` : 'not measured',
        goal: '≤ 1.5 GB',
        met: workerPids.length > 0 && peakRss <= GOAL_RSS_BYTES,
      },
      {
        scenario,
        figure: `reminder/escalation lateness p50 / p99 / max (${rows.length} of ${expectedEvents} fired)`,
        value: `${secs(quantile(recordedLate, 0.5))} / ${secs(p99)} / ${secs(recordedLate.at(-1) ?? Number.NaN)}`,
        goal: 'p99 ≤ 2 s, all fired',
        met: rows.length === expectedEvents && p99 <= GOAL_LATENESS_MS,
      },
      {
        scenario,
        figure: 'workflow timer alone p50 / p99; start; held',
        value: `${secs(quantile(timerLate, 0.5))} / ${secs(quantile(timerLate, 0.99))}; ${PROJECTS} starts in ${secs(startedMs)}; all tasks open after ${secs(heldMs)}`,
      },
    ];
  } finally {
    clearInterval(sampler);
    if (process.env.BENCH_P3_KEEP !== '1' && projectIds.length > 0) {
      const ended = performance.now();
      const { rows } = await pool.query<{ workflow_id: string }>(
        `SELECT workflow_id FROM task WHERE project_id = ANY($1::uuid[])`,
        [projectIds],
      );
      const ids = [...projectIds.map(projectWorkflowId), ...rows.map((r) => r.workflow_id)];
      let failed = 0;
      await pooled(ids, 32, async (id) => {
        await ctx.temporal.workflow
          .getHandle(id)
          .terminate('benchmark P3 over')
          .catch(() => {
            failed++;
          });
      });
      ctx.log(
        `P3: terminated ${ids.length - failed} workflows in ${secs(performance.now() - ended)}${failed ? ` (${failed} were already closed or not found)` : ''}`,
      );
    }
    await pool.end();
    await db.$disconnect();
  }
}
