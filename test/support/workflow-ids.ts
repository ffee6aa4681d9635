import type { Database } from '@gotong/database/prisma';

/**
 * The workflow ids of projects, tasks and incidents as stored on their rows, the way the API reads them: readable
 * ids (`project-<OPD>-<8 hex>`, `task-<OPD>-<project key>-<task key>`, `incident-<year>-<type>-<8 hex>`) for
 * work the API starts now, the older forms for work started before or elsewhere. Tests never compute them.
 */
export async function projectWorkflowIdOf(db: Database, projectId: string): Promise<string> {
  const row = await db.jointProject.findUniqueOrThrow({
    where: { id: projectId },
    select: { workflowId: true },
  });
  return row.workflowId;
}

export async function taskWorkflowIdOf(db: Database, taskId: string): Promise<string> {
  const row = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { workflowId: true } });
  return row.workflowId;
}

export async function incidentWorkflowIdOf(db: Database, incidentId: string): Promise<string> {
  const row = await db.incident.findUniqueOrThrow({
    where: { id: incidentId },
    select: { workflowId: true },
  });
  return row.workflowId;
}
