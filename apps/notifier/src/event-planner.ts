import type { Database } from '@gotong/database/prisma';
import type { AuditOutboxPayload, NotifiableAction } from '@gotong/notifications/notifiable';
import { isUrgent } from '@gotong/notifications/quiet-hours';
import type { NotificationMessage } from '@gotong/notifications/types';
import { Audience } from './audience';
import {
  isCitizenAction,
  isPolicyAction,
  planCitizenEvent,
  planPlanningLate,
  planPolicyEvent,
} from './joint-work.planner';

/** What to tell whom about one event: the message (rendered per recipient's language later) and the audience. */
export interface NotificationPlan {
  eventKey: string;
  message: NotificationMessage;
  /** Delivered through quiet hours: acknowledgements of an emergency and escalations at level ≥ 2 (isUrgent). */
  urgent: boolean;
  /** Path in the web app. */
  link: string | null;
  projectId: string | null;
  taskId: string | null;
  recipients: string[];
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);
/** The first of `keys` in `detail` that holds a number (detail fields written by other modules may vary). */
const firstNumber = (detail: Record<string, unknown>, keys: string[]): number | null => {
  for (const key of keys) {
    const value = detail[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
};
const flat = (lists: Promise<string[]>[]): Promise<string[]> => Promise.all(lists).then((l) => l.flat());
/** Tasks still owing work (or cancelled with their project): the OPDs that hear of a cancelled project. */
const OPEN_OR_CANCELLED = ['ASSIGNED', 'CLAIMED', 'SUBMITTED', 'RETURNED', 'CANCELLED'] as const;
/** Resource request steps taken by the requesting OPD: the providing OPD hears of them, and the other way round. */
const REQUESTER_STEPS = new Set(['REQUESTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED']);
type ResourceAction = Extract<NotifiableAction, `RESOURCE_${string}`>;
const isResourceAction = (action: NotifiableAction): action is ResourceAction =>
  action.startsWith('RESOURCE_');
/** The label an audit detail carries when the actor acted as a Plt./Plh. (activities/escalation.activities.ts). */
const actingLabelOf = (detail: Record<string, unknown>): string | null => {
  const acting = detail.acting as { label?: unknown } | undefined;
  return typeof acting?.label === 'string' ? acting.label : null;
};

/**
 * Turns an audit event from the outbox into a notification plan, reading the projections for titles and
 * people. Returns null when nobody is to be told (e.g. the task's acknowledgement step, which the
 * mobilisation notice already covers).
 */
export async function planAuditNotification(
  db: Database,
  event: AuditOutboxPayload,
): Promise<NotificationPlan | null> {
  // Who holds a post (or stands in for its holder) is decided at the moment of the event.
  const audience = new Audience(db, new Date(event.occurredAt));
  // The joint work of issue #18: policy drafts, citizen reports, late planning decisions (joint-work.planner.ts).
  if (isPolicyAction(event.action))
    return planPolicyEvent({ db, audience, event: { ...event, action: event.action } });
  if (isCitizenAction(event.action))
    return planCitizenEvent({ db, audience, event: { ...event, action: event.action } });
  if (event.action === 'PLANNING_DECISION_LATE') return planPlanningLate({ db, audience, event });
  const task = event.taskId
    ? await db.task.findUnique({
        where: { id: event.taskId },
        select: {
          id: true,
          title: true,
          stepKey: true,
          agencyId: true,
          assigneeId: true,
          dueAt: true,
          reviewDueAt: true,
          agency: { select: { name: true } },
          project: {
            select: {
              id: true,
              title: true,
              leadUserId: true,
              leadAgencyId: true,
              incident: { select: { id: true, title: true, severity: true, declaredById: true } },
            },
          },
        },
      })
    : null;
  const project =
    task?.project ??
    (event.projectId
      ? await db.jointProject.findUnique({
          where: { id: event.projectId },
          select: {
            id: true,
            title: true,
            leadUserId: true,
            leadAgencyId: true,
            incident: { select: { id: true, title: true, severity: true, declaredById: true } },
          },
        })
      : null);
  const incident = project?.incident ?? null;
  const d = event.detail;
  const stepKey = task?.stepKey ?? null;
  const base = {
    eventKey: event.eventKey,
    urgent: isUrgent({
      action: event.action,
      emergency: incident !== null,
      stepKey,
      level: typeof d.level === 'number' ? d.level : null,
    }),
    projectId: project?.id ?? null,
    taskId: task?.id ?? null,
    link: task
      ? `/tasks/${task.id}`
      : incident
        ? `/incidents/${incident.id}`
        : project
          ? `/projects/${project.id}`
          : null,
  };
  const plan = async (message: NotificationMessage, recipients: Promise<string[]> | string[]) => ({
    ...base,
    message,
    recipients: [...new Set(await recipients)].filter((id) => id !== event.actorUserId),
  });
  const isSitrep = Boolean(incident && stepKey?.startsWith('sitrep-'));
  const isAck = Boolean(incident && stepKey?.startsWith('ack-'));
  /**
   * The command of an emergency: who declared it and the Kepala (or Plt./Plh.) of the declarer's OPD — BPBD in
   * practice. It hears of every missed acknowledgement and sitrep.
   */
  const command = async (): Promise<string[]> => {
    if (!incident) return [];
    const declarer = await db.user.findUnique({
      where: { id: incident.declaredById },
      select: { agencyId: true },
    });
    return flat([
      audience.activeUsers([incident.declaredById]),
      declarer ? audience.agencyHeads(declarer.agencyId) : Promise.resolve([]),
    ]);
  };

  if (event.action === 'INCIDENT_DECLARED') {
    if (!incident) return null;
    return plan(
      {
        kind: 'INCIDENT_DECLARED',
        incidentTitle: incident.title,
        severity: incident.severity,
        kecamatan: await kecamatanNames(db, (d.kecamatan as string[] | undefined) ?? []),
      },
      audience.offices(['BUPATI', 'WAKIL_BUPATI', 'SEKDA']),
    );
  }
  if (event.action === 'OPD_MOBILISED') {
    if (!incident || !event.actorAgencyId) return null;
    const agency = await db.agency.findUnique({
      where: { id: event.actorAgencyId },
      select: { name: true },
    });
    // The acknowledgement deadline: carried by the event, else the OPD's open acknowledgement task's.
    const ackTask =
      typeof d.ackDueAt === 'string'
        ? null
        : await db.task.findFirst({
            where: {
              projectId: project!.id,
              agencyId: event.actorAgencyId,
              stepKey: { startsWith: 'ack-' },
              status: { in: ['ASSIGNED', 'CLAIMED', 'RETURNED'] },
            },
            orderBy: { createdAt: 'desc' },
            select: { dueAt: true },
          });
    return plan(
      {
        kind: 'OPD_MOBILISED',
        incidentTitle: incident.title,
        severity: incident.severity,
        agencyName: agency?.name ?? '',
        clusters: (d.clusters as string[] | undefined) ?? [],
        ackDueAt: typeof d.ackDueAt === 'string' ? d.ackDueAt : (ackTask?.dueAt.toISOString() ?? null),
      },
      audience.agencyTeam(event.actorAgencyId),
    );
  }

  if (event.action === 'PROJECT_CANCELLED') {
    if (!project) return null;
    // Every OPD with open work in the project hears once, however many tasks it had; the tasks' own
    // cancellations (TASK_CANCELLED) say nothing more. Their tasks may already be CANCELLED by now.
    const tasks = await db.task.findMany({
      where: { projectId: project.id, status: { in: [...OPEN_OR_CANCELLED] } },
      select: { agencyId: true },
      distinct: ['agencyId'],
    });
    return plan(
      { kind: 'PROJECT_CANCELLED', projectTitle: project.title, reason: str(d.reason) },
      flat(tasks.map((t) => audience.agencyTeam(t.agencyId))),
    );
  }

  if (isResourceAction(event.action)) {
    if (!incident) return null;
    const status = event.action.slice('RESOURCE_'.length);
    const requestId = str(d.requestId) || (/^request:([^:]+):/.exec(event.eventKey)?.[1] ?? '');
    const request = requestId
      ? await db.resourceRequest.findUnique({
          where: { id: requestId },
          select: { fromAgencyId: true, toAgencyId: true, item: true, quantity: true, unit: true },
        })
      : null;
    const requesting = str(d.requestingAgencyId, request?.fromAgencyId ?? '');
    const providing = str(d.providingAgencyId, request?.toAgencyId ?? '');
    // The OPD on the other side of the step: the provider hears of a request, the requester of an answer.
    const told = REQUESTER_STEPS.has(status) ? providing : requesting;
    if (!told) return null;
    const names = new Map(
      (
        await db.agency.findMany({
          where: { id: { in: [requesting, providing].filter(Boolean) } },
          select: { id: true, name: true },
        })
      ).map((a) => [a.id, a.name]),
    );
    const stepQuantity =
      status === 'COMMITTED'
        ? firstNumber(d, ['quantityCommitted', 'committed', 'committedQuantity'])
        : status === 'SENT'
          ? firstNumber(d, ['quantitySent', 'sent', 'sentQuantity'])
          : status === 'PARTIALLY_RECEIVED' || status === 'RECEIVED'
            ? firstNumber(d, ['quantityReceived', 'received', 'receivedQuantity'])
            : null;
    return plan(
      {
        kind: 'RESOURCE_REQUEST',
        status,
        incidentTitle: incident.title,
        item: str(d.item, request?.item ?? ''),
        quantity: num(d.quantity, request?.quantity ?? 0),
        unit: str(d.unit, request?.unit ?? ''),
        stepQuantity,
        requestingAgencyName: names.get(requesting) ?? '',
        providingAgencyName: names.get(providing) ?? '',
        reason: str(d.reason),
      },
      audience.agencyTeam(told),
    );
  }

  if (event.action === 'DATA_CONFLICT_OPENED') return planDataConflict(db, audience, event);

  if (event.action === 'COMMENT_MENTIONED') {
    // One event per mentioned OPD (apps/api/src/comments). Never urgent, even on an emergency: a comment
    // waits for the end of quiet hours.
    const subject = str(d.subject);
    if (subject !== 'TASK' && subject !== 'PROJECT' && subject !== 'INCIDENT') return null;
    const mentioned = str(d.mentionedAgencyId);
    if (!mentioned) return null;
    const planned = await plan(
      {
        kind: 'COMMENT_MENTIONED',
        subject,
        subjectTitle: str(d.subjectTitle),
        authorName: str(d.authorName),
        authorAgencyName: str(d.authorAgencyName),
        mentionedAgencyName: str(d.mentionedAgencyName),
        excerpt: str(d.excerpt),
      },
      // Everyone who works in the OPD (its staff, head, leads, leadership), not its system administrators.
      db.user
        .findMany({ where: { agencyId: mentioned, role: { not: 'ADMIN' } }, select: { id: true } })
        .then((users) => audience.activeUsers(users.map((u) => u.id))),
    );
    return { ...planned, urgent: false };
  }

  if (!task) return null;
  const projectTitle = task.project.title;
  // Whoever works the task and the OPD's head; the whole team if nobody has claimed it.
  const workerAndHeads = async (): Promise<string[]> => {
    const recipients = (
      await Promise.all([audience.activeUsers([task.assigneeId]), audience.agencyHeads(task.agencyId)])
    ).flat();
    return recipients.length > 0 ? recipients : audience.agencyTeam(task.agencyId);
  };
  /** A step whose submissions are accepted without a review: nobody is asked to review or told of acceptance. */
  const autoAccepted = isAck || isSitrep || d.autoAccepted === true || d.automatic === true;
  switch (event.action) {
    case 'TASK_ASSIGNED':
      if (isAck) return null;
      return plan(
        {
          kind: 'TASK_ASSIGNED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          dueAt: task.dueAt.toISOString(),
        },
        audience.agencyTeam(task.agencyId),
      );
    case 'TASK_REMINDER': {
      const dueAt = str(d.dueAt, task.dueAt.toISOString());
      if (incident && (isAck || isSitrep)) {
        // A late acknowledgement or sitrep: the OPD and the command hear of it.
        const common = { incidentTitle: incident.title, agencyName: task.agency.name, taskTitle: task.title };
        return plan(
          { kind: isAck ? 'ACK_MISSING' : 'SITREP_MISSING', ...common, level: 0, dueAt },
          flat([audience.agencyTeam(task.agencyId), command()]),
        );
      }
      return plan(
        {
          kind: 'TASK_REMINDER',
          taskTitle: task.title,
          projectTitle,
          percentOfSla: num(d.percentOfSla),
          dueAt,
        },
        audience.agencyTeam(task.agencyId),
      );
    }
    case 'TASK_ESCALATED': {
      const level = num(d.level, 1);
      const dueAt = str(d.dueAt, task.dueAt.toISOString());
      const recipients = [audience.ladder(level, task.agencyId)];
      // From the Sekda up, the OPD itself is told too: its head and whoever works the task.
      if (level >= 2)
        recipients.push(audience.agencyHeads(task.agencyId), audience.activeUsers([task.assigneeId]));
      if (incident && (isAck || isSitrep)) {
        return plan(
          {
            kind: isAck ? 'ACK_MISSING' : 'SITREP_MISSING',
            incidentTitle: incident.title,
            agencyName: task.agency.name,
            taskTitle: task.title,
            level,
            dueAt,
          },
          // The command hears of every missed acknowledgement and sitrep.
          flat([...recipients, command()]),
        );
      }
      return plan(
        {
          kind: 'TASK_ESCALATED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          level,
          dueAt,
        },
        flat(recipients),
      );
    }
    case 'ESCALATION_REMINDER': {
      const level = num(d.level, 1);
      return plan(
        {
          kind: 'ESCALATION_REMINDER',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          level,
          repeat: num(d.repeat, 1),
        },
        flat([audience.ladder(level, task.agencyId), ...(isAck || isSitrep ? [command()] : [])]),
      );
    }
    case 'ESCALATION_ANSWERED': {
      const by = event.actorUserId
        ? await db.user.findUnique({
            where: { id: event.actorUserId },
            select: { fullName: true, position: true },
          })
        : null;
      return plan(
        {
          kind: 'ESCALATION_ANSWERED',
          taskTitle: task.title,
          projectTitle,
          instruction: str(d.instruction),
          // A Plt./Plh. answers in the post they stand in for: "Siti Aminah, Plt. Kepala Dinas Kesehatan".
          answeredBy: by ? [by.fullName, actingLabelOf(d) ?? by.position].filter(Boolean).join(', ') : '',
        },
        flat([audience.agencyTeam(task.agencyId), audience.activeUsers([task.project.leadUserId])]),
      );
    }
    case 'DEADLINE_EXTENDED':
      return plan(
        {
          kind: 'DEADLINE_EXTENDED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          dueAt: str(d.dueAt, task.dueAt.toISOString()),
          reason: str(d.reason),
        },
        flat([audience.agencyTeam(task.agencyId), audience.activeUsers([task.project.leadUserId])]),
      );
    case 'CONTRIBUTION_SUBMITTED':
      // Acknowledgements and sitreps (and any step marked autoAccepted) are accepted without a review.
      if (autoAccepted) return null;
      return plan(
        {
          kind: 'CONTRIBUTION_SUBMITTED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          version: num(d.version, 1),
          reviewDueAt: str(d.reviewDueAt) || (task.reviewDueAt?.toISOString() ?? null),
        },
        audience.activeUsers([task.project.leadUserId]),
      );
    case 'CONTRIBUTION_ACCEPTED':
      if (autoAccepted) return null;
      return plan(
        {
          kind: 'CONTRIBUTION_ACCEPTED',
          taskTitle: task.title,
          projectTitle,
          version: num(d.version, 1),
          note: str(d.note),
        },
        workerAndHeads(),
      );
    case 'CONTRIBUTION_RETURNED':
      return plan(
        {
          kind: 'CONTRIBUTION_RETURNED',
          taskTitle: task.title,
          projectTitle,
          note: str(d.note),
          dueAt: typeof d.dueAt === 'string' ? d.dueAt : null,
        },
        workerAndHeads(),
      );
    case 'TASK_REASSIGNED':
    case 'TASK_REASSIGNED_WITHIN_OPD': {
      const fromAgencyId = str(d.fromAgencyId);
      const toAgencyId = str(d.toAgencyId, task.agencyId);
      const [from, to] = await Promise.all([
        db.agency.findUnique({ where: { id: fromAgencyId }, select: { name: true } }),
        db.agency.findUnique({ where: { id: toAgencyId }, select: { name: true } }),
      ]);
      const toUserId = typeof d.toUserId === 'string' ? d.toUserId : null;
      const otherOpd = event.action === 'TASK_REASSIGNED';
      return plan(
        {
          kind: 'TASK_REASSIGNED',
          taskTitle: task.title,
          projectTitle,
          fromAgencyName: from?.name ?? '',
          toAgencyName: otherOpd ? (to?.name ?? null) : null,
          reason: str(d.reason),
        },
        !otherOpd && toUserId
          ? audience.activeUsers([toUserId])
          : // The OPD that gave the task away hears of it too.
            flat([
              audience.agencyTeam(toAgencyId),
              ...(otherOpd && fromAgencyId ? [audience.agencyTeam(fromAgencyId)] : []),
            ]),
      );
    }
    case 'TASK_RELEASED': {
      // The OPD's head hears that nobody is working on the task any more (the team sees it back in its inbox);
      // when a Kepala released someone's claim, that person hears of it too.
      const fromUserId = str(d.fromUserId) || null;
      const people = new Map(
        (
          await db.user.findMany({
            where: { id: { in: [event.actorUserId, fromUserId].filter((x): x is string => Boolean(x)) } },
            select: { id: true, fullName: true },
          })
        ).map((u) => [u.id, u.fullName]),
      );
      const releasedFromOther = fromUserId && fromUserId !== event.actorUserId ? fromUserId : null;
      return plan(
        {
          kind: 'TASK_RELEASED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          releasedBy: (event.actorUserId && people.get(event.actorUserId)) || '',
          releasedFrom: releasedFromOther ? (people.get(releasedFromOther) ?? null) : null,
          reason: str(d.reason),
        },
        flat([audience.agencyHeads(task.agencyId), audience.activeUsers([releasedFromOther])]),
      );
    }
    case 'REVIEW_REMINDER':
      return plan(
        {
          kind: 'REVIEW_REMINDER',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          dueAt: str(d.dueAt) || (task.reviewDueAt ?? task.dueAt).toISOString(),
        },
        audience.activeUsers([task.project.leadUserId]),
      );
    case 'REVIEW_ESCALATED': {
      // The lead's review is late: the lead and the ladder of the lead's OPD, never the task's OPD.
      const level = num(d.level, 1);
      const leadAgencyId = str(d.leadAgencyId, task.project.leadAgencyId);
      const lead = await db.user.findUnique({
        where: { id: task.project.leadUserId },
        select: { fullName: true },
      });
      return plan(
        {
          kind: 'REVIEW_ESCALATED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          leadName: lead?.fullName ?? '',
          level,
          // A repeated notice carries no deadline: the review's, as the task records it.
          dueAt: str(d.dueAt) || (task.reviewDueAt?.toISOString() ?? ''),
          repeat: typeof d.repeat === 'number' ? d.repeat : null,
        },
        flat([audience.activeUsers([task.project.leadUserId]), audience.ladder(level, leadAgencyId)]),
      );
    }
  }
  return null;
}

/**
 * A conflict between OPDs' figures: the walidata and the OPDs whose figures disagree. The conflicts opened by
 * one acceptance (one transaction, one instant; a whole-regency request opens hundreds) make one message,
 * planned for the first of them by id; the others plan nothing.
 */
async function planDataConflict(
  db: Database,
  audience: Audience,
  event: AuditOutboxPayload,
): Promise<NotificationPlan | null> {
  const d = event.detail;
  const conflictId = /^data-conflict:([^:]+):opened$/.exec(event.eventKey)?.[1] ?? null;
  const batch = await db.dataConflict.findMany({
    where: { openedAt: new Date(event.occurredAt), status: { in: ['OPEN', 'RESOLVED'] } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const ids = batch.map((c) => c.id);
  if (conflictId && ids.includes(conflictId) && ids[0] !== conflictId) return null;
  const values = Array.isArray(d.values)
    ? (d.values as { agencyId?: unknown; value?: unknown }[]).filter(
        (v): v is { agencyId: string; value: number } =>
          typeof v.agencyId === 'string' && typeof v.value === 'number',
      )
    : [];
  const batchAgencies =
    ids.length > 0
      ? await db.dataValue.findMany({
          where: { conflictId: { in: ids } },
          select: { agencyId: true },
          distinct: ['agencyId'],
        })
      : [];
  const agencyIds = [...new Set([...values.map((v) => v.agencyId), ...batchAgencies.map((a) => a.agencyId)])];
  const [agencies, indicator, area] = await Promise.all([
    db.agency.findMany({
      where: { id: { in: agencyIds } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
    db.indicator.findFirst({
      where: { code: str(d.indicatorCode) },
      orderBy: { version: 'desc' },
      select: { name: true },
    }),
    db.area.findUnique({ where: { code: str(d.areaCode) }, select: { name: true } }),
  ]);
  const nameOf = new Map(agencies.map((a) => [a.id, a.name]));
  const recipients = await flat([audience.walidata(), ...agencyIds.map((id) => audience.agencyTeam(id))]);
  return {
    eventKey: event.eventKey,
    urgent: false,
    link: '/data/conflicts',
    projectId: null,
    taskId: null,
    message: {
      kind: 'DATA_CONFLICT_OPENED',
      indicatorName: indicator?.name ?? str(d.indicatorCode),
      areaName: area?.name ?? str(d.areaCode),
      period: str(d.period),
      cells: Math.max(ids.length, 1),
      values: values.map((v) => ({ agencyName: nameOf.get(v.agencyId) ?? v.agencyId, value: v.value })),
      agencyNames: agencies.map((a) => a.name),
    },
    recipients: [...new Set(recipients)].filter((id) => id !== event.actorUserId),
  };
}

async function kecamatanNames(db: Database, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const agencies = await db.agency.findMany({ where: { areaCode: { in: codes } }, select: { name: true } });
  return agencies.map((a) => a.name.replace(/^Kecamatan /, ''));
}
