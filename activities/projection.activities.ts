import { slaToString, type Sla } from '../libs/domain/src/calendar';
import type { FormSchema } from '../libs/domain/src/form-schema';
import { ESCALATION_LEVELS, type Actor } from '../libs/domain/src/roles';
import type { StepPlan } from '../workflows/messages';
import { createIncidentActivities } from './incident.activities';
import { typedValues } from './typed-values';
import type { Database } from '../libs/database/src/prisma';
import type { Prisma } from '../libs/database/src/generated/prisma/client';
import { audit } from './audit';
import { recordVerifiedData, startReconciliations, type ReconciliationDeps } from './data.activities';

/**
 * Projections of workflow state into Postgres. Every activity is idempotent:
 * rows are upserted by the ids the workflow carries, and audit events have a
 * deterministic `eventKey`, so a retried activity never writes a fact twice.
 */
export interface ProjectionDeps {
  db: Database;
  /** Starts reconciliation projects for conflicting data; without it conflicts wait for the next verification. */
  reconciliation?: ReconciliationDeps;
}

const levelTitle = (level: number) => ESCALATION_LEVELS.find((l) => l.level === level)?.title ?? null;

export function createActivities({ db, reconciliation }: ProjectionDeps) {
  return {
    ...createIncidentActivities(db),

    async recordProjectStarted(input: {
      projectId: string;
      workflowId: string;
      title: string;
      description: string | null;
      lead: Actor;
      agencyIds: string[];
      startedAt: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.jointProject.upsert({
          where: { id: input.projectId },
          create: {
            id: input.projectId,
            workflowId: input.workflowId,
            title: input.title,
            description: input.description,
            leadUserId: input.lead.userId,
            leadAgencyId: input.lead.agencyId,
            createdAt: new Date(input.startedAt),
          },
          update: {},
        });
        await audit(tx, {
          eventKey: `project:${input.projectId}:started`,
          action: 'PROJECT_STARTED',
          projectId: input.projectId,
          actorUserId: input.lead.userId,
          actorAgencyId: input.lead.agencyId,
          detail: { title: input.title, agencyIds: input.agencyIds },
          occurredAt: new Date(input.startedAt),
        });
      });
    },

    async recordTaskAssigned(input: {
      taskId: string;
      projectId: string;
      agencyId: string;
      title: string;
      instructions: string | null;
      assignedAt: string;
      dueAt: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.task.upsert({
          where: { id: input.taskId },
          create: {
            id: input.taskId,
            projectId: input.projectId,
            workflowId: `agency-task-${input.taskId}`,
            agencyId: input.agencyId,
            title: input.title,
            instructions: input.instructions,
            dueAt: new Date(input.dueAt),
            createdAt: new Date(input.assignedAt),
          },
          update: {},
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:assigned`,
          action: 'TASK_ASSIGNED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.agencyId,
          detail: { title: input.title, dueAt: input.dueAt },
          occurredAt: new Date(input.assignedAt),
        });
      });
    },

    async recordTaskCompleted(input: {
      taskId: string;
      projectId: string;
      actor: Actor;
      summary: string;
      completedAt: string;
    }): Promise<void> {
      const completedAt = new Date(input.completedAt);
      await db.$transaction(async (tx) => {
        await tx.task.update({
          where: { id: input.taskId },
          data: {
            status: 'COMPLETED',
            result: { summary: input.summary },
            completedById: input.actor.userId,
            completedAt,
          },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:completed`,
          action: 'TASK_COMPLETED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { summary: input.summary },
          occurredAt: completedAt,
        });
      });
    },

    async recordTaskEscalated(input: {
      taskId: string;
      projectId: string;
      agencyId: string;
      level: number;
      dueAt: string;
      escalatedAt: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.task.updateMany({
          where: { id: input.taskId, escalationLevel: { lt: input.level } },
          data: { escalationLevel: input.level },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:escalated:${input.level}`,
          action: 'TASK_ESCALATED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.agencyId,
          detail: {
            level: input.level,
            escalatedTo: levelTitle(input.level),
            dueAt: input.dueAt,
          },
          occurredAt: new Date(input.escalatedAt),
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

    async recordProjectStartedV2(input: {
      projectId: string;
      workflowId: string;
      title: string;
      description: string | null;
      lead: Actor;
      templateId: string | null;
      parameters: Record<string, string>;
      steps: StepPlan[];
      startedAt: string;
    }): Promise<void> {
      const at = new Date(input.startedAt);
      await db.$transaction(async (tx) => {
        await tx.jointProject.upsert({
          where: { id: input.projectId },
          create: {
            id: input.projectId,
            workflowId: input.workflowId,
            title: input.title,
            description: input.description,
            leadUserId: input.lead.userId,
            leadAgencyId: input.lead.agencyId,
            templateId: input.templateId,
            parameters: input.parameters,
            steps: input.steps as unknown as Prisma.InputJsonValue,
            createdAt: at,
          },
          update: {},
        });
        await tx.projectAgency.createMany({
          data: [...new Set(input.steps.map((s) => s.agencyId))].map((agencyId) => ({
            projectId: input.projectId,
            agencyId,
            addedAt: at,
          })),
          skipDuplicates: true,
        });
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

    async recordAgencyAdded(input: {
      projectId: string;
      step: StepPlan;
      actor: Actor;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const project = await tx.jointProject.findUniqueOrThrow({
          where: { id: input.projectId },
          select: { steps: true },
        });
        const steps = project.steps as unknown as StepPlan[];
        if (!steps.some((s) => s.key === input.step.key)) {
          await tx.jointProject.update({
            where: { id: input.projectId },
            data: { steps: [...steps, input.step] as unknown as Prisma.InputJsonValue },
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
          detail: { step: input.step.key, agency: input.step.agencyCode, title: input.step.title },
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

    async recordStepTaskAssigned(input: {
      taskId: string;
      projectId: string;
      stepKey: string;
      agencyId: string;
      title: string;
      instructions: string;
      form: FormSchema;
      assignedAt: string;
      dueAt: string;
    }): Promise<void> {
      const at = new Date(input.assignedAt);
      await db.$transaction(async (tx) => {
        await tx.task.upsert({
          where: { id: input.taskId },
          create: {
            id: input.taskId,
            projectId: input.projectId,
            workflowId: `agency-task-${input.taskId}`,
            stepKey: input.stepKey,
            agencyId: input.agencyId,
            title: input.title,
            instructions: input.instructions,
            form: input.form as unknown as Prisma.InputJsonValue,
            dueAt: new Date(input.dueAt),
            createdAt: at,
          },
          update: {},
        });
        await tx.projectAgency.createMany({
          data: [{ projectId: input.projectId, agencyId: input.agencyId, addedAt: at }],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:assigned`,
          action: 'TASK_ASSIGNED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.agencyId,
          detail: { step: input.stepKey, title: input.title, dueAt: input.dueAt },
          occurredAt: at,
        });
      });
    },

    async recordTaskClaimed(input: {
      taskId: string;
      projectId: string;
      actor: Actor;
      at: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.task.update({
          where: { id: input.taskId },
          data: { status: 'CLAIMED', assigneeId: input.actor.userId },
        });
        await audit(tx, {
          // A task can be claimed again (by the same person) after moving away and back: one event per claim.
          eventKey: `task:${input.taskId}:claimed:${input.actor.userId}:${input.at}`,
          action: 'TASK_CLAIMED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          occurredAt: new Date(input.at),
        });
      });
    },

    async recordContributionSubmitted(input: {
      contributionId: string;
      taskId: string;
      projectId: string;
      agencyId: string;
      version: number;
      values: Record<string, unknown>;
      form: FormSchema;
      actor: Actor;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.contribution.upsert({
          where: { id: input.contributionId },
          create: {
            id: input.contributionId,
            taskId: input.taskId,
            version: input.version,
            values: input.values as Prisma.InputJsonValue,
            submittedById: input.actor.userId,
            submittedAt: at,
          },
          update: {},
        });
        await tx.contributionValue.createMany({
          data: typedValues(input.form, input.values).map((v) => ({
            ...v,
            contributionId: input.contributionId,
            agencyId: input.agencyId,
          })),
          skipDuplicates: true,
        });
        await tx.task.update({
          where: { id: input.taskId },
          data: { status: 'SUBMITTED', result: input.values as Prisma.InputJsonValue },
        });
        // The assignee is whoever submitted, when nobody had claimed the task.
        await tx.task.updateMany({
          where: { id: input.taskId, assigneeId: null },
          data: { assigneeId: input.actor.userId },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:submitted:${input.version}`,
          action: 'CONTRIBUTION_SUBMITTED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { version: input.version },
          occurredAt: at,
        });
      });
    },

    async recordContributionReviewed(input: {
      contributionId: string;
      taskId: string;
      projectId: string;
      decision: 'ACCEPT' | 'RETURN';
      note: string | null;
      /** null when the step accepts submissions automatically. */
      actor: Actor | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      const accepted = input.decision === 'ACCEPT';
      const conflicts = await db.$transaction(async (tx) => {
        const contribution = await tx.contribution.update({
          where: { id: input.contributionId },
          data: {
            status: accepted ? 'ACCEPTED' : 'RETURNED',
            reviewNote: input.note,
            reviewedById: input.actor?.userId ?? null,
            reviewedAt: at,
          },
          select: { version: true, submittedById: true },
        });
        await tx.task.update({
          where: { id: input.taskId },
          data: accepted
            ? { status: 'COMPLETED', completedAt: at, completedById: contribution.submittedById }
            : { status: 'RETURNED' },
        });
        if (accepted) {
          await tx.escalation.updateMany({
            where: { taskId: input.taskId, status: { in: ['OPEN', 'ANSWERED'] } },
            data: { status: 'RESOLVED', closedAt: at },
          });
        }
        await audit(tx, {
          eventKey: `task:${input.taskId}:reviewed:${contribution.version}`,
          action: accepted ? 'CONTRIBUTION_ACCEPTED' : 'CONTRIBUTION_RETURNED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor?.userId ?? null,
          actorAgencyId: input.actor?.agencyId ?? null,
          detail: { version: contribution.version, note: input.note, automatic: input.actor === null },
          occurredAt: at,
        });
        // A verified contribution's figures go into the one-door data store.
        return accepted ? recordVerifiedData(tx, { ...input, at }) : [];
      });
      if (conflicts.length > 0 && reconciliation) {
        await startReconciliations(db, reconciliation, conflicts, input.actor);
      }
    },

    async recordTaskReminder(input: {
      taskId: string;
      projectId: string;
      agencyId: string;
      percent: number;
      dueAt: string;
      at: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await audit(tx, {
          eventKey: `task:${input.taskId}:reminder:${input.dueAt}:${input.percent}`,
          action: 'TASK_REMINDER',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.agencyId,
          detail: { percentOfSla: input.percent, dueAt: input.dueAt },
          occurredAt: new Date(input.at),
        });
      });
    },

    async recordEscalationOpened(input: {
      escalationId: string;
      supersedes: string | null;
      taskId: string;
      projectId: string;
      agencyId: string;
      level: number;
      dueAt: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        if (input.supersedes) {
          await tx.escalation.updateMany({
            where: { id: input.supersedes, status: { in: ['OPEN', 'ANSWERED'] } },
            data: { status: 'SUPERSEDED', closedAt: at },
          });
        }
        await tx.escalation.upsert({
          where: { id: input.escalationId },
          create: {
            id: input.escalationId,
            taskId: input.taskId,
            projectId: input.projectId,
            agencyId: input.agencyId,
            level: input.level,
            openedAt: at,
          },
          update: {},
        });
        await tx.task.update({ where: { id: input.taskId }, data: { escalationLevel: input.level } });
        await audit(tx, {
          eventKey: `escalation:${input.escalationId}:opened`,
          action: 'TASK_ESCALATED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.agencyId,
          detail: { level: input.level, escalatedTo: levelTitle(input.level), dueAt: input.dueAt },
          occurredAt: at,
        });
      });
    },

    async recordEscalationRepeated(input: {
      escalationId: string;
      taskId: string;
      projectId: string;
      level: number;
      repeat: number;
      at: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.escalation.updateMany({
          where: { id: input.escalationId, repeats: { lt: input.repeat } },
          data: { repeats: input.repeat },
        });
        await audit(tx, {
          eventKey: `escalation:${input.escalationId}:repeat:${input.repeat}`,
          action: 'ESCALATION_REMINDER',
          projectId: input.projectId,
          taskId: input.taskId,
          detail: { level: input.level, escalatedTo: levelTitle(input.level), repeat: input.repeat },
          occurredAt: new Date(input.at),
        });
      });
    },

    async recordEscalationAnswered(input: {
      escalationId: string;
      taskId: string;
      projectId: string;
      level: number;
      actor: Actor;
      instruction: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.escalation.update({
          where: { id: input.escalationId },
          data: {
            status: 'ANSWERED',
            instruction: input.instruction,
            answeredById: input.actor.userId,
            answeredAt: at,
          },
        });
        await audit(tx, {
          eventKey: `escalation:${input.escalationId}:answered:${input.at}`,
          action: 'ESCALATION_ANSWERED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { level: input.level, instruction: input.instruction },
          occurredAt: at,
        });
      });
    },

    async recordDeadlineExtended(input: {
      taskId: string;
      projectId: string;
      escalationId: string | null;
      level: number;
      actor: Actor;
      extension: Sla;
      reason: string;
      at: string;
      dueAt: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.task.update({
          where: { id: input.taskId },
          data: { dueAt: new Date(input.dueAt), deadlineExtended: true, escalationLevel: 0 },
        });
        await tx.escalation.updateMany({
          where: { taskId: input.taskId, status: { in: ['OPEN', 'ANSWERED'] } },
          data: { status: 'RESOLVED', closedAt: at },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:extended`,
          action: 'DEADLINE_EXTENDED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            level: input.level,
            extension: slaToString(input.extension),
            reason: input.reason,
            dueAt: input.dueAt,
          },
          occurredAt: at,
        });
      });
    },

    async recordTaskReassigned(input: {
      reassignmentId: string;
      taskId: string;
      projectId: string;
      kind: 'OTHER_OPD' | 'WITHIN_OPD';
      fromAgencyId: string;
      toAgencyId: string;
      toUserId: string | null;
      actor: Actor;
      reason: string;
      at: string;
      dueAt: string;
      reassignmentCount: number;
    }): Promise<void> {
      const at = new Date(input.at);
      const otherOpd = input.kind === 'OTHER_OPD';
      await db.$transaction(async (tx) => {
        await tx.reassignment.upsert({
          where: { id: input.reassignmentId },
          create: {
            id: input.reassignmentId,
            taskId: input.taskId,
            kind: input.kind,
            fromAgencyId: input.fromAgencyId,
            toAgencyId: input.toAgencyId,
            toUserId: input.toUserId,
            byUserId: input.actor.userId,
            reason: input.reason,
            at,
          },
          update: {},
        });
        await tx.task.update({
          where: { id: input.taskId },
          data: otherOpd
            ? {
                agencyId: input.toAgencyId,
                status: 'ASSIGNED',
                assigneeId: null,
                dueAt: new Date(input.dueAt),
                escalationLevel: 0,
                reassignmentCount: input.reassignmentCount,
              }
            : { assigneeId: input.toUserId },
        });
        if (otherOpd) {
          await tx.escalation.updateMany({
            where: { taskId: input.taskId, status: { in: ['OPEN', 'ANSWERED'] } },
            data: { status: 'SUPERSEDED', closedAt: at },
          });
          await tx.projectAgency.createMany({
            data: [{ projectId: input.projectId, agencyId: input.toAgencyId, addedAt: at }],
            skipDuplicates: true,
          });
        } else {
          await tx.task.updateMany({
            where: { id: input.taskId, status: 'ASSIGNED' },
            data: { status: 'CLAIMED' },
          });
        }
        await audit(tx, {
          eventKey: `reassignment:${input.reassignmentId}`,
          action: otherOpd ? 'TASK_REASSIGNED' : 'TASK_REASSIGNED_WITHIN_OPD',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            fromAgencyId: input.fromAgencyId,
            toAgencyId: input.toAgencyId,
            toUserId: input.toUserId,
            reason: input.reason,
            reassignmentCount: input.reassignmentCount,
          },
          occurredAt: at,
        });
      });
    },

    async recordTaskCancelled(input: {
      taskId: string;
      projectId: string;
      escalationId: string | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.task.update({ where: { id: input.taskId }, data: { status: 'CANCELLED' } });
        await tx.escalation.updateMany({
          where: { taskId: input.taskId, status: { in: ['OPEN', 'ANSWERED'] } },
          data: { status: 'RESOLVED', closedAt: at },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:cancelled`,
          action: 'TASK_CANCELLED',
          projectId: input.projectId,
          taskId: input.taskId,
          occurredAt: at,
        });
      });
    },
  };
}

export type ProjectionActivities = ReturnType<typeof createActivities>;
