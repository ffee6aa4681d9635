import { DateTime } from 'luxon';
import {
  escalationLevel,
  fitTitle,
  formatDate,
  formatDateTime,
  incidentStatusLabel,
  severityLabel,
  WIB_ZONE,
} from './format';
import {
  type Digest,
  type DigestEmergency,
  type DigestEscalationGroup,
  type DigestOverdueGroup,
  type Language,
  type RenderedMessage,
} from './types';

/**
 * The leadership digest: overdue tasks per OPD, open escalations per level and running emergencies, built from
 * rows the notifier has already read, and its text. Pure; `now` is passed in.
 */

export interface DigestInput {
  /** Working day the digest is for, YYYY-MM-DD (WIB). */
  date: string;
  /** ISO instant the digest is built at; "overdue" and ages are measured against it. */
  now: string;
  scope: Digest['scope'];
  overdueTasks: {
    taskId: string;
    taskTitle: string;
    projectTitle: string;
    agencyCode: string;
    agencyName: string;
    dueAt: string;
  }[];
  openEscalations: {
    escalationId: string;
    taskId: string;
    taskTitle: string;
    agencyCode: string;
    level: number;
    openedAt: string;
  }[];
  emergencies: DigestEmergency[];
}

type DigestOverdueTask = DigestOverdueGroup['tasks'][number];
type DigestEscalationItem = DigestEscalationGroup['items'][number];

/** An item with the instant it is sorted by and a tie-breaker, so equal instants still give a stable order. */
interface Sorted<T> {
  at: number;
  id: string;
  value: T;
}

