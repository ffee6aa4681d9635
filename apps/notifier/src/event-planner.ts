import type { Database } from '@gotong/database/prisma';
import type { AuditOutboxPayload } from '@gotong/notifications/notifiable';
import type { NotificationMessage } from '@gotong/notifications/types';
import { Audience } from './audience';

/** What to tell whom about one event: the message (rendered per recipient's language later) and the audience. */
export interface NotificationPlan {
  eventKey: string;
  message: NotificationMessage;
  /** Emergencies: delivered through quiet hours. */
  urgent: boolean;
  /** Path in the web app. */
  link: string | null;
  projectId: string | null;
  taskId: string | null;
  recipients: string[];
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);
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
          agency: { select: { name: true } },
          project: {
            select: {
              id: true,
              title: true,
              leadUserId: true,
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
            incident: { select: { id: true, title: true, severity: true, declaredById: true } },
          },
        })
      : null);
  const incident = project?.incident ?? null;
  const d = event.detail;
  const base = {
    eventKey: event.eventKey,
    urgent: incident !== null,
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
  const isSitrep = Boolean(incident && task?.stepKey?.startsWith('sitrep-'));

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
    return plan(
      {
        kind: 'OPD_MOBILISED',
        incidentTitle: incident.title,
        severity: incident.severity,
        agencyName: agency?.name ?? '',
        clusters: (d.clusters as string[] | undefined) ?? [],
      },
      audience.agencyTeam(event.actorAgencyId),
    );
  }

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
  switch (event.action) {
    case 'TASK_ASSIGNED':
      if (incident && task.stepKey?.startsWith('ack-')) return null;
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
    case 'TASK_REMINDER':
      return plan(
        {
          kind: 'TASK_REMINDER',
          taskTitle: task.title,
          projectTitle,
          percentOfSla: num(d.percentOfSla),
          dueAt: str(d.dueAt, task.dueAt.toISOString()),
        },
        audience.agencyTeam(task.agencyId),
      );
    case 'TASK_ESCALATED': {
      const level = num(d.level, 1);
      const recipients = audience.ladder(level, task.agencyId);
      if (isSitrep && incident) {
        return plan(
          {
            kind: 'SITREP_MISSING',
            incidentTitle: incident.title,
            agencyName: task.agency.name,
            taskTitle: task.title,
            level,
            dueAt: str(d.dueAt, task.dueAt.toISOString()),
          },
          // The command post (who declared) hears of every missing sitrep too.
          Promise.all([recipients, audience.activeUsers([incident.declaredById])]).then((l) => l.flat()),
        );
      }
      return plan(
        {
          kind: 'TASK_ESCALATED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          level,
          dueAt: str(d.dueAt, task.dueAt.toISOString()),
        },
        recipients,
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
        audience.ladder(level, task.agencyId),
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
        Promise.all([
          audience.agencyTeam(task.agencyId),
          audience.activeUsers([task.project.leadUserId]),
        ]).then((l) => l.flat()),
      );
    }
    case 'CONTRIBUTION_SUBMITTED':
      return plan(
        {
          kind: 'CONTRIBUTION_SUBMITTED',
          taskTitle: task.title,
          projectTitle,
          agencyName: task.agency.name,
          version: num(d.version, 1),
        },
        audience.activeUsers([task.project.leadUserId]),
      );
    case 'CONTRIBUTION_RETURNED': {
      // Whoever works the task, and the OPD's head; the whole team if nobody has claimed it.
      const [assignee, heads] = await Promise.all([
        audience.activeUsers([task.assigneeId]),
        audience.agencyHeads(task.agencyId),
      ]);
      const recipients = [...assignee, ...heads];
      return plan(
        { kind: 'CONTRIBUTION_RETURNED', taskTitle: task.title, projectTitle, note: str(d.note) },
        recipients.length > 0 ? recipients : audience.agencyTeam(task.agencyId),
      );
    }
    case 'TASK_REASSIGNED':
    case 'TASK_REASSIGNED_WITHIN_OPD': {
      const from = await db.agency.findUnique({ where: { id: str(d.fromAgencyId) }, select: { name: true } });
      const toUserId = typeof d.toUserId === 'string' ? d.toUserId : null;
      return plan(
        {
          kind: 'TASK_REASSIGNED',
          taskTitle: task.title,
          projectTitle,
          fromAgencyName: from?.name ?? '',
          reason: str(d.reason),
        },
        event.action === 'TASK_REASSIGNED_WITHIN_OPD' && toUserId
          ? audience.activeUsers([toUserId])
          : audience.agencyTeam(str(d.toAgencyId, task.agencyId)),
      );
    }
  }
}

async function kecamatanNames(db: Database, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const agencies = await db.agency.findMany({ where: { areaCode: { in: codes } }, select: { name: true } });
  return agencies.map((a) => a.name.replace(/^Kecamatan /, ''));
}
