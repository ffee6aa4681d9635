/**
 * Which pages each role gets in the menu. The API decides access (apps/api/src/common/access.service.ts);
 * both ask the same rules (libs/domain/src/permissions.ts), so nobody is offered a page that would only
 * answer 403. The browser knows the user's OPD by code, so the incident rule compares codes.
 */
import { COMMAND_AGENCY } from '@gotong/domain/emergency';
import { commandsIncident, mayRole, requestsResourcesFor } from '@gotong/domain/permissions';
import type { Role } from '@gotong/domain/roles';

export const may = {
  /** Leadership works through the board; everyone else has an OPD inbox. */
  seeInbox: (role: Role) => role !== 'LEADERSHIP',
  startProject: (role: Role) => mayRole(role, 'project.create'),
  seeEscalations: (role: Role) => mayRole(role, 'escalation.board'),
  seeScorecards: (role: Role) => mayRole(role, 'scorecard.read'),
  /** WALIDATA or a project lead asks the producing OPDs for data. */
  requestData: (role: Role) => mayRole(role, 'data.request'),
  /** The walidata decides conflicting figures. */
  resolveConflicts: (role: Role) => mayRole(role, 'data.arbiter'),
  seeDataOverview: (role: Role) => mayRole(role, 'data.overview'),
  /** The admin keeps the regency's OPDs (create, rename, deactivate). */
  manageAgencies: (role: Role) => mayRole(role, 'agency.admin'),
  /** Accounts: the admin every one, a Kepala OPD the staff of their own OPD (managesUser). */
  manageUsers: (role: Role) => mayRole(role, 'user.admin'),
  /** A lead (a new template, or a version of its OPD's) or the admin authors templates. */
  authorTemplates: (role: Role) => mayRole(role, 'template.write'),
  /** The walidata (or admin) defines indicator standards and their new versions. */
  defineIndicators: (role: Role) => mayRole(role, 'data.standard'),
  /** The admin keeps the holiday calendar (national holidays, cuti bersama); everyone reads it. */
  editCalendar: (role: Role) => mayRole(role, 'calendar.write'),
  /** The admin sees failed email and webhook deliveries (dead letters), retries them, sends a digest. */
  manageDeliveries: (role: Role) => mayRole(role, 'notification.admin'),
  /** BPBD (the command) staff and head, or leadership, declare and steer an emergency. */
  commandIncidents: (user: { role: Role; agencyCode: string }) =>
    commandsIncident({ role: user.role, agencyId: user.agencyCode }, COMMAND_AGENCY),
  /** Staff or the head of a mobilised OPD ask the others for resources on its behalf (not its lead or walidata). */
  requestResources: (user: { role: Role; agencyCode: string }) =>
    requestsResourcesFor({ role: user.role, agencyId: user.agencyCode }, user.agencyCode),
};

/** Where a user lands after signing in. */
export function homeOf(role: Role): string {
  return may.seeInbox(role) ? '/tasks' : '/leadership';
}
