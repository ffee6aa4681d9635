import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Temporal's failure converter with `encodeCommonAttributes`: a failure's message and stack trace travel as
 * a payload (the message on the wire reads "Encoded failure"), so the payload codec encrypts them like every
 * other payload. Loaded by path (`failureConverterPath`): by every client and worker through
 * ./temporal-data-converter.ts, and bundled into the workflow sandbox (apps/worker/src/workflow-bundle.ts), where
 * workflow code's own failures are converted. Deterministic: imports nothing but @temporalio/common.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
