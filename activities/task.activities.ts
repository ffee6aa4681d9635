import { Context } from '@temporalio/activity';
import { taskWorkflowId } from '@gotong/contracts/task';
import { audit } from '@gotong/database/audit';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import { FINISHED_STATES } from '@gotong/domain/task-rules';
import {
  recordConfirmations,
  recordVerifiedData,
  startReconciliations,
  TRANSACTION_MAX_WAIT_MS,
  TRANSACTION_TIMEOUT_MS,
  type ReconciliationDeps,
} from './data.activities';
import { typedValues } from './typed-values';

/**
 * The workflow id of the task workflow that calls recordStepTaskAssigned: the activity's caller (a project's
 * task may have a readable id, patch 'readable-task-ids'), or `agency-task-<taskId>` outside an activity.
 */
function workflowIdOfTask(taskId: string): string {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? taskWorkflowId(taskId);
  } catch {
    return taskWorkflowId(taskId);
  }
}

/**
 * Projections of the task workflow: assignment, claim, contribution, review, reassignment, cancellation.
 * An accepted contribution whose form names indicators also feeds the data store (data.activities.ts).
 */
export function createTaskActivities(db: Database, reconciliation: ReconciliationDeps | undefined) {
  return {
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
      /** The task's workflow id; absent from older callers: then the calling workflow's (see workflowIdOfTask). */
      workflowId?: string;
    }): Promise<void> {
      const at = new Date(input.assignedAt);
      await db.$transaction(async (tx) => {
        // Insert-if-absent in one statement (an upsert with nothing to update is three).
        await tx.task.createMany({
          data: [
            {
              id: input.taskId,
              projectId: input.projectId,
              workflowId: input.workflowId ?? workflowIdOfTask(input.taskId),
              stepKey: input.stepKey,
              agencyId: input.agencyId,
              title: input.title,
              instructions: input.instructions,
              form: input.form as unknown as Prisma.InputJsonValue,
              dueAt: new Date(input.dueAt),
              createdAt: at,
              holderSince: at,
            },
          ],
          skipDuplicates: true,
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
      /** The task's state after the claim: CLAIMED, or RETURNED when a released returned task is claimed again. */
      state?: 'CLAIMED' | 'RETURNED';
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        // A late copy of a claim (see recordContributionSubmitted) must not take back a submitted or finished task.
        await tx.task.updateMany({
          where: { id: input.taskId, status: { notIn: ['SUBMITTED', ...FINISHED_STATES] } },
          data: { status: input.state ?? 'CLAIMED', assigneeId: input.actor.userId },
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
    /** The holder (or their Kepala OPD) gave the task back to the OPD's open work. */
    async recordTaskReleased(input: {
      taskId: string;
      projectId: string;
      actor: Actor;
      /** Whom the task was released from. */
      fromUserId: string;
      state: 'ASSIGNED' | 'RETURNED';
      at: string;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.task.update({
          where: { id: input.taskId },
          data: { status: input.state, assigneeId: null },
        });
        await audit(tx, {
          eventKey: `task:${input.taskId}:released:${input.fromUserId}:${input.at}`,
          action: 'TASK_RELEASED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { fromUserId: input.fromUserId },
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
      /** A data request's reasons for jumping figures, keyed by cell. */
      confirmations?: Record<string, string>;
      actor: Actor;
      at: string;
      /** Fair clocks (absent before): the deadline in force at this submission, which the OPD is judged by. */
      dueAt?: string;
      /** Fair clocks: when the lead's review is due (absent when the step accepts submissions itself). */
      reviewDueAt?: string;
      /** Fair clocks: the OPD's open escalation, settled by this submission. */
      settlesEscalationId?: string;
      /** The step accepts the submission itself (acknowledgements, sitreps): nobody is asked to review it. */
      autoAccept?: boolean;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        // Insert-if-absent in one statement, as the task's row.
        await tx.contribution.createMany({
          data: [
            {
              id: input.contributionId,
              taskId: input.taskId,
              version: input.version,
              values: input.values as Prisma.InputJsonValue,
              submittedById: input.actor.userId,
              submittedAt: at,
              ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
            },
          ],
          skipDuplicates: true,
        });
        if (input.settlesEscalationId) {
          await tx.escalation.updateMany({
            where: { id: input.settlesEscalationId, status: { in: ['OPEN', 'ANSWERED'] } },
            data: { status: 'RESOLVED', closedAt: at },
          });
        }
        await tx.contributionValue.createMany({
          data: typedValues(input.form, input.values).map((v) => ({
            ...v,
            contributionId: input.contributionId,
            agencyId: input.agencyId,
          })),
          skipDuplicates: true,
        });
        // A late copy of this projection (an attempt of a worker that had lost the workflow task, finishing
        // after another worker ran the submission and its review) must not move the task back to SUBMITTED:
        // only a submission that is still the newest and still awaiting review sets the task's state.
        if (await isCurrentSubmission(tx, input.taskId, input.version)) {
          await tx.task.update({
            where: { id: input.taskId },
            data: {
              status: 'SUBMITTED',
              result: input.values as Prisma.InputJsonValue,
              ...(input.reviewDueAt ? { reviewDueAt: new Date(input.reviewDueAt) } : {}),
              ...(input.settlesEscalationId ? { escalationLevel: 0 } : {}),
            },
          });
        }
        // The assignee is whoever submitted, when nobody had claimed the task.
        await tx.task.updateMany({
          where: { id: input.taskId, assigneeId: null },
          data: { assigneeId: input.actor.userId },
        });
        if (input.confirmations) {
          await recordConfirmations(tx, {
            taskId: input.taskId,
            confirmations: input.confirmations,
            userId: input.actor.userId,
          });
        }
        await audit(tx, {
          eventKey: `task:${input.taskId}:submitted:${input.version}`,
          action: 'CONTRIBUTION_SUBMITTED',
          projectId: input.projectId,
          taskId: input.taskId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            version: input.version,
            ...(input.autoAccept ? { autoAccepted: true } : {}),
            ...(input.dueAt ? { dueAt: input.dueAt, onTime: at.getTime() <= Date.parse(input.dueAt) } : {}),
            ...(input.reviewDueAt ? { reviewDueAt: input.reviewDueAt } : {}),
          },
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
      /** Fair clocks, on a return: the OPD's revision deadline (its reminders start again). */
      dueAt?: string;
    }): Promise<void> {
      const at = new Date(input.at);
      const accepted = input.decision === 'ACCEPT';
      const conflicts = await db.$transaction(
        async (tx) => {
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
          // The same for a late copy of a review: a return of version 1 recorded again after version 2 was
          // submitted leaves the task with version 2.
          const newer = await tx.contribution.count({
            where: { taskId: input.taskId, version: { gt: contribution.version } },
          });
          if (newer > 0) return [];
          await tx.task.update({
            where: { id: input.taskId },
            data: accepted
              ? {
                  status: 'COMPLETED',
                  completedAt: at,
                  completedById: contribution.submittedById,
                  reviewDueAt: null,
                }
              : {
                  status: 'RETURNED',
                  reviewDueAt: null,
                  ...(input.dueAt ? { dueAt: new Date(input.dueAt), escalationLevel: 0 } : {}),
                },
          });
          if (accepted || input.dueAt) {
            // Accepted: every escalation of the task is settled. Returned with a revision window (fair clocks):
            // the lead's late review is settled; the OPD starts a fresh clock.
            await tx.escalation.updateMany({
              where: {
                taskId: input.taskId,
                status: { in: ['OPEN', 'ANSWERED'] },
                ...(accepted ? {} : { kind: 'REVIEW' }),
              },
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
            detail: {
              version: contribution.version,
              note: input.note,
              automatic: input.actor === null,
              ...(input.dueAt ? { dueAt: input.dueAt } : {}),
            },
            occurredAt: at,
          });
          // A verified contribution's figures go into the one-door data store (a whole-regency request is
          // ~1,650 cells per OPD, written set-based): a timeout suited to that, within the activity's own.
          return accepted ? recordVerifiedData(tx, { ...input, at }) : [];
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
      );
      if (conflicts.length > 0 && reconciliation) {
        await startReconciliations(db, reconciliation, conflicts, input.actor);
      }
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
                // The new OPD's own time starts now (scorecards count each holder's time).
                holderSince: at,
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
        await tx.task.update({
          where: { id: input.taskId },
          data: { status: 'CANCELLED', reviewDueAt: null },
        });
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

/**
 * Whether the contribution `version` of a task is the one its state follows: the newest, not yet reviewed, and
 * the task not finished. False for a projection that arrives after the work moved on.
 */
async function isCurrentSubmission(
  tx: Prisma.TransactionClient,
  taskId: string,
  version: number,
): Promise<boolean> {
  const [task, newest] = await Promise.all([
    tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } }),
    tx.contribution.findFirst({
      where: { taskId },
      orderBy: { version: 'desc' },
      select: { version: true, status: true },
    }),
  ]);
  if (FINISHED_STATES.includes(task.status)) return false;
  return newest !== null && newest.version === version && newest.status === 'SUBMITTED';
}
