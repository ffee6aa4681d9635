import type { BenchContext, BenchRow } from '../lib/context';
import { cpuPerOp } from '../lib/cpu';
import { Chain, createChainTemplate, HttpError, pool } from '../lib/gotong';
import { envList, envNumber, rate, ratio, sleep } from '../lib/stats';

/**
 * P2 throughput: completed human steps per second (one step = the OPD's staff finds the task in its inbox,
 * submits, the lead accepts) at each concurrency of BENCH_CONCURRENCY (default 1,4,16,64) for BENCH_SECONDS
 * each (default 15). Each of the c virtual users works its own BENCH_P2_CHAINS (default 2) projects whose
 * steps run in series through four OPDs, round robin: while the next step of one project is being assigned,
 * it works another, as a person with several projects would; with none ready it waits 100 ms. Projects are
 * created (or carried over from the level before) and their first tasks assigned before the window (setup is
 * not counted).
 * Figures per level: steps/s and errors, against the raw baseline's updates/s at the same concurrency (goal
 * ≥ 0.5×; ≥ 20 steps/s on the production topology); CPU per step for each process and all of them summed
 * (goal ≤ 100 ms; the bench's own process, the load generator, is not counted); and whether throughput holds
 * as concurrency rises.
 */
const OPEN_STEP_STATES = ['ASSIGNED', 'CLAIMED', 'RETURNED'];

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const levels = envList('BENCH_CONCURRENCY', [1, 4, 16, 64]);
  const seconds = envNumber('BENCH_SECONDS', 15);
  const perUser = Math.max(1, Math.round(envNumber('BENCH_P2_CHAINS', 2)));
  // Projects carry over from level to level (fewer to create: creating them is slow work of its own). Long
  // enough that no user runs out of steps at the one-user pace P1 measured (or 150 ms a step without P1) over
  // the first level and some of the next; a user who does gets a new project in the window (reported).
  const stepMs = (ctx.figures.get('p1.submit.p50') ?? 75) + (ctx.figures.get('p1.accept.p50') ?? 75);
  const length = Math.min(
    envNumber('BENCH_P2_CHAIN_LENGTH', Math.ceil((seconds * 1000 * 2) / stepMs / perUser) + 2),
    400,
  );
  const all: Chain[] = [];
  const code = await createChainTemplate(ctx, length, `p2-${Date.now().toString(36)}`);
  const rows: BenchRow[] = [];
  const results: { c: number; perSecond: number }[] = [];
  let projects = 0;

  const runLevel = async (c: number) => {
    const newChain = async () => {
      const chain = await Chain.start(ctx, code, length, `Benchmark P2 #${++projects}`);
      all.push(chain);
      return chain;
    };
    const reused = all
      .filter((chain) => chain.length - chain.step >= 2)
      .sort((a, b) => b.length - b.step - (a.length - a.step))
      .slice(0, c * perUser);
    ctx.log(
      `P2: concurrency ${c}: ${c * perUser} projects of ${length} steps in series (${reused.length} carried over), then ${seconds} s of work`,
    );
    const created = await pool(Array.from({ length: c * perUser - reused.length }), 8, newChain);
    // Under load a new project's first task can take a while (setup is not what is measured); one that
    // never comes is left out, and said so.
    const ready = (
      await pool([...reused, ...created], 8, async (chain) =>
        chain.waitVisible(100, 300_000).then(
          () => chain,
          () => undefined,
        ),
      )
    ).filter((chain): chain is Chain => chain !== undefined);
    const missing = c * perUser - ready.length;
    if (ready.length < c)
      throw new Error(`only ${ready.length} of ${c * perUser} projects got their first task`);
    const users = Array.from({ length: c }, (_, u) => ready.filter((_, i) => i % c === u));
    // Let the setup's own work (projections, notifications) settle before the window.
    await sleep(1_000);

    const meter = ctx.cpuMeter();
    await meter.start();
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    let steps = 0;
    let errors = 0;
    let extraProjects = 0;
    const firstErrors = new Map<string, number>();
    const fail = (error: unknown) => {
      errors++;
      const key = error instanceof HttpError ? `HTTP ${error.status}` : (error as Error).message.slice(0, 60);
      firstErrors.set(key, (firstErrors.get(key) ?? 0) + 1);
    };
    // The window closes at the deadline: steps finishing after it (in flight then) are not counted.
    const closing = sleep(seconds * 1000).then(async () => {
      const counted = { steps, errors, elapsed: performance.now() - t0 };
      return { ...counted, cpu: await meter.stop() };
    });
    await Promise.all(
      users.map(async (mine) => {
        let turn = 0;
        let idle = 0;
        while (performance.now() < deadline) {
          const at = turn++ % mine.length;
          let chain = mine[at]!;
          if (chain.done) {
            extraProjects++;
            try {
              chain = await newChain();
              mine[at] = chain;
            } catch (error) {
              fail(error);
              continue;
            }
          }
          try {
            const task = await chain.look();
            if (!task) {
              // Not assigned yet: the next project; a short pause once none of them had work.
              if (++idle >= mine.length) {
                idle = 0;
                await sleep(100);
              }
              continue;
            }
            idle = 0;
            if (OPEN_STEP_STATES.includes(task.status)) await chain.submit();
            await chain.accept();
            steps++;
          } catch (error) {
            chain.unsure = true;
            fail(error);
            await sleep(100);
          }
        }
      }),
    );
    const window = await closing;
    const after = steps - window.steps;
    const perSecond = (window.steps / window.elapsed) * 1000;
    results.push({ c, perSecond });
    const perStep = cpuPerOp(window.cpu, window.steps, ['raw-worker']);
    const raw = ctx.figures.get(`raw.updates_per_s.c${c}`) ?? Number.NaN;
    const vsRaw = perSecond / raw;
    const goal20 = ctx.topology === 'production' ? perSecond >= 20 : undefined;
    ctx.figures.set(`p2.steps_per_s.c${c}`, perSecond);
    ctx.figures.set(`p2.cpu_ms_per_step.c${c}`, perStep.total);
    const errorText =
      errors === 0
        ? '0 errors'
        : `${errors} errors: ${[...firstErrors].map(([k, n]) => `${k} ×${n}`).join(', ')}`;
    rows.push({
      scenario: `P2 throughput c=${c}`,
      figure: 'steps/s (errors)',
      value: `${rate(perSecond)}/s (${window.steps} steps in ${(window.elapsed / 1000).toFixed(1)} s + ${after} finishing after, ${errorText}${extraProjects > 0 ? `, ${extraProjects} projects started in the window` : ''}${missing > 0 ? `, ${missing} projects left out: no first task after 300 s` : ''})`,
      ratio: ratio(perSecond, raw) ? `${ratio(perSecond, raw)} raw updates/s` : undefined,
      goal: ctx.topology === 'production' ? '≥ 20/s and ≥ 0.5× raw' : '≥ 0.5× raw (≥ 20/s on production)',
      met: Number.isFinite(vsRaw) ? vsRaw >= 0.5 && goal20 !== false : goal20,
    });
    rows.push({
      scenario: `P2 CPU per step c=${c}`,
      figure: 'ms per process (all summed)',
      value: perStep.text,
      goal: '≤ 100 ms',
      met: Number.isFinite(perStep.total) ? perStep.total <= 100 : false,
    });
    // The work the window started (deliveries, projections) before the next level's setup.
    await sleep(2_000);
  };
  for (const c of levels) {
    try {
      await runLevel(c);
    } catch (error) {
      ctx.log(`P2 concurrency ${c} failed: ${(error as Error).stack ?? String(error)}`);
      rows.push({
        scenario: `P2 throughput c=${c}`,
        figure: '–',
        value: `FAILED: ${(error as Error).message.slice(0, 200)}`,
      });
    }
  }

  if (results.length > 1) {
    let best = results[0]!;
    const drops: string[] = [];
    for (const r of results.slice(1)) {
      if (r.perSecond < best.perSecond * 0.9)
        drops.push(`c=${r.c} ${rate(r.perSecond)}/s < c=${best.c} ${rate(best.perSecond)}/s`);
      if (r.perSecond > best.perSecond) best = r;
    }
    rows.push({
      scenario: 'P2 scaling',
      figure: 'steps/s as concurrency rises',
      value: results.map((r) => `c=${r.c} ${rate(r.perSecond)}`).join(', '),
      goal: 'not falling (each ≥ 0.9× the best before)',
      met: drops.length === 0,
    });
  }
  return rows;
}
