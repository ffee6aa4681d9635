/**
 * Decisions stick: how a key's verified figures meet the figure already published for it, the reconciliation
 * form an OPD answers (one row per disagreeing cell) and the walidata's decisions on a reconciliation (cell by
 * cell, or one OPD's figure for many cells at once).
 */
import type { FormField } from '../form-schema';
import { detectConflict } from './reconciliation';

export type PublicationBasis = 'SINGLE' | 'CONCORDANT' | 'RECONCILED';

export type PublicationOutcome =
  /** No verified figure for the key. */
  | { kind: 'none' }
  /** Publish (or re-publish) the agreed figure on the OPDs' own authority. */
  | { kind: 'publish'; value: number; basis: 'SINGLE' | 'CONCORDANT' }
  /** The agreed figure equals the reconciled one: it stays, the new figures only add support. */
  | { kind: 'support'; value: number }
  /**
   * The OPDs disagree among themselves, or agree on a figure other than the published one: a conflict;
   * `published` is the figure in dispute (null when nothing is published).
   */
  | { kind: 'conflict'; values: { agencyCode: string; value: number }[]; published: number | null };

const same = (a: number, b: number) => Math.round(a * 10_000) === Math.round(b * 10_000);

/**
 * What the OPDs' current verified figures for one key mean against the published figure. A figure that
 * differs from a published one never replaces it silently: that is a conflict for the walidata (only an
 * explicit revision with a reason changes a published figure without one, see checkRevision).
 */
export function decidePublication(
  current: { agencyCode: string; value: number }[],
  published: { value: number; basis: PublicationBasis } | null,
): PublicationOutcome {
  const check = detectConflict(current);
  if (check.kind === 'none') return { kind: 'none' };
  if (check.kind === 'conflict') {
    return { kind: 'conflict', values: check.values, published: published?.value ?? null };
  }
  const basis = current.length > 1 ? 'CONCORDANT' : 'SINGLE';
  if (!published) return { kind: 'publish', value: check.value, basis };
  if (!same(published.value, check.value)) {
    return { kind: 'conflict', values: dedupe(current), published: published.value };
  }
  return published.basis === 'RECONCILED'
    ? { kind: 'support', value: published.value }
    : { kind: 'publish', value: check.value, basis };
}

function dedupe(values: { agencyCode: string; value: number }[]) {
  const byAgency = new Map(values.map((v) => [v.agencyCode, v.value]));
  return [...byAgency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agencyCode, value]) => ({ agencyCode, value }));
}

/** Problems with a revision of a published figure (empty when it may go ahead). */
export function checkRevision(published: { value: number } | null, value: number, reason: string): string[] {
  const problems: string[] = [];
  if (!published)
    problems.push('figure: nothing is published for this indicator, area, period and breakdown');
  if (!Number.isFinite(value) || value < 0) problems.push('value: must be a number of 0 or more');
  if (reason.trim() === '') problems.push('reason: a revision of a published figure names its reason');
  if (published && Number.isFinite(value) && same(published.value, value)) {
    problems.push(`value: ${value} is already the published figure`);
  }
  return problems;
}

/** One disagreeing cell of a reconciliation as its form shows it. */
export interface ReconciliationCell {
  conflictId: string;
  indicatorCode: string;
  areaCode: string;
  breakdown: string;
  /** The figure published before the dispute, if any. */
  published: number | null;
  /** Each OPD's verified figure. */
  values: { agencyCode: string; value: number }[];
}

/**
 * The order of a reconciliation's cells (as a Prisma orderBy), which numbers the rows of its OPDs' forms:
 * cells that join later come after the rows the forms already have.
 */
export const RECONCILIATION_CELL_ORDER = [
  { openedAt: 'asc' },
  { indicatorCode: 'asc' },
  { areaCode: 'asc' },
  { breakdown: 'asc' },
  { id: 'asc' },
] as const;

/** The form field keys of a cell's row in an OPD's reconciliation form (row n counts from 1). */
export function reconciliationFieldKeys(row: number): { explanation: string; proposal: string } {
  return { explanation: `penjelasan_${row}`, proposal: `usulan_${row}` };
}

