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
  /** Where to, by when (ISO with offset), a note: optional (resourceRequestDetailProblems). */
  destination?: string | null;
  neededBy?: string | null;
  note?: string | null;
}

/** An OPD corrects its sent sitrep (the API checked it is that OPD's latest one). */
export interface CorrectSitrepArgs {
  actor: Actor;
  /** The correction's id (the new contribution version's), chosen by the caller: a retry is the same one. */
  correctionId: string;
  taskId: string;
  /** The OPD whose sitrep it is. */
  agencyId: string;
  values: Record<string, unknown>;
  reason: string;
}
export interface SitrepCorrected {
  correctionId: string;
  taskId: string;
  version: number;
}

/** The command resolves a sitrep conflict: the API checked the conflict is open and found the value. */
export interface ResolveSitrepConflictArgs {
  actor: Actor;
  /** The resolution's id, chosen by the caller: a retry is the same one. */
  resolutionId: string;
  desaCode: string;
  field: string;
  /** The figure that counts: the picked OPD's, or the verified one entered. */
  value: number;
  /** The OPD whose figure was picked; null for a verified figure. */
  agencyCode: string | null;
  note: string | null;
}
export interface SitrepConflictResolved {
  resolutionId: string;
  desaCode: string;
  field: string;
  value: number;
  agencyCode: string | null;
}

/** The requester closes a partly received request: the rest is no longer needed. */
export interface CloseResourceRequestArgs {
  actor: Actor;
  reason: string;
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
export const correctSitrepUpdate = defineUpdate<SitrepCorrected, [CorrectSitrepArgs]>('correctSitrep');
export const resolveSitrepConflictUpdate = defineUpdate<SitrepConflictResolved, [ResolveSitrepConflictArgs]>(
  'resolveSitrepConflict',
);
export const closeResourceRequestUpdate = defineUpdate<{ status: string }, [CloseResourceRequestArgs]>(
  'closeResourceRequest',
);
export const incidentSnapshotQuery = defineQuery<IncidentSnapshot>('incidentSnapshot');
