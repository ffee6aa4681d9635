import type { IncidentInput } from '@gotong/contracts/incident';
import type { ProjectInput } from '@gotong/contracts/project';
import type { DataRequestPlan } from '@gotong/domain/data-standard/request-plan';
import type { Prisma } from './generated/prisma/client';
import type { Tx } from './audit';

/**
 * The first rows of a new project, incident or data request: what it is read from. Two writers share them.
 * The API writes them right after it starts the workflow, so that the object can be read back as soon as the
 * 201 is answered; the workflow's first activity writes them too, for a workflow the API did not start (a
 * recurring collection's period) or whose API process died before its write. Each row is insert-if-absent
 * under an id the workflow input carries, so whichever writer comes second writes nothing, and two writers
 * at the same moment do not fail on each other's row.
 *
 * Only the rows live here: audit events and their outbox rows stay with the activity, so that a declaration
 * or start is announced once and only by the workflow that runs it.
 */

/** What a project's first rows are made of: the workflow input's, and the id the workflow runs under. */
export type ProjectFirstRows = Pick<
  ProjectInput,
  'projectId' | 'title' | 'description' | 'lead' | 'templateId' | 'parameters' | 'steps'
> & { workflowId: string };

/** What an incident's first rows are made of: the workflow input's, and the id the workflow runs under. */
export type IncidentFirstRows = Pick<
  IncidentInput,
  | 'incidentId'
  | 'projectId'
  | 'title'
  | 'description'
  | 'type'
  | 'severity'
  | 'status'
  | 'declaredBy'
  | 'affectedKecamatan'
  | 'affectedDesa'
> & { workflowId: string };

/** A joint project's row and its OPDs (every OPD that owns a step): ProjectsService.start, recordProjectStarted. */
export async function writeProjectFirstRows(tx: Tx, project: ProjectFirstRows, at: Date): Promise<void> {
  await tx.jointProject.createMany({
    data: [
      {
        id: project.projectId,
        workflowId: project.workflowId,
        title: project.title,
        description: project.description,
        leadUserId: project.lead.userId,
        leadAgencyId: project.lead.agencyId,
        templateId: project.templateId,
        parameters: project.parameters,
        steps: project.steps as unknown as Prisma.InputJsonValue,
        createdAt: at,
      },
    ],
    skipDuplicates: true,
  });
  await tx.projectAgency.createMany({
    data: [...new Set(project.steps.map((s) => s.agencyId))].map((agencyId) => ({
      projectId: project.projectId,
      agencyId,
      addedAt: at,
    })),
    skipDuplicates: true,
  });
}

/**
 * An incident's project row, the incident and its first status (keyed by the incident's id, so that it too is
 * written once): IncidentsService.declare, recordIncidentDeclared. The workflow mobilises the OPDs afterwards.
 */
export async function writeIncidentFirstRows(tx: Tx, incident: IncidentFirstRows, at: Date): Promise<void> {
  await tx.jointProject.createMany({
    data: [
      {
        id: incident.projectId,
        workflowId: incident.workflowId,
        title: incident.title,
        description: incident.description,
        leadUserId: incident.declaredBy.userId,
        leadAgencyId: incident.declaredBy.agencyId,
        parameters: { incidentType: incident.type, severity: incident.severity },
        createdAt: at,
      },
    ],
    skipDuplicates: true,
  });
  await tx.incident.createMany({
    data: [
      {
        id: incident.incidentId,
        projectId: incident.projectId,
        workflowId: incident.workflowId,
        type: incident.type,
        severity: incident.severity,
        status: incident.status,
        title: incident.title,
        description: incident.description,
        affectedKecamatan: incident.affectedKecamatan,
        affectedDesa: incident.affectedDesa,
        declaredById: incident.declaredBy.userId,
        declaredAt: at,
      },
    ],
    skipDuplicates: true,
  });
  await tx.incidentStatusChange.createMany({
    data: [
      {
        id: incident.incidentId,
        incidentId: incident.incidentId,
        toStatus: incident.status,
        byUserId: incident.declaredBy.userId,
        at,
      },
    ],
    skipDuplicates: true,
  });
}

/**
 * A data request's row, under its project's id and written before that project starts (so that the first
 * verification finds it): by the API for a request made by hand, by the collection activity for a recurring
 * collection's period. Insert-if-absent, so a repeated request or a retried opening writes it once.
 */
export async function writeDataRequestRow(
  tx: Tx,
  request: Pick<DataRequestPlan, 'title' | 'indicators' | 'desa'> & {
    requestId: string;
    period: string;
    requestedById: string;
  },
): Promise<void> {
  await tx.dataRequest.createMany({
    data: [
      {
        id: request.requestId,
        projectId: request.requestId,
        title: request.title,
        period: request.period,
        // Stored expanded to its desa and kelurahan (sorted), as a list of desa was always stored: the
        // overview counts them and their kecamatan without knowing the selection rules.
        areas: request.desa,
        indicators: request.indicators as unknown as Prisma.InputJsonValue,
        requestedById: request.requestedById,
      },
    ],
    skipDuplicates: true,
  });
}
