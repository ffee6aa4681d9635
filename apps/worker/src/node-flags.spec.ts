import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WORKER_NODE_FLAGS } from './node-flags';

const ROOT = join(__dirname, '../../..');

/** The shell and YAML launchers carry a copy of the worker's flags: every way of starting it caps its heap. */
describe('the worker is started with its heap limit', () => {
  it('by npm start (scripts/start.sh)', () => {
    const script = readFileSync(join(ROOT, 'scripts/start.sh'), 'utf8');
    const line = script.split('\n').find((l) => l.startsWith('worker: node '));
    expect(line).toBeDefined();
    const args = line!.slice('worker: '.length).split(/\s+/);
    expect(args.slice(0, args.indexOf('dist/apps/worker/src/main.js'))).toEqual(
      expect.arrayContaining([...WORKER_NODE_FLAGS]),
    );
  });

  it("by docker-compose.yml's worker service", () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { command?: string[] }>;
    };
    const command = compose.services.worker?.command ?? [];
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe('dist/apps/worker/src/main.js');
    expect(command.slice(1, -1)).toEqual(expect.arrayContaining([...WORKER_NODE_FLAGS]));
  });

  it('a limit of whole megabytes, high enough for the default cache of 1,000 workflows', () => {
    const [flag] = WORKER_NODE_FLAGS;
    const mb = Number(/^--max-old-space-size=(\d+)$/.exec(flag ?? '')?.[1]);
    // About 0.3 MB live per cached workflow in the sandbox (docs/benchmarks.md, P3), with room to collect.
    expect(mb).toBeGreaterThanOrEqual(3 * 0.3 * 1_000);
  });
});
