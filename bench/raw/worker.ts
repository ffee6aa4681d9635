/**
 * The raw baseline's worker (bench/raw/workflows.ts), a process of its own beside Gotong's worker, on the same
 * Temporal server and PostgreSQL: `node dist/bench/raw/worker.js`, started by the bench (bench/lib/stack.ts).
 * Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (default "default"), RAW_TASK_QUEUE, RAW_DATABASE_URL, and
 * the slots and pool size Gotong's worker reads (WORKER_ACTIVITY_SLOTS, WORKER_WORKFLOW_TASK_SLOTS,
 * DATABASE_POOL_SIZE), so that both run with the same settings.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import type { RawActivities } from './workflows';

export const RAW_TABLE = 'bench_raw_update';

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const pool = new Pool({ connectionString: env('RAW_DATABASE_URL'), max: int('DATABASE_POOL_SIZE', 10) });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${RAW_TABLE} (
       id bigserial PRIMARY KEY,
       workflow_id text NOT NULL,
       n integer NOT NULL,
       payload text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const activities: RawActivities = {
    async insertRow(workflowId, n, payload) {
      await pool.query(`INSERT INTO ${RAW_TABLE} (workflow_id, n, payload) VALUES ($1, $2, $3)`, [
        workflowId,
        n,
        payload,
      ]);
    },
  };
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env('RAW_TASK_QUEUE'),
    workflowsPath: require.resolve('./workflows'),
    activities,
    maxConcurrentActivityTaskExecutions: int('WORKER_ACTIVITY_SLOTS', 30),
    maxConcurrentWorkflowTaskExecutions: int('WORKER_WORKFLOW_TASK_SLOTS', 40),
  });
  const o = worker.options;
  const pollers = (b: { type: string; maximum?: number; minimum?: number }) =>
    b.type === 'simple-maximum' ? `${b.maximum}` : `autoscaling ${b.minimum}-${b.maximum}`;
  console.log(
    `raw worker settings: workflow-task slots ${int('WORKER_WORKFLOW_TASK_SLOTS', 40)}, activity slots ${int('WORKER_ACTIVITY_SLOTS', 30)}, ` +
      `pollers ${pollers(o.workflowTaskPollerBehavior)} workflow-task / ${pollers(o.activityTaskPollerBehavior)} activity, ` +
      `sticky cache ${o.maxCachedWorkflows} workflows, pg pool ${int('DATABASE_POOL_SIZE', 10)}`,
  );
  console.log(`raw worker polling task queue "${env('RAW_TASK_QUEUE')}"`);
  await worker.run();
  await connection.close();
  await pool.end();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
