import { performance } from 'node:perf_hooks';
import {
  ApplicationFailure,
  CancelledFailure,
  CompleteAsyncError,
  type MetricMeter,
} from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export type ActivityOutcome = 'completed' | 'failed' | 'non_retryable' | 'cancelled' | 'async';

function outcomeOf(error: unknown): ActivityOutcome {
  if (error instanceof CompleteAsyncError) return 'async';
  if (error instanceof CancelledFailure) return 'cancelled';
  if (error instanceof ApplicationFailure && error.nonRetryable) return 'non_retryable';
  return 'failed';
}

/**
 * Activity outcomes on the Temporal Runtime's meter, so that they are served with the SDK's own metrics on
 * the worker's one Prometheus endpoint (WORKER_METRICS_ADDRESS):
 * - `gotong_activity_executions_total{activity_type, outcome, task_queue}` — completed, failed
 *   (retried by Temporal), non_retryable, cancelled;
 * - `gotong_activity_duration_seconds{activity_type, outcome, task_queue}` — the attempt's run time.
 * And one log line per failed attempt (warn) and, with `logCompletions` (LOG_LEVEL debug or trace), per
 * completed one (debug), through the activity's context logger: workflowId, workflowType, activityType,
 * attempt and, when traced, trace_id. (Off, the SDK does not even build the line.)
 */
export function activityObservability(
  meter: MetricMeter,
  options: { logCompletions?: boolean } = {},
): ActivityInterceptorsFactory {
  const executions = meter.createCounter(
    'gotong_activity_executions',
    undefined,
    'Activity attempts by type and outcome (completed, failed, non_retryable, cancelled).',
  );
  const duration = meter.createHistogram(
    'gotong_activity_duration_seconds',
    'float',
    's',
    'Run time of activity attempts by type and outcome, in seconds.',
  );
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const started = performance.now();
        const tags = { activity_type: ctx.info.activityType, task_queue: ctx.info.taskQueue };
        try {
          const result = await next(input);
          const ms = performance.now() - started;
          executions.add(1, { ...tags, outcome: 'completed' });
          duration.record(ms / 1000, { ...tags, outcome: 'completed' });
          if (options.logCompletions) ctx.log.debug('activity completed', { durationMs: Math.round(ms) });
          return result;
        } catch (error) {
          const ms = performance.now() - started;
          const outcome = outcomeOf(error);
          if (outcome !== 'async') {
            executions.add(1, { ...tags, outcome });
            duration.record(ms / 1000, { ...tags, outcome });
            ctx.log.warn('activity failed', {
              outcome,
              attempt: ctx.info.attempt,
              durationMs: Math.round(ms),
              error: (error as Error).message,
            });
          }
          throw error;
        }
      },
    },
  });
}
