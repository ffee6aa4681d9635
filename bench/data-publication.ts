/**
 * Regency-scale data publication benchmark (`npm run bench:data`).
 *
 * A whole-regency data request (every desa and kelurahan of Kabupaten Probolinggo, 3 indicators, two of them
 * by sex L/P: 5 cells per area) answered by two OPDs that disagree in 100 desa. Timed, per run:
 *   1. accept → published for the first OPD (its figures are published, basis SINGLE);
 *   2. accept → published for the second OPD (conflict detection: the agreeing cells become CONCORDANT, the
 *      disagreeing ones open conflicts gathered into one reconciliation);
 *   3. the walidata's bulk decision on that reconciliation (every cell, published as RECONCILED).
 *
 * It runs the activity functions directly (createActivities, as the Temporal worker does, without Temporal or
 * the API) against a fresh PostgreSQL database of its own on loopback, which it drops at the end. Each run
 * uses its own period, so runs do not see each other's figures.
 *
 * Options (environment): BENCH_RUNS (default 5), TEST_DATABASE_SERVER (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createActivities } from '@gotong/activities';
import { dropDatabase, ensureDatabase, migrate } from '@gotong/database/migrator';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import { indicatorFieldKey } from '@gotong/domain/data-standard/forms';
import type { IndicatorStandard } from '@gotong/domain/data-standard/standard';
import { expandAreaSelection } from '@gotong/domain/region';
import type { Actor } from '@gotong/domain/roles';
import { seedReference } from '../prisma/seed';

const TARGET_MS = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DISAGREEING_DESA = 100;
const ROOT = join(__dirname, '..', '..');

const INDICATORS: { code: string; bySex: boolean }[] = [
  { code: 'BENCH_PENDUDUK', bySex: true },
  { code: 'BENCH_BALITA', bySex: true },
  { code: 'BENCH_RT_MISKIN', bySex: false },
];

function standardOf(code: string, bySex: boolean, producers: string[]): IndicatorStandard {
  return {
    code,
    name: `Benchmark ${code}`,
    definition: 'Indikator untuk mengukur publikasi data satu pintu seluas kabupaten.',
    unit: 'jiwa',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'yearly',
    breakdown: bySex
      ? {
          dimension: 'sex',
          categories: [
            { code: 'L', label: 'Laki-laki' },
            { code: 'P', label: 'Perempuan' },
          ],
        }
      : null,
    producers,
    jumpFactor: 100,
    metadata: { source: 'Benchmark', method: 'Benchmark', contact: 'Walidata Diskominfo' },
  } as unknown as IndicatorStandard;
}

/** The contribution values of one OPD: per indicator (and category) a map desa → figure. */
function valuesOf(areas: string[], disputed: Set<string>, offset: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  INDICATORS.forEach(({ code, bySex }, i) => {
    for (const category of bySex ? ['L', 'P'] : [undefined]) {
      values[indicatorFieldKey(code, category)] = Object.fromEntries(
        areas.map((a, j) => [a, 100 + i * 7 + j + (disputed.has(a) ? offset : 0)]),
      );
    }
  });
  return values;
}

interface Setup {
  db: Database;
  walidata: Actor;
  agencies: { id: string; code: string; userId: string }[];
  areas: string[];
}

