import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
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

/** An instant of workflow time as the ISO string activities and snapshots carry. */
export const iso = (ms: number): string => new Date(ms).toISOString();
