import type { Database } from '@gotong/database/prisma';
import { citizenCategory } from '@gotong/domain/citizen/categories';
import { PLANNING_AGENCY } from '@gotong/domain/planning/access';
import { stageEnd, type StageCalendar } from '@gotong/domain/planning/stages';
import type { AuditOutboxPayload, NotifiableAction } from '@gotong/notifications/notifiable';
import { isUrgent } from '@gotong/notifications/quiet-hours';
import type { NotificationMessage, PolicyOffice } from '@gotong/notifications/types';
import type { Audience } from './audience';
import type { NotificationPlan } from './event-planner';

/**
 * Who hears of the joint work of issue #18: policy drafts (activities/policy.activities.ts), citizen reports
 * (activities/citizen.activities.ts, apps/api/src/citizen) and the planning cycle's late decisions
 * (activities/planning.activities.ts). The review tasks of a draft and the decision tasks of a proposal are
 * ordinary agency tasks: their TASK_* events are planned by event-planner.ts, not here.
 */

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const flat = (lists: Promise<string[]>[]): Promise<string[]> => Promise.all(lists).then((l) => l.flat());
const officeOf = (value: unknown): PolicyOffice | null =>
  value === 'SEKDA' || value === 'BUPATI' ? value : null;
/**
 * The post an actor acted in as a Plt./Plh., as the audit detail carries it: a `label` (escalation activities)
 * or the Actor's `{ title, post }` (policy sign-offs), e.g. "Plt. Sekretaris Daerah"; null when not acting.
 */
const actingLabelOf = (detail: Record<string, unknown>): string | null => {
  const acting = detail.acting as { label?: unknown; title?: unknown; post?: unknown } | undefined;
  if (typeof acting?.label === 'string') return acting.label;
  if (typeof acting?.post === 'string' && (acting.title === 'PLT' || acting.title === 'PLH'))
    return `${acting.title === 'PLT' ? 'Plt.' : 'Plh.'} ${acting.post}`;
  return null;
};

export type PolicyAction = Extract<NotifiableAction, `POLICY_${string}`>;
export type CitizenAction = Extract<NotifiableAction, `CITIZEN_REPORT_${string}`>;
export const isPolicyAction = (action: NotifiableAction): action is PolicyAction =>
  action.startsWith('POLICY_');
export const isCitizenAction = (action: NotifiableAction): action is CitizenAction =>
  action.startsWith('CITIZEN_REPORT_');

interface Context<A extends NotifiableAction = NotifiableAction> {
  db: Database;
  audience: Audience;
  event: AuditOutboxPayload & { action: A };
}

/** A plan for `recipients`, leaving out whoever acted. */
async function planOf(
  { event }: Context,
  fields: { message: NotificationMessage; link: string; projectId: string | null; taskId: string | null },
  recipients: Promise<string[]>,
): Promise<NotificationPlan> {
  const level = typeof event.detail.level === 'number' ? event.detail.level : null;
  return {
    eventKey: event.eventKey,
    urgent: isUrgent({ action: event.action, emergency: false, stepKey: null, level }),
    ...fields,
    recipients: [...new Set(await recipients)].filter((id) => id !== event.actorUserId),
  };
}

/**
 * "Drs. Budi, Sekretaris Daerah": the name, then the Plt./Plh. post the detail carries or else (withPosition) the
 * user's position; empty when unknown.
 */
async function personOf(
  db: Database,
  userId: string | null,
  detail: Record<string, unknown>,
  withPosition: boolean,
): Promise<string> {
  if (!userId) return '';
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { fullName: true, position: true },
  });
  if (!user) return '';
  const post = actingLabelOf(detail) ?? (withPosition ? user.position : null);
  return [user.fullName, post].filter(Boolean).join(', ');
}

/**
 * A policy draft: the Sekda (then the Bupati) hears that it awaits their sign-off, and of its reminders; a late
 * Sekda's escalation goes to the Bupati and Wakil Bupati (and the Sekda); the drafting OPD's leads and Kepala
 * (and whoever created the draft) hear of a return — by a reviewer or at sign-off, with its note — and of the
 * Bupati's signature. Other statuses say nothing: reviewers hear of their review tasks through TASK_ASSIGNED.
 */
