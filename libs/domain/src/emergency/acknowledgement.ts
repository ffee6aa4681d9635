/**
 * An OPD's acknowledgement of its mobilisation: ready or "not ready", and what its acknowledgement tasks add
 * up to. Pure.
 */

/** Whether an acknowledgement's values say the OPD is ready (`siap`); only an explicit `false` is "not ready". */
export function isReady(values: unknown): boolean {
  return !(
    typeof values === 'object' &&
    values !== null &&
    (values as Record<string, unknown>)['siap'] === false
  );
}

/** The step key of an OPD's acknowledgement: `ack-<opd>`, and `ack-<opd>-ulang-<n>` for the n-th follow-up. */
export function acknowledgementKey(agencyCode: string, followUp = 0): string {
  const base = `ack-${agencyCode.toLowerCase()}`;
  return followUp > 0 ? `${base}-ulang-${followUp}` : base;
}

/** The OPD code (lower case) an acknowledgement's step key names, or null for another key. */
export function agencyOfAcknowledgementKey(stepKey: string): string | null {
  const match = /^ack-(.+?)(?:-ulang-\d+)?$/.exec(stepKey);
  return match ? match[1]! : null;
}

export interface AcknowledgementTask {
  status: string;
  /** The acknowledgement's values once sent. */
  result: unknown;
  completedAt: Date | string | null;
}

/**
 * What an OPD's acknowledgement tasks (in the order they were opened) add up to: `ready` true once one said
 * ready, false while the last one sent said "not ready", null before any was sent; `acknowledgedAt` when it
 * first said ready; `followUps` how many follow-up acknowledgements it was given after a "not ready".
 */
export function acknowledgementState(tasks: readonly AcknowledgementTask[]): {
  ready: boolean | null;
  acknowledgedAt: Date | string | null;
  followUps: number;
} {
  const sent = tasks.filter((t) => t.status === 'COMPLETED');
  const firstReady = sent.find((t) => isReady(t.result));
  return {
    ready: firstReady ? true : sent.length > 0 ? false : null,
    acknowledgedAt: firstReady?.completedAt ?? null,
    followUps: Math.max(0, tasks.length - 1),
  };
}
