import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORIES_DIR = join(__dirname, '../replay/histories');

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history as a replay
 * fixture (test/replay/histories/<name>.json), in the JSON form that
 * `temporal workflow show --output json` and the Temporal UI export produce.
 * `options.runId` picks one run of a workflow that continued as new (the CLI
 * shows the latest run otherwise). Run once when a workflow gains a new
 * shape; the replay test then guards every stored history against
 * non-deterministic changes to workflow code.
 */
export async function recordHistory(
  handle: WorkflowHandle,
  name: string,
  options: { runId?: string } = {},
): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await handle.result();
  const json = execFileSync(
    process.env.TEMPORAL_CLI!,
    [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      // A run of a workflow that continued as new (e.g. its first); by default the latest run.
      ...(options.runId ? ['--run-id', options.runId] : []),
      '--address',
      process.env.TEMPORAL_ADDRESS!,
      '--output',
      'json',
    ],
    { encoding: 'utf8' },
  );
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(JSON.parse(json), null, 2) + '\n');
}