async function openRequest(setup: Setup, period: string) {
  const { db, walidata, agencies, areas } = setup;
  const projectId = randomUUID();
  const disputed = new Set(areas.slice(0, DISAGREEING_DESA));
  await db.jointProject.create({
    data: {
      id: projectId,
      workflowId: `bench-project-${projectId}`,
      title: `Benchmark ${period}`,
      leadUserId: walidata.userId,
      leadAgencyId: walidata.agencyId,
    },
  });
  const indicators = await db.indicator.findMany({ where: { code: { in: INDICATORS.map((i) => i.code) } } });
  await db.dataRequest.create({
    data: {
      id: randomUUID(),
      projectId,
      title: `Benchmark ${period}`,
      period,
      areas,
      indicators: INDICATORS.map(({ code, bySex }) => ({
        code,
        version: indicators.find((i) => i.code === code)!.version,
        fieldKeys: bySex
          ? [indicatorFieldKey(code, 'L'), indicatorFieldKey(code, 'P')]
          : [indicatorFieldKey(code)],
      })),
      requestedById: walidata.userId,
    },
  });
  const tasks = [];
  for (const [n, agency] of agencies.entries()) {
    const taskId = randomUUID();
    const contributionId = randomUUID();
    await db.task.create({
      data: {
        id: taskId,
        projectId,
        workflowId: `bench-task-${taskId}`,
        agencyId: agency.id,
        title: `Data ${agency.code}`,
        status: 'SUBMITTED' as never,
        dueAt: new Date(Date.now() + 86_400_000),
      },
    });
    const values = valuesOf(areas, disputed, n === 0 ? 0 : 50);
    await db.contribution.create({
      data: {
        id: contributionId,
        taskId,
        version: 1,
        values: values as never,
        submittedById: agency.userId,
        submittedAt: new Date(),
      },
    });
    tasks.push({ taskId, contributionId, bodyBytes: Buffer.byteLength(JSON.stringify({ values })) });
  }
  return { projectId, tasks };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result?: T; error?: string }> {
  const started = performance.now();
  try {
    const result = await fn();
    return { ms: performance.now() - started, result };
  } catch (e) {
    return {
      ms: performance.now() - started,
      error: e instanceof Error ? e.message.split('\n').slice(-3).join(' ') : String(e),
    };
  }
}

