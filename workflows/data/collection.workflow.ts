import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DataCollectionRunInput, DataCollectionRunResult } from '@gotong/contracts/data-collection';
import { periodEndedBy } from '@gotong/domain/data-standard/collections';
import type { Activities } from '@gotong/activities';
import { PROJECTION_OPTIONS } from '../projections';

const { openCollectionPeriod } = proxyActivities<Activities>(PROJECTION_OPTIONS);

/** Set by Temporal on every workflow a Schedule starts: the action's nominal time (also for backfills). */
const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/**
 * One action of a recurring collection's Schedule: opens the request of the period that had ended by the
 * action's nominal time (or the period given), once — the activity derives the request id from the
 * collection and the period, so a doubled or retried action opens nothing twice.
 */
export async function dataCollectionWorkflow(
  input: DataCollectionRunInput,
): Promise<DataCollectionRunResult> {
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  const nominal = scheduled instanceof Date ? scheduled.getTime() : info.startTime.getTime();
  const period = input.period ?? periodEndedBy(nominal, input.periodicity);
  return await openCollectionPeriod({ collectionId: input.collectionId, period });
}
