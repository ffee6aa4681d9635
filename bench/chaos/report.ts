/** The chaos suite's results: one row per scenario, printed and kept as docs/chaos.md. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { Counts } from './verify';

export interface ScenarioResult {
  id: string;
  title: string;
  fault: string;
  occurrences: string;
  counts?: Counts;
  /** Steps the scenario meant to run at least (its load's minimum); fewer when its time budget ran out. */
  plannedSteps: number;
  answers: { e500: number; e503: number; other5xx: number; hangs: number; connectionErrors: number };
  recovery: string;
  /** Requirements that did not hold and fail the run: loss, duplication, 500s, hangs, unfinished steps. */
  failures: string[];
  /** Requirements that did not hold but do not fail the run (see docs/chaos.md). */
  findings: string[];
  notes: string[];
  durationMs: number;
  /**
   * Emails that may arrive twice without failing the run: one per notifier killed with SIGKILL. A notifier
   * killed between the SMTP send and the receipt it leaves sends that delivery again, under the same
   * Message-ID (apps/notifier/src/delivery.processor.ts: email is at-least-once; mail clients drop the copy).
   */
  emailResendsAllowed?: number;
}

export function failuresOf(result: ScenarioResult): string[] {
  const failures = [...result.failures];
  const c = result.counts;
  if (c) {
    const lost = c.lost.projects + c.lost.steps;
    if (lost > 0)
      failures.push(
        `${lost} acknowledged projects or steps lost${c.lostDetail.length > 0 ? ` (${c.lostDetail.join('; ')})` : ''}`,
      );
    if (c.completedSteps < c.expectedSteps)
      failures.push(`${c.expectedSteps - c.completedSteps} of ${c.expectedSteps} steps did not finish`);
    const d = c.duplicated;
    const emails = Math.max(0, d.emails - (result.emailResendsAllowed ?? 0));
    const dup = d.projects + d.contributions + d.auditEvents + emails;
    if (dup > 0)
      failures.push(
        `duplicates: ${d.projects} projects, ${d.contributions} contributions, ${d.auditEvents} audit events, ${d.emails} emails`,
      );
    if (c.notifications.outboxPending > 0)
      failures.push(`${c.notifications.outboxPending} notifiable events never turned into notifications`);
    if (c.notifications.distinctKeys !== c.notifications.notifications)
      failures.push('notifications with the same idempotency key');
    const pending = Object.entries(c.notifications.deliveries)
      .filter(([k]) => k.endsWith(' PENDING'))
      .reduce((n, [, v]) => n + v, 0);
    if (pending > 0) failures.push(`${pending} email/webhook deliveries still pending`);
  }
  if (result.answers.e500 > 0) failures.push(`${result.answers.e500} answers were 500`);
  if (result.answers.hangs > 0) failures.push(`${result.answers.hangs} requests hung (no answer in 30 s)`);
  return failures;
}

function row(r: ScenarioResult): string[] {
  const c = r.counts;
  const d = c?.duplicated;
  const failures = failuresOf(r);
  return [
    `${r.id} ${r.title}`,
    r.fault,
    r.occurrences,
    c
      ? `${c.completedSteps} / ${c.expectedSteps}${c.expectedSteps < r.plannedSteps ? ` (of ${r.plannedSteps} planned)` : ''}`
      : '—',
    c ? String(c.lost.projects + c.lost.steps) : '—',
    d ? String(d.projects + d.contributions + d.auditEvents + d.emails) : '—',
    String(r.answers.e500),
    String(r.answers.e503),
    String(r.answers.other5xx),
    String(r.answers.hangs),
    r.recovery,
    failures.length > 0 ? 'FAIL' : r.findings.length > 0 ? 'pass, with findings' : 'pass',
  ];
}

const HEADER = [
  'Scenario',
  'Killed / stopped',
  'How often',
  'Steps completed / expected',
  'Lost',
  'Duplicated',
  '500',
  '503',
  'Other 5xx',
  'Hangs',
  'Time to recover',
  'Result',
];

