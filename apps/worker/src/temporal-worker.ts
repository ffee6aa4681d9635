import { existsSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../../activities/projection.activities';
import type { Database } from '../../../libs/database/src/prisma';

export interface GotongWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  /** Temporal client for what activities start themselves (reconciliation projects). */
  client?: Client;
  /** Path of a prebuilt workflow bundle (scripts/build-workflow-bundle); bundles from source when absent. */
  workflowBundlePath?: string | undefined;
}

/** The one place that says which workflows and activities a Gotong worker runs. */
export async function createGotongWorker(options: GotongWorkerOptions): Promise<Worker> {
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> =
    options.workflowBundlePath && existsSync(options.workflowBundlePath)
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../../../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({
      db: options.db,
      reconciliation: options.client ? { temporal: options.client, taskQueue: options.taskQueue } : undefined,
    }),
    ...workflows,
  });
}
