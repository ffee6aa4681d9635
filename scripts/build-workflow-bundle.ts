import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../apps/worker/src/workflow-bundle';

/**
 * Bundles workflows/ once for production (the worker loads it instead of
 * bundling at start-up). Output: dist/workflow-bundle.js, or the path given.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? join(process.cwd(), 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode(workflowBundleOptions());
  writeFileSync(out, code);
  console.log(`[workflow-bundle] ${(code.length / 1024).toFixed(0)} KiB written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
