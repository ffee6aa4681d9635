/**
 * Which pages each role gets in the menu. The API decides access (apps/api/src/common/access.service.ts);
 * these lists mirror its role permissions so nobody is offered a page that would only answer 403.
 */
import { COMMAND_AGENCY } from '@gotong/domain/emergency';
import { PROJECT_STARTER_ROLES, type Role } from '@gotong/domain/roles';

const ESCALATION_BOARD: readonly Role[] = ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD', 'LEAD'];
const SCORECARDS: readonly Role[] = ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD'];

export const may = {
  /** Leadership works through the board; everyone else has an OPD inbox. */
  seeInbox: (role: Role) => role !== 'LEADERSHIP',
  startProject: (role: Role) => PROJECT_STARTER_ROLES.includes(role),
  seeEscalations: (role: Role) => ESCALATION_BOARD.includes(role),
  seeScorecards: (role: Role) => SCORECARDS.includes(role),
  /** WALIDATA or a project lead asks the producing OPDs for data. */
  requestData: (role: Role) => role === 'WALIDATA' || role === 'LEAD',
  /** The walidata decides conflicting figures. */
  resolveConflicts: (role: Role) => role === 'WALIDATA',
  seeDataOverview: (role: Role) => role === 'LEADERSHIP' || role === 'WALIDATA' || role === 'ADMIN',
  /** BPBD (the command) staff and head, or leadership, declare and steer an emergency. */
  commandIncidents: (user: { role: Role; agencyCode: string }) =>
    user.role === 'LEADERSHIP' ||
    (user.agencyCode === COMMAND_AGENCY && (user.role === 'STAFF' || user.role === 'AGENCY_HEAD')),
};

/** Where a user lands after signing in. */
export function homeOf(role: Role): string {
  return may.seeInbox(role) ? '/tasks' : '/leadership';
}
