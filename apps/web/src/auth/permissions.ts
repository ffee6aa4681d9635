/**
 * Which pages each role gets in the menu. The API decides access (apps/api/src/common/access.service.ts);
 * these lists mirror its role permissions so nobody is offered a page that would only answer 403.
 */
import { PROJECT_STARTER_ROLES, type Role } from '../../../../libs/domain/src/roles';

const ESCALATION_BOARD: readonly Role[] = ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD', 'LEAD'];
const SCORECARDS: readonly Role[] = ['LEADERSHIP', 'ADMIN', 'AGENCY_HEAD'];

export const may = {
  /** Leadership works through the board; everyone else has an OPD inbox. */
  seeInbox: (role: Role) => role !== 'LEADERSHIP',
  startProject: (role: Role) => PROJECT_STARTER_ROLES.includes(role),
  seeEscalations: (role: Role) => ESCALATION_BOARD.includes(role),
  seeScorecards: (role: Role) => SCORECARDS.includes(role),
};

/** Where a user lands after signing in. */
export function homeOf(role: Role): string {
  return may.seeInbox(role) ? '/tasks' : '/leadership';
}
