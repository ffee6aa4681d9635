import {
  acknowledgementState,
  afterActionSummary,
  TIMELINE_ACTIONS,
  resourceRequestAuditDetail,
  type AfterActionInput,
} from '@gotong/domain/emergency';
import type { Actor } from '@gotong/domain/roles';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import { audit } from '@gotong/database/audit';
import { writeIncidentFirstRows, type IncidentFirstRows } from '@gotong/database/first-rows';
import { incidentSitrepFigures } from '@gotong/database/incident-figures';
import type { Database } from '@gotong/database/prisma';
import type { IncidentStatus, MobilisedAgency, ResourceRequestStatus } from '@gotong/contracts/incident';

/** Projections of incidents, idempotent like the others: rows keyed by workflow-carried ids, audit by eventKey. */
export function createIncidentActivities(db: Database) {
  return {
    async recordIncidentDeclared(input: IncidentFirstRows & { at: string }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        // The same rows the API wrote when it answered the declaration (if it got that far): written once.
        await writeIncidentFirstRows(tx, input, at);
        await audit(tx, {
          eventKey: `incident:${input.incidentId}:declared`,
          action: 'INCIDENT_DECLARED',
          projectId: input.projectId,
          actorUserId: input.declaredBy.userId,
          actorAgencyId: input.declaredBy.agencyId,
          detail: {
            type: input.type,
            severity: input.severity,
            status: input.status,
            kecamatan: input.affectedKecamatan,
          },
          occurredAt: at,
        });
      });
    },

    async recordAgencyMobilised(input: {
      incidentId: string;
      projectId: string;
      agency: MobilisedAgency;
      actor: Actor | null;
      at: string;
      /** When the OPD's acknowledgement falls due (ISO); null when it owes none; absent in older histories. */
      ackDueAt?: string | null;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.incidentAgency.upsert({
          where: { incidentId_agencyId: { incidentId: input.incidentId, agencyId: input.agency.agencyId } },
          create: {
            incidentId: input.incidentId,
            agencyId: input.agency.agencyId,
            clusters: input.agency.clusters,
            mobilisedAt: at,
          },
          update: { clusters: input.agency.clusters, releasedAt: null },
        });
        await tx.projectAgency.createMany({
          data: [{ projectId: input.projectId, agencyId: input.agency.agencyId, addedAt: at }],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `incident:${input.incidentId}:mobilised:${input.agency.agencyId}:${input.at}`,
          action: 'OPD_MOBILISED',
          projectId: input.projectId,
          actorUserId: input.actor?.userId ?? null,
          actorAgencyId: input.agency.agencyId,
          detail: {
            agency: input.agency.agencyCode,
            clusters: input.agency.clusters,
            ackDueAt: input.ackDueAt ?? null,
          },
          occurredAt: at,
        });
      });
    },

    async recordAgencyReleased(input: {
      incidentId: string;
      projectId: string;
      agencyId: string;
      actor: Actor;
      reason: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.incidentAgency.update({
          where: { incidentId_agencyId: { incidentId: input.incidentId, agencyId: input.agencyId } },
          data: { releasedAt: at },
        });
        await audit(tx, {
          eventKey: `incident:${input.incidentId}:released:${input.agencyId}:${input.at}`,
          action: 'OPD_RELEASED',
          projectId: input.projectId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { agencyId: input.agencyId, reason: input.reason },
          occurredAt: at,
        });
      });
    },

    async recordIncidentStatusChanged(input: {
      changeId: string;
      incidentId: string;
      projectId: string;
      from: IncidentStatus;
      to: IncidentStatus;
      actor: Actor;
      reason: string | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.incident.update({ where: { id: input.incidentId }, data: { status: input.to } });
        await tx.incidentStatusChange.createMany({
          data: [
            {
              id: input.changeId,
              incidentId: input.incidentId,
              fromStatus: input.from,
              toStatus: input.to,
              byUserId: input.actor.userId,
              reason: input.reason,
              at,
            },
          ],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `incident:${input.incidentId}:status:${input.changeId}`,
          action: 'INCIDENT_STATUS_CHANGED',
          projectId: input.projectId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { from: input.from, to: input.to, reason: input.reason },
          occurredAt: at,
        });
      });
    },

    async recordResourceRequest(input: {
      requestId: string;
      incidentId: string;
      projectId: string;
      fromAgencyId: string;
      toAgencyId: string;
      item: string;
      quantity: number;
      unit: string;
      requestedById: string;
      status: ResourceRequestStatus;
      reason: string | null;
      at: string;
      /** Where to, by when, a note (absent in older histories). */
      destination?: string | null;
      neededBy?: string | null;
      note?: string | null;
      /** The quantities known so far (absent before 'resource-request-quantities'). */
      quantityCommitted?: number;
      quantitySent?: number;
      quantityReceived?: number;
    }): Promise<void> {
      const at = new Date(input.at);
      const quantities = {
        ...(input.quantityCommitted !== undefined ? { quantityCommitted: input.quantityCommitted } : {}),
        ...(input.quantitySent !== undefined ? { quantitySent: input.quantitySent } : {}),
        ...(input.quantityReceived !== undefined ? { quantityReceived: input.quantityReceived } : {}),
      };
      const details = {
        ...(input.destination ? { destination: input.destination } : {}),
        ...(input.neededBy ? { neededBy: new Date(input.neededBy) } : {}),
        ...(input.note ? { note: input.note } : {}),
      };
      await db.$transaction(async (tx) => {
        await tx.resourceRequest.upsert({
          where: { id: input.requestId },
          create: {
            id: input.requestId,
            incidentId: input.incidentId,
            fromAgencyId: input.fromAgencyId,
            toAgencyId: input.toAgencyId,
            item: input.item,
            quantity: input.quantity,
            unit: input.unit,
            status: input.status,
            reason: input.reason,
            requestedById: input.requestedById,
            requestedAt: at,
            updatedAt: at,
            ...details,
            ...quantities,
          },
          update: {
            status: input.status,
            reason: input.reason ?? undefined,
            updatedAt: at,
            ...details,
            ...quantities,
          },
        });
        await audit(tx, {
          eventKey: `request:${input.requestId}:${input.status}`,
          action: `RESOURCE_${input.status}`,
          projectId: input.projectId,
          actorAgencyId:
            input.status === 'REQUESTED' || input.status === 'RECEIVED'
              ? input.fromAgencyId
              : input.toAgencyId,
          detail: resourceRequestAuditDetail({
            ...input,
            destination: input.destination ?? null,
            neededBy: input.neededBy ?? null,
          }) as Prisma.InputJsonValue,
          occurredAt: at,
        });
      });
    },

    /** Closes the incident with its after-action summary (timeline figures computed from the projections). */
    async recordIncidentClosed(input: {
      incidentId: string;
      projectId: string;
      at: string;
      /** Tasks cancelled at closing: the summary waits until each has recorded its end (see the workflow). */
      settledTaskIds?: string[];
    }): Promise<void> {
      const at = new Date(input.at);
      if (input.settledTaskIds?.length) {
        const ended = await db.task.count({
          where: { id: { in: input.settledTaskIds }, status: { in: ['COMPLETED', 'CANCELLED'] } },
        });
        // Retried by Temporal (1 s, backing off) until every cancelled task has recorded its end.
        const waiting = input.settledTaskIds.length - ended;
        if (waiting > 0) throw new Error(`${waiting} cancelled task(s) have not recorded their end yet`);
      }
      const incident = await db.incident.findUniqueOrThrow({
        where: { id: input.incidentId },
        select: {
          declaredAt: true,
          agencies: { select: { mobilisedAt: true, agency: { select: { id: true, code: true } } } },
          requests: {
            select: {
              id: true,
              item: true,
              status: true,
              fromAgency: { select: { code: true } },
              toAgency: { select: { code: true } },
            },
          },
        },
      });
      const [tasks, escalations, figures, resolutions, events] = await Promise.all([
        db.task.findMany({
          where: {
            projectId: input.projectId,
            OR: [{ stepKey: { startsWith: 'ack-' } }, { stepKey: { startsWith: 'sitrep-' } }],
          },
          select: {
            agencyId: true,
            stepKey: true,
            dueAt: true,
            completedAt: true,
            status: true,
            result: true,
          },
          orderBy: { createdAt: 'asc' },
        }),
        db.escalation.groupBy({
          by: ['agencyId'],
          // Escalations opened up to the closing instant (a task may still fire one before its cancel lands).
          where: { projectId: input.projectId, openedAt: { lte: at } },
          _count: { _all: true },
        }),
        incidentSitrepFigures(db, input.projectId),
        db.sitrepResolution.findMany({
          where: { incidentId: input.incidentId, resolvedAt: { lte: at } },
          orderBy: { resolvedAt: 'asc' },
        }),
        db.auditEvent.findMany({
          where: {
            projectId: input.projectId,
            action: { in: [...TIMELINE_ACTIONS] },
            occurredAt: { lte: at },
          },
          orderBy: [{ occurredAt: 'asc' }, { position: 'asc' }],
          select: {
            action: true,
            occurredAt: true,
            actorAgencyId: true,
            actorUserId: true,
            taskId: true,
            detail: true,
          },
        }),
      ]);
      const codeOf = new Map<string, string>(
        (
          await db.agency.findMany({
            where: {
              id: { in: [...new Set(events.flatMap((e) => (e.actorAgencyId ? [e.actorAgencyId] : [])))] },
            },
            select: { id: true, code: true },
          })
        ).map((a) => [a.id, a.code]),
      );
      const summaryInput: AfterActionInput = {
        declaredAt: incident.declaredAt.toISOString(),
        closedAt: at.toISOString(),
        opd: incident.agencies.map(({ agency, mobilisedAt }) => {
          const mine = tasks.filter((t) => t.agencyId === agency.id);
          // Acknowledged when it first said ready (a "not ready" is not an acknowledgement).
          const { acknowledgedAt } = acknowledgementState(mine.filter((t) => t.stepKey?.startsWith('ack-')));
          return {
            agencyCode: agency.code,
            mobilisedAt: mobilisedAt.toISOString(),
            acknowledgedAt: acknowledgedAt === null ? null : new Date(acknowledgedAt).toISOString(),
            sitreps: mine
              .filter((t) => t.stepKey?.startsWith('sitrep-'))
              .map((t) => ({
                dueAt: t.dueAt.toISOString(),
                submittedAt: t.status === 'COMPLETED' && t.completedAt ? t.completedAt.toISOString() : null,
              })),
            escalations: escalations.find((e) => e.agencyId === agency.id)?._count._all ?? 0,
          };
        }),
        requests: incident.requests.map((r) => ({
          id: r.id,
          fromAgency: r.fromAgency.code,
          toAgency: r.toAgency.code,
          item: r.item,
          status: r.status,
        })),
        figures,
        events: events.map((e) => ({
          action: e.action,
          at: e.occurredAt.toISOString(),
          agencyCode: e.actorAgencyId ? (codeOf.get(e.actorAgencyId) ?? null) : null,
          actorUserId: e.actorUserId,
          taskId: e.taskId,
          detail: (e.detail ?? {}) as Record<string, unknown>,
        })),
        resolutions: resolutions.map((r) => ({
          desaCode: r.desaCode,
          field: r.field,
          value: r.value,
          agencyCode: r.agencyCode,
          note: r.note,
          resolvedAt: r.resolvedAt.toISOString(),
        })),
      };
      const summary = afterActionSummary(summaryInput);
      await db.$transaction(async (tx) => {
        await tx.incident.update({
          where: { id: input.incidentId },
          data: { status: 'CLOSED', closedAt: at, summary: summary as unknown as Prisma.InputJsonValue },
        });
        await tx.jointProject.update({
          where: { id: input.projectId },
          data: { status: 'COMPLETED', completedAt: at },
        });
        await audit(tx, {
          eventKey: `incident:${input.incidentId}:closed`,
          action: 'INCIDENT_CLOSED',
          projectId: input.projectId,
          detail: {
            durationMinutes: summary.durationMinutes,
            durationSeconds: summary.durationSeconds,
            unmetRequests: summary.unmetRequests.length,
          },
          occurredAt: at,
        });
      });
    },
  };
}
