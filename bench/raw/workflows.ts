/**
 * The raw-Temporal baseline of `npm run bench`: the least a human step could cost on this Temporal server. A
 * bare workflow whose Update handler runs ONE activity that inserts one row, nothing else (no projection
 * through Prisma, no payload encryption, no timers). Bundled by bench/raw/worker.ts; deterministic like
 * every workflow.
 */
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

export interface RawActivities {
  insertRow(workflowId: string, n: number, payload: string): Promise<void>;
}

const { insertRow } = proxyActivities<RawActivities>({ startToCloseTimeout: '30 seconds' });

/** The update the baseline measures: returns the row's sequence number in this workflow. */
export const writeRow = defineUpdate<number, [string]>('writeRow');

/** Handles `limit` updates, then completes (a client moves on to a new workflow, keeping histories short). */
export async function rawUpdateWorkflow(limit: number): Promise<number> {
  let n = 0;
  setHandler(writeRow, async (payload: string) => {
    n += 1;
    const seq = n;
    await insertRow(workflowInfo().workflowId, seq, payload);
    return seq;
  });
  await condition(() => n >= limit && allHandlersFinished());
  return n;
}
