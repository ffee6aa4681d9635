import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import * as workflows from '@gotong/workflows';
import { workerTracing } from '@gotong/observability/tracing';
import { HISTORIES_DIR } from './support/histories';

/**
 * Replays every stored history (test/replay/histories) against the current
 * workflow code. A change that would break running workflows (a reordered
 * activity, a removed timer) fails here; such changes go behind `patched()`.
 * New shapes of history are recorded with `RECORD_HISTORIES=1 npm run jest -- test/project-workflows.spec.ts test/incident-workflows.spec.ts`.
 */
describe('workflow replay', () => {
  const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
  const histories = files.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'))),
  }));

  it('has a stored history for every workflow type', () => {
    const types = new Set(
      histories.map(
        ({ history }) =>
          history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown',
      ),
    );
    expect([...types].sort()).toEqual(Object.keys(workflows).sort());
  });

  it('replays every stored history without non-determinism', async () => {
    const results = Worker.runReplayHistories(
      {
        workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE! },
        replayName: 'gotong-replay',
        // The tracing interceptors' sink (dropping the spans), as the worker registers it.
        sinks: workerTracing(null).sinks,
      },
      histories,
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });
});
