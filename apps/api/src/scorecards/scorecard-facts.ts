import type { Database } from '@gotong/database/prisma';
import { workCalendar, type WorkCalendar } from '@gotong/domain/calendar';
import type { TaskFacts } from '@gotong/domain/scorecard';

/** Tasks the OPD owes: reminders and the ladder run here, and past the deadline they are late. */
export const OWED_STATES = ['ASSIGNED', 'CLAIMED', 'RETURNED'] as const;

/** The two calendars a task can run on: emergencies 24/7, everything else office hours (with the holidays). */
export async function calendars(db: Database): Promise<{ office: WorkCalendar; always: WorkCalendar }> {
  const holidays = await db.holiday.findMany({ orderBy: { date: 'asc' } });
  return { office: workCalendar(holidays), always: workCalendar(holidays, 'ALWAYS') };
}

/** What is read of a task to judge it (see taskFacts). */
export const TASK_FACTS_SELECT = {
  id: true,
  title: true,
  projectId: true,
  agencyId: true,
  status: true,
  dueAt: true,
  holderSince: true,
  createdAt: true,
  completedAt: true,
  deadlineExtended: true,
  escalationLevel: true,
  project: {
    select: { title: true, template: { select: { category: true } }, incident: { select: { id: true } } },
  },
  contributions: { select: { version: true, status: true, submittedAt: true, dueAt: true } },
  reassignments: { where: { kind: 'OTHER_OPD' }, select: { at: true, fromAgencyId: true } },
  auditEvents: { where: { action: 'DEADLINE_EXTENDED' }, select: { occurredAt: true } },
} as const;

type TaskRow = {
  agencyId: string;
  status: string;
  dueAt: Date;
  holderSince: Date;
  createdAt: Date;
  completedAt: Date | null;
  project: { template: { category: string } | null; incident: { id: string } | null };
  contributions: TaskFacts['contributions'][number][];
  reassignments: { at: Date; fromAgencyId: string }[];
  auditEvents: { occurredAt: Date }[];
};

/**
 * The rules' view of a task row. The current OPD holds it since its assignment or its latest move to another
 * OPD (the later of `holder_since` and the latest move, so a row written before the move kept it is still
 * right). Incidents and EMERGENCY templates run 24/7; everything else counts office hours.
 */
export function taskFacts(row: TaskRow, cal: { office: WorkCalendar; always: WorkCalendar }): TaskFacts {
  const lastMove = Math.max(row.createdAt.getTime(), ...row.reassignments.map((r) => r.at.getTime()));
  const emergency = row.project.incident !== null || row.project.template?.category === 'EMERGENCY';
  return {
    agencyId: row.agencyId,
    status: row.status,
    dueAt: row.dueAt,
    holderSince: new Date(Math.max(row.holderSince.getTime(), lastMove)),
    completedAt: row.completedAt,
    contributions: row.contributions,
    extendedAt: row.auditEvents.map((e) => e.occurredAt),
    calendar: emergency ? cal.always : cal.office,
  };
}
