import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '@gotong/config/temporal-data-converter';
import { WORKFLOW_TRACING_MODULE } from '@gotong/observability/workflow-tracing-module';

const root = join(__dirname, '../../..');

/** The workflows' entry point: workflows/index.ts, every workflow type the worker registers. */
export const WORKFLOWS_PATH = join(root, 'workflows');

/**
 * The `@gotong/…` import aliases for webpack, from their one definition (tsconfig.json, read by
 * scripts/path-aliases.js). Only source needs them: compiled output (dist/) has relative paths (tsc-alias).
 */
function aliases(): Record<string, string> {
  const helper = join(root, 'scripts/path-aliases.js');
  if (!existsSync(helper)) return {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { aliasDirectories } = require(helper) as { aliasDirectories: () => Record<string, string> };
  return aliasDirectories();
}

/**
 * How workflow code is bundled for Temporal's sandbox, wherever it is bundled (the worker at start-up,
 * scripts/build-workflow-bundle.ts, the tests): webpack learns the `@gotong/…` import aliases.
 */
export function workflowBundleOptions(): Pick<
  BundleOptions,
  'workflowsPath' | 'webpackConfigHook' | 'failureConverterPath' | 'workflowInterceptorModules'
> {
  const alias = aliases();
  return {
    workflowsPath: WORKFLOWS_PATH,
    // Failures raised in workflow code carry their message and stack trace as an (encrypted) payload.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // OpenTelemetry spans for workflow runs, update/signal handlers and activity scheduling (their context
    // comes from the client's headers); they leave the sandbox through the worker's `exporter` sink.
    workflowInterceptorModules: [WORKFLOW_TRACING_MODULE],
    // Temporal's own aliases (e.g. its optional payload-converter modules) are kept; ours are added.
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as Record<string, string>), ...alias },
      },
    }),
  };
}
