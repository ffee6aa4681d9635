/**
 * The chaos suite's load client: two-step joint projects driven through the API replicas the way people
 * drive them (a lead starts the project, each OPD's staff submits its contribution, the lead accepts it),
 * with the retries a careful client makes while components die under it.
 *
 * Every request goes to the next replica in turn. A connection error, a 503 (or 502/504, or a 500, which is
 * counted as a finding but retried so the run can still tell whether anything was lost) or no answer within
 * HANG_MS is retried with backoff on another replica, with the same Idempotency-Key, until the request's
 * deadline. Every answer is tallied by status code.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A request with no answer after this long is a hang. */
export const HANG_MS = 30_000;

/** How long one request keeps being retried before the step it belongs to is given up. */
const REQUEST_DEADLINE_MS = 4 * 60_000;

/** The OPDs whose demo staff take the steps; each project pairs two of them. */
export const AGENCIES = ['DINKES', 'DINSOS', 'DPUPR', 'BPBD'] as const;
const PAIRS: [string, string][] = AGENCIES.flatMap((a, i) =>
  AGENCIES.slice(i + 1).map((b): [string, string] => [a, b]),
);
export const LEAD = 'lead.bappeda';
export const staffOf = (agency: string) => `staff.${agency.toLowerCase()}`;

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** What the client saw during one scenario. */
export class Tally {
  /** Answers by status code, plus 'connection error' and 'hang' (no answer within HANG_MS). */
  readonly answers = new Map<string, number>();
  /** 503s that came without Retry-After (a 503 with it is an honest answer). */
  unavailableWithoutRetryAfter = 0;
  /** A 409 answered to a retried create or action whose first attempt had taken effect. */
  conflictsOnRetry = 0;
  /** The first few 500s and hangs, to name in the report. */
  readonly samples: string[] = [];
  /** When each step finished (its acceptance answered), ms since the epoch. */
  readonly stepsDone: number[] = [];
  /** The slowest step, from its submit being sent to its acceptance answered. */
  slowestStepMs = 0;

  count(key: string, sample?: string): void {
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
    if (sample && this.samples.length < 8) this.samples.push(sample);
  }

  get(key: string): number {
    return this.answers.get(key) ?? 0;
  }

  /** Every 5xx other than 500 and 503 (502, 504, …). */
  otherServerErrors(): number {
    let n = 0;
    for (const [key, count] of this.answers)
      if (/^5\d\d$/.test(key) && key !== '500' && key !== '503') n += count;
    return n;
  }

  /** The first step finished at or after `since`, as ms after it; undefined if none did. */
  firstStepAfter(since: number): number | undefined {
    let first: number | undefined;
    for (const at of this.stepsDone) if (at >= since && (first === undefined || at < first)) first = at;
    return first === undefined ? undefined : first - since;
  }
}

interface CallOptions {
  token?: string;
  body?: unknown;
  idempotencyKey?: string;
}

export class ApiClient {
  private next = 0;

  constructor(
    private readonly urls: string[],
    private readonly tally: Tally,
  ) {}

  /** One request, retried on another replica until it gets an answer that is not a transient failure. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const deadline = Date.now() + REQUEST_DEADLINE_MS;
    for (let attempt = 0; ; attempt++) {
      const base = this.urls[this.next++ % this.urls.length]!;
      let wait: number | undefined;
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: {
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
          },
          body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
          signal: AbortSignal.timeout(HANG_MS),
        });
        const text = await res.text();
        this.tally.count(
          String(res.status),
          res.status === 500 ? `500 ${method} ${path}: ${text.slice(0, 160)}` : undefined,
        );
        const retryAfter = res.headers.get('retry-after');
        if (res.status === 503 && !retryAfter) this.tally.unavailableWithoutRetryAfter++;
        if (![500, 502, 503, 504].includes(res.status)) {
          return { status: res.status, body: parse(text), headers: res.headers };
        }
        // Retry-After is honoured, but capped: another replica may well answer sooner.
        if (retryAfter && Number(retryAfter) > 0) wait = Math.min(Number(retryAfter) * 1000, 5_000);
      } catch (error) {
        if (error instanceof Error && error.name === 'TimeoutError') {
          this.tally.count('hang', `hang ${method} ${path} on ${base}`);
        } else {
          this.tally.count('connection error');
        }
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path}: no answer but failures for 4 min`);
      await sleep((wait ?? Math.min(200 * 2 ** attempt, 5_000)) * (0.75 + Math.random() / 2));
    }
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

export interface StepRecord {
  agency: string;
  taskId?: string;
  /** The acceptance was answered (or a retried one found the task completed). */
  done: boolean;
  error?: string;
}

export interface ProjectRecord {
  n: number;
  title: string;
  id?: string;
  steps: StepRecord[];
  error?: string;
}

