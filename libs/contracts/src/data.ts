/**
 * What the data satu pintu workflows are given and answer: the walidata's decision on a conflict.
 */
import type { Actor } from '@gotong/domain/roles';

/** One resolution per conflict: a second decision is refused by Temporal before any code runs. */
export function conflictResolutionWorkflowId(conflictId: string): string {
  return `data-conflict-resolution-${conflictId}`;
}

/** The conflict named does not exist (the API answers 404). */
export const DATA_CONFLICT_NOT_FOUND = 'DataConflictNotFound';

export interface ConflictResolutionInput {
  conflictId: string;
  /** The agreed figure, published with basis RECONCILED. */
  value: number;
  reasoning: string;
  /** The walidata who decided. */
  actor: Actor;
}

export interface ConflictResolution {
  id: string;
  status: 'RESOLVED';
  agreedValue: number;
}
