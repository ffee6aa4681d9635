import {
  ActivityCancellationType,
  patched,
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '@gotong/activities';

/**
 * How every workflow calls its projection activities: short, idempotent writes to Postgres, retried with
 * backoff until the database answers (an outage delays a projection, it never loses one).
 */
export const PROJECTION_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

export const projections = proxyActivities<Activities>(PROJECTION_OPTIONS);

/**
 * The same projections as local activities: run by the worker inside the workflow task that asks for them and
 * recorded as a marker, instead of a scheduled activity (three events, an activity task through the server, a
 * second workflow task to read its result). A human step's Update then completes in one workflow task. Retries
 * are the same: in the worker at first, after a minute with a durable timer between attempts, so an outage
 * still only delays a projection. See docs/changing-workflows.md ("local projections").
 */
export const LOCAL_PROJECTION_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

export const LOCAL_PROJECTIONS = 'local-projections';

/** The projections one workflow run calls; histories recorded before the patch keep scheduled activities. */
export type Projections = typeof projections;

/**
 * Chooses, once, at the top of a workflow function (before its first command), how this run calls its
 * projections: local activities, or (a history from before 'local-projections') scheduled ones. Asked once,
 * so a run never mixes the two; a run continued as new asks again and gets the local ones.
 */
export function projectionsOfThisRun(options: { waitForCancellation?: boolean } = {}): Projections {
  const cancellationType = options.waitForCancellation
    ? ActivityCancellationType.WAIT_CANCELLATION_COMPLETED
    : undefined;
  if (patched(LOCAL_PROJECTIONS)) {
    return proxyLocalActivities<Activities>({
      ...LOCAL_PROJECTION_OPTIONS,
      ...(cancellationType !== undefined ? { cancellationType } : {}),
    });
  }
  return scheduledProjections(options);
}

/** Projections as scheduled activities, whatever the run (for work that falls due for many workflows at once). */
export function scheduledProjections(options: { waitForCancellation?: boolean } = {}): Projections {
  return options.waitForCancellation
    ? proxyActivities<Activities>({
        ...PROJECTION_OPTIONS,
        cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
      })
    : projections;
}

/** An instant of workflow time as the ISO string activities and snapshots carry. */
export const iso = (ms: number): string => new Date(ms).toISOString();
