/**
 * Who may do what in the planning cycle. BAPPEDA (the planning agency) runs the year: its LEAD or head opens a
 * year and moves stage dates, any of its staff assigns an unowned proposal; an ADMIN may do the same. A
 * kecamatan office's staff or head enters proposals for its own kecamatan only. A proposal is read by the
 * kecamatan that entered it, by the OPDs it is routed to (the members of a cross-OPD programme see each other's
 * decisions), and by BAPPEDA, leadership and admins; the year's figures by BAPPEDA, leadership and admins. Pure.
 */
import type { Role } from '../roles';

export const PLANNING_AGENCY = 'BAPPEDA';

export interface PlanningCaller {
  role: Role;
  agencyCode: string;
  /** The caller's OPD is a kecamatan office; its kecamatan's kode wilayah. */
  kecamatanAreaCode: string | null;
}

export interface ProposalReach {
  kecamatanCode: string;
  /** OPD codes it is routed to. */
  agencyCodes: readonly string[];
}

export function managesPlanningYear(c: PlanningCaller): boolean {
  return (
    c.role === 'ADMIN' ||
    (c.agencyCode === PLANNING_AGENCY && (c.role === 'LEAD' || c.role === 'AGENCY_HEAD'))
  );
}

export function assignsPlanningProposals(c: PlanningCaller): boolean {
  return (
    c.role === 'ADMIN' ||
    (c.agencyCode === PLANNING_AGENCY &&
      (c.role === 'LEAD' || c.role === 'AGENCY_HEAD' || c.role === 'STAFF'))
  );
}

/** BAPPEDA (every role), leadership and admins see every proposal and the year's figures. */
export function seesAllPlanning(c: PlanningCaller): boolean {
  return c.role === 'ADMIN' || c.role === 'LEADERSHIP' || c.agencyCode === PLANNING_AGENCY;
}

/** Why the caller may not enter a proposal for this kecamatan, or null. */
export function proposalFilingRefusal(c: PlanningCaller, kecamatanCode: string): string | null {
  if (c.kecamatanAreaCode === null || (c.role !== 'STAFF' && c.role !== 'AGENCY_HEAD')) {
    return 'only the staff or head of a kecamatan office enter Musrenbang proposals';
  }
  if (c.kecamatanAreaCode !== kecamatanCode) {
    return `a kecamatan office enters proposals for its own kecamatan (${c.kecamatanAreaCode}) only`;
  }
  return null;
}

export function readsProposal(c: PlanningCaller, p: ProposalReach): boolean {
  if (seesAllPlanning(c)) return true;
  if (c.kecamatanAreaCode !== null && c.kecamatanAreaCode === p.kecamatanCode) return true;
  return p.agencyCodes.includes(c.agencyCode);
}