function oldestFirst<T>(entries: Sorted<T>[]): T[] {
  return [...entries].sort((a, b) => a.at - b.at || compare(a.id, b.id)).map((e) => e.value);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function buildDigest(input: DigestInput): Digest {
  const now = instant(input.now);
  if (now === null) throw new RangeError(`digest now must be an ISO instant, got '${input.now}'`);
  const { scope } = input;
  const inScope = (agencyCode: string) => scope.kind === 'REGENCY' || agencyCode === scope.agencyCode;

  // Overdue tasks per OPD. A task whose deadline has not passed (or cannot be read) is not overdue, whatever
  // the query that produced it thought.
  const tasksByAgency = new Map<string, { agencyName: string; entries: Sorted<DigestOverdueTask>[] }>();
  for (const task of input.overdueTasks) {
    const due = instant(task.dueAt);
    if (due === null || due >= now || !inScope(task.agencyCode)) continue;
    let bucket = tasksByAgency.get(task.agencyCode);
    if (!bucket) {
      bucket = { agencyName: task.agencyName, entries: [] };
      tasksByAgency.set(task.agencyCode, bucket);
    }
    bucket.entries.push({
      at: due,
      id: task.taskId,
      value: {
        taskId: task.taskId,
        taskTitle: task.taskTitle,
        projectTitle: task.projectTitle,
        dueAt: task.dueAt,
        daysOverdue: Math.floor((now - due) / DAY_MS),
      },
    });
  }
  const overdueByOpd: DigestOverdueGroup[] = [...tasksByAgency].map(
    ([agencyCode, { agencyName, entries }]) => ({
      agencyCode,
      agencyName,
      count: entries.length,
      // The earliest deadline is the most overdue.
      tasks: oldestFirst(entries),
    }),
  );
  overdueByOpd.sort((a, b) => b.count - a.count || compare(a.agencyCode, b.agencyCode));

  // Open escalations per level. An unreadable opening time counts as "just opened" rather than hiding the
  // escalation: it is open either way.
  const itemsByLevel = new Map<number, Sorted<DigestEscalationItem>[]>();
  for (const escalation of input.openEscalations) {
    if (!inScope(escalation.agencyCode)) continue;
    const opened = instant(escalation.openedAt) ?? now;
    let entries = itemsByLevel.get(escalation.level);
    if (!entries) {
      entries = [];
      itemsByLevel.set(escalation.level, entries);
    }
    entries.push({
      at: opened,
      id: escalation.escalationId,
      value: {
        escalationId: escalation.escalationId,
        taskId: escalation.taskId,
        taskTitle: escalation.taskTitle,
        agencyCode: escalation.agencyCode,
        openedAt: escalation.openedAt,
        // Clamped: a clock a little ahead on the producer's side must not give a negative age.
        ageHours: Math.max(0, Math.floor((now - opened) / HOUR_MS)),
      },
    });
  }
  const escalationsByLevel: DigestEscalationGroup[] = [...itemsByLevel]
    .map(([level, entries]) => ({ level, count: entries.length, items: oldestFirst(entries) }))
    .sort((a, b) => a.level - b.level);

  // Emergencies concern every OPD, so an agency digest keeps them all, in the order given.
  return {
    date: input.date,
    scope: { ...scope },
    overdueByOpd,
    escalationsByLevel,
    emergencies: input.emergencies.map((e) => ({ ...e })),
  };
}

export function isDigestEmpty(digest: Digest): boolean {
  return (
    digest.overdueByOpd.length === 0 &&
    digest.escalationsByLevel.length === 0 &&
    digest.emergencies.length === 0
  );
}

// ---------------------------------------------------------------------------------------------------------
// Text

/** Lines per group (an OPD, a level, the emergencies); the rest is summed up as "… dan N lainnya". */
export const MAX_DIGEST_LINES = 10;

interface DigestTexts {
  title: (date: string, agencyName: string | null) => (subject: string) => string;
  overdueHeading: string;
  escalationHeading: string;
  emergencyHeading: string;
  noOverdue: string;
  noEscalation: string;
  noEmergency: string;
  agencyGroup: (name: string, code: string, count: number) => string;
  overdueTask: (title: string, project: string, days: number, due: string) => string;
  levelGroup: (level: string, count: number) => string;
  escalationItem: (title: string, agencyCode: string, hours: number) => string;
  emergency: (e: DigestEmergency, severity: string, status: string, declared: string) => string;
  more: (n: number) => string;
}

const TEXTS: Record<Language, DigestTexts> = {
  id: {
    title: (date, agencyName) =>
      agencyName === null
        ? () => `Ringkasan harian Gotong — ${date}`
        : (name) => `Ringkasan harian Gotong untuk ${name} — ${date}`,
    overdueHeading: 'Tugas terlambat per OPD',
    escalationHeading: 'Eskalasi terbuka per tingkat',
    emergencyHeading: 'Keadaan darurat berjalan',
    noOverdue: 'Tidak ada tugas yang terlambat.',
    noEscalation: 'Tidak ada eskalasi yang terbuka.',
    noEmergency: 'Tidak ada keadaan darurat yang sedang berjalan.',
    agencyGroup: (name, code, count) => `${name} (${code}): ${count} tugas`,
    overdueTask: (title, project, days, due) =>
      `- ${title} (proyek “${project}”): ${days < 1 ? 'terlambat kurang dari 1 hari' : `terlambat ${days} hari`}, ` +
      `batas waktu ${due}`,
    levelGroup: (level, count) => `${level}: ${count} eskalasi`,
    escalationItem: (title, agencyCode, hours) =>
      `- ${title} (${agencyCode}): ${hours < 1 ? 'terbuka kurang dari 1 jam' : `terbuka ${hours} jam`}`,
    emergency: (e, severity, status, declared) =>
      `- ${e.title}: ${status}, tingkat keparahan ${severity}, dinyatakan ${declared}; ` +
      `${e.mobilisedOpds} OPD dimobilisasi, ${e.openTasks} tugas terbuka`,
    more: (n) => `… dan ${n} lainnya`,
  },
  en: {
    title: (date, agencyName) =>
      agencyName === null
        ? () => `Gotong daily digest — ${date}`
        : (name) => `Gotong daily digest for ${name} — ${date}`,
    overdueHeading: 'Overdue tasks by agency',
    escalationHeading: 'Open escalations by level',
    emergencyHeading: 'Ongoing emergencies',
    noOverdue: 'No overdue tasks.',
    noEscalation: 'No open escalations.',
    noEmergency: 'No ongoing emergencies.',
    agencyGroup: (name, code, count) => `${name} (${code}): ${count} ${plural(count, 'task', 'tasks')}`,
    overdueTask: (title, project, days, due) =>
      `- ${title} (project “${project}”): ` +
      `${days < 1 ? 'less than a day overdue' : `${days} ${plural(days, 'day', 'days')} overdue`}, due ${due}`,
    levelGroup: (level, count) => `${level}: ${count} ${plural(count, 'escalation', 'escalations')}`,
    escalationItem: (title, agencyCode, hours) =>
      `- ${title} (${agencyCode}): ` +
      `${hours < 1 ? 'open for less than an hour' : `open for ${hours} ${plural(hours, 'hour', 'hours')}`}`,
    emergency: (e, severity, status, declared) =>
      `- ${e.title}: ${status}, severity ${severity}, declared ${declared}; ` +
      `${e.mobilisedOpds} ${plural(e.mobilisedOpds, 'agency', 'agencies')} mobilised, ` +
      `${e.openTasks} open ${plural(e.openTasks, 'task', 'tasks')}`,
    more: (n) => `… and ${n} more`,
  },
};

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

export function renderDigest(digest: Digest, language: Language): RenderedMessage {
  const t = TEXTS[language];
  const date = formatDate(digest.date, language);
  const agencyName = digest.scope.kind === 'AGENCY' ? digest.scope.agencyName : null;
  const title = fitTitle(t.title(date, agencyName), agencyName ?? '');

  const out: string[] = [];

  const overdueTotal = digest.overdueByOpd.reduce((sum, g) => sum + Math.max(g.count, g.tasks.length), 0);
  out.push(`${t.overdueHeading} (${overdueTotal})`);
  if (overdueTotal === 0) out.push(t.noOverdue);
  for (const group of digest.overdueByOpd) {
    const count = Math.max(group.count, group.tasks.length);
    out.push(t.agencyGroup(group.agencyName, group.agencyCode, count));
    const shown = group.tasks.slice(0, MAX_DIGEST_LINES);
    for (const task of shown) {
      out.push(
        t.overdueTask(
          task.taskTitle,
          task.projectTitle,
          task.daysOverdue,
          formatDateTime(task.dueAt, language),
        ),
      );
    }
    if (count > shown.length) out.push(t.more(count - shown.length));
  }

  out.push('');
  const escalationTotal = digest.escalationsByLevel.reduce(
    (sum, g) => sum + Math.max(g.count, g.items.length),
    0,
  );
  out.push(`${t.escalationHeading} (${escalationTotal})`);
  if (escalationTotal === 0) out.push(t.noEscalation);
  for (const group of digest.escalationsByLevel) {
    const count = Math.max(group.count, group.items.length);
    out.push(t.levelGroup(capitalise(escalationLevel(group.level, language)), count));
    const shown = group.items.slice(0, MAX_DIGEST_LINES);
    for (const item of shown) out.push(t.escalationItem(item.taskTitle, item.agencyCode, item.ageHours));
    if (count > shown.length) out.push(t.more(count - shown.length));
  }

  out.push('');
  out.push(`${t.emergencyHeading} (${digest.emergencies.length})`);
  if (digest.emergencies.length === 0) out.push(t.noEmergency);
  const emergencies = digest.emergencies.slice(0, MAX_DIGEST_LINES);
  for (const e of emergencies) {
    out.push(
      t.emergency(
        e,
        severityLabel(e.severity, language),
        incidentStatusLabel(e.status, language),
        formatDateTime(e.declaredAt, language),
      ),
    );
  }
  if (digest.emergencies.length > emergencies.length)
    out.push(t.more(digest.emergencies.length - emergencies.length));

  return { title, body: out.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------

/** Epoch ms of an ISO instant (an instant without an offset is read as WIB), or null. */
function instant(iso: string): number | null {
  const dt = DateTime.fromISO(iso, { zone: WIB_ZONE });
  return dt.isValid ? dt.toMillis() : null;
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** Plain code-unit order, so sorting does not depend on the host's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
