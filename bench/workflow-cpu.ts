/**
 * What the workflow code itself costs (`npm run bench:workflow`): replays stored histories
 * (test/replay/histories) through the worker's workflow bundle, as a worker does after a cache eviction, and
 * prints the CPU time per replay. No server, no database: only the workflow sandbox (the SDK's activation
 * machinery, Gotong's workflow code and its interceptors), so a change to workflow code can be weighed on its
 * own, and CPU time moves much less with the machine's load than wall time does.
 *
 * Options (environment): BENCH_WORKFLOW_HISTORIES (comma-separated file names without .json; default a task
 * (submit, accept) untraced and traced, and its one-step project untraced),
 * WORKER_WORKFLOW_STACK_TRACES (as for the worker: unset, the sandbox keeps no stack traces, as the worker's), BENCH_WORKFLOW_BATCHES (default 5) of BENCH_WORKFLOW_ROUNDS replays (default 20), BENCH_WORKFLOW_BUNDLE
 * (default dist/workflow-bundle.js, built by `npm run bench:workflow` as `npm start` builds it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workerTracing } from '@gotong/observability/tracing';

const ROOT = join(__dirname, '..', '..');
const HISTORIES = join(ROOT, 'test', 'replay', 'histories');
const names = (
  process.env.BENCH_WORKFLOW_HISTORIES ??
  'agencyTaskWorkflow-v4-untraced-follows-the-caller,agencyTaskWorkflow-v4-traced-follows-the-caller,jointProjectWorkflow-v4-untraced-follows-the-caller'
)
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const ROUNDS = Number(process.env.BENCH_WORKFLOW_ROUNDS ?? 20);
const BATCHES = Number(process.env.BENCH_WORKFLOW_BATCHES ?? 5);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const BUNDLE = process.env.BENCH_WORKFLOW_BUNDLE ?? join(ROOT, 'dist', 'workflow-bundle.js');

async function replayAll(histories: { workflowId: string; history: ReturnType<typeof historyFromJSON> }[]) {
  const results = Worker.runReplayHistories(
    {
      workflowBundle: { codePath: BUNDLE },
      replayName: 'gotong-bench-workflow',
      sinks: workerTracing(null).sinks,
    },
    histories,
  );
  for await (const result of results) {
    if (result.error) throw new Error(`${result.workflowId} did not replay: ${String(result.error)}`);
  }
}

async function main(): Promise<void> {
  const stacks =
    process.env.WORKER_WORKFLOW_STACK_TRACES === 'true' || process.env.WORKER_WORKFLOW_STACK_TRACES === '1';
  // The replay worker makes its sandboxes as it goes: the flag stays for the whole run (apps/worker's
  // createGotongWorker sets it only while the worker's threads start).
  if (!stacks) setFlagsFromString('--stack-trace-limit=0');
  const rows: string[] = [];
  for (const name of names) {
    const json = JSON.parse(readFileSync(join(HISTORIES, `${name}.json`), 'utf8')) as Record<string, unknown>;
    const events = (json.events as unknown[]).length;
    const histories = Array.from({ length: ROUNDS }, (_, i) => ({
      workflowId: `${name}-${i}`,
      history: historyFromJSON(json),
    }));
    await replayAll(histories.slice(0, 3)); // warm-up: the bundle loaded, the code compiled
    const cpuPerReplay: number[] = [];
    const wallPerReplay: number[] = [];
    for (let batch = 0; batch < BATCHES; batch++) {
      const cpu = process.cpuUsage();
      const wall = process.hrtime.bigint();
      await replayAll(histories);
      const used = process.cpuUsage(cpu);
      wallPerReplay.push(Number(process.hrtime.bigint() - wall) / 1e6 / ROUNDS);
      cpuPerReplay.push((used.user + used.system) / 1000 / ROUNDS);
    }
    const cpuMs = median(cpuPerReplay);
    rows.push(
      `| ${name} | ${events} | ${BATCHES} × ${ROUNDS} | ${cpuMs.toFixed(1)} ms (${Math.min(...cpuPerReplay).toFixed(1)}–${Math.max(...cpuPerReplay).toFixed(1)}) | ${((cpuMs / events) * 1000).toFixed(0)} µs | ${median(wallPerReplay).toFixed(1)} ms |`,
    );
  }
  console.log(
    '\n| history | events | batches × replays | CPU per replay, median (min–max of batches) | CPU per event | wall per replay |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\nbundle ${BUNDLE}; stack traces in the sandbox ${stacks ? 'on' : 'off (as the worker by default)'}; ` +
      `CPU is the whole process's (all threads), median of the batches, after 3 warm-up replays`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
