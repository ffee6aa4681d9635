import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { LogLevelName } from './logging';
import { PinoTemporalLogger } from './logging';

const CORE_LEVEL: Record<LogLevelName, 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/**
 * Installs the Temporal SDK's Runtime for a worker process (once, before any connection or worker):
 * - its logger is pino: the SDK's lines, Core's (forwarded, at the same level) and the workflow and activity
 *   context loggers', each with workflowId / workflowType / activityType / runId / taskQueue;
 * - its metrics (the SDK's own: workflow task and activity latencies, slots, polls, sticky cache, plus what
 *   the process records on Runtime.metricMeter) are served in Prometheus's format at
 *   http://<metricsAddress>/metrics when an address is given (WORKER_METRICS_ADDRESS). Counters end in
 *   `_total`, durations are in seconds, as Prometheus names them.
 */
export function installTemporalRuntime(options: {
  logger: Logger;
  level: LogLevelName;
  metricsAddress?: string | undefined;
}): Runtime {
  const install = (metricsAddress: string | undefined) =>
    Runtime.install({
      logger: new PinoTemporalLogger(options.logger),
      telemetryOptions: {
        logging: { filter: { core: CORE_LEVEL[options.level], other: 'WARN' }, forward: {} },
        ...(metricsAddress
          ? {
              metrics: {
                prometheus: {
                  bindAddress: metricsAddress,
                  countersTotalSuffix: true,
                  useSecondsForDurations: true,
                },
              },
            }
          : {}),
      },
    });
  if (!options.metricsAddress) return install(undefined);
  try {
    return install(options.metricsAddress);
  } catch (error) {
    // A second worker on the same host with the same address: it runs, without an endpoint of its own.
    options.logger.warn(
      { err: error, metricsAddress: options.metricsAddress },
      `worker metrics not served: ${options.metricsAddress} is not available (give each worker on a host its own WORKER_METRICS_ADDRESS)`,
    );
    return install(undefined);
  }
}
