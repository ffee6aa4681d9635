import { ApplicationFailure } from '@temporalio/common';
import { audit } from '@gotong/database/audit';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { FormSchema } from '@gotong/domain/form-schema';
import { isReady } from '@gotong/domain/emergency';
import type { Actor } from '@gotong/domain/roles';
import { INVALID_REQUEST } from '@gotong/contracts/failures';
import { recordVerifiedData } from './data.activities';
import { typedValues } from './typed-values';

/** Projections of what an incident's OPDs and command do to sitreps after they were sent. Idempotent. */
export function createIncidentSitrepActivities(db: Database) {
  return {
    /**
     * Whether a sent acknowledgement says the OPD is ready (its accepted values' `siap`). Retried until the
     * task has recorded what was sent.
     */
    async acknowledgementReady(input: { taskId: string }): Promise<boolean> {
      const sent = await db.contribution.findFirst({
        where: { taskId: input.taskId, status: 'ACCEPTED' },
        orderBy: { version: 'desc' },
        select: { values: true },
      });
      if (!sent) throw new Error(`acknowledgement ${input.taskId} has not recorded what was sent yet`);
      return isReady(sent.values);
    },

    /**
     * An OPD's correction of its sent sitrep: a new version of the sitrep's contribution, accepted at once
     * (sitreps need no review), its figures typed and held like the sitrep's, the task's result replaced,
     * and an audit event with the reason. Keyed by the correction's id: a retry writes nothing twice.
     * Returns the version written.
     */
    async recordSitrepCorrected(input: {
      correctionId: string;
      projectId: string;
      taskId: string;
      agencyId: string;
      values: Record<string, unknown>;
      reason: string;
      actor: Actor;
      at: string;
    }): Promise<{ version: number }> {
      const at = new Date(input.at);
      return db.$transaction(async (tx) => {
        const existing = await tx.contribution.findUnique({
          where: { id: input.correctionId },
          select: { version: true },
        });
        if (existing) return { version: existing.version };
        const task = await tx.task.findUnique({
          where: { id: input.taskId },
          select: { projectId: true, agencyId: true, stepKey: true, status: true, form: true },
        });
        if (
          !task ||
          task.projectId !== input.projectId ||
          task.agencyId !== input.agencyId ||
          !task.stepKey?.startsWith('sitrep-') ||
          task.status !== 'COMPLETED'
        ) {
          throw ApplicationFailure.nonRetryable(
            'that sitrep is not a sent sitrep of this OPD in this incident',
            INVALID_REQUEST,
          );
        }
        const last = await tx.contribution.aggregate({
          where: { taskId: input.taskId },
          _max: { version: true },
        });
        const version = (last._max.version ?? 0) + 1;
        await tx.contribution.create({
          data: {
            id: input.correctionId,
            taskId: input.taskId,
            version,
            status: 'ACCEPTED',
            values: input.values as Prisma.InputJsonValue,
            submittedById: input.actor.userId,
            submittedAt: at,
            reviewedAt: at,
            reviewNote: input.reason,
          },
        });
        await tx.contributionValue.createMany({
          data: typedValues(task.form as unknown as FormSchema, input.values).map((v) => ({
            ...v,
            contributionId: input.correctionId,
            agencyId: input.agencyId,
          })),
          skipDuplicates: true,
        });
        await tx.task.update({
          where: { id: input.taskId },
          data: { result: input.values as Prisma.InputJsonValue },
        });
        // Held for the one-door data store like the sitrep's own figures (its latest per desa supersedes).
        await recordVerifiedData(tx, {
          contributionId: input.correctionId,
          taskId: input.taskId,
          projectId: input.projectId,
          actor: input.actor,
          at,
        });
        await audit(tx, {
          eventKey: `sitrep:${input.taskId}:corrected:${input.correctionId}`,
          action: 'SITREP_CORRECTED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.agencyId,
          detail: { version, reason: input.reason },
          occurredAt: at,
        });
        return { version };
      });
    },

    /** The command's resolution of a sitrep conflict, with its audit event. Keyed by the resolution's id. */
    async recordSitrepConflictResolved(input: {
      resolutionId: string;
      incidentId: string;
      projectId: string;
      desaCode: string;
      field: string;
      value: number;
      agencyCode: string | null;
      note: string | null;
      actor: Actor;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.sitrepResolution.createMany({
          data: [
            {
              id: input.resolutionId,
              incidentId: input.incidentId,
              desaCode: input.desaCode,
              field: input.field,
              value: input.value,
              agencyCode: input.agencyCode,
              note: input.note,
              resolvedById: input.actor.userId,
              resolvedAt: at,
            },
          ],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `incident:${input.incidentId}:resolved:${input.resolutionId}`,
          action: 'SITREP_CONFLICT_RESOLVED',
          projectId: input.projectId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            desaCode: input.desaCode,
            field: input.field,
            value: input.value,
            agencyCode: input.agencyCode,
            note: input.note,
          },
          occurredAt: at,
        });
      });
    },
  };
}
