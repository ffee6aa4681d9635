import type { Database } from '@gotong/database/prisma';
import { createDataActivities, type ReconciliationDeps } from './data.activities';
import { createDataCollectionActivities } from './data-collection.activities';
import { createEscalationActivities } from './escalation.activities';
import { createIncidentActivities } from './incident.activities';
import { createIncidentSitrepActivities } from './incident-sitreps.activities';
import { createPolicyActivities } from './policy.activities'; // #18 policy
import { createPlanningActivities } from './planning.activities'; // #18 planning
import { createProjectActivities } from './project.activities';
import { createTaskActivities } from './task.activities';
import { createTaskStartActivities } from './task-start.activities';
import { createCitizenActivities } from './citizen.activities'; // #18 citizen

/**
 * Every activity the worker registers, one module per feature. Each is an idempotent projection of workflow
 * state into Postgres: rows are upserted by the ids the workflow carries, and audit events have a
 * deterministic `eventKey`, so a retried activity never writes a fact twice (docs/architecture.md).
 */
export interface ActivityDeps {
  db: Database;
  /**
   * The worker's Temporal client and task queue: agency tasks of projects and incidents are started with it,
   * and so are reconciliation projects for conflicting data (without it conflicts wait for the next
   * verification) and the data requests of recurring collections.
   */
  reconciliation?: ReconciliationDeps;
}

export function createActivities({ db, reconciliation }: ActivityDeps) {
  return {
    ...createProjectActivities(db),
    ...createTaskActivities(db, reconciliation),
    ...createTaskStartActivities(reconciliation),
    ...createEscalationActivities(db),
    ...createIncidentActivities(db),
    ...createIncidentSitrepActivities(db),
    ...createDataActivities(db, reconciliation),
    ...createDataCollectionActivities(db, reconciliation),
    ...createCitizenActivities(db), // #18 citizen
    ...createPlanningActivities(db, reconciliation), // #18 planning
    ...createPolicyActivities(db), // #18 policy
  };
}

export type Activities = ReturnType<typeof createActivities>;
