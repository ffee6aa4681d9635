import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '@gotong/activities';
import type { Database } from '@gotong/database/prisma';
import { WORKFLOW_TRACING_MODULE, workerTracing, type Tracing } from '@gotong/observability/tracing';
import { activityObservability } from './activity-observability';
import { workflowBundleOptions } from './workflow-bundle';

export interface GotongWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  /**
   * The payload codec and failure converter (temporalDataConverter from @gotong/config): required, so that no
   * worker reads or writes payloads in plaintext. The client below must have the same.
   */
  dataConverter: DataConverter;
  /** Temporal client for what activities start themselves (reconciliation projects). */
  client?: Client;
  /** Path of a prebuilt workflow bundle (scripts/build-workflow-bundle); bundles from source when absent. */
  workflowBundlePath?: string | undefined;
  /** How long activities in hand may run on after shutdown begins before they are cancelled (ms). */
  shutdownGraceTime?: number;
  /** Activities and workflow tasks run at once (WORKER_ACTIVITY_SLOTS, WORKER_WORKFLOW_TASK_SLOTS). */
  slots?: { activities: number; workflowTasks: number };
  /** How many workflows stay cached between their workflow tasks (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  /**
   * OpenTelemetry tracing of this process (initTracing from @gotong/observability), or null/absent: then
   * the workflow spans the bundle's tracing interceptor makes are dropped by its sink.
   */
  tracing?: Tracing | null;
  /**
   * Keep stack traces in the workflow sandbox (WORKER_WORKFLOW_STACK_TRACES); default false: see
   * withoutWorkflowStackTraces below.
   */
  workflowStackTraces?: boolean;
  /** One debug line per completed activity (the worker sets it when LOG_LEVEL is debug or trace). */
  logActivityCompletions?: boolean;
}

/** The one place that says which workflows and activities a Gotong worker runs. */
export async function createGotongWorker(options: GotongWorkerOptions): Promise<Worker> {
  const tracing = workerTracing(options.tracing ?? null);
  const source = workflowSource(options.workflowBundlePath);
  return withWorkflowStackTraces(options.workflowStackTraces ?? false, () =>
    Worker.create({
      connection: options.connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      dataConverter: options.dataConverter,
      activities: createActivities({
        db: options.db,
        reconciliation: options.client
          ? { temporal: options.client, taskQueue: options.taskQueue }
          : undefined,
      }),
      ...source,
      // Tracing first, so that the outcome interceptor's log lines run inside the activity's span (trace_id).
      interceptors: {
        ...tracing.interceptors,
        activity: [
          ...(tracing.interceptors.activity ?? []),
          activityObservability(Runtime.instance().metricMeter, {
            logCompletions: options.logActivityCompletions ?? false,
          }),
        ],
        // A prebuilt bundle has the workflow tracing interceptor in it (workflowBundleOptions); a bundle made
        // at start-up gets it here.
        ...('workflowsPath' in source ? { workflowModules: [WORKFLOW_TRACING_MODULE] } : {}),
      },
      sinks: tracing.sinks,
      ...(options.shutdownGraceTime !== undefined ? { shutdownGraceTime: options.shutdownGraceTime } : {}),
      ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
      ...(options.slots
        ? {
            maxConcurrentActivityTaskExecutions: options.slots.activities,
            maxConcurrentWorkflowTaskExecutions: options.slots.workflowTasks,
          }
        : {}),
    }),
  );
}

/** The prebuilt bundle when there is one; otherwise workflows/ bundled from source at start-up. */
function workflowSource(
  bundlePath: string | undefined,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (bundlePath && existsSync(bundlePath)) return { workflowBundle: { codePath: bundlePath } };
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
  // The bundle's failure converter comes from the worker's dataConverter.failureConverterPath.
  return { workflowsPath, bundlerOptions: { webpackConfigHook } };
}

/**
 * Creates the worker with or without stack traces in the workflow sandbox. The SDK keeps the stack of every
 * promise a workflow creates (a promise hook captures and source-maps ten frames each time) so that the "stack
 * trace" query can show where a workflow waits; that was about a third of the workflow threads' CPU per human
 * step (docs/benchmarks.md). The sandbox freezes its `Error`, so the limit is set where V8 takes it from when it
 * creates a context: the `--stack-trace-limit` flag. Worker.create starts the workflow threads and waits until
 * each has made its sandbox (one per thread, reused by every workflow), so the flag is 0 only while it runs;
 * this thread's context (activities, Prisma, the logs) and anything created later keep their stacks. What a
 * workflow does never depends on a stack, so running workflows replay the same and no patch is involved.
 */
async function withWorkflowStackTraces<T>(keep: boolean, create: () => Promise<T>): Promise<T> {
  if (keep) return create();
  const limit = Error.stackTraceLimit;
  setFlagsFromString('--stack-trace-limit=0');
  try {
    return await create();
  } finally {
    setFlagsFromString(`--stack-trace-limit=${limit}`);
  }
}
