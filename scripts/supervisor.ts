import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs the processes of one machine's Gotong and keeps them running, for `npm start` (scripts/start.sh) and the
 * production topology (scripts/production/topology.ts):
 * - each process gets a process group of its own, so a stop reaches whatever it started too;
 * - its output lines are prefixed with its name;
 * - a death is reported (name, exit code or signal) and the process restarted after a short backoff; a process
 *   that keeps dying right after its start (maxQuickCrashes in a row) makes the supervisor give up and stop all;
 * - stop(): the stop signal (TERM unless the process wants another) to every group, KILL after the grace period.
 *
 * As a command it runs a Procfile (`name: command`, run by /bin/sh with the supervisor's environment):
 *   node dist/scripts/supervisor.js [--ready name=http://…|command]… [--banner file] Procfile
 * Processes start in file order; one with a readiness check must pass it before the next one starts. When all
 * are up the banner file is printed. Ctrl-C (or SIGTERM) stops everything; exit status 1 after giving up.
 */

export interface ProcessSpec {
  name: string;
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as another user (e.g. PostgreSQL's, which refuses to run as root). */
  uid?: number;
  gid?: number;
  /** What asks it to stop gracefully: SIGTERM unless said otherwise (PostgreSQL: SIGINT, its fast shutdown). */
  stopSignal?: NodeJS.Signals;
  /** false: a death is reported but the process stays dead (one-shot jobs). */
  restart?: boolean;
  /** Called with each output line (stdout and stderr), e.g. to notice a "ready" line. */
  onLine?: (line: string) => void;
}

export interface SupervisorOptions {
  /** Supervisor events: started, died, restarting, stopped, giving up. */
  log?: (line: string) => void;
  /** A process's output line; default: printed as `[name] line`. */
  output?: (name: string, line: string) => void;
  /** Wait before a restart; doubles on each quick crash in a row (up to 8×). */
  backoffMs?: number;
  /** A run shorter than this counts as a quick crash. */
  quickCrashMs?: number;
  /** Quick crashes in a row after which the supervisor gives up and stops everything. */
  maxQuickCrashes?: number;
  /** Between the stop signal and SIGKILL. */
  graceMs?: number;
}

export interface ProcessInfo {
  name: string;
  pid: number | undefined;
  restarts: number;
  running: boolean;
}

interface Managed {
  spec: ProcessSpec;
  child?: ChildProcess;
  exited?: Promise<void>;
  startedAt: number;
  restarts: number;
  quickCrashes: number;
  /** Its last output line: a death is reported with it, since that is usually the reason. */
  lastLine?: string;
  /** False while stopped on purpose: its death is then not a crash and it is not restarted. */
  wanted: boolean;
  restartTimer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly managed = new Map<string, Managed>();
  private readonly log: (line: string) => void;
  private readonly output: (name: string, line: string) => void;
  private readonly backoffMs: number;
  private readonly quickCrashMs: number;
  private readonly maxQuickCrashes: number;
  private readonly graceMs: number;
  private stopping?: Promise<void>;
  private settle!: (reason: string | undefined) => void;
  /** Resolves once everything is stopped: undefined after stop(), the reason after giving up. */
  readonly done: Promise<string | undefined>;

  constructor(options: SupervisorOptions = {}) {
    this.log = options.log ?? ((line) => console.log(`[supervisor] ${line}`));
    this.output = options.output ?? ((name, line) => console.log(`[${name}] ${line}`));
    this.backoffMs = options.backoffMs ?? 1_000;
    this.quickCrashMs = options.quickCrashMs ?? 10_000;
    this.maxQuickCrashes = options.maxQuickCrashes ?? 5;
    this.graceMs = options.graceMs ?? 10_000;
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  /** Starts a new process under supervision. */
  start(spec: ProcessSpec): void {
    if (this.stopping) throw new Error(`cannot start ${spec.name}: the supervisor is stopping`);
    if (this.managed.has(spec.name)) throw new Error(`${spec.name} is already supervised`);
    const entry: Managed = { spec, startedAt: 0, restarts: 0, quickCrashes: 0, wanted: true };
    this.managed.set(spec.name, entry);
    this.spawn(entry);
  }

  list(): ProcessInfo[] {
    return [...this.managed.values()].map((m) => ({
      name: m.spec.name,
      pid: m.child?.pid,
      restarts: m.restarts,
      running: m.child !== undefined,
    }));
  }

  pid(name: string): number | undefined {
    return this.entry(name).child?.pid;
  }

  /** Sends a signal to the process's group as a fault would: a death it causes is restarted as any other. */
  kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): void {
    const child = this.entry(name).child;
    if (child?.pid) signalGroup(child.pid, signal);
  }

  /** Stops one process on purpose (not restarted until resume()). Resolves when its whole group is gone. */
  async pause(name: string): Promise<void> {
    const entry = this.entry(name);
    entry.wanted = false;
    clearTimeout(entry.restartTimer);
    await this.terminate(entry);
    this.log(`${name} stopped`);
  }

  /** Starts again a process stopped with pause(). */
  resume(name: string): void {
    const entry = this.entry(name);
    if (this.stopping) throw new Error(`cannot resume ${name}: the supervisor is stopping`);
    entry.wanted = true;
    entry.quickCrashes = 0;
    if (!entry.child) this.spawn(entry);
  }

  /** Stops every process (in reverse start order, concurrently within the grace period); idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll(undefined);
    return this.stopping;
  }

  private async stopAll(reason: string | undefined): Promise<void> {
    const entries = [...this.managed.values()].reverse();
    for (const entry of entries) {
      entry.wanted = false;
      clearTimeout(entry.restartTimer);
    }
    await Promise.all(entries.map((entry) => this.terminate(entry)));
    this.log(reason ? `stopped everything: ${reason}` : 'stopped everything');
    this.settle(reason);
  }

  private entry(name: string): Managed {
    const entry = this.managed.get(name);
    if (!entry) throw new Error(`no process named ${name}`);
    return entry;
  }

  private spawn(entry: Managed): void {
    const { spec } = entry;
    const child = spawn(spec.command, spec.args ?? [], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      uid: spec.uid,
      gid: spec.gid,
      // A process group of its own: Ctrl-C in the terminal reaches only the supervisor, which then stops each
      // group itself, and a stop reaches the grandchildren too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entry.child = child;
    entry.startedAt = Date.now();
    entry.lastLine = undefined;
    const forward = (line: string) => {
      if (line.trim() !== '') entry.lastLine = line;
      this.output(spec.name, line);
      spec.onLine?.(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', forward);
    }
    entry.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        // spawn() failed (no such command): there will be no 'exit' event.
        if (child.pid === undefined) {
          this.onExit(entry, child, null, null, error.message);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        this.onExit(entry, child, code, signal);
        resolve();
      });
    });
    if (child.pid !== undefined) this.log(`${spec.name} started (pid ${child.pid})`);
  }

  private onExit(
    entry: Managed,
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    error?: string,
  ): void {
    if (entry.child !== child) return;
    entry.child = undefined;
    const { name } = entry.spec;
    // Whatever the dead process left in its group (e.g. a shell's children) goes with it.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    if (!entry.wanted) return;
    const how = error ?? (signal ? `signal ${signal}` : `exit code ${code}`);
    this.log(
      `${name} died (${how})${entry.lastLine ? `; its last line: ${entry.lastLine.slice(0, 300)}` : ''}`,
    );
    if (entry.spec.restart === false || this.stopping) return;
    const quick = Date.now() - entry.startedAt < this.quickCrashMs;
    entry.quickCrashes = quick ? entry.quickCrashes + 1 : 0;
    if (entry.quickCrashes >= this.maxQuickCrashes) {
      this.stopping = this.stopAll(
        `${name} died ${entry.quickCrashes} times in a row within ${this.quickCrashMs / 1000} s of starting`,
      );
      return;
    }
    const delay = this.backoffMs * 2 ** Math.min(Math.max(entry.quickCrashes - 1, 0), 3);
    this.log(`restarting ${name} in ${(delay / 1000).toFixed(1)} s`);
    entry.restartTimer = setTimeout(() => {
      if (!entry.wanted || this.stopping) return;
      entry.restarts += 1;
      this.spawn(entry);
    }, delay);
  }

  /** The stop signal to the group, SIGKILL to the group after the grace period; resolves when nothing is left. */
  private async terminate(entry: Managed): Promise<void> {
    const child = entry.child;
    const pid = child?.pid;
    if (!child || pid === undefined) return;
    signalGroup(pid, entry.spec.stopSignal ?? 'SIGTERM');
    const exited = entry.exited ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.graceMs);
    });
    const outcome = await Promise.race([exited.then(() => 'exited' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.log(`${entry.spec.name} did not stop within ${this.graceMs / 1000} s: SIGKILL`);
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
    // Group members that outlive their leader (they ignored the signal) do not outlive the stop.
    for (let i = 0; groupAlive(pid) && i < 50; i++) {
      signalGroup(pid, 'SIGKILL');
      await sleep(20);
    }
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` resolves true, polling; false when `timeoutMs` passes first or `abort` fires. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !abort?.aborted) {
    if (await check().catch(() => false)) return true;
    await sleep(250);
  }
  return false;
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  await response.body?.cancel();
  return response.ok;
}

function commandOk(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** `name: command` lines; blank lines and # comments are skipped. */
export function parseProcfile(text: string): { name: string; command: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([\w.-]+):\s*(.+)$/.exec(line);
      if (!match) throw new Error(`not a Procfile line ("name: command"): ${line}`);
      return { name: match[1]!, command: match[2]! };
    });
}

async function main(argv: string[]): Promise<number> {
  const ready = new Map<string, string>();
  let banner: string | undefined;
  let procfile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--ready') {
      const value = argv[++i] ?? '';
      const at = value.indexOf('=');
      if (at < 1) throw new Error(`--ready wants name=http://… or name=command, not "${value}"`);
      ready.set(value.slice(0, at), value.slice(at + 1));
    } else if (arg === '--banner') banner = argv[++i];
    else procfile = arg;
  }
  if (!procfile) throw new Error('usage: supervisor [--ready name=check]… [--banner file] Procfile');
  const processes = parseProcfile(readFileSync(procfile, 'utf8'));

  const supervisor = new Supervisor({ log: (line) => console.error(`[supervisor] ${line}`) });
  const abort = new AbortController();
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      interrupted = true;
      abort.abort();
      void supervisor.stop();
    });
  }
  void supervisor.done.then(() => abort.abort());

  for (const { name, command } of processes) {
    if (abort.signal.aborted) break;
    supervisor.start({ name, command: '/bin/sh', args: ['-c', `exec ${command}`] });
    const check = ready.get(name);
    if (check === undefined) continue;
    const isUrl = /^https?:\/\//.test(check);
    const up = await waitUntil(() => (isUrl ? httpOk(check) : commandOk(check)), 120_000, abort.signal);
    if (!up && !abort.signal.aborted) {
      console.error(`[supervisor] ${name} did not become ready within 120 s`);
      await supervisor.stop();
      return 1;
    }
  }
  if (!abort.signal.aborted && banner) process.stdout.write(readFileSync(banner, 'utf8'));
  const reason = await supervisor.done;
  return reason && !interrupted ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`[supervisor] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
