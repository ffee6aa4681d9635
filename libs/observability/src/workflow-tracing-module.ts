import { join } from 'node:path';

/**
 * The workflow interceptor module for tracing (./workflow-interceptors: @temporalio/interceptors-opentelemetry's
 * workflow interceptors, with ids that leave the workflow's random stream alone), bundled into every workflow
 * bundle (apps/worker/src/workflow-bundle.ts): spans for workflow runs, update and signal handlers and
 * activity scheduling, continuing the caller's trace from the call's headers, carried out of the sandbox by
 * the `exporter` sink that workerTracing (./tracing) registers on the worker. Without an extension: webpack
 * finds the .ts source or the compiled .js.
 */
export const WORKFLOW_TRACING_MODULE = join(__dirname, 'workflow-interceptors');
