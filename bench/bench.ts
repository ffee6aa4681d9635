/**
 * `npm run bench`: Gotong against raw Temporal on the same server, machine and run (issue #16, docs/benchmarks.md).
 *
 * Starts its own stack (bench/lib/stack.ts: every component in a process of its own, on loopback), runs the
 * scenarios in order and prints one table (scenario, figure, value, ratio, goal, met?) with the settings and
 * the machine, and writes the same as JSON (BENCH_OUT, else a file in the system temp directory). Stops
 * everything at the end, on an error and on Ctrl-C.
 *
 *   raw  the raw-Temporal baseline (bench/raw): a bare Update running one INSERT activity
 *   p1   step latency (bench/scenarios/p1-step-latency.ts)
 *   p2   throughput at rising concurrency (bench/scenarios/p2-throughput.ts)
 *   p3   held load, p4 inbox at scale, d1 regency-wide data request (bench/scenarios/p3-held-load.ts,
 *        p4-inbox.ts, d1-data-request.ts: each `export async function run(ctx)`), when present
 *
 * Environment: BENCH_TOPOLOGY (dev | production, default dev), BENCH_ONLY (e.g. raw,p1), BENCH_SECONDS (15),
 * BENCH_CONCURRENCY (1,4,16,64), BENCH_RAW_UPDATES (200), BENCH_P1_STEPS (50), BENCH_P1_POLL_MS (25),
 * BENCH_P2_CHAINS (3), BENCH_P2_CHAIN_LENGTH, BENCH_TEMPORAL_ARGS (extra dev-server flags), BENCH_OUT; the
 * apps' tuning knobs (WORKER_*, DATABASE_POOL_SIZE, …) are passed on to them. TEMPORAL_CLI,
 * TEST_DATABASE_SERVER and REDIS_URL as for the tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext, BenchRow } from './lib/context';
import { startStack, type Stack } from './lib/stack';
import { runRawBaseline } from './raw/baseline';
import { run as runP1 } from './scenarios/p1-step-latency';
import { run as runP2 } from './scenarios/p2-throughput';

interface Scenario {
  key: string;
  title: string;
  run: (ctx: BenchContext, stack: Stack) => Promise<BenchRow[]>;
}

/** A scenario another file provides (bench-scale's), loaded if it is there. */
function external(key: string, title: string, file: string): Scenario {
  return {
    key,
    title,
    run: async (ctx) => {
      const path = join(__dirname, 'scenarios', `${file}.js`);
      if (!existsSync(path))
        return [{ scenario: title, figure: '–', value: `not run: ${file}.ts does not exist` }];
      const mod = (await import(pathToFileURL(path).href)) as {
        run?: (ctx: BenchContext) => Promise<BenchRow[]>;
      };
      if (typeof mod.run !== 'function')
        return [{ scenario: title, figure: '–', value: `not run: ${file}.ts exports no run(ctx)` }];
      return mod.run(ctx);
    },
  };
}

const SCENARIOS: Scenario[] = [
  { key: 'raw', title: 'raw baseline', run: (ctx, stack) => runRawBaseline(ctx, stack.rawTaskQueue) },
  { key: 'p1', title: 'P1 step latency', run: (ctx) => runP1(ctx) },
  { key: 'p2', title: 'P2 throughput', run: (ctx) => runP2(ctx) },
  external('p3', 'P3 held load', 'p3-held-load'),
  external('p4', 'P4 inbox', 'p4-inbox'),
  external('d1', 'D1 data request', 'd1-data-request'),
];

const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

async function main(): Promise<number> {
  const topology = (process.env.BENCH_TOPOLOGY ?? 'dev') as 'dev' | 'production';
  if (topology !== 'dev' && topology !== 'production')
    throw new Error(`BENCH_TOPOLOGY=${String(topology)}: must be dev or production`);
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = only.filter((k) => !SCENARIOS.some((s) => s.key === k));
  if (unknown.length > 0)
    throw new Error(
      `BENCH_ONLY: unknown ${unknown.join(', ')} (choose from ${SCENARIOS.map((s) => s.key).join(', ')})`,
    );
  const chosen = SCENARIOS.filter((s) => only.length === 0 || only.includes(s.key));

  const abort = new AbortController();
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (stack?.stop() ?? Promise.resolve()).catch((e: unknown) => log(`stopping: ${String(e)}`)));
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return log(`${signal}: already stopping, please wait`);
    log(`${signal}: stopping everything`);
    abort.abort(new Error(signal));
    // A stack still starting stops what it started itself (startStack rejects, then main ends).
    if (stack) void stop().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = new Date();
  const rows: BenchRow[] = [];
  try {
    log(`starting the ${topology} topology`);
    stack = await startStack({ topology, log, signal: abort.signal });
    const ctx = stack.context;
    for (const scenario of chosen) {
      abort.signal.throwIfAborted();
      const t0 = performance.now();
      log(`${scenario.title}…`);
      try {
        rows.push(...(await scenario.run(ctx, stack)));
      } catch (error) {
        log(`${scenario.title} failed: ${(error as Error).stack ?? String(error)}`);
        rows.push({
          scenario: scenario.title,
          figure: '–',
          value: `FAILED: ${(error as Error).message.slice(0, 200)}`,
        });
      }
      log(`${scenario.title} took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    // Interrupted: no table of half-run scenarios (the signal handler exits once everything is stopped).
    abort.signal.throwIfAborted();
    const machine = describeMachine(topology);
    const lines = render(rows, stack.settings, machine);
    process.stdout.write(`\n${lines.join('\n')}\n`);
    const out =
      process.env.BENCH_OUT ??
      join(tmpdir(), `gotong-bench-${started.toISOString().slice(0, 10)}-${topology}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          date: started.toISOString(),
          topology,
          machine,
          settings: stack.settings,
          rows,
          figures: Object.fromEntries(ctx.figures),
          durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(`\nresults: ${out}\nprocess logs: ${stack.logDir}\n`);
    return rows.some((r) => r.value.startsWith('FAILED')) ? 1 : 0;
  } finally {
    await stop();
  }
}

function describeMachine(topology: string): Record<string, string> {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, {
        encoding: 'utf8',
        cwd: __dirname,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return '';
    }
  };
  const sha = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    cpus: `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    topology,
    git: `${sha}${dirty ? ' (with uncommitted changes)' : ''}`,
  };
}

function render(rows: BenchRow[], settings: string[], machine: Record<string, string>): string[] {
  const header = ['scenario', 'figure', 'value', 'ratio', 'goal', 'met?'];
  const cells = rows.map((r) => [
    r.scenario,
    r.figure,
    r.value,
    r.ratio ?? '',
    r.goal ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.min(90, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
    '',
    'settings:',
    ...settings.map((s) => `  ${s}`),
    `machine: ${Object.entries(machine)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}`,
  ];
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