export function table(results: ScenarioResult[]): string {
  const rows = [HEADER, HEADER.map(() => '---'), ...results.map(row)];
  return rows.map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}

export function details(r: ScenarioResult): string {
  const lines = [`### ${r.id}: ${r.title}`, ''];
  const c = r.counts;
  if (c) {
    const n = c.notifications;
    lines.push(
      `- Projects: ${c.projectsAcknowledged} acknowledged, ${c.projectsCompleted} completed; ` +
        `duplicates: ${c.duplicated.projects} projects, ${c.duplicated.contributions} contributions, ` +
        `${c.duplicated.auditEvents} audit events, ${c.duplicated.emails} emails.`,
      `- Notifications: ${n.outbox} notifiable events, ${n.outboxPending} not processed; ${n.notifications} in-app ` +
        `notifications under ${n.distinctKeys} distinct keys; deliveries ${
          Object.entries(n.deliveries)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'none'
        }; ${n.emailsReceived} emails received.`,
    );
  }
  lines.push(
    `- Client: ${r.answers.connectionErrors} connection errors (retried on another replica); duration ${(
      r.durationMs / 60_000
    ).toFixed(1)} min.`,
  );
  for (const note of r.notes) lines.push(`- ${note}`);
  for (const finding of r.findings) lines.push(`- **Finding:** ${finding}`);
  for (const failure of failuresOf(r)) lines.push(`- **Failure:** ${failure}`);
  return lines.join('\n');
}

export function machine(): { date: string; cores: number; memory: string; commit: string } {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    });
    if (dirty.trim()) commit += ' with uncommitted changes';
  } catch {
    // not a git checkout (e.g. an unpacked release): the commit stays unknown
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: cpus().length,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    commit,
  };
}

export function markdown(results: ScenarioResult[], short: boolean, totalMs: number): string {
  const m = machine();
  return `# Chaos suite: results

Regenerated by \`npm run chaos\` (scripts/chaos.sh, bench/chaos/); do not edit by hand. The short variant
(\`npm run chaos -- --short\`, run by \`npm test\`) writes artifacts/chaos-short.md instead.

${short ? 'Short' : 'Full'} run on ${m.date}, commit ${m.commit}, ${m.cores} cores, ${m.memory} memory; ${(
    totalMs / 60_000
  ).toFixed(1)} min in all.

Each scenario runs two-step joint projects against the production topology (scripts/production/topology.ts:
PostgreSQL, Redis, a Temporal server on PostgreSQL, 2 API replicas, 2 workers, 2 notifiers, all on loopback):
a lead starts the project, each OPD's staff submits its contribution, the lead accepts it; a step is done
when its acceptance is answered and the database shows the task COMPLETED with one accepted contribution.
The client rotates over the API replicas and retries a connection error, a 5xx or a hang on another replica
with backoff and the same Idempotency-Key.

- **Lost**: projects or steps the API acknowledged that the database does not show.
- **Duplicated**: a second project for one create, a second contribution or audit fact for one step, an email
  sent twice (counted by its Message-ID, the delivery id). In-app notifications are counted by their
  idempotency key (one per event and user). The suite's topology raises EMAIL_RATE_LIMIT so that every email
  is out before the counts (at the production default of 60 a minute a full run queues most of an hour).
- **500 / 503 / other 5xx / hangs**: every answer the load client and the outage probes got; a hang is a
  request with no answer after 30 s. A 503 with Retry-After is an honest answer; 500s and hangs fail the run.
- **Time to recover**: from the end of the fault (the kill; the service answering again) to the first step
  that finished after it.
- **Result**: FAIL when anything was lost, duplicated, left unfinished, answered 500 or hung (the run exits
  non-zero); findings are requirements of the scenario that did not hold without failing the run.

${table(results)}

${results.map(details).join('\n\n')}
`;
}
