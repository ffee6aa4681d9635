import { audit, type Tx } from '@gotong/database/audit';
import { writeProjectFirstRows } from '@gotong/database/first-rows';
import type { Database } from '@gotong/database/prisma';
import type { CitizenReportStatus, TriageInput } from '@gotong/domain/citizen/rules';
import type { Actor } from '@gotong/domain/roles';
import type { ProjectInput } from '@gotong/contracts/project';

/**
 * Projections of citizenReportWorkflow (workflows/citizen): the report's status, its public answers and
 * internal notes, the first-response reminders and escalations, and the audit trail (whose notifiable events,
 * libs/notifications NOTIFIABLE_ACTIONS, reach people through the outbox and apps/notifier). Idempotent: the
 * rows carry ids the workflow chose (uuid4 in the workflow is replay-stable) and audit events have
 * deterministic keys, so a retried activity writes nothing twice.
 */
export function createCitizenActivities(db: Database) {
  async function firstResponse(tx: Tx, reportId: string, at: string | null): Promise<void> {
    if (!at) return;
    // Only the first one counts (a retry or a later answer never moves it).
    await tx.citizenReport.updateMany({
      where: { id: reportId, firstRespondedAt: null },
      data: { firstRespondedAt: new Date(at) },
    });
  }

  return {
    async recordCitizenTriage(input: {
      reportId: string;
      trackingNumber: string;
      noteId: string;
      answerId: string;
      actor: Actor;
      triage: TriageInput;
      status: CitizenReportStatus;
      firstResponseAt: string | null;
      handlingAgencyId: string;
      project: (ProjectInput & { workflowId: string }) | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      const { triage, actor } = input;
      await db.$transaction(async (tx) => {
        if (input.project) await writeProjectFirstRows(tx, input.project, at);
        const publicText =
          triage.action === 'answer'
            ? triage.text
            : triage.action === 'project'
              ? (triage.text ?? null)
              : null;
        if (publicText) {
          await tx.citizenReportAnswer.createMany({
            data: [
              {
                id: input.answerId,
                reportId: input.reportId,
                text: publicText,
                final: triage.action === 'answer',
                agencyId: actor.agencyId,
                byUserId: actor.userId,
                createdAt: at,
              },
            ],
            skipDuplicates: true,
          });
        }
        const note =
          triage.action === 'forward' || triage.action === 'reject'
            ? triage.note
            : triage.action === 'project'
              ? `Dijadikan pekerjaan bersama: ${triage.title} (${triage.templateCode})`
              : null;
        if (note) {
          await tx.citizenReportNote.createMany({
            data: [
              {
                id: input.noteId,
                reportId: input.reportId,
                action: triage.action,
                text: note,
                agencyId: actor.agencyId,
                byUserId: actor.userId,
                createdAt: at,
              },
            ],
            skipDuplicates: true,
          });
        }
        const final = input.status === 'ANSWERED' || input.status === 'REJECTED';
        await tx.citizenReport.update({
          where: { id: input.reportId },
          data: {
            status: input.status,
            handlingAgencyId: input.handlingAgencyId,
            ...(triage.action === 'reject' ? { rejectionReason: triage.reason } : {}),
            ...(input.project ? { projectId: input.project.projectId } : {}),
            ...(final ? { closedAt: at } : {}),
          },
        });
        await firstResponse(tx, input.reportId, input.firstResponseAt);
        await audit(tx, {
          eventKey: `citizen-report:${input.reportId}:triage:${input.noteId}`,
          action: 'CITIZEN_REPORT_TRIAGED',
          actorUserId: actor.userId,
          actorAgencyId: actor.agencyId,
          detail: {
            trackingNumber: input.trackingNumber,
            action: triage.action,
            status: input.status,
            ...(triage.action === 'reject' ? { reason: triage.reason } : {}),
            ...(input.project ? { projectId: input.project.projectId } : {}),
            ...(triage.action === 'forward' ? { toAgencyId: input.handlingAgencyId } : {}),
          },
          occurredAt: at,
        });
      });
    },

    async recordCitizenAnswer(input: {
      reportId: string;
      trackingNumber: string;
      answerId: string;
      actor: Actor;
      text: string;
      final: boolean;
      status: CitizenReportStatus;
      firstResponseAt: string | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.citizenReportAnswer.createMany({
          data: [
            {
              id: input.answerId,
              reportId: input.reportId,
              text: input.text,
              final: input.final,
              agencyId: input.actor.agencyId,
              byUserId: input.actor.userId,
              createdAt: at,
            },
          ],
          skipDuplicates: true,
        });
        await tx.citizenReport.update({
          where: { id: input.reportId },
          data: { status: input.status, ...(input.final ? { closedAt: at } : {}) },
        });
        await firstResponse(tx, input.reportId, input.firstResponseAt);
        await audit(tx, {
          eventKey: `citizen-report:${input.reportId}:answer:${input.answerId}`,
          action: 'CITIZEN_REPORT_ANSWERED',
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { trackingNumber: input.trackingNumber, final: input.final, status: input.status },
          occurredAt: at,
        });
      });
    },

    /** The project from the report is completed: the final public answer, and the report is closed. */
    async recordCitizenProjectDone(input: {
      reportId: string;
      trackingNumber: string;
      answerId: string;
      agencyId: string;
      text: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.citizenReportAnswer.createMany({
          data: [
            {
              id: input.answerId,
              reportId: input.reportId,
              text: input.text,
              final: true,
              agencyId: input.agencyId,
              byUserId: null,
              createdAt: at,
            },
          ],
          skipDuplicates: true,
        });
        await tx.citizenReport.update({
          where: { id: input.reportId },
          data: { status: 'CLOSED', closedAt: at },
        });
        await audit(tx, {
          eventKey: `citizen-report:${input.reportId}:closed`,
          action: 'CITIZEN_REPORT_CLOSED',
          actorAgencyId: input.agencyId,
          detail: { trackingNumber: input.trackingNumber },
          occurredAt: at,
        });
      });
    },

    /**
     * A reminder or escalation of the first-response clock: its audit event (CITIZEN_REPORT_REMINDER or
     * CITIZEN_REPORT_ESCALATED) goes through the notifications outbox, and apps/notifier tells the same audience
     * as for a task's ladder: reminders the OPD's team, level 1 its Kepala OPD, level 2 the Sekda, level 3 the
     * Bupati and Wakil Bupati (from level 2 on, the OPD's heads too).
     */
    async recordCitizenLadderEvent(input: {
      reportId: string;
      trackingNumber: string;
      agencyId: string;
      kind: 'REMINDER' | 'ESCALATE' | 'REPEAT';
      level: number;
      percent: number | null;
      sequence: string;
      dueAt: string;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      const eventKey = `citizen-report:${input.reportId}:ladder:${input.sequence}:${input.kind}`;
      await db.$transaction(async (tx) => {
        if (input.kind !== 'REMINDER') {
          await tx.citizenReport.update({
            where: { id: input.reportId },
            data: { escalationLevel: input.level },
          });
        }
        await audit(tx, {
          eventKey,
          action: input.kind === 'REMINDER' ? 'CITIZEN_REPORT_REMINDER' : 'CITIZEN_REPORT_ESCALATED',
          actorAgencyId: input.agencyId,
          detail: {
            trackingNumber: input.trackingNumber,
            level: input.level,
            ...(input.percent !== null ? { percentOfSla: input.percent } : {}),
            dueAt: input.dueAt,
          },
          occurredAt: at,
        });
      });
    },
  };
}