export async function planPolicyEvent(ctx: Context<PolicyAction>): Promise<NotificationPlan | null> {
  const { db, audience, event } = ctx;
  if (!event.projectId) return null;
  const draft = await db.policyDraft.findUnique({
    where: { projectId: event.projectId },
    select: {
      id: true,
      title: true,
      kind: true,
      currentVersion: true,
      createdById: true,
      draftingAgencyId: true,
      draftingAgency: { select: { name: true } },
    },
  });
  if (!draft) return null;
  const d = event.detail;
  const version = num(d.version, draft.currentVersion);
  const fields = (message: NotificationMessage) => ({
    message,
    link: `/policy/${draft.id}`,
    projectId: event.projectId,
    taskId: event.taskId,
  });
  const drafting = () =>
    flat([
      audience.agencyLeads(draft.draftingAgencyId),
      audience.agencyHeads(draft.draftingAgencyId),
      audience.activeUsers([draft.createdById]),
    ]);
  const officeHolders = (office: PolicyOffice) =>
    office === 'SEKDA' ? audience.sekda() : audience.offices(['BUPATI']);
  const common = { draftTitle: draft.title, draftingAgencyName: draft.draftingAgency.name, version };

  switch (event.action) {
    case 'POLICY_STATUS_CHANGED': {
      const status = str(d.status);
      if (status === 'AWAITING_SEKDA' || status === 'AWAITING_BUPATI') {
        const office: PolicyOffice = status === 'AWAITING_SEKDA' ? 'SEKDA' : 'BUPATI';
        return planOf(
          ctx,
          fields({
            kind: 'POLICY_SIGN_OFF_AWAITED',
            ...common,
            policyKind: draft.kind,
            office,
            dueAt: str(d.dueAt) || str(d.signOffDueAt) || null,
          }),
          officeHolders(office),
        );
      }
      if (status === 'SIGNED') {
        return planOf(
          ctx,
          fields({
            kind: 'POLICY_SIGNED',
            draftTitle: draft.title,
            policyKind: draft.kind,
            version,
            signedBy: await personOf(db, event.actorUserId, d, true),
          }),
          drafting(),
        );
      }
      // RETURNED is told by the return itself (with its note); DRAFTING, IN_REVIEW and WITHDRAWN say nothing.
      return null;
    }
    case 'POLICY_REVIEW_RETURNED': {
      const reviewer = event.actorAgencyId
        ? await db.agency.findUnique({ where: { id: event.actorAgencyId }, select: { name: true } })
        : null;
      return planOf(
        ctx,
        fields({
          kind: 'POLICY_RETURNED',
          draftTitle: draft.title,
          version,
          by: 'REVIEWER',
          returnedBy: reviewer?.name ?? '',
          note: str(d.comment),
        }),
        drafting(),
      );
    }
    case 'POLICY_SIGN_OFF_RETURNED': {
      const office = officeOf(d.office);
      if (!office) return null;
      return planOf(
        ctx,
        fields({
          kind: 'POLICY_RETURNED',
          draftTitle: draft.title,
          version,
          by: office,
          returnedBy: await personOf(db, event.actorUserId, d, false),
          note: str(d.note),
        }),
        drafting(),
      );
    }
    case 'POLICY_SIGN_OFF_REMINDER': {
      const office = officeOf(d.office);
      if (!office) return null;
      return planOf(
        ctx,
        fields({ kind: 'POLICY_SIGN_OFF_REMINDER', ...common, office }),
        officeHolders(office),
      );
    }
    case 'POLICY_SIGN_OFF_ESCALATED': {
      const office = officeOf(d.office);
      if (!office) return null;
      const level = num(d.level, 3);
      return planOf(
        ctx,
        fields({ kind: 'POLICY_SIGN_OFF_ESCALATED', ...common, office, level }),
        // The rung reported to, and the office that is late.
        flat([audience.ladder(level, draft.draftingAgencyId), officeHolders(office)]),
      );
    }
  }
  return null;
}

/**
 * A citizen report: the handling OPD hears of a new report and of a report forwarded to it (with the
 * forwarder's note), and of the first-response reminders; an escalation goes up the ladder of the handling
 * OPD (level 1 its Kepala, 2 the Sekda, 3 the Bupati and Wakil Bupati; from level 2 the Kepala too). The
 * reporter is never told here (there are no reporter accounts; the public tracking page is their channel),
 * and no message carries the reporter's name or contact.
 */
