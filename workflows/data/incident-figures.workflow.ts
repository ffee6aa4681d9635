import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { IncidentFiguresInput, IncidentFiguresPublication } from '@gotong/contracts/incident-figures';
import { iso, projections } from '../projections';

/**
 * The walidata publishes a closed incident's sitrep figures (held while it was open), one run per call
 * (incidentFiguresWorkflowId): one idempotent activity at the run's workflow time releases them into the
 * normal publication path. A refusal (an unknown incident, one still open) fails the run with the activity's
 * own failure type, which the API turns into 404 or 409.
 */
export async function dataIncidentFiguresWorkflow(
  input: IncidentFiguresInput,
): Promise<IncidentFiguresPublication> {
  try {
    return await projections.publishIncidentFigures({ ...input, at: iso(Date.now()) });
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.nonRetryable(error.cause.message, error.cause.type);
    }
    throw error;
  }
}
