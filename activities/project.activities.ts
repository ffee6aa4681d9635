import type { StepPlan } from '@gotong/contracts/task';
import { audit } from '@gotong/database/audit';
import { writeProjectFirstRows, type ProjectFirstRows } from '@gotong/database/first-rows';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { Actor } from '@gotong/domain/roles';

/** Projections of the joint-project workflow: the project row, its OPDs and steps, its end. */
export function createProjectActivities(db: Database) {
  return {
    async recordProjectStarted(input: ProjectFirstRows & { startedAt: string }): Promise<void> {
      const at = new Date(input.startedAt);
      await db.$transaction(async (tx) => {
        // The same rows the API wrote when it answered the start (if it got that far): written once.
        await writeProjectFirstRows(tx, input, at);
        await audit(tx, {
          eventKey: `project:${input.projectId}:started`,
          action: 'PROJECT_STARTED',
          projectId: input.projectId,
          actorUserId: input.lead.userId,
          actorAgencyId: input.lead.agencyId,
          detail: {
            title: input.title,
            templateId: input.templateId,
            parameters: input.parameters,
            steps: input.steps.map((s) => ({ key: s.key, agency: s.agencyCode, dependsOn: s.dependsOn })),
          },
          occurredAt: at,
        });
      });
    },
    async recordProjectCompleted(input: { projectId: string; completedAt: string }): Promise<void> {
      const completedAt = new Date(input.completedAt);
      await db.$transaction(async (tx) => {
        await tx.jointProject.update({
          where: { id: input.projectId },
          data: { status: 'COMPLETED', completedAt },
        });
        await audit(tx, {
          eventKey: `project:${input.projectId}:completed`,
          action: 'PROJECT_COMPLETED',
          projectId: input.projectId,
          occurredAt: completedAt,
        });
      });
    },

    // -----------------------------------------------------------------------
    // Version 2: template-driven projects and the task lifecycle.
    // -----------------------------------------------------------------------
    async recordAgencyAdded(input: {
      projectId: string;
      step: StepPlan;
      actor: Actor;
      at: string;
      /** Steps not yet started that now wait for the new one; absent in older histories. */
      before?: string[];
    }): Promise<void> {
      const at = new Date(input.at);
      const before = input.before ?? [];
      await db.$transaction(async (tx) => {
        const project = await tx.jointProject.findUniqueOrThrow({
          where: { id: input.projectId },
          select: { steps: true },
        });
        const steps = project.steps as unknown as StepPlan[];
        // The new edges as the workflow applied them (idempotent: a key is added only where it is absent).
        const linked = steps.map((s) =>
          before.includes(s.key) && !s.dependsOn.includes(input.step.key)
            ? { ...s, dependsOn: [...s.dependsOn, input.step.key] }
            : s,
        );
        const added = steps.some((s) => s.key === input.step.key) ? linked : [...linked, input.step];
        if (added.length !== steps.length || linked.some((s, i) => s !== steps[i])) {
          await tx.jointProject.update({
            where: { id: input.projectId },
            data: { steps: added as unknown as Prisma.InputJsonValue },
          });
        }
        await tx.projectAgency.createMany({
          data: [{ projectId: input.projectId, agencyId: input.step.agencyId, addedAt: at }],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `project:${input.projectId}:agency-added:${input.step.key}`,
          action: 'AGENCY_ADDED',
          projectId: input.projectId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            step: input.step.key,
            agency: input.step.agencyCode,
            title: input.step.title,
            ...(before.length > 0 ? { before } : {}),
          },
          occurredAt: at,
        });
      });
    },
    async recordProjectCancelled(input: {
      projectId: string;
      actorUserId: string;
      actorAgencyId: string;
      reason: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.jointProject.update({
          where: { id: input.projectId },
          data: { status: 'CANCELLED', cancelledAt: at, cancelReason: input.reason },
        });
        await audit(tx, {
          eventKey: `project:${input.projectId}:cancelled`,
          action: 'PROJECT_CANCELLED',
          projectId: input.projectId,
          actorUserId: input.actorUserId,
          actorAgencyId: input.actorAgencyId,
          detail: { reason: input.reason },
          occurredAt: at,
        });
      });
    },
    /**
     * A decision answered the project's question (the walidata decided its reconciliation): RESOLVED, with the
     * decider and the reason in the audit trail. Its contributions stay as they are, readable with the project.
     */
    async recordProjectResolved(input: {
      projectId: string;
      actorUserId: string;
      actorAgencyId: string;
      reason: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.jointProject.update({
          where: { id: input.projectId },
          data: { status: 'RESOLVED', completedAt: at },
        });
        await audit(tx, {
          eventKey: `project:${input.projectId}:resolved`,
          action: 'PROJECT_RESOLVED',
          projectId: input.projectId,
          actorUserId: input.actorUserId,
          actorAgencyId: input.actorAgencyId,
          detail: { reason: input.reason },
          occurredAt: at,
        });
      });
    },
    /**
     * A resolved project's open task, closed as no longer needed: CLOSED (neither done nor missed by the OPD;
     * the scorecards count it nowhere), its open escalations resolved, its contributions kept.
     */
    async recordTaskClosed(input: {
      taskId: string;
      projectId: string;
      escalationId: string | null;
      reason: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.task.update({ where: { id: input.taskId }, data: { status: 'CLOSED' } });
        await tx.escalation.updateMany({
          where: { taskId: input.taskId, status: { in: ['OPEN', 'ANSWERED'] } },
          data: { status: 'RESOLVED', closedAt: at },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:closed`,
          action: 'TASK_CLOSED',
          projectId: input.projectId,
          taskId: input.taskId,
          detail: { reason: input.reason },
          occurredAt: at,
        });
      });
    },
  };
}
