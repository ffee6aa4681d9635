/**
 * What the database (and the mail the notifier sent) says about one scenario's load, counted afterwards
 * through the private cluster's superuser: the truth the load client's answers are checked against.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import type { ProjectRecord } from './load';

export interface Counts {
  /** Steps of the projects the load started: two each. */
  expectedSteps: number;
  /** Tasks of acknowledged projects whose projection says COMPLETED with an ACCEPTED contribution. */
  completedSteps: number;
  /** Acknowledged by the API but missing or not as acknowledged in the database. */
  lost: { projects: number; steps: number };
  /** What the database shows of the first few lost steps: enough to tell a late projection from a lost one. */
  lostDetail: string[];
  /** Written more than once: the same project title, contribution or audit fact, or the same email. */
  duplicated: { projects: number; contributions: number; auditEvents: number; emails: number };
  projectsCompleted: number;
  projectsAcknowledged: number;
  notifications: {
    /** Outbox rows (notifiable audit events) of these projects, and those still not turned into notifications. */
    outbox: number;
    outboxPending: number;
    /** In-app notifications, and how many distinct idempotency keys they carry. */
    notifications: number;
    distinctKeys: number;
    /** Outside deliveries (email, webhook) by status. */
    deliveries: Record<string, number>;
    /** Emails the mail catcher received for these deliveries, counted by Message-ID (the delivery id). */
    emailsReceived: number;
  };
}

/** One short-lived connection per look: the cluster may be restarted between two of them. */
export async function withDb<T>(url: string, fn: (db: PgClient) => Promise<T>): Promise<T> {
  const db = new PgClient({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 60_000 });
  db.on('error', () => undefined);
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Outbox rows of these projects not yet turned into notifications; undefined while the database is down. */
export async function outboxPending(url: string, projectIds: string[]): Promise<number | undefined> {
  try {
    return await withDb(url, async (db) => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox_message WHERE processed_at IS NULL AND payload->>'projectId' = ANY($1::text[])`,
        [projectIds],
      );
      return Number(rows[0]!.n);
    });
  } catch {
    return undefined;
  }
}

/**
 * Waits until every acknowledged project is COMPLETED and its notifications are out (outbox processed,
 * no delivery pending), or until `timeoutMs`; whatever is still open then shows in the counts.
 */
export async function drain(url: string, projects: ProjectRecord[], timeoutMs: number): Promise<boolean> {
  const ids = projects.flatMap((p) => (p.id ? [p.id] : []));
  const deadline = Date.now() + timeoutMs;
  let reported = false;
  while (Date.now() < deadline) {
    const open = await withDb(url, async (db) => {
      const { rows } = await db.query<{ projects: string; outbox: string; deliveries: string }>(
        `SELECT
           (SELECT count(*) FROM joint_project WHERE id = ANY($1::uuid[]) AND status <> 'COMPLETED') AS projects,
           (SELECT count(*) FROM outbox_message
              WHERE processed_at IS NULL AND payload->>'projectId' = ANY($1::text[])) AS outbox,
           (SELECT count(*) FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
              WHERE n.project_id = ANY($1::uuid[]) AND d.status = 'PENDING') AS deliveries`,
        [ids],
      );
      const r = rows[0]!;
      return Number(r.projects) + Number(r.outbox) + Number(r.deliveries);
    }).catch((error: Error) => {
      // The database may be coming back; anything else would show again in the counts that follow.
      if (!reported) console.warn(`drain: ${error.message}`);
      reported = true;
      return 1;
    });
    if (open === 0) return true;
    await sleep(2_000);
  }
  return false;
}

export async function count(
  url: string,
  tag: string,
  projects: ProjectRecord[],
  mailDir: string | undefined,
): Promise<Counts> {
  const acknowledged = projects.filter((p) => p.id);
  const ids = acknowledged.map((p) => p.id!);
  return withDb(url, async (db) => {
    const byTitle = await db.query<{ title: string; n: string }>(
      `SELECT title, count(*) AS n FROM joint_project WHERE starts_with(title, $1) GROUP BY title`,
      [`${tag} #`],
    );
    const present = await db.query<{ id: string; status: string }>(
      `SELECT id, status FROM joint_project WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const tasks = await db.query<{ id: string; status: string; contributions: string; accepted: string }>(
      `SELECT t.id, t.status,
              count(c.id) AS contributions,
              count(c.id) FILTER (WHERE c.status = 'ACCEPTED') AS accepted
         FROM task t LEFT JOIN contribution c ON c.task_id = t.id
        WHERE t.project_id = ANY($1::uuid[])
        GROUP BY t.id, t.status`,
      [ids],
    );
    const audit = await db.query<{ extra: string }>(
      `SELECT coalesce(sum(n - 1), 0) AS extra FROM (
         SELECT count(*) AS n FROM audit_event
          WHERE project_id = ANY($1::uuid[])
            AND action IN ('TASK_ASSIGNED', 'CONTRIBUTION_SUBMITTED', 'CONTRIBUTION_ACCEPTED', 'PROJECT_STARTED', 'PROJECT_COMPLETED')
          GROUP BY project_id, task_id, action) per_fact`,
      [ids],
    );
    const outbox = await db.query<{ total: string; pending: string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE processed_at IS NULL) AS pending
         FROM outbox_message WHERE payload->>'projectId' = ANY($1::text[])`,
      [ids],
    );
    const notifications = await db.query<{ total: string; keys: string }>(
      `SELECT count(*) AS total, count(DISTINCT key) AS keys FROM notification WHERE project_id = ANY($1::uuid[])`,
      [ids],
    );
    const deliveries = await db.query<{ id: string; channel: string; status: string }>(
      `SELECT d.id, d.channel, d.status FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
        WHERE n.project_id = ANY($1::uuid[])`,
      [ids],
    );

    const statusOf = new Map(present.rows.map((r) => [r.id, r.status]));
    const taskById = new Map(tasks.rows.map((t) => [t.id, t]));
    const stepDone = (taskId: string | undefined) => {
      const t = taskId ? taskById.get(taskId) : undefined;
      return t !== undefined && t.status === 'COMPLETED' && Number(t.accepted) === 1;
    };
    const steps = acknowledged.flatMap((p) => p.steps);
    const byStatus: Record<string, number> = {};
    for (const d of deliveries.rows) {
      const key = `${d.channel} ${d.status}`;
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    const sent = new Set(deliveries.rows.filter((d) => d.status === 'SENT').map((d) => d.id));
    const emails = mailDir ? emailsByDelivery(mailDir, sent) : new Map<string, number>();

    const lostSteps = acknowledged.flatMap((p) =>
      p.steps.filter((s) => s.done && !stepDone(s.taskId)).map((s) => ({ project: p, step: s })),
    );
    const lostDetail = lostSteps.slice(0, 5).map(({ project, step }) => {
      const t = step.taskId ? taskById.get(step.taskId) : undefined;
      return t
        ? `${project.title} ${step.agency}: task ${t.id} ${t.status}, ${t.contributions} contribution(s), ${t.accepted} accepted`
        : `${project.title} ${step.agency}: task ${step.taskId ?? '(no id)'} not in project ${project.id} (${statusOf.get(project.id!) ?? 'missing'})`;
    });

    return {
      lostDetail,
      expectedSteps: projects.reduce((n, p) => n + p.steps.length, 0),
      completedSteps: steps.filter((s) => stepDone(s.taskId)).length,
      lost: {
        projects: ids.filter((id) => !statusOf.has(id)).length,
        // The API said the step was accepted, and the database does not show it so.
        steps: lostSteps.length,
      },
      duplicated: {
        projects: byTitle.rows.reduce((n, r) => n + Number(r.n) - 1, 0),
        contributions: tasks.rows.reduce((n, t) => n + Math.max(0, Number(t.contributions) - 1), 0),
        auditEvents: Number(audit.rows[0]!.extra),
        emails: [...emails.values()].reduce((n, c) => n + c - 1, 0),
      },
      projectsCompleted: present.rows.filter((r) => r.status === 'COMPLETED').length,
      projectsAcknowledged: ids.length,
      notifications: {
        outbox: Number(outbox.rows[0]!.total),
        outboxPending: Number(outbox.rows[0]!.pending),
        notifications: Number(notifications.rows[0]!.total),
        distinctKeys: Number(notifications.rows[0]!.keys),
        deliveries: byStatus,
        emailsReceived: emails.size,
      },
    };
  });
}

/** Emails on disk (.eml, below `dir`) for the given delivery ids: how many copies of each arrived. */
function emailsByDelivery(dir: string, deliveryIds: Set<string>): Map<string, number> {
  const copies = new Map<string, number>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const file = join(path, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (entry.endsWith('.eml')) {
        // The notifier sets Message-ID to <deliveryId@…> (apps/notifier/src/channels/email.channel.ts).
        const id = /^Message-ID:\s*<([^@>]+)@/im.exec(readFileSync(file, 'latin1').slice(0, 8_192))?.[1];
        if (id && deliveryIds.has(id)) copies.set(id, (copies.get(id) ?? 0) + 1);
      }
    }
  };
  walk(dir);
  return copies;
}

