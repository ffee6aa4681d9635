/**
 * An OPD's decision on a proposal: the form of its agency task (seeded template `usulan-musrenbang`), the rule a
 * submission is judged by, and the status of a proposal from its OPDs' decisions. The task workflow and the API
 * judge a submission with validateContribution against this form, whose `requiredWhen` fields carry the rule:
 * TERIMA needs the Renja activity (program, kegiatan, sub kegiatan), the budget line (kode rekening) and a pagu
 * above zero; TOLAK needs a reason. Pure.
 */
import { validateContribution, type FormSchema } from '../form-schema';

export const ACCEPT = 'TERIMA';
export const DECLINE = 'TOLAK';

const WHEN_ACCEPTED = { field: 'keputusan', equals: ACCEPT } as const;

export const PLANNING_DECISION_FORM: FormSchema = {
  fields: [
    {
      key: 'keputusan',
      label: 'Keputusan OPD atas usulan',
      type: 'select',
      required: true,
      options: [ACCEPT, DECLINE],
      help: 'TERIMA: usulan masuk Renja dengan kegiatan dan pagu; TOLAK: sebutkan alasannya.',
    },
    { key: 'program', label: 'Program (Renja)', type: 'text', required: false, requiredWhen: WHEN_ACCEPTED },
    {
      key: 'kegiatan',
      label: 'Kegiatan (Renja)',
      type: 'text',
      required: false,
      requiredWhen: WHEN_ACCEPTED,
    },
    {
      key: 'subKegiatan',
      label: 'Sub kegiatan (Renja)',
      type: 'text',
      required: false,
      requiredWhen: WHEN_ACCEPTED,
    },
    {
      key: 'kodeRekening',
      label: 'Kode rekening / sub kegiatan anggaran',
      type: 'text',
      required: false,
      requiredWhen: WHEN_ACCEPTED,
    },
    {
      key: 'pagu',
      label: 'Pagu indikatif',
      type: 'integer',
      unit: 'Rp',
      min: 1,
      required: false,
      requiredWhen: WHEN_ACCEPTED,
    },
    {
      key: 'alasan',
      label: 'Alasan penolakan',
      type: 'longtext',
      required: false,
      requiredWhen: { field: 'keputusan', equals: DECLINE },
    },
  ],
};

/** Problems with a decision ('pagu: is required'), by the task form's own rule. */
export function decisionProblems(values: unknown, form: FormSchema = PLANNING_DECISION_FORM): string[] {
  const check = validateContribution(form, values);
  return check.ok ? [] : check.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
}

export type DecisionKind = 'ACCEPTED' | 'DECLINED';

export interface PlanningDecision {
  decision: DecisionKind;
  program: string | null;
  kegiatan: string | null;
  subKegiatan: string | null;
  kodeRekening: string | null;
  pagu: number | null;
  reason: string | null;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The decision a completed task's accepted values carry, or null (no decision, or not this form's values). */
export function decisionOf(values: unknown): PlanningDecision | null {
  if (typeof values !== 'object' || values === null) return null;
  const v = values as Record<string, unknown>;
  if (v['keputusan'] !== ACCEPT && v['keputusan'] !== DECLINE) return null;
  return {
    decision: v['keputusan'] === ACCEPT ? 'ACCEPTED' : 'DECLINED',
    program: text(v['program']),
    kegiatan: text(v['kegiatan']),
    subKegiatan: text(v['subKegiatan']),
    kodeRekening: text(v['kodeRekening']),
    pagu: typeof v['pagu'] === 'number' ? v['pagu'] : null,
    reason: text(v['alasan']),
  };
}

/** What is stored of a proposal: routed (its OPDs decide), waiting for routing, or owned by nobody yet. */
export type StoredProposalStatus = 'SUBMITTED' | 'UNOWNED' | 'ROUTED';
export type ProposalStatus = StoredProposalStatus | 'ACCEPTED' | 'PARTLY_ACCEPTED' | 'DECLINED';
export const PROPOSAL_STATUSES: readonly ProposalStatus[] = [
  'SUBMITTED',
  'UNOWNED',
  'ROUTED',
  'ACCEPTED',
  'PARTLY_ACCEPTED',
  'DECLINED',
];

/** One OPD's decision as far as the figures are concerned. */
export interface DecisionFacts {
  agencyCode: string;
  /** Whether the task is still open (not completed, cancelled or closed). */
  open: boolean;
  dueAtMs: number;
  escalationLevel: number;
  decision: PlanningDecision | null;
}

/**
 * A routed proposal's status from its OPDs' decisions: ROUTED while any is open, else ACCEPTED (all accepted),
 * DECLINED (none accepted) or PARTLY_ACCEPTED.
 */
export function proposalStatus(
  stored: StoredProposalStatus,
  decisions: readonly DecisionFacts[],
): ProposalStatus {
  if (stored !== 'ROUTED' || decisions.length === 0 || decisions.some((d) => d.open)) return stored;
  const accepted = decisions.filter((d) => d.decision?.decision === 'ACCEPTED').length;
  if (accepted === decisions.length) return 'ACCEPTED';
  return accepted === 0 ? 'DECLINED' : 'PARTLY_ACCEPTED';
}

/** An open decision past its due date. */
export function isLate(d: DecisionFacts, nowMs: number): boolean {
  return d.open && d.dueAtMs < nowMs;
}

/** An open decision on the escalation ladder (level 1 Kepala OPD or above). */
export function isEscalated(d: DecisionFacts): boolean {
  return d.open && d.escalationLevel >= 1;
}

/** The code of the seeded template whose one step is copied per OPD (prisma/data/templates.ts). */
export const PLANNING_PROPOSAL_TEMPLATE = 'usulan-musrenbang';
