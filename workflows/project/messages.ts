/** The joint-project workflow's messages. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ProjectSnapshot } from '@gotong/contracts/project';
import type { StepPlan } from '@gotong/contracts/task';
import type { Actor } from '@gotong/domain/roles';

export interface AddAgencyArgs {
  actor: Actor;
  step: StepPlan;
  /**
   * Keys of steps not yet started that must now wait for the new step (issue 17; absent in older histories).
   * The workflow adds the new key to their dependsOn.
   */
  before?: string[];
}
export interface CancelProjectArgs {
  actor: Actor;
  reason: string;
}

/** Ends the project as RESOLVED: a decision answered its question; open tasks close as no longer needed. */
export interface ResolveProjectArgs {
  actor: Actor;
  reason: string;
}

export const addAgencyUpdate = defineUpdate<ProjectSnapshot, [AddAgencyArgs]>('addAgency');
export const cancelProjectUpdate = defineUpdate<ProjectSnapshot, [CancelProjectArgs]>('cancelProject');
export const resolveProjectUpdate = defineUpdate<ProjectSnapshot, [ResolveProjectArgs]>('resolveProject');
export const projectSnapshotQuery = defineQuery<ProjectSnapshot>('projectSnapshot');