/** The Temporal status of each acknowledged project's workflow (COMPLETED, RUNNING, …), counted by status. */
export async function workflowStatuses(
  adminUrl: string,
  address: string,
  namespace: string,
  projectIds: string[],
): Promise<Record<string, number>> {
  const workflowIds = await withDb(adminUrl, async (db) => {
    const { rows } = await db.query<{ workflow_id: string }>(
      `SELECT workflow_id FROM joint_project WHERE id = ANY($1::uuid[])`,
      [projectIds],
    );
    return rows.map((r) => r.workflow_id);
  });
  const connection = await Connection.connect({ address });
  try {
    // The raw call: a client's describe() decodes the memo, which is encrypted (the payload keys are the apps').
    const statusOf = async (workflowId: string): Promise<string> => {
      const { workflowExecutionInfo } = await connection.workflowService.describeWorkflowExecution({
        namespace,
        execution: { workflowId },
      });
      const status = workflowExecutionInfo?.status ?? 0;
      return (temporal.api.enums.v1.WorkflowExecutionStatus[status] ?? String(status)).replace(
        'WORKFLOW_EXECUTION_STATUS_',
        '',
      );
    };
    const statuses: Record<string, number> = {};
    for (let i = 0; i < workflowIds.length; i += 16) {
      const batch = await Promise.all(
        workflowIds
          .slice(i, i + 16)
          .map((id) => statusOf(id).catch((error: Error) => `unknown (${error.name})`)),
      );
      for (const status of batch) statuses[status] = (statuses[status] ?? 0) + 1;
    }
    return statuses;
  } finally {
    await connection.close();
  }
}
