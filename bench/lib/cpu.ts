import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time per component, read from /proc/<pid>/stat (utime + stime of every thread of the process, in clock
 * ticks) for whole process trees. A meter samples the component's processes every `intervalMs` during its
 * window, so a process that starts in the window counts from zero and one that exits counts up to its last
 * sample (at most one interval lost): PostgreSQL backends come and go with the connection pools.
 */

let clockTicks: number | undefined;
/** Clock ticks per second (CLK_TCK), 100 on every Linux this runs on. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, clock ticks. */
  cpu: number;
  /** Since boot, clock ticks. */
  startTime: number;
  /** Resident set size, bytes. */
  rss: number;
}

const PAGE_SIZE = 4096;

export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm is in parentheses and may contain spaces or parentheses itself: the fields follow the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ');
  // fields[0] is field 3 (state): field n is fields[n - 3].
  const at = (n: number) => Number(fields[n - 3]);
  return {
    pid,
    ppid: at(4),
    comm,
    cpu: at(14) + at(15),
    startTime: at(22),
    rss: at(24) * PAGE_SIZE,
  };
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Every process on the machine, one read of /proc. */
export function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/** The roots and all their descendants. */
export function processTree(roots: readonly number[], processes: readonly ProcStat[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of processes) {
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const alive = new Set(processes.map((p) => p.pid));
  const out: number[] = [];
  const queue = roots.filter((pid) => alive.has(pid));
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Seconds since boot, in clock ticks. */
function uptimeTicks(): number {
  const seconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return seconds * ticksPerSecond();
}

export interface CpuReading {
  /** CPU milliseconds per component over the window. */
  ms: Record<string, number>;
  /** Wall-clock milliseconds of the window. */
  wallMs: number;
  /** The largest resident set per component seen in the window (sum over its processes), bytes. */
  peakRss: Record<string, number>;
}

/**
 * Measures CPU per component between start() and stop(). `groups` names each component's processes (asked
 * again at every sample, e.g. the PostgreSQL backends of the bench's databases).
 */
export class CpuMeter {
  private readonly first = new Map<string, Map<number, number>>();
  private readonly last = new Map<string, Map<number, number>>();
  private readonly peakRss: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private startTicks = 0;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly groups: () => Promise<Record<string, number[]>>,
    private readonly intervalMs = 500,
  ) {}

  async start(): Promise<void> {
    this.startedAt = performance.now();
    this.startTicks = uptimeTicks();
    await this.sample(true);
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample(false)).catch(() => undefined);
    }, this.intervalMs);
  }

  async stop(): Promise<CpuReading> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    const wallMs = performance.now() - this.startedAt;
    const ms: Record<string, number> = {};
    const perTick = 1000 / ticksPerSecond();
    for (const [group, last] of this.last) {
      const first = this.first.get(group)!;
      let ticks = 0;
      for (const [pid, value] of last) ticks += value - (first.get(pid) ?? 0);
      ms[group] = ticks * perTick;
    }
    return { ms, wallMs, peakRss: { ...this.peakRss } };
  }

  private async sample(initial: boolean): Promise<void> {
    const groups = await this.groups();
    for (const [group, pids] of Object.entries(groups)) {
      const first = this.first.get(group) ?? new Map<number, number>();
      const last = this.last.get(group) ?? new Map<number, number>();
      this.first.set(group, first);
      this.last.set(group, last);
      let rss = 0;
      for (const pid of pids) {
        const stat = readStat(pid);
        if (!stat) continue;
        rss += stat.rss;
        if (!first.has(pid)) {
          // Born in the window: all its CPU is the window's; else (seen first now) from here on.
          first.set(pid, !initial && stat.startTime >= this.startTicks ? 0 : stat.cpu);
        }
        last.set(pid, stat.cpu);
      }
      this.peakRss[group] = Math.max(this.peakRss[group] ?? 0, rss);
    }
  }
}

/** "temporal 32, api 21, worker 15, postgres 14 (total 82) ms/op" from CPU ms and a count of operations. */
export function cpuPerOp(
  reading: CpuReading,
  ops: number,
  exclude: readonly string[] = [],
): {
  perOp: Record<string, number>;
  total: number;
  text: string;
} {
  const perOp: Record<string, number> = {};
  let total = 0;
  for (const [group, value] of Object.entries(reading.ms)) {
    if (exclude.includes(group)) continue;
    const each = ops > 0 ? value / ops : Number.NaN;
    perOp[group] = each;
    total += each;
  }
  const parts = Object.entries(perOp)
    .sort((a, b) => b[1] - a[1])
    .map(([group, value]) => `${group} ${value.toFixed(1)}`);
  return { perOp, total, text: `${parts.join(', ')} (total ${total.toFixed(1)}) ms` };
}