export interface LoadOptions {
  /** Prefix of every project title of this load: how its rows are found in the database afterwards. */
  tag: string;
  minProjects: number;
  maxProjects: number;
  concurrency: number;
  /** While true, the load keeps starting projects past minProjects (up to maxProjects): a fault is still due. */
  keepGoing: () => boolean;
  /** Once true, no new project is started (the scenario's time budget is spent). */
  stop: () => boolean;
  tokens: Map<string, string>;
}

/** Signs in every user the load acts as (their demo passwords). */
export async function signIn(
  client: ApiClient,
  passwords: Record<string, string>,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const username of [LEAD, ...AGENCIES.map(staffOf)]) {
    const res = await client.call('POST', '/auth/login', {
      body: { username, password: passwords[username] },
    });
    const token = (res.body as { accessToken?: string } | undefined)?.accessToken;
    if (res.status !== 200 || !token) throw new Error(`login ${username}: ${res.status}`);
    tokens.set(username, token);
  }
  return tokens;
}

/** Runs the load to its end; every project it starts goes into `projects` at once, finished or not. */
export async function runLoad(
  client: ApiClient,
  tally: Tally,
  options: LoadOptions,
  projects: ProjectRecord[],
): Promise<void> {
  const driver = async () => {
    for (;;) {
      const n = projects.length;
      if (n >= options.maxProjects || (n >= options.minProjects && !options.keepGoing()) || options.stop())
        return;
      const pair = PAIRS[n % PAIRS.length]!;
      const project: ProjectRecord = {
        n,
        title: `${options.tag} #${n}`,
        steps: pair.map((agency) => ({ agency, done: false })),
      };
      projects.push(project);
      try {
        await runProject(client, tally, options, project);
      } catch (error) {
        project.error = (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, driver));
}

async function runProject(client: ApiClient, tally: Tally, options: LoadOptions, project: ProjectRecord) {
  const lead = options.tokens.get(LEAD)!;
  const key = `${options.tag.replace(/\W+/g, '-')}-${project.n}`;
  const created = await client.call('POST', '/projects', {
    token: lead,
    idempotencyKey: `${key}-create`,
    body: {
      title: project.title,
      agencyCodes: project.steps.map((s) => s.agency),
      instructions: 'Uji ketahanan: kirim ringkasan.',
      // Far beyond the run: no reminder or escalation adds to the load.
      sla: { amount: 30, unit: 'days' },
    },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  project.id = (created.body as { id: string }).id;

  // A create may answer before the project can be read (issue 14, item 4): wait for both tasks.
  const deadline = Date.now() + REQUEST_DEADLINE_MS;
  for (;;) {
    const res = await client.call('GET', `/projects/${project.id}`, { token: lead });
    const steps = (res.body as { steps?: { plannedAgency: string; task: { id: string } | null }[] })?.steps;
    if (res.status === 200 && steps && steps.every((s) => s.task)) {
      for (const step of steps) {
        const record = project.steps.find((s) => s.agency === step.plannedAgency);
        if (record) record.taskId = step.task!.id;
      }
      if (project.steps.every((s) => s.taskId)) break;
    }
    if (Date.now() > deadline) throw new Error(`tasks not visible: ${res.status}`);
    await sleep(250);
  }

  await Promise.all(
    project.steps.map(async (step) => {
      const started = Date.now();
      try {
        await action(client, tally, options.tokens.get(staffOf(step.agency))!, step.taskId!, 'contribution', {
          key: `${key}-${step.agency}-submit`,
          body: { values: { summary: `Ringkasan ${step.agency} untuk ${project.title}` } },
          done: ['SUBMITTED', 'COMPLETED'],
        });
        await action(client, tally, lead, step.taskId!, 'review', {
          key: `${key}-${step.agency}-accept`,
          body: { decision: 'ACCEPT' },
          done: ['COMPLETED'],
        });
        step.done = true;
        const now = Date.now();
        tally.stepsDone.push(now);
        tally.slowestStepMs = Math.max(tally.slowestStepMs, now - started);
      } catch (error) {
        step.error = (error as Error).message;
      }
    }),
  );
}

/**
 * A submit or an accept. A 409 after a retry usually means the first attempt took effect but its answer was
 * lost (the replica died): the task's state decides. A 409 while the task is not there yet is retried.
 */
async function action(
  client: ApiClient,
  tally: Tally,
  token: string,
  taskId: string,
  what: 'contribution' | 'review',
  { key, body, done }: { key: string; body: unknown; done: string[] },
): Promise<void> {
  const deadline = Date.now() + REQUEST_DEADLINE_MS;
  for (;;) {
    const res = await client.call('POST', `/tasks/${taskId}/${what}`, { token, body, idempotencyKey: key });
    if (res.status === 200) return;
    if (res.status !== 409) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    const task = await client.call('GET', `/tasks/${taskId}`, { token });
    const status = (task.body as { status?: string } | undefined)?.status;
    if (status && done.includes(status)) {
      tally.conflictsOnRetry++;
      return;
    }
    if (Date.now() > deadline) throw new Error(`${what}: 409 and the task is ${status}`);
    await sleep(500);
  }
}