/**
 * The reconciliation form of one OPD: a general explanation (source and method), then per cell its own
 * explanation and proposed figure, labelled with the cell and every figure in dispute.
 */
export function reconciliationForm(
  cells: ReconciliationCell[],
  agencyCode: string,
  label: (cell: ReconciliationCell) => string,
): { fields: FormField[] } {
  const fields: FormField[] = [
    { key: 'penjelasan', label: 'Sumber dan metode angka Anda', type: 'longtext', required: true },
  ];
  cells.forEach((cell, i) => {
    const keys = reconciliationFieldKeys(i + 1);
    const own = cell.values.find((v) => v.agencyCode === agencyCode);
    const others = [
      ...cell.values.filter((v) => v.agencyCode !== agencyCode).map((v) => `${v.agencyCode} ${v.value}`),
      ...(cell.published === null ? [] : [`terbit ${cell.published}`]),
    ];
    const figures = `${own ? `Anda ${own.value}` : 'Anda —'}; ${others.join(', ') || '—'}`;
    fields.push(
      {
        key: keys.explanation,
        label: `${label(cell)} (${figures}): penjelasan`,
        type: 'text',
        required: false,
      },
      { key: keys.proposal, label: `${label(cell)}: angka usulan`, type: 'number', required: false, min: 0 },
    );
  });
  return { fields };
}

/** What an OPD said about one cell, read back from its reconciliation contribution. */
export function proposalOf(
  values: Record<string, unknown>,
  row: number,
): { explanation: string | null; proposal: number | null } {
  const keys = reconciliationFieldKeys(row);
  const explanation = values[keys.explanation];
  const proposal = values[keys.proposal];
  return {
    explanation: typeof explanation === 'string' && explanation.trim() !== '' ? explanation.trim() : null,
    proposal: typeof proposal === 'number' && Number.isFinite(proposal) ? proposal : null,
  };
}

/** The walidata's decisions on a reconciliation: per cell, and/or one OPD's figure for many cells. */
export interface ReconciliationDecisionInput {
  decisions?: { conflictId: string; value: number }[];
  accept?: { agencyCode: string; conflictIds: string[] };
}

export type DecisionExpansion =
  { ok: true; decisions: { conflictId: string; value: number }[] } | { ok: false; problems: string[] };

/**
 * Turns the walidata's input into one figure per cell. Every cell named must be an open cell of the
 * reconciliation; a bulk acceptance takes the named OPD's figure and needs that OPD to have one for each cell;
 * a cell may be decided once per decision. Problems name the cell.
 */
export function expandDecisions(
  input: ReconciliationDecisionInput,
  openCells: ReconciliationCell[],
): DecisionExpansion {
  const problems: string[] = [];
  const byId = new Map(openCells.map((c) => [c.conflictId, c]));
  const decided = new Map<string, number>();
  const take = (conflictId: string, value: number, where: string) => {
    if (!byId.has(conflictId)) {
      problems.push(`${where}: ${conflictId} is not an open cell of this reconciliation`);
    } else if (decided.has(conflictId)) {
      problems.push(`${where}: ${conflictId} is decided twice`);
    } else if (!Number.isFinite(value) || value < 0) {
      problems.push(`${where}: value must be a number of 0 or more`);
    } else decided.set(conflictId, value);
  };
  (input.decisions ?? []).forEach((d, i) => take(d.conflictId, d.value, `decisions.${i}`));
  if (input.accept) {
    input.accept.conflictIds.forEach((id, i) => {
      const own = byId.get(id)?.values.find((v) => v.agencyCode === input.accept!.agencyCode);
      if (byId.has(id) && !own) {
        problems.push(`accept.conflictIds.${i}: ${input.accept!.agencyCode} has no figure for ${id}`);
        return;
      }
      take(id, own?.value ?? NaN, `accept.conflictIds.${i}`);
    });
  }
  if (problems.length === 0 && decided.size === 0) problems.push('decisions: name at least one cell');
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, decisions: [...decided.entries()].map(([conflictId, value]) => ({ conflictId, value })) };
}