export async function planCitizenEvent(ctx: Context<CitizenAction>): Promise<NotificationPlan | null> {
  const { db, audience, event } = ctx;
  const d = event.detail;
  if (event.action === 'CITIZEN_REPORT_TRIAGED' && d.action !== 'forward') return null;
  const reportId = /^citizen-report:([^:]+):/.exec(event.eventKey)?.[1] ?? null;
  const select = {
    id: true,
    trackingNumber: true,
    category: true,
    handlingAgencyId: true,
    firstResponseDueAt: true,
    desa: { select: { name: true, parent: { select: { name: true } } } },
  } as const;
  const report = reportId
    ? await db.citizenReport.findUnique({ where: { id: reportId }, select })
    : str(d.trackingNumber)
      ? await db.citizenReport.findUnique({ where: { trackingNumber: str(d.trackingNumber) }, select })
      : null;
  if (!report) return null;
  const found = citizenCategory(report.category);
  const facts = {
    trackingNumber: report.trackingNumber,
    category: found ? { ...found.label } : { id: report.category, en: report.category },
    desaName: report.desa.name,
  };
  const kecamatanName = report.desa.parent?.name ?? '';
  const dueAt = str(d.dueAt) || report.firstResponseDueAt.toISOString();
  const fields = (message: NotificationMessage) => ({
    message,
    link: `/citizen-reports/${report.id}`,
    projectId: null,
    taskId: null,
  });
  const agencyName = async (id: string) =>
    (await db.agency.findUnique({ where: { id }, select: { name: true } }))?.name ?? '';
  // The OPD the event is about: the handling OPD when it happened (the actor agency of the workflow's events).
  const handling = event.actorAgencyId ?? report.handlingAgencyId;

  switch (event.action) {
    case 'CITIZEN_REPORT_FILED':
      return planOf(
        ctx,
        fields({ kind: 'CITIZEN_REPORT_FILED', ...facts, kecamatanName, dueAt }),
        audience.agencyTeam(handling),
      );
    case 'CITIZEN_REPORT_TRIAGED': {
      const to = str(d.toAgencyId) || report.handlingAgencyId;
      const noteId = /^citizen-report:[^:]+:triage:(.+)$/.exec(event.eventKey)?.[1];
      const note = noteId
        ? await db.citizenReportNote.findUnique({ where: { id: noteId }, select: { text: true } })
        : null;
      return planOf(
        ctx,
        fields({
          kind: 'CITIZEN_REPORT_FORWARDED',
          ...facts,
          kecamatanName,
          fromAgencyName: event.actorAgencyId ? await agencyName(event.actorAgencyId) : '',
          note: note?.text ?? '',
          dueAt,
        }),
        audience.agencyTeam(to),
      );
    }
    case 'CITIZEN_REPORT_REMINDER':
      return planOf(
        ctx,
        fields({
          kind: 'CITIZEN_REPORT_REMINDER',
          ...facts,
          agencyName: await agencyName(handling),
          percentOfSla: num(d.percentOfSla),
          dueAt,
        }),
        audience.agencyTeam(handling),
      );
    case 'CITIZEN_REPORT_ESCALATED': {
      const level = num(d.level, 1);
      return planOf(
        ctx,
        fields({
          kind: 'CITIZEN_REPORT_ESCALATED',
          ...facts,
          agencyName: await agencyName(handling),
          level,
          dueAt,
        }),
        flat([audience.ladder(level, handling), ...(level >= 2 ? [audience.agencyHeads(handling)] : [])]),
      );
    }
  }
  return null;
}

/**
 * The Renja decisions still open at the deadline of a planning year: BAPPEDA (its leads, its Kepala and whoever
 * opened the year) hears once for all the decisions one recording wrote (one event per open task, all at the
 * same instant). The first of them by recording time and key plans the message; the others plan nothing.
 */
export async function planPlanningLate(ctx: Context): Promise<NotificationPlan | null> {
  const { db, audience, event } = ctx;
  const year = num(event.detail.year) || Number(/^planning:(\d+):late:/.exec(event.eventKey)?.[1] ?? 0);
  if (!year) return null;
  const batch = await db.auditEvent.findMany({
    where: {
      action: 'PLANNING_DECISION_LATE',
      eventKey: { startsWith: `planning:${year}:late:` },
      occurredAt: new Date(event.occurredAt),
    },
    select: { eventKey: true, actorAgencyId: true, detail: true },
    orderBy: [{ recordedAt: 'asc' }, { eventKey: 'asc' }],
  });
  if (batch.length > 0 && batch[0]!.eventKey !== event.eventKey) return null;
  const events = batch.length > 0 ? batch : [{ ...event, detail: event.detail as unknown }];
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.actorAgencyId) counts.set(e.actorAgencyId, (counts.get(e.actorAgencyId) ?? 0) + 1);
  }
  const proposals = new Set(
    events.map((e) => str((e.detail as Record<string, unknown> | null)?.proposalId, e.eventKey)),
  );
  const [agencies, planningYear, bappeda] = await Promise.all([
    db.agency.findMany({ where: { id: { in: [...counts.keys()] } }, select: { id: true, name: true } }),
    db.planningYear.findUnique({ where: { year }, select: { stages: true, createdById: true } }),
    db.agency.findUnique({ where: { code: PLANNING_AGENCY }, select: { id: true } }),
  ]);
  const nameOf = new Map(agencies.map((a) => [a.id, a.name]));
  const dueAt = planningYear ? renjaDeadline(planningYear.stages) : null;
  return planOf(
    ctx,
    {
      message: {
        kind: 'PLANNING_DECISIONS_LATE',
        year,
        decisions: events.length,
        proposals: proposals.size,
        agencies: [...counts]
          .map(([id, count]) => ({ agencyName: nameOf.get(id) ?? id, count }))
          .sort((a, b) => b.count - a.count || a.agencyName.localeCompare(b.agencyName, 'id')),
        dueAt,
      },
      link: `/planning/${year}/overview`,
      projectId: null,
      taskId: null,
    },
    flat([
      ...(bappeda ? [audience.agencyLeads(bappeda.id), audience.agencyHeads(bappeda.id)] : []),
      audience.activeUsers([planningYear?.createdById]),
    ]),
  );
}

/** The end of the Forum Perangkat Daerah (the Renja deadline) of a stage calendar; null when it has none. */
function renjaDeadline(stages: unknown): string | null {
  try {
    return new Date(stageEnd(stages as StageCalendar, 'FORUM_PERANGKAT_DAERAH')).toISOString();
  } catch {
    return null; // the message then says "the Renja deadline"
  }
}
