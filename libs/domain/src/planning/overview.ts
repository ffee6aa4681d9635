/**
 * The year's figures for leadership and BAPPEDA: per kecamatan and per OPD, how many proposals were entered,
 * are unowned, routed, accepted, declined, and how many decisions are late or on the escalation ladder. Pure.
 */
import {
  isEscalated,
  isLate,
  proposalStatus,
  type DecisionFacts,
  type StoredProposalStatus,
} from './decisions';

export interface ProposalFacts {
  kecamatanCode: string;
  stored: StoredProposalStatus;
  decisions: readonly DecisionFacts[];
}

export interface ProposalFigures {
  proposals: number;
  submitted: number;
  unowned: number;
  /** Routed and waiting for at least one OPD. */
  routed: number;
  accepted: number;
  partlyAccepted: number;
  declined: number;
  /** Proposals with at least one open decision past its due date. */
  late: number;
  /** Proposals with at least one open decision on the ladder. */
  escalated: number;
}

export interface OpdFigures {
  agencyCode: string;
  decisions: number;
  accepted: number;
  declined: number;
  open: number;
  late: number;
  escalated: number;
  /** The sum of the pagu of its accepted decisions (rupiah). */
  paguAccepted: number;
}

export interface PlanningOverview {
  totals: ProposalFigures;
  perKecamatan: (ProposalFigures & { kecamatanCode: string })[];
  perOpd: OpdFigures[];
}

function emptyFigures(): ProposalFigures {
  return {
    proposals: 0,
    submitted: 0,
    unowned: 0,
    routed: 0,
    accepted: 0,
    partlyAccepted: 0,
    declined: 0,
    late: 0,
    escalated: 0,
  };
}

function count(figures: ProposalFigures, p: ProposalFacts, nowMs: number): void {
  figures.proposals += 1;
  const status = proposalStatus(p.stored, p.decisions);
  if (status === 'SUBMITTED') figures.submitted += 1;
  else if (status === 'UNOWNED') figures.unowned += 1;
  else if (status === 'ROUTED') figures.routed += 1;
  else if (status === 'ACCEPTED') figures.accepted += 1;
  else if (status === 'PARTLY_ACCEPTED') figures.partlyAccepted += 1;
  else figures.declined += 1;
  if (p.decisions.some((d) => isLate(d, nowMs))) figures.late += 1;
  if (p.decisions.some(isEscalated)) figures.escalated += 1;
}

/** The figures at nowMs, kecamatan and OPDs in code order. */
export function planningOverview(proposals: readonly ProposalFacts[], nowMs: number): PlanningOverview {
  const totals = emptyFigures();
  const byKecamatan = new Map<string, ProposalFigures>();
  const byOpd = new Map<string, OpdFigures>();
  for (const p of proposals) {
    count(totals, p, nowMs);
    let k = byKecamatan.get(p.kecamatanCode);
    if (!k) byKecamatan.set(p.kecamatanCode, (k = emptyFigures()));
    count(k, p, nowMs);
    for (const d of p.decisions) {
      let o = byOpd.get(d.agencyCode);
      if (!o) {
        o = {
          agencyCode: d.agencyCode,
          decisions: 0,
          accepted: 0,
          declined: 0,
          open: 0,
          late: 0,
          escalated: 0,
          paguAccepted: 0,
        };
        byOpd.set(d.agencyCode, o);
      }
      o.decisions += 1;
      if (d.open) o.open += 1;
      if (d.decision?.decision === 'ACCEPTED') {
        o.accepted += 1;
        o.paguAccepted += d.decision.pagu ?? 0;
      }
      if (d.decision?.decision === 'DECLINED') o.declined += 1;
      if (isLate(d, nowMs)) o.late += 1;
      if (isEscalated(d)) o.escalated += 1;
    }
  }
  const byCode = <T>(a: [string, T], b: [string, T]) => a[0].localeCompare(b[0]);
  return {
    totals,
    perKecamatan: [...byKecamatan.entries()]
      .sort(byCode)
      .map(([kecamatanCode, f]) => ({ kecamatanCode, ...f })),
    perOpd: [...byOpd.entries()].sort(byCode).map(([, f]) => f),
  };
}
