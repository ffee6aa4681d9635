import type { BenchContext, BenchRow } from '../lib/context';
import { Chain, createChainTemplate } from '../lib/gotong';
import { envNumber, formatPercentiles, percentiles, ratio } from '../lib/stats';

/**
 * P1 step latency, one user at a time on an otherwise idle stack, through HTTP as the web app does it: in a
 * project whose steps run in series through four OPDs, the OPD's staff submits its contribution (POST
 * /tasks/:id/contribution: HTTP → workflow Update → projection), the lead accepts it (POST /tasks/:id/review),
 * and the next OPD's staff polls its inbox (GET /inbox every BENCH_P1_POLL_MS, default 25) until the next
 * task is there. BENCH_P1_STEPS steps (default 50) after 3 to warm up.
 * Figures: submit, accept and accept → next task visible (from sending the accept), p50/p95/p99; submit p50
 * against the raw baseline's update p50 (goal ≤ 1.2×).
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const steps = envNumber('BENCH_P1_STEPS', 50);
  const pollMs = envNumber('BENCH_P1_POLL_MS', 25);
  const warmup = 3;
  const length = warmup + steps + 1;
  const code = await createChainTemplate(ctx, length, `p1-${Date.now().toString(36)}`);
  const chain = await Chain.start(ctx, code, length, 'Benchmark P1: latensi langkah');
  await chain.waitVisible(pollMs);
  ctx.log(`P1: ${steps} steps in series, one at a time (+${warmup} to warm up)`);
  const submit: number[] = [];
  const accept: number[] = [];
  const visible: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const t0 = performance.now();
    await chain.submit();
    const t1 = performance.now();
    await chain.accept();
    const t2 = performance.now();
    const seen = await chain.waitVisible(pollMs);
    if (i < warmup) continue;
    submit.push(t1 - t0);
    accept.push(t2 - t1);
    visible.push(seen - t1);
  }
  const s = percentiles(submit);
  const a = percentiles(accept);
  const v = percentiles(visible);
  ctx.figures.set('p1.submit.p50', s.p50);
  ctx.figures.set('p1.accept.p50', a.p50);
  ctx.figures.set('p1.visible.p50', v.p50);
  const raw = ctx.figures.get('raw.update.p50') ?? Number.NaN;
  const submitRatio = s.p50 / raw;
  return [
    {
      scenario: 'P1 submit',
      figure: 'p50 / p95 / p99',
      value: `${formatPercentiles(s)} (n=${s.n})`,
      ratio: ratio(s.p50, raw) ? `${ratio(s.p50, raw)} raw update p50` : undefined,
      goal: 'p50 ≤ 1.2× raw update',
      met: Number.isFinite(submitRatio) ? submitRatio <= 1.2 : undefined,
    },
    { scenario: 'P1 accept', figure: 'p50 / p95 / p99', value: `${formatPercentiles(a)} (n=${a.n})` },
    {
      scenario: 'P1 accept → next task visible',
      figure: 'p50 / p95 / p99',
      value: `${formatPercentiles(v)} (n=${v.n}, inbox polled every ${pollMs} ms)`,
    },
  ];
}
