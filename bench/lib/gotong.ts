import type { BenchContext } from './context';
import { sleep } from './stats';

/**
 * Gotong as its users drive it, over HTTP: a lead starts projects whose steps run in series through four
 * OPDs (the demo staff users), each OPD's staff finds its task in GET /inbox and submits, the lead accepts.
 */

/** The OPDs a chain goes through, in turn, with the demo staff user who works for each. */
export const CHAIN_OPDS = [
  { agency: 'DINKES', staff: 'staff.dinkes' },
  { agency: 'DINSOS', staff: 'staff.dinsos' },
  { agency: 'DPUPR', staff: 'staff.dpupr' },
  { agency: 'BPBD', staff: 'staff.bpbd' },
] as const;
export const LEAD = 'lead.bappeda';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One request; throws HttpError for a status ≥ 300 (and for no answer within 60 s). */
export async function call<T>(
  ctx: BenchContext,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${ctx.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (res.status >= 300)
    throw new HttpError(res.status, `${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A template of `length` steps in series (step i depends on step i-1), owned in turn by CHAIN_OPDS, each a
 * one-field report with a deadline far enough away that no reminder or escalation fires during the bench.
 * Saved as a new template code; returns the code.
 */
export async function createChainTemplate(ctx: BenchContext, length: number, tag: string): Promise<string> {
  const code = `bench-chain-${tag}-${length}`;
  const steps = Array.from({ length }, (_, i) => ({
    key: `step-${i + 1}`,
    title: `Langkah ${i + 1}`,
    instructions: 'Kirim laporan singkat langkah ini.',
    owner: { agency: CHAIN_OPDS[i % CHAIN_OPDS.length]!.agency },
    form: { fields: [{ key: 'summary', label: 'Laporan', type: 'longtext', required: true }] },
    sla: { amount: 20, unit: 'workingDays' },
    dependsOn: i === 0 ? [] : [`step-${i}`],
  }));
  await call(ctx, await ctx.token(LEAD), 'POST', '/templates', {
    code,
    name: `Benchmark: ${length} langkah berurutan`,
    description: 'Rantai langkah antar-OPD untuk npm run bench.',
    category: 'PROGRAM',
    parameters: [],
    steps,
  });
  return code;
}

interface InboxItem {
  id: string;
  status: string;
}

/** One project of a chain template, worked step by step. */
export class Chain {
  /** The step to work next (0-based) and its task, once seen in its OPD's inbox. */
  step = 0;
  taskId: string | undefined;
  /** After an error the task's state is unknown: the next look reads the whole inbox of the project. */
  unsure = false;

  private constructor(
    private readonly ctx: BenchContext,
    readonly projectId: string,
    readonly length: number,
  ) {}

  static async start(ctx: BenchContext, templateCode: string, length: number, title: string): Promise<Chain> {
    const project = await call<{ id: string }>(
      ctx,
      await ctx.token(LEAD),
      'POST',
      '/projects/from-template',
      {
        templateCode,
        title,
        parameters: {},
      },
    );
    return new Chain(ctx, project.id, length);
  }

  get done(): boolean {
    return this.step >= this.length;
  }

  owner(step = this.step) {
    return CHAIN_OPDS[step % CHAIN_OPDS.length]!;
  }

  /**
   * One look at the current step's OPD inbox (GET /inbox?projectId=…&status=ASSIGNED, as its staff): the task,
   * or undefined while it is not there yet. After an error, the unfiltered inbox: a task already submitted is
   * then accepted rather than submitted again.
   */
  async look(): Promise<{ id: string; status: string } | undefined> {
    const token = await this.ctx.token(this.owner().staff);
    const query = this.unsure ? '' : '&status=ASSIGNED';
    const page = await call<{ items: InboxItem[] }>(
      this.ctx,
      token,
      'GET',
      `/inbox?projectId=${this.projectId}${query}&pageSize=50`,
    );
    const open = page.items.find((t) => ['ASSIGNED', 'CLAIMED', 'RETURNED', 'SUBMITTED'].includes(t.status));
    if (open) this.taskId = open.id;
    return open;
  }

  /** Polls look() every `everyMs` until the task is there; the time it first was, or throws after `giveUpMs`. */
  async waitVisible(everyMs: number, giveUpMs = 60_000): Promise<number> {
    const t0 = performance.now();
    for (;;) {
      if (await this.look()) return performance.now();
      if (performance.now() - t0 > giveUpMs)
        throw new Error(
          `step ${this.step + 1} of project ${this.projectId} not in ${this.owner().agency}'s inbox after ${giveUpMs / 1000} s`,
        );
      await sleep(everyMs);
    }
  }

  async submit(): Promise<void> {
    const token = await this.ctx.token(this.owner().staff);
    await call(this.ctx, token, 'POST', `/tasks/${this.taskId}/contribution`, {
      values: { summary: `Laporan langkah ${this.step + 1}: selesai dikerjakan.` },
    });
  }

  async accept(): Promise<void> {
    await call(this.ctx, await this.ctx.token(LEAD), 'POST', `/tasks/${this.taskId}/review`, {
      decision: 'ACCEPT',
    });
    this.step += 1;
    this.taskId = undefined;
    this.unsure = false;
  }
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
