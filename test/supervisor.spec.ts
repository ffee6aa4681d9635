import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { transformFileSync } from '@swc/core';
import { Supervisor, waitUntil } from '../scripts/supervisor';

/**
 * The supervisor behind `npm start` and the production topology, against real processes: a death is reported
 * and restarted, a stop leaves nothing behind (not even grandchildren or a process that ignores SIGTERM), and a
 * process that keeps crashing makes it give up and stop everything.
 */

const node = process.execPath;
const forever = 'setInterval(() => undefined, 1000); console.log("up")';

/** Running (a zombie left to a parent that does not reap is not running: it holds nothing but its pid). */
function alive(pid: number): boolean {
  try {
    return state(readFileSync(`/proc/${pid}/stat`, 'utf8')) !== 'Z';
  } catch {
    return false;
  }
}

/** The state field of /proc/<pid>/stat; comm may contain spaces, so fields are counted after its ')'. */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
const state = (stat: string) => statFields(stat)[0];

const until = async (check: () => boolean, what: string) => {
  if (!(await waitUntil(() => Promise.resolve(check()), 15_000)))
    throw new Error(`timed out waiting: ${what}`);
};

describe('Supervisor', () => {
  let supervisor: Supervisor | undefined;
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });

  it('reports a process killed with SIGKILL and restarts it', async () => {
    const events: string[] = [];
    const output: string[] = [];
    supervisor = new Supervisor({
      log: (line) => events.push(line),
      output: (name, line) => output.push(`[${name}] ${line}`),
      backoffMs: 100,
    });
    supervisor.start({ name: 'api', command: node, args: ['-e', forever] });
    await until(() => output.includes('[api] up'), 'first start');
    const first = supervisor.pid('api')!;

    process.kill(first, 'SIGKILL');
    await until(
      () => supervisor!.list()[0]!.restarts === 1 && supervisor!.pid('api') !== undefined,
      'restart',
    );
    await until(() => output.filter((line) => line === '[api] up').length === 2, 'second start');

    expect(alive(first)).toBe(false);
    expect(supervisor.pid('api')).not.toBe(first);
    expect(events).toContain('api died (signal SIGKILL); its last line: up');
    expect(events.some((e) => e.startsWith('restarting api'))).toBe(true);
  });

  it('stops every process it started, grandchildren and a process that ignores SIGTERM included', async () => {
    supervisor = new Supervisor({ log: () => undefined, output: () => undefined, graceMs: 500 });
    // A shell whose child runs in the background (in the same process group, not a direct child of ours).
    supervisor.start({ name: 'shell', command: '/bin/sh', args: ['-c', 'sleep 300 & echo $!; wait'] });
    supervisor.start({
      name: 'stubborn',
      command: node,
      args: ['-e', `process.on('SIGTERM', () => console.log('ignored')); ${forever}`],
    });
    let grandchild = 0;
    const shell = supervisor.pid('shell')!;
    const stubborn = supervisor.pid('stubborn')!;
    // The background sleep's pid: the only member of the shell's group other than the shell.
    await until(() => {
      grandchild = Number(groupMembers(shell).find((pid) => pid !== shell) ?? 0);
      return grandchild > 0;
    }, 'the background child');

    await supervisor.stop();

    for (const pid of [shell, grandchild, stubborn]) expect(alive(pid)).toBe(false);
    expect(groupMembers(shell)).toEqual([]);
    expect(groupMembers(stubborn)).toEqual([]);
    expect(supervisor.list().every((p) => !p.running)).toBe(true);
    await expect(supervisor.done).resolves.toBeUndefined();
  });

  it('gives up after repeated quick crashes and stops the others', async () => {
    const events: string[] = [];
    supervisor = new Supervisor({
      log: (line) => events.push(line),
      output: () => undefined,
      backoffMs: 50,
      maxQuickCrashes: 3,
    });
    supervisor.start({ name: 'steady', command: node, args: ['-e', forever] });
    const steady = supervisor.pid('steady')!;
    supervisor.start({
      name: 'broken',
      command: node,
      args: ['-e', 'console.error("cannot connect"); process.exit(3)'],
    });

    const reason = await supervisor.done;

    expect(reason).toMatch(/broken died 3 times in a row/);
    expect(
      events.filter((e) => e === 'broken died (exit code 3); its last line: cannot connect'),
    ).toHaveLength(3);
    expect(alive(steady)).toBe(false);
    expect(supervisor.list().every((p) => !p.running)).toBe(true);
  });

  it('pause() keeps a process down until resume()', async () => {
    supervisor = new Supervisor({ log: () => undefined, output: () => undefined, backoffMs: 50 });
    supervisor.start({ name: 'redis', command: node, args: ['-e', forever] });
    const before = supervisor.pid('redis')!;
    await supervisor.pause('redis');
    await sleep(300);
    expect(alive(before)).toBe(false);
    expect(supervisor.pid('redis')).toBeUndefined();
    supervisor.resume('redis');
    expect(supervisor.pid('redis')).toBeDefined();
    expect(supervisor.list()[0]!.restarts).toBe(0);
  });

  it('as a command (npm start): runs a Procfile and Ctrl-C stops every process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotong-supervisor-'));
    // The compiled command, as npm start runs it from dist/ (module paths are all node: built-ins).
    const compiled = transformFileSync(join(__dirname, '../scripts/supervisor.ts'), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(dir, 'supervisor.js'), compiled.code);
    const pidFile = (name: string) => join(dir, `${name}.pid`);
    writeFileSync(
      join(dir, 'Procfile'),
      [
        '# comment',
        `first: echo $$ > ${pidFile('first')}; sleep 300`,
        `second: sh -c 'echo $$ > ${pidFile('second')}; sleep 300'`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'banner.txt'), 'ALL UP\n');
    const cli = spawn(
      node,
      [
        join(dir, 'supervisor.js'),
        '--ready',
        `first=test -s ${pidFile('first')}`,
        '--banner',
        join(dir, 'banner.txt'),
        join(dir, 'Procfile'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    await until(() => stdout.includes('ALL UP'), `the banner (stderr: ${stderr})`);
    const pids = ['first', 'second'].map((name) => Number(readPid(pidFile(name))));

    cli.kill('SIGINT');

    expect(await exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(stderr).toContain('[supervisor] stopped everything');
  });
});

function readPid(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

/** Live processes whose process group is `pgid` (from /proc). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // state ppid pgrp ...
      const fields = statFields(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}
