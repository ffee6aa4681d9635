/** The roles of docs/domain.md ("Roles and offices"). Kept in the domain so workflows can use them without Prisma. */
export const ROLES = ['STAFF', 'AGENCY_HEAD', 'LEAD', 'LEADERSHIP', 'WALIDATA', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The leadership offices (LEADERSHIP users hold one): the escalation ladder's levels 2 and 3 name them
 * (./permissions.ts escalationAnswerProblem) and the digest addresses them.
 */
export const LEADERSHIP_OFFICES = ['BUPATI', 'WAKIL_BUPATI', 'SEKDA', 'ASISTEN'] as const;
export type LeadershipOffice = (typeof LEADERSHIP_OFFICES)[number];

/** Who is acting: resolved by the API from the caller's token and passed into workflows. */
export interface Actor {
  userId: string;
  agencyId: string;
  role: Role;
  /**
   * Set when the user acts with the powers of a post they stand in for (a Plt. or Plh., ./acting.ts): `role`
   * and `agencyId` are then the post's. Optional so that histories recorded before it still replay.
   */
  acting?: { title: 'PLT' | 'PLH'; post: string };
  /**
   * For LEADERSHIP: the office held (a Plt./Plh. of the Sekda acts with SEKDA). Which escalation levels the
   * actor answers depends on it. Optional so that histories recorded before it still replay.
   */
  office?: LeadershipOffice | null;
}

// Who may do what (role groups, role permissions, object rules): ./permissions.ts.

/** The civil-service escalation ladder (docs/domain.md, "The escalation ladder"): level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati. */
export const ESCALATION_LEVELS = [
  { level: 1, title: 'Kepala OPD' },
  { level: 2, title: 'Sekretaris Daerah' },
  { level: 3, title: 'Bupati / Wakil Bupati' },
] as const;
