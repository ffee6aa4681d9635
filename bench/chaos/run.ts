/**
 * The chaos suite (`npm run chaos`, scripts/chaos.sh; issue 14, item 6): the production topology on loopback
 * (scripts/production/topology.ts), a load of two-step joint projects through its API replicas, and four
 * faults injected while it runs (bench/chaos/scenarios.ts). Then the database is asked what became of every
 * step, notification and email, and the figures are printed and kept in docs/chaos.md.
 *
 *   node dist/bench/chaos/run.js [--short] [--only R1,R3] [--fresh] [--out <file.md>]
 *
 * --short: smaller counts and shorter outages, a few minutes in all (npm test runs it; it writes
 * artifacts/chaos-short.md unless --out says otherwise). --fresh: a new topology data directory instead of
 * reusing this checkout's (each run's projects carry the run's tag either way, so runs never count each other's).
 * Exits 1 when any scenario lost, duplicated or left unfinished anything, answered 500 or hung.
 *
 * Environment: CHAOS_BASE_PORT (default 26000) and CHAOS_API_PORT (default 3200), so the suite's topology does
 * not collide with `npm run production` (25000, 3100) on the same machine.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { format, resolveConfig } from 'prettier';
import { Topology, type TopologyOptions } from '../../scripts/production/topology';
import { ApiClient, runLoad, signIn, staffOf, Tally, type ProjectRecord } from './load';
import { failuresOf, markdown, table, type ScenarioResult } from './report';
import { describe, scenarios, secs, type FaultReport, type Scenario } from './scenarios';
import { count, drain, workflowStatuses } from './verify';

const ROOT = join(__dirname, '..', '..', '..');
/** The login limit the apps run with (the configuration's default, set explicitly so the burst test knows it). */
export const LOGIN_RATE_LIMIT = 10;

interface Args {
  short: boolean;
  only: string[] | undefined;
  fresh: boolean;
  out: string;
  /** R1's pause between a victim being back and the next kill; default 3 s. */
  killEverySeconds: number | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { short: false, only: undefined, fresh: false, out: '', killEverySeconds: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--short') args.short = true;
    else if (arg === '--fresh') args.fresh = true;
    else if (arg === '--only') args.only = (argv[++i] ?? '').split(',').map((s) => s.trim().toUpperCase());
    else if (arg === '--out') args.out = argv[++i] ?? '';
    else if (arg === '--kill-every') args.killEverySeconds = Number(argv[++i]);
    else
      throw new Error(
        `unknown argument ${arg} (use --short, --only R1,R2, --fresh, --out <file>, --kill-every <seconds>)`,
      );
  }
  args.out ||= join(ROOT, args.short ? 'artifacts/chaos-short.md' : 'docs/chaos.md');
  return args;
}

