import { ESCALATION_LEVELS, type Actor } from '../libs/domain/src/roles';
import type { Database } from '../libs/database/src/prisma';
import type { Prisma } from '../libs/database/src/generated/prisma/client';

/**
 * Projections of workflow state into Postgres. Every activity is idempotent:
 * rows are upserted by the ids the workflow carries, and audit events have a
 * deterministic `eventKey`, so a retried activity never writes a fact twice.
 */
export interface ProjectionDeps {
  db: Database;
}

type Tx = Prisma.TransactionClient;

async function audit(tx: Tx, event: Prisma.AuditEventCreateManyInput): Promise<void> {
  await tx.auditEvent.createMany({ data: [event], skipDuplicates: true });
}

export function createActivities({ db }: ProjectionDeps) {
  return {
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
            escalatedTo: ESCALATION_LEVELS.find((l) => l.level === input.level)?.title ?? null,
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
  };
}

export type ProjectionActivities = ReturnType<typeof createActivities>;
