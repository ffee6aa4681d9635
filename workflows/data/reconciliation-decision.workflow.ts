import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type {
  FigureRevision,
  FigureRevisionInput,
  ReconciliationDecision,
  ReconciliationDecisionInput,
} from '@gotong/contracts/data';
import { INVALID_REQUEST } from '@gotong/contracts/failures';
import { iso, projections } from '../projections';

/** An activity's refusal, rethrown as the run's own failure of the same type (the API maps it to 4xx). */
function refusal(error: unknown): unknown {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return ApplicationFailure.nonRetryable(error.cause.message, error.cause.type);
  }
  return error;
}

/**
 * The walidata's decisions on a reconciliation (reconciliationDecisionWorkflowId, one run per decision): each
 * named cell is published as RECONCILED with the shared reasoning, all or nothing, by one idempotent activity
 * at the decision's workflow time; the reconciliation is RESOLVED once no cell is left open.
 */
export async function dataReconciliationDecisionWorkflow(
  input: ReconciliationDecisionInput,
): Promise<ReconciliationDecision> {
  const reasoning = typeof input.reasoning === 'string' ? input.reasoning.trim() : '';
  if (reasoning === '') throw ApplicationFailure.nonRetryable('reasoning: is required', INVALID_REQUEST);
  if (!Array.isArray(input.decisions) || input.decisions.length === 0) {
    throw ApplicationFailure.nonRetryable('decisions: name at least one cell', INVALID_REQUEST);
  }
  for (const [i, d] of input.decisions.entries()) {
    if (typeof d.value !== 'number' || !Number.isFinite(d.value) || d.value < 0) {
      throw ApplicationFailure.nonRetryable(
        `decisions.${i}.value: must be a number of 0 or more`,
        INVALID_REQUEST,
      );
    }
  }
  try {
    return await projections.resolveReconciliation({ ...input, reasoning, at: iso(Date.now()) });
  } catch (error) {
    throw refusal(error);
  }
}

/**
 * The walidata's explicit revision of a published figure, with its reason (figureRevisionWorkflowId, one run
 * per revision): the old figure goes into the history and the revision is an audit event.
 */
export async function dataFigureRevisionWorkflow(input: FigureRevisionInput): Promise<FigureRevision> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason === '') {
    throw ApplicationFailure.nonRetryable(
      'reason: a revision of a published figure names its reason',
      INVALID_REQUEST,
    );
  }
  try {
    return await projections.revisePublishedFigure({ ...input, reason, at: iso(Date.now()) });
  } catch (error) {
    throw refusal(error);
  }
}
