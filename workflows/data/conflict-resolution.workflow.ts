import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { ConflictResolution, ConflictResolutionInput } from '@gotong/contracts/data';
import { INVALID_REQUEST } from '@gotong/contracts/failures';
import { iso, projections } from '../projections';

/**
 * The walidata's decision on a data conflict, one run per conflict (conflictResolutionWorkflowId): the agreed
 * figure is published as RECONCILED, the OPDs' figures are superseded and the conflict is closed, all by one
 * idempotent activity at the decision's workflow time. The API starts it, waits for the result and answers
 * with it; a refusal (an unknown conflict, one already resolved) fails the run with the activity's own
 * failure type, which the API turns into 404 or 409.
 */
export async function dataConflictResolutionWorkflow(
  input: ConflictResolutionInput,
): Promise<ConflictResolution> {
  const reasoning = typeof input.reasoning === 'string' ? input.reasoning.trim() : '';
  if (typeof input.value !== 'number' || !Number.isFinite(input.value) || input.value < 0) {
    throw ApplicationFailure.nonRetryable('value: must be a number of 0 or more', INVALID_REQUEST);
  }
  if (reasoning === '') throw ApplicationFailure.nonRetryable('reasoning: is required', INVALID_REQUEST);
  try {
    return await projections.resolveDataConflict({ ...input, reasoning, at: iso(Date.now()) });
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.nonRetryable(error.cause.message, error.cause.type);
    }
    throw error;
  }
}
