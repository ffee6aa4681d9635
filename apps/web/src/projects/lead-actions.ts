/**
 * What the project lead may do to a running project, as the API's rules allow it (libs/domain
 * task-rules reassignRefusal; ProjectsService.addAgency): move an open task to another OPD, add an OPD.
 * Pure.
 */
import { OPD_WORKING_STATES } from '@gotong/domain/task-rules';
import type { Agency, ProjectDetail, ProjectStep } from '../api/types';

/** Steps whose task is still with its OPD (assigned, claimed or returned): those may move. */
export function reassignableSteps(steps: readonly ProjectStep[]): ProjectStep[] {
  return steps.filter((step) => step.task !== null && OPD_WORKING_STATES.includes(step.task.status));
}

/** The OPDs a task may move to: any but its own, by name. */
export function reassignTargets(agencies: readonly Agency[], fromCode: string | undefined): Agency[] {
  return agencies.filter((a) => a.code !== fromCode).sort((a, b) => a.name.localeCompare(b.name));
}

/** The OPDs not yet taking part in the project, by name. */
export function agenciesToAdd(
  agencies: readonly Agency[],
  project: Pick<ProjectDetail, 'participants'>,
): Agency[] {
  const taking = new Set(project.participants.map((p) => p.agency.code));
  return agencies.filter((a) => !taking.has(a.code)).sort((a, b) => a.name.localeCompare(b.name));
}
