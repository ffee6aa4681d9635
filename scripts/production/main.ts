import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Topology } from './topology';

/**
 * `npm run production` (scripts/production.sh, which builds first): the production topology on this machine
 * with the demo users, until Ctrl-C.
 *
 *   node dist/scripts/production/main.js [--data-dir .data/production] [--base-port 25000] [--api-port 3100]
 *       [--api 2] [--worker 2] [--notifier 2] [--quiet]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: join(process.cwd(), '.data/production') },
      'base-port': { type: 'string', default: '25000' },
      'api-port': { type: 'string', default: '3100' },
      api: { type: 'string', default: '2' },
      worker: { type: 'string', default: '2' },
      notifier: { type: 'string', default: '2' },
      // Only the topology's events, not every process's output.
      quiet: { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  const say = (line: string) => console.log(`[topology] ${line}`);
  // Ctrl-C while it comes up: start() stops what it already started.
  const starting = new AbortController();
  const interrupt = () => starting.abort(new Error('interrupted'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, interrupt);
  const topology = await Topology.start({
    signal: starting.signal,
    dataDir: values['data-dir'],
    basePort: Number(values['base-port']),
    apiPort: Number(values['api-port']),
    replicas: { api: Number(values.api), worker: Number(values.worker), notifier: Number(values.notifier) },
    log: say,
    output: values.quiet ? () => undefined : (name, line) => console.log(`[${name}] ${line}`),
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    topology.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.off(signal, interrupt);
    process.on(signal, stop);
  }

  const [api] = topology.apiUrls;
  console.log(`
  Gotong's production topology is running (up in ${((Date.now() - started) / 1000).toFixed(0)} s).
    API replicas   ${topology.apiUrls.join('  ')}
    Web app        ${api}/app/
    OpenAPI docs   ${api}/docs
    Notifiers      ${topology.notifierUrls.map((url) => `${url}/health`).join('  ')}
    Temporal       ${topology.temporalAddress} (namespace "${topology.namespace}"; real server, PostgreSQL persistence)
    PostgreSQL     ${redact(topology.appDatabaseUrl)} (the apps' role; secrets in ${values['data-dir']}/secrets.json)
    Redis          ${topology.redisUrl}
    Mail           saved in ${topology.mailDir}/
  Demo logins: ${topology.demoCredentialsPath}
  Components: ${topology
    .components()
    .map((c) => c.name)
    .join(', ')}. One that dies is restarted. Ctrl-C stops everything.
`);
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = '***';
  return parsed.toString();
}

main().catch((error: unknown) => {
  console.error(`[topology] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
