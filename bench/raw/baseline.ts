import { Client, Connection, WorkflowIdReusePolicy } from '@temporalio/client';
import type { BenchContext, BenchRow } from '../lib/context';
import { cpuPerOp } from '../lib/cpu';
import { envList, envNumber, formatPercentiles, ms, percentiles, rate, sleep } from '../lib/stats';
import type { rawUpdateWorkflow } from './workflows';

/** The update's name (bench/raw/workflows.ts writeRow): the workflow module is not loaded outside a worker. */
const writeRow = 'writeRow';

/**
 * The raw-Temporal baseline: what the same server, machine and run give a bare workflow whose Update runs
 * one activity inserting one row (bench/raw/workflows.ts, its own worker process and task queue). Measured
 * from this process with a client without payload encryption:
 *   - sequential executeUpdate latency (BENCH_RAW_UPDATES, default 200, after 20 to warm up);
 *   - updates per second at each concurrency of BENCH_CONCURRENCY (default 1,4,16,64) for BENCH_SECONDS each
 *     (default 15): that many clients, each sending its next update when the last one answered, each to a
 *     workflow of its own (a new one every UPDATES_PER_WORKFLOW updates); errors; CPU per update per process.
 * Hands 'raw.update.p50' and 'raw.updates_per_s.c<N>' to P1 and P2 (ctx.figures).
 */
const UPDATES_PER_WORKFLOW = 100;
const PAYLOAD = 'Rekap per desa: 37 balita stunting di 5 desa, PMT tersalur ke 120 keluarga.';

export async function runRawBaseline(ctx: BenchContext, taskQueue: string): Promise<BenchRow[]> {
  const sequential = envNumber('BENCH_RAW_UPDATES', 200);
  const seconds = envNumber('BENCH_SECONDS', 15);
  const levels = envList('BENCH_CONCURRENCY', [1, 4, 16, 64]);
  const connection = await Connection.connect({ address: ctx.temporalAddress });
  const client = new Client({ connection, namespace: ctx.namespace });
  const rows: BenchRow[] = [];
  let serial = 0;
  const newWorkflow = async (limit: number) =>
    client.workflow.start<typeof rawUpdateWorkflow>('rawUpdateWorkflow', {
      taskQueue,
      workflowId: `bench-raw-${process.pid}-${serial++}`,
      args: [limit],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  try {
    ctx.log(`raw baseline: ${sequential} sequential updates`);
    const warm = await newWorkflow(20 + sequential);
    for (let i = 0; i < 20; i++) await warm.executeUpdate<number, [string]>(writeRow, { args: [PAYLOAD] });
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const t0 = performance.now();
      await warm.executeUpdate<number, [string]>(writeRow, { args: [PAYLOAD] });
      latencies.push(performance.now() - t0);
    }
    const seq = percentiles(latencies);
    ctx.figures.set('raw.update.p50', seq.p50);
    ctx.figures.set('raw.update.p95', seq.p95);
    ctx.figures.set('raw.update.p99', seq.p99);
    rows.push({
      scenario: 'raw update, sequential',
      figure: 'p50 / p95 / p99',
      value: `${formatPercentiles(seq)} (n=${seq.n})`,
    });

    for (const c of levels) {
      ctx.log(`raw baseline: concurrency ${c} for ${seconds} s`);
      // Each client's first workflow before the window: the window measures updates, not starts.
      const handles = await Promise.all(Array.from({ length: c }, () => newWorkflow(UPDATES_PER_WORKFLOW)));
      const meter = ctx.cpuMeter();
      await meter.start();
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      let done = 0;
      let errors = 0;
      let firstError: string | undefined;
      const times: number[] = [];
      // The window closes at the deadline: updates answered after it (in flight then) are not counted.
      const closing = sleep(seconds * 1000).then(async () => {
        const counted = { done, errors, elapsed: performance.now() - t0 };
        return { ...counted, cpu: await meter.stop() };
      });
      await Promise.all(
        handles.map(async (first) => {
          let handle = first;
          let used = 0;
          while (performance.now() < deadline) {
            if (used === UPDATES_PER_WORKFLOW) {
              handle = await newWorkflow(UPDATES_PER_WORKFLOW);
              used = 0;
            }
            const s = performance.now();
            try {
              used++;
              await handle.executeUpdate<number, [string]>(writeRow, { args: [PAYLOAD] });
              done++;
              times.push(performance.now() - s);
            } catch (error) {
              errors++;
              firstError ??= (error as Error).message;
            }
          }
        }),
      );
      const window = await closing;
      const perSecond = (window.done / window.elapsed) * 1000;
      const perOp = cpuPerOp(window.cpu, window.done, ['mail', 'api', 'worker', 'notifier']);
      ctx.figures.set(`raw.updates_per_s.c${c}`, perSecond);
      ctx.figures.set(`raw.cpu_ms_per_update.c${c}`, perOp.total);
      rows.push({
        scenario: `raw updates/s c=${c}`,
        figure: 'updates/s (p50 latency, errors)',
        value: `${rate(perSecond)}/s (p50 ${ms(percentiles(times).p50)} ms, ${window.errors} errors${firstError ? `: ${firstError.slice(0, 80)}` : ''})`,
      });
      rows.push({
        scenario: `raw CPU per update c=${c}`,
        figure: 'ms per process',
        value: perOp.text,
      });
    }
    return rows;
  } finally {
    await connection.close();
  }
}
