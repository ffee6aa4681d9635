/** The incident workflow's messages. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IncidentSnapshot, IncidentStatus, MobilisedAgency } from '@gotong/contracts/incident';
import type { StepPlan } from '@gotong/contracts/task';
import type { Actor } from '@gotong/domain/roles';

export interface ChangeIncidentStatusArgs {
  actor: Actor;
  to: IncidentStatus;
  reason: string | null;
}
export interface MobiliseArgs {
  actor: Actor;
  agency: MobilisedAgency;
}
export interface ReleaseArgs {
  actor: Actor;
  agencyId: string;
  reason: string;
}
export interface AssignIncidentTaskArgs {
  actor: Actor;
  step: StepPlan;
}
export interface RequestResourceArgs {
  actor: Actor;
  requestId: string;
  from: { agencyId: string; agencyCode: string };
  to: { agencyId: string; agencyCode: string };
  item: string;
  quantity: number;
  unit: string;
}

export const changeIncidentStatusUpdate = defineUpdate<IncidentSnapshot, [ChangeIncidentStatusArgs]>(
  'changeIncidentStatus',
);
export const mobiliseAgencyUpdate = defineUpdate<IncidentSnapshot, [MobiliseArgs]>('mobiliseAgency');
export const releaseAgencyUpdate = defineUpdate<IncidentSnapshot, [ReleaseArgs]>('releaseAgency');
export const assignIncidentTaskUpdate = defineUpdate<IncidentSnapshot, [AssignIncidentTaskArgs]>(
  'assignIncidentTask',
);
export const requestResourceUpdate = defineUpdate<IncidentSnapshot, [RequestResourceArgs]>('requestResource');
export const incidentSnapshotQuery = defineQuery<IncidentSnapshot>('incidentSnapshot');
