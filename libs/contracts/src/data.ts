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

/** One decision on a reconciliation (a run per decision; the API names it). */
export function reconciliationDecisionWorkflowId(reconciliationId: string, decisionId: string): string {
  return `data-reconciliation-decision-${reconciliationId}-${decisionId}`;
}

/** One revision of a published figure (a run per revision; the API names it). */
export function figureRevisionWorkflowId(revisionId: string): string {
  return `data-figure-revision-${revisionId}`;
}

/** The reconciliation named does not exist (the API answers 404). */
export const DATA_RECONCILIATION_NOT_FOUND = 'DataReconciliationNotFound';

export interface ReconciliationDecisionInput {
  reconciliationId: string;
  /** Names the decision (its workflow id, see reconciliationDecisionWorkflowId). */
  decisionId: string;
  /** One figure per cell (conflict id), already expanded from per-cell and bulk decisions. */
  decisions: { conflictId: string; value: number }[];
  reasoning: string;
  actor: Actor;
}

export interface ReconciliationDecision {
  id: string;
  decisionId: string;
  status: 'OPEN' | 'RESOLVED';
  decided: ConflictResolution[];
}

export interface FigureRevisionInput {
  revisionId: string;
  indicatorCode: string;
  areaCode: string;
  period: string;
  breakdown: string;
  value: number;
  reason: string;
  actor: Actor;
}

export interface FigureRevision {
  id: string;
  oldValue: number;
  value: number;
}
