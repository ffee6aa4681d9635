/** The roles of DESIGN.md. Kept in the domain so workflows can use them without Prisma. */
export const ROLES = ['STAFF', 'AGENCY_HEAD', 'LEAD', 'LEADERSHIP', 'WALIDATA', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: resolved by the API from the caller's token and passed into workflows. */
export interface Actor {
  userId: string;
  agencyId: string;
  role: Role;
}

/** Roles that work an OPD's tasks. */
export const TASK_WORKER_ROLES: readonly Role[] = ['STAFF', 'AGENCY_HEAD'];
/** Roles that may start joint projects. */
export const PROJECT_STARTER_ROLES: readonly Role[] = ['LEAD', 'LEADERSHIP'];
/** Roles that see every project in the regency. */
export const REGENCY_WIDE_READ_ROLES: readonly Role[] = ['LEADERSHIP', 'ADMIN'];

/** The civil-service escalation ladder (DESIGN.md): level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati. */
export const ESCALATION_LEVELS = [
  { level: 1, title: 'Kepala OPD' },
  { level: 2, title: 'Sekretaris Daerah' },
  { level: 3, title: 'Bupati / Wakil Bupati' },
] as const;
/** Roles that define and version joint-work templates. */
export const TEMPLATE_AUTHOR_ROLES: readonly Role[] = ['ADMIN', 'LEAD'];
