/** The roles of docs/domain.md ("Roles and offices"). Kept in the domain so workflows can use them without Prisma. */
export const ROLES = ['STAFF', 'AGENCY_HEAD', 'LEAD', 'LEADERSHIP', 'WALIDATA', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

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
}

// Who may do what (role groups, role permissions, object rules): ./permissions.ts.

/** The civil-service escalation ladder (docs/domain.md, "The escalation ladder"): level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati. */
export const ESCALATION_LEVELS = [
  { level: 1, title: 'Kepala OPD' },
  { level: 2, title: 'Sekretaris Daerah' },
  { level: 3, title: 'Bupati / Wakil Bupati' },
] as const;
