import type { CollectionPeriodicity } from '@gotong/domain/data-standard/collections';

/**
 * A recurring data collection (docs/domain.md): a Temporal Schedule whose action starts
 * `dataCollectionWorkflow`, which opens the request of the period that has just ended. The request id is
 * derived from the collection id and the period, so a retried or doubled action opens nothing twice.
 */
export interface DataCollectionRunInput {
  collectionId: string;
  periodicity: CollectionPeriodicity;
  /** The period to open; by default the one that ended by the schedule's nominal time (its scheduled start). */
  period?: string;
}

export interface DataCollectionRunResult {
  collectionId: string;
  period: string;
  requestId: string;
  /** False when the period's request was already open (a doubled or retried action). */
  opened: boolean;
}

/** The collection's Temporal Schedule. */
export const dataCollectionScheduleId = (collectionId: string): string => `data-collection-${collectionId}`;

/** The id prefix of the workflows the schedule starts (Temporal appends the scheduled time). */
export const dataCollectionWorkflowIdPrefix = (collectionId: string): string =>
  `data-collection-run-${collectionId}`;

/**
 * The run that catches up one missed period when the walidata asks (started directly, not through the
 * schedule): one id per collection and period, so asking twice starts one run.
 */
export const dataCollectionCatchUpWorkflowId = (collectionId: string, period: string): string =>
  `data-collection-catch-up-${collectionId}-${period}`;
