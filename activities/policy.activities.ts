import { audit, type Tx } from '@gotong/database/audit';
import type { Database } from '@gotong/database/prisma';
import {
  parafComment,
  parafDecision,
  signOffOfficeFor,
  type ParafDecision,
  type PolicyStatus,
  type SignOffDecision,
  type SignOffOffice,
} from '@gotong/domain/policy';
import type { Actor } from '@gotong/domain/roles';
import type { PolicyDraftInput } from '@gotong/workflows/policy/messages';

/** What a draft's first rows are made of: the workflow input, and the id it runs under. */
export type PolicyFirstRows = Pick<
  PolicyDraftInput,
  'draftId' | 'projectId' | 'key' | 'kind' | 'title' | 'description' | 'drafting' | 'createdBy' | 'reviewers'
> & { workflowId: string };

/**
 * The draft's project row (its review tasks are agency tasks of it; its comments carry the versions'
 * documents), the OPDs taking part, the draft and its reviewers. Insert-if-absent under the ids the input
 * carries: the API writes them after the start, the workflow's first activity too, whichever comes second
 * writes nothing (like writeIncidentFirstRows).
 */
export async function writePolicyFirstRows(tx: Tx, draft: PolicyFirstRows, at: Date): Promise<void> {
  await tx.jointProject.createMany({
    data: [
      {
        id: draft.projectId,
        workflowId: draft.workflowId,
        title: draft.title,
        description: draft.description,
        leadUserId: draft.createdBy.userId,
        leadAgencyId: draft.drafting.agencyId,
        parameters: { policyDraftId: draft.draftId, policyKind: draft.kind },
        createdAt: at,
      },
    ],
    skipDuplicates: true,
  });
  await tx.projectAgency.createMany({
    data: [draft.drafting, ...draft.reviewers].map((a) => ({
      projectId: draft.projectId,
      agencyId: a.agencyId,
      addedAt: at,
    })),
    skipDuplicates: true,
  });
  await tx.policyDraft.createMany({
    data: [
      {
        id: draft.draftId,
        key: draft.key,
        kind: draft.kind,
        title: draft.title,
        description: draft.description,
        draftingAgencyId: draft.drafting.agencyId,
        createdById: draft.createdBy.userId,
        projectId: draft.projectId,
        workflowId: draft.workflowId,
        createdAt: at,
      },
    ],
    skipDuplicates: true,
  });
  await tx.policyReviewer.createMany({
    data: draft.reviewers.map((r) => ({ draftId: draft.draftId, agencyId: r.agencyId })),
    skipDuplicates: true,
  });
}

/**
 * What every policy audit event's detail carries besides its own facts, so that the notifier can word it
 * without reading the draft again: the draft's id, title, kind and drafting OPD.
 */
async function draftFacts(tx: Tx, draftId: string) {
  const draft = await tx.policyDraft.findUniqueOrThrow({
    where: { id: draftId },
    select: { title: true, kind: true, draftingAgencyId: true },
  });
  return { draftId, title: draft.title, kind: draft.kind, draftingAgencyId: draft.draftingAgencyId };
}