const started = Date.now();
const logFile = join(ROOT, '.data', 'chaos.log');
/** What the topology's processes printed, for finding out why one answered 500 or died. */
const outputFile = join(ROOT, '.data', 'chaos-output.log');
function log(line: string): void {
  const stamped = `[chaos +${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`;
  console.log(stamped);
  appendFileSync(logFile, `${stamped}\n`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(dirname(logFile), { recursive: true });
  writeFileSync(logFile, '');
  writeFileSync(outputFile, '');
  // Under the system's temp directory, one per checkout, not inside the checkout: PostgreSQL runs as its own
  // user, which must reach the directory, and a checkout may sit in a directory only its owner can enter (a
  // fresh clone into `mktemp -d`, mode 0700, failed at initdb: "could not change directory ... Permission denied").
  const dataDir = join(
    tmpdir(),
    `gotong-chaos-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`,
  );
  if (args.fresh) rmSync(dataDir, { recursive: true, force: true });
  const options: TopologyOptions = {
    dataDir,
    basePort: Number(process.env.CHAOS_BASE_PORT ?? 26_000),
    apiPort: Number(process.env.CHAOS_API_PORT ?? 3200),
    env: {
      LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT),
      // Every email must go out before the counts, to be counted once: at the production limit (60 a minute)
      // a 1,000-step load queues about 3,000 of them for most of an hour.
      EMAIL_RATE_LIMIT: '100000',
    },
    // The topology's own events (died, restarted, …) go to the log file; the console gets the suite's.
    log: (line) => appendFileSync(logFile, `  [topology] ${line}\n`),
    output: (name, line) => appendFileSync(outputFile, `[${name}] ${line}\n`),
  };
  const run = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const selected = scenarios(args.short, args.killEverySeconds).filter(
    (s) => !args.only || args.only.includes(s.id),
  );
  log(
    `${args.short ? 'short' : 'full'} run ${run}: ${selected.map((s) => s.id).join(', ')}; log in ${logFile}, process output in ${outputFile}`,
  );

  log('starting the production topology');
  let topology = await Topology.start(options);
  // Ctrl-C (or a CI timeout's SIGTERM) still stops every process the topology started.
  const interrupt = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the topology`);
    void topology.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      // A scenario that left the topology broken does not take the next one's figures with it.
      try {
        await topology.waitHealthy(120_000);
      } catch (error) {
        log(`topology not healthy (${(error as Error).message}): restarting it`);
        await topology.stop();
        topology = await Topology.start(options);
      }
      const result = await runScenario(topology, scenario, `chaos ${run} ${scenario.id}`);
      results.push(result);
      console.log(`\n${table([result])}\n`);
    }
  } finally {
    log('stopping the topology');
    await topology.stop();
    // The short run (npm test, on every fresh clone) leaves no cluster behind in the temp directory (~180 MB).
    if (args.short) rmSync(dataDir, { recursive: true, force: true });
  }

  // Formatted as `npm test` checks every Markdown file (prettier aligns the table).
  const report = await format(markdown(results, args.short, Date.now() - started), {
    ...(await resolveConfig(args.out)),
    filepath: args.out,
  });
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, report);
  console.log(`\n${table(results)}\n`);
  const failed = results.filter((r) => failuresOf(r).length > 0);
  for (const r of results) for (const f of failuresOf(r)) log(`${r.id} FAIL: ${f}`);
  for (const r of results) for (const f of r.findings) log(`${r.id} finding: ${f}`);
  log(
    `results written to ${args.out}; ${failed.length === 0 ? 'no failure' : `${failed.length} scenarios failed`}`,
  );
  return failed.length === 0 ? 0 : 1;
}

async function runScenario(topology: Topology, scenario: Scenario, tag: string): Promise<ScenarioResult> {
  const t0 = Date.now();
  log(`${scenario.id}: ${scenario.title}`);
  const tally = new Tally();
  const report: FaultReport = {
    fault: scenario.title,
    occurrences: 'not injected',
    ends: [],
    notes: [],
    findings: [],
  };
  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    fault: scenario.title,
    occurrences: '',
    plannedSteps: scenario.load.minProjects * 2,
    answers: { e500: 0, e503: 0, other5xx: 0, hangs: 0, connectionErrors: 0 },
    recovery: '—',
    failures: [],
    findings: report.findings,
    notes: report.notes,
    durationMs: 0,
  };
  const projects: ProjectRecord[] = [];
  // The superuser, in the app's database (the topology's admin URL names the maintenance database).
  const gotongDb = databaseUrl(topology.adminDatabaseUrl, 'gotong');
  try {
    const passwords = JSON.parse(readFileSync(topology.demoCredentialsPath, 'utf8')) as Record<
      string,
      string
    >;
    const client = new ApiClient(topology.apiUrls, tally);
    const tokens = await signIn(client, passwords);
    let loadDone = false;
    let faultDone = false;
    const budgetEnd = Date.now() + scenario.load.budgetMs;
    const load = runLoad(
      client,
      tally,
      {
        tag,
        ...scenario.load,
        // Past its minimum the load goes on until the fault is over (the outage ended), not its checks after.
        keepGoing: () => !faultDone && report.ends.length === 0,
        stop: () => Date.now() > budgetEnd,
        tokens,
      },
      projects,
    ).finally(() => {
      loadDone = true;
    });
    const fault = scenario
      .inject(
        {
          topology,
          databaseUrl: gotongDb,
          passwords,
          loadDone: () => loadDone,
          projectIds: () => projects.flatMap((p) => (p.id ? [p.id] : [])),
          token: tokens.get(staffOf('DINKES'))!,
          log: (line) => log(`${scenario.id}: ${line}`),
        },
        report,
      )
      .catch((error: Error) => {
        result.failures.push(`the fault could not be injected: ${error.message}`);
      })
      .finally(() => {
        faultDone = true;
      });
    const progress = setInterval(() => {
      const steps = projects.reduce((n, p) => n + p.steps.filter((s) => s.done).length, 0);
      log(
        `${scenario.id}: ${steps} steps done, ${projects.length} projects started; ${describe(tally.answers)}`,
      );
    }, 15_000);
    try {
      await load;
      await fault;
    } finally {
      clearInterval(progress);
    }
    if (Date.now() > budgetEnd)
      report.findings.push(
        `the load reached its time budget (${scenario.load.budgetMs / 60_000} min) after starting ${projects.length * 2} steps`,
      );

    log(`${scenario.id}: load done; waiting for the projects and their notifications to settle`);
    const settled = await drain(gotongDb, projects, scenario.drainMs);
    if (!settled)
      report.notes.push(`not everything settled within ${scenario.drainMs / 60_000} min after the load`);
    result.counts = await count(gotongDb, tag, projects, topology.mailDir);
    result.emailResendsAllowed = report.notifierKills ?? 0;
    const resent = Math.min(result.counts.duplicated.emails, result.emailResendsAllowed);
    if (resent > 0)
      report.findings.push(
        `${resent} email(s) sent twice under the same Message-ID by a notifier killed between sending and recording (${result.emailResendsAllowed} notifier kills; at-least-once email)`,
      );
    const ids = projects.flatMap((p) => (p.id ? [p.id] : []));
    // A project's projection says COMPLETED one workflow task before its workflow has closed; after a fault
    // that task can wait for its worker's sticky queue to time out (10 s) and go to another worker. Waited
    // for, up to a minute, like the projections above.
    const describeAll = () =>
      workflowStatuses(gotongDb, topology.temporalAddress, topology.namespace, ids).catch(
        (error: Error): Record<string, number> => ({ [`not described: ${error.message}`]: ids.length }),
      );
    const describedFrom = Date.now();
    let workflows = await describeAll();
    for (
      const until = Date.now() + 60_000;
      (workflows.COMPLETED ?? 0) !== ids.length && Date.now() < until;
    ) {
      await sleep(2_000);
      workflows = await describeAll();
    }
    if (Date.now() - describedFrom > 1_000)
      report.notes.push(
        `the last project workflows closed within ${secs(Date.now() - describedFrom)} after their projections`,
      );
    report.notes.push(
      `project workflows in Temporal: ${Object.entries(workflows)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')}`,
    );
    if ((workflows.COMPLETED ?? 0) !== ids.length)
      result.failures.push(`${ids.length - (workflows.COMPLETED ?? 0)} project workflows did not complete`);
    const gaveUp = projects.flatMap((p) => [p.error, ...p.steps.map((s) => s.error)]).filter(Boolean);
    if (gaveUp.length > 0) report.notes.push(`the client gave up ${gaveUp.length} times, e.g. ${gaveUp[0]}`);
  } catch (error) {
    result.failures.push(`the scenario stopped early: ${(error as Error).message}`);
    log(`${scenario.id}: stopped early: ${(error as Error).stack ?? String(error)}`);
  }

  const answers = [tally, report.probe].filter((t): t is Tally => t !== undefined);
  const sum = (f: (t: Tally) => number) => answers.reduce((n, t) => n + f(t), 0);
  result.answers = {
    e500: sum((t) => t.get('500')),
    e503: sum((t) => t.get('503')),
    other5xx: sum((t) => t.otherServerErrors()),
    hangs: sum((t) => t.get('hang')),
    connectionErrors: sum((t) => t.get('connection error')),
  };
  const without = sum((t) => t.unavailableWithoutRetryAfter);
  if (without > 0) report.findings.push(`${without} answers were 503 without Retry-After`);
  if (tally.conflictsOnRetry > 0)
    report.findings.push(
      `${tally.conflictsOnRetry} retried creates or actions answered 409 although their first attempt had taken effect (not the first answer again)`,
    );
  const samples = answers.flatMap((t) => t.samples);
  if (samples.length > 0) report.notes.push(`first 500s and hangs: ${samples.slice(0, 4).join('; ')}`);
  report.notes.push(
    `load: ${Object.entries(Object.fromEntries(tally.answers))
      .map(([k, n]) => `${n}× ${k}`)
      .join(', ')}; slowest step ${secs(tally.slowestStepMs)}`,
  );
  result.fault = report.fault;
  result.occurrences = report.occurrences;
  result.recovery = recovery(tally, report.ends);
  result.durationMs = Date.now() - t0;
  return result;
}

function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** From each fault's end to the first step finished after it: the one figure, or the worst and the median. */
function recovery(tally: Tally, ends: number[]): string {
  const times = ends.map((end) => tally.firstStepAfter(end));
  if (times.length === 0) return '—';
  const never = times.filter((t) => t === undefined).length;
  const known = times.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  if (known.length === 0) return 'no step finished after the fault';
  const text =
    known.length === 1
      ? secs(known[0]!)
      : `max ${secs(known.at(-1)!)}, median ${secs(known[Math.floor(known.length / 2)]!)}`;
  return never > 0 ? `${text} (${never} faults with no step after)` : text;
}

main().then(
  (code) => {
    // The pg and Temporal clients may keep the event loop alive a little; the figures are out.
    setTimeout(() => process.exit(code), 100).unref();
    process.exitCode = code;
  },
  async (error: Error) => {
    log(`failed: ${error.stack ?? error.message}`);
    await sleep(100);
    process.exit(2);
  },
);