async function main(): Promise<void> {
  const server = new URL(process.env.TEST_DATABASE_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/gotong_bench_${randomBytes(3).toString('hex')}`;
  const databaseUrl = server.toString();
  console.log(
    `data publication benchmark: activity functions called directly (createActivities), no Temporal, no API`,
  );
  console.log(`database ${server.pathname.slice(1)} on ${server.host} (dropped at the end); ${RUNS} runs`);
  await ensureDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  const rows: { phase: string; cells: number; ms: number; error?: string }[] = [];
  try {
    await migrate(databaseUrl, join(ROOT, 'prisma', 'migrations'));
    await seedReference(db);
    const walidataAgency = await db.agency.findUniqueOrThrow({ where: { code: 'DISKOMINFO' } });
    const suffix = randomBytes(2).toString('hex');
    const user = (username: string, role: string, agencyId: string) =>
      db.user.create({
        data: {
          username: `${username}.${suffix}`,
          fullName: username,
          role: role as never,
          position: 'Benchmark',
          agencyId,
          passwordHash: 'x',
        },
      });
    const walidataUser = await user('bench.walidata', 'WALIDATA', walidataAgency.id);
    const walidata: Actor = { userId: walidataUser.id, agencyId: walidataAgency.id, role: 'WALIDATA' };
    const agencies: Setup['agencies'] = [];
    for (const code of ['DINKES', 'DP3AP2KB']) {
      const agency = await db.agency.findUniqueOrThrow({ where: { code } });
      const staff = await user(`bench.${code.toLowerCase()}`, 'STAFF', agency.id);
      agencies.push({ id: agency.id, code, userId: staff.id });
    }
    for (const { code, bySex } of INDICATORS) {
      const standard = standardOf(code, bySex, ['DINKES', 'DP3AP2KB']);
      await db.indicator.create({
        data: { code, version: 1, name: standard.name, unit: standard.unit, standard: standard as never },
      });
    }
    const areas = [...expandAreaSelection(['35.13']).villages].sort();
    const cellsPerOpd = areas.length * 5;
    const setup: Setup = { db, walidata, agencies, areas };
    const activities = createActivities({ db });
    console.log(
      `request: ${areas.length} areas × 3 indicators (2 by sex L/P) = ${cellsPerOpd} cells per OPD; 2 OPDs, disagreeing in ${DISAGREEING_DESA} desa`,
    );

    for (let run = 0; run < RUNS; run++) {
      const period = String(2101 + run);
      const { projectId, tasks } = await openRequest(setup, period);
      if (run === 0)
        console.log(`contribution body: ${(tasks[0]!.bodyBytes / 1024).toFixed(0)} kB of JSON per OPD`);
      for (const [n, task] of tasks.entries()) {
        const result = await timed(() =>
          activities.recordContributionReviewed({
            contributionId: task.contributionId,
            taskId: task.taskId,
            projectId,
            decision: 'ACCEPT',
            note: null,
            actor: walidata,
            at: new Date().toISOString(),
          }),
        );
        rows.push({
          phase: n === 0 ? 'accept OPD 1 → published' : 'accept OPD 2 → conflicts',
          cells: cellsPerOpd,
          ...result,
        });
      }
      const reconciliation = await db.dataReconciliation.findFirst({
        where: { sourceProjectId: projectId },
        include: { conflicts: { include: { values: true } } },
      });
      let conflicts = 0;
      if (reconciliation) {
        const decisions = reconciliation.conflicts.map((c) => ({
          conflictId: c.id,
          value: Number(c.values.find((v) => v.agencyId === agencies[0]!.id)!.value),
        }));
        conflicts = decisions.length;
        const decided = await timed(() =>
          activities.resolveReconciliation({
            reconciliationId: reconciliation.id,
            decisionId: randomUUID(),
            decisions,
            reasoning: 'Benchmark: angka DINKES diterima.',
            actor: walidata,
            at: new Date().toISOString(),
          }),
        );
        rows.push({ phase: 'bulk decision → published', cells: decisions.length, ...decided });
      } else {
        rows.push({
          phase: 'bulk decision → published',
          cells: 0,
          ms: 0,
          error: 'no reconciliation was opened',
        });
      }
      const published = await db.publishedFigure.count({ where: { period } });
      const open = await db.dataConflict.count({ where: { period, status: 'OPEN' } });
      console.log(
        `run ${run + 1}: ${rows
          .slice(-3)
          .map(
            (r) => `${r.phase} ${r.error ? `FAILED after ${r.ms.toFixed(0)} ms` : `${r.ms.toFixed(0)} ms`}`,
          )
          .join('; ')}; conflicts ${conflicts}, published ${published}/${cellsPerOpd}, open ${open}`,
      );
    }

    console.log('');
    console.log(
      'phase                         cells   median ms   min ms   max ms   cells/s (median)   vs 5 s target',
    );
    for (const phase of [...new Set(rows.map((r) => r.phase))]) {
      const mine = rows.filter((r) => r.phase === phase);
      const ok = mine
        .filter((r) => !r.error)
        .map((r) => r.ms)
        .sort((a, b) => a - b);
      const failed = mine.length - ok.length;
      const cells = mine[0]!.cells;
      if (ok.length === 0) {
        console.log(
          `${phase.padEnd(29)} ${String(cells).padStart(5)}   all ${failed} runs failed: ${mine[0]!.error}`,
        );
        continue;
      }
      const median = ok[Math.floor((ok.length - 1) / 2)]!;
      console.log(
        `${phase.padEnd(29)} ${String(cells).padStart(5)}   ${median.toFixed(0).padStart(9)}   ${ok[0]!.toFixed(0).padStart(6)}   ${ok[ok.length - 1]!.toFixed(0).padStart(6)}   ${(cells / (median / 1000)).toFixed(0).padStart(16)}   ${(median / TARGET_MS).toFixed(2)}×${failed > 0 ? `   (${failed} of ${mine.length} runs failed: ${mine.find((r) => r.error)!.error})` : ''}`,
      );
    }
  } finally {
    await db.$disconnect();
    await dropDatabase(databaseUrl);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