/** Projections of policy drafts (policyDraftWorkflow). Idempotent: rows by workflow ids, audit by eventKey. */
export function createPolicyActivities(db: Database) {
  return {
    async recordPolicyDraftCreated(input: PolicyFirstRows & { at: string }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await writePolicyFirstRows(tx, input, at);
        await audit(tx, {
          eventKey: `policy:${input.draftId}:created`,
          action: 'POLICY_DRAFT_CREATED',
          projectId: input.projectId,
          actorUserId: input.createdBy.userId,
          actorAgencyId: input.drafting.agencyId,
          detail: {
            draftId: input.draftId,
            kind: input.kind,
            title: input.title,
            draftingAgencyId: input.drafting.agencyId,
            reviewers: input.reviewers.map((r) => r.agencyCode),
          },
          occurredAt: at,
        });
      });
    },

    async recordPolicyVersion(input: {
      draftId: string;
      projectId: string;
      versionId: string;
      number: number;
      attachmentId: string;
      note: string | null;
      actor: Actor;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.policyDraftVersion.createMany({
          data: [
            {
              id: input.versionId,
              draftId: input.draftId,
              number: input.number,
              attachmentId: input.attachmentId,
              note: input.note,
              uploadedById: input.actor.userId,
              uploadedAt: at,
            },
          ],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `policy:${input.draftId}:version:${input.number}`,
          action: 'POLICY_VERSION_UPLOADED',
          projectId: input.projectId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            ...(await draftFacts(tx, input.draftId)),
            version: input.number,
            attachmentId: input.attachmentId,
            note: input.note,
          },
          occurredAt: at,
        });
      });
    },

    async recordPolicyStatus(input: {
      draftId: string;
      projectId: string;
      status: PolicyStatus;
      version: number;
      actorUserId: string | null;
      note: string | null;
      /** While a sign-off waits (AWAITING_SEKDA, AWAITING_BUPATI): when it is due; absent in older histories. */
      signOffDueAt?: string | null;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.policyDraft.update({
          where: { id: input.draftId },
          data: {
            status: input.status,
            currentVersion: input.version,
            ...(input.status === 'SIGNED' ? { signedAt: at } : {}),
          },
        });
        const finished = input.status === 'SIGNED' || input.status === 'WITHDRAWN';
        if (finished)
          await tx.jointProject.update({
            where: { id: input.projectId },
            data:
              input.status === 'SIGNED'
                ? { status: 'COMPLETED', completedAt: at }
                : { status: 'CANCELLED', cancelledAt: at, cancelReason: input.note },
          });
        await audit(tx, {
          eventKey: `policy:${input.draftId}:v${input.version}:${input.status}`,
          action: 'POLICY_STATUS_CHANGED',
          projectId: input.projectId,
          actorUserId: input.actorUserId,
          detail: {
            ...(await draftFacts(tx, input.draftId)),
            status: input.status,
            version: input.version,
            note: input.note,
            office: signOffOfficeFor(input.status),
            dueAt: input.signOffDueAt ?? null,
          },
          occurredAt: at,
        });
      });
    },

    /** The review tasks of a round, before they start: one paraf row per reviewer and version. */
    async recordPolicyRound(input: {
      draftId: string;
      version: number;
      reviews: { taskId: string; agencyId: string }[];
      at: string;
    }): Promise<void> {
      await db.policyParaf.createMany({
        data: input.reviews.map((r) => ({
          taskId: r.taskId,
          draftId: input.draftId,
          version: input.version,
          agencyId: r.agencyId,
          startedAt: new Date(input.at),
        })),
        skipDuplicates: true,
      });
    },

    /**
     * A finished review task's paraf, read from its accepted contribution (who submitted it, when, the choice
     * and the note) onto its paraf row, with an audit event. Retried until the task has recorded it.
     */
    async recordParafDecision(input: { draftId: string; taskId: string }): Promise<ParafDecision> {
      const sent = await db.contribution.findFirst({
        where: { taskId: input.taskId, status: 'ACCEPTED' },
        orderBy: { version: 'desc' },
        select: {
          values: true,
          submittedById: true,
          submittedAt: true,
          task: { select: { projectId: true } },
        },
      });
      if (!sent) throw new Error(`review task ${input.taskId} has not recorded its paraf yet`);
      const decision = parafDecision(sent.values);
      const comment = parafComment(sent.values);
      await db.$transaction(async (tx) => {
        const paraf = await tx.policyParaf.update({
          where: { taskId: input.taskId },
          data: { decision, comment, byUserId: sent.submittedById, decidedAt: sent.submittedAt },
          select: { version: true, agencyId: true },
        });
        await audit(tx, {
          eventKey: `policy:${input.draftId}:paraf:${input.taskId}`,
          action: decision === 'INITIALLED' ? 'POLICY_INITIALLED' : 'POLICY_REVIEW_RETURNED',
          projectId: sent.task.projectId,
          taskId: input.taskId,
          actorUserId: sent.submittedById,
          actorAgencyId: paraf.agencyId,
          detail: { ...(await draftFacts(tx, input.draftId)), version: paraf.version, comment },
          occurredAt: sent.submittedAt,
        });
      });
      return decision;
    },

    /** Review tasks closed without an answer (the version was returned by another reviewer, or withdrawn). */
    async recordParafsClosed(input: { draftId: string; taskIds: string[]; at: string }): Promise<void> {
      await db.policyParaf.updateMany({
        where: { taskId: { in: input.taskIds }, decision: null, closedAt: null },
        data: { closedAt: new Date(input.at) },
      });
    },

    async recordPolicySignOff(input: {
      draftId: string;
      projectId: string;
      signOffId: string;
      version: number;
      office: SignOffOffice;
      decision: SignOffDecision;
      note: string | null;
      actor: Actor;
      at: string;
    }): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.policySignOff.createMany({
          data: [
            {
              id: input.signOffId,
              draftId: input.draftId,
              version: input.version,
              office: input.office,
              decision: input.decision,
              note: input.note,
              byUserId: input.actor.userId,
              actingTitle: input.actor.acting?.title ?? null,
              at,
            },
          ],
          skipDuplicates: true,
        });
        await audit(tx, {
          eventKey: `policy:${input.draftId}:sign-off:${input.signOffId}`,
          action: input.decision === 'SIGNED' ? 'POLICY_SIGNED_OFF' : 'POLICY_SIGN_OFF_RETURNED',
          projectId: input.projectId,
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: {
            ...(await draftFacts(tx, input.draftId)),
            office: input.office,
            version: input.version,
            note: input.note,
            ...(input.actor.acting ? { acting: input.actor.acting } : {}),
          },
          occurredAt: at,
        });
      });
    },

    /** A stalled sign-off: a reminder to the office, or (a late Sekda) the report to the Bupati. */
    async recordSignOffOverdue(input: {
      draftId: string;
      projectId: string;
      office: SignOffOffice;
      version: number;
      kind: 'REMINDER' | 'ESCALATE' | 'REPEAT';
      level: number | null;
      n: number;
      at: string;
    }): Promise<void> {
      await db.$transaction(async (tx) =>
        audit(tx, {
          eventKey: `policy:${input.draftId}:v${input.version}:${input.office}:overdue:${input.n}`,
          action: input.kind === 'ESCALATE' ? 'POLICY_SIGN_OFF_ESCALATED' : 'POLICY_SIGN_OFF_REMINDER',
          projectId: input.projectId,
          detail: {
            ...(await draftFacts(tx, input.draftId)),
            office: input.office,
            version: input.version,
            level: input.level,
          },
          occurredAt: new Date(input.at),
        }),
      );
    },
  };
}
