import { audit, type Tx } from '@gotong/database/audit';
import { appointmentsInForce } from '@gotong/database/acting';
import type { Database } from '@gotong/database/prisma';
import { slaToString, type Sla } from '@gotong/domain/calendar';
import { actingLabel, type ActingAs } from '@gotong/domain/acting';
import { ESCALATION_LEVELS, type Actor } from '@gotong/domain/roles';

const levelTitle = (level: number) => ESCALATION_LEVELS.find((l) => l.level === level)?.title ?? null;

/**
 * In which post the actor acted, when not in their own: a Plt./Plh. acts as the Kepala OPD (or leadership) of
 * the post they stand in for, so the actor's role or OPD differs from their account's. The API resolved that
 * hat from an appointment in force (apps/api/src/common/access.service.ts requireTaskAs); the workflow passes
 * on only userId, agencyId and role, so the appointment is looked up again here, at the moment of the act.
 */
async function actingOf(
  tx: Tx,
  actor: Actor,
  at: Date,
): Promise<{ title: string; post: string; label: string } | null> {
  if (actor.acting) return { ...actor.acting, label: actingLabel(actor.acting) };
  const user = await tx.user.findUnique({
    where: { id: actor.userId },
    select: { role: true, agencyId: true },
  });
  if (!user || (user.role === actor.role && user.agencyId === actor.agencyId)) return null;
  const [appointment] = await appointmentsInForce(
    tx,
    {
      actingUserId: actor.userId,
      ...(actor.role === 'AGENCY_HEAD'
        ? { postKind: 'AGENCY_HEAD', agencyId: actor.agencyId }
        : { postKind: 'SEKDA' }),
    },
    at,
  );
  if (!appointment) return null;
  const acting: ActingAs = { title: appointment.title, post: appointment.postName };
  return { ...acting, label: actingLabel(acting) };
}

/** Projections of the escalation ladder (libs/domain/src/escalation-ladder.ts): reminders, levels, answers. */
export function createEscalationActivities(db: Database) {
  return {
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
    /** The lead's review is due soon (fair clocks): the lead is reminded. */
    async recordReviewReminder(input: {
      taskId: string;
      projectId: string;
      leadAgencyId: string;
      percent: number;
      dueAt: string;
      at: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await audit(tx, {
          eventKey: `task:${input.taskId}:review-reminder:${input.dueAt}:${input.percent}`,
          action: 'REVIEW_REMINDER',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.leadAgencyId,
          detail: { percentOfSla: input.percent, dueAt: input.dueAt, leadAgencyId: input.leadAgencyId },
          occurredAt: new Date(input.at),
        });
      });
    },
    /**
     * An escalation opened. kind OPD (the default): the task's OPD is late, `agencyId` is the task's OPD and the
     * task's level moves. kind REVIEW (fair clocks): the lead's review is late, `agencyId` is the LEAD's OPD, whose
     * ladder is told; the task's own level does not move.
     */
    async recordEscalationOpened(input: {
      escalationId: string;
      supersedes: string | null;
      taskId: string;
      projectId: string;
      agencyId: string;
      level: number;
      dueAt: string;
      at: string;
      kind?: 'OPD' | 'REVIEW';
    }): Promise<void> {
      const review = input.kind === 'REVIEW';
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
            kind: review ? 'REVIEW' : 'OPD',
            openedAt: at,
          },
          update: {},
        });
        if (!review)
          await tx.task.update({ where: { id: input.taskId }, data: { escalationLevel: input.level } });
        await audit(tx, {
          eventKey: `escalation:${input.escalationId}:opened`,
          action: review ? 'REVIEW_ESCALATED' : 'TASK_ESCALATED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorAgencyId: input.agencyId,
          detail: {
            level: input.level,
            escalatedTo: levelTitle(input.level),
            dueAt: input.dueAt,
            ...(review ? { leadAgencyId: input.agencyId } : {}),
          },
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
      /** REVIEW: a late review's reminder, told to the lead's OPD's ladder (`leadAgencyId`). */
      kind?: 'OPD' | 'REVIEW';
      leadAgencyId?: string;
    }): Promise<void> {
      const review = input.kind === 'REVIEW';
      await db.$transaction(async (tx) => {
        await tx.escalation.updateMany({
          where: { id: input.escalationId, repeats: { lt: input.repeat } },
          data: { repeats: input.repeat },
        });
        await audit(tx, {
          eventKey: `escalation:${input.escalationId}:repeat:${input.repeat}`,
          action: review ? 'REVIEW_ESCALATED' : 'ESCALATION_REMINDER',
          projectId: input.projectId,
          taskId: input.taskId,
          detail: {
            level: input.level,
            escalatedTo: levelTitle(input.level),
            repeat: input.repeat,
            ...(review ? { leadAgencyId: input.leadAgencyId } : {}),
          },
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
        const acting = await actingOf(tx, input.actor, at);
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
          detail: { level: input.level, instruction: input.instruction, ...(acting ? { acting } : {}) },
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
        const acting = await actingOf(tx, input.actor, at);
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
            ...(acting ? { acting } : {}),
          },
          occurredAt: at,
        });
      });
    },
  };
}
