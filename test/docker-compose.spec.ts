import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { loadConfig } from '@gotong/config/config';

/**
 * Docker is only a client on development machines, so `docker compose up`
 * cannot run here. These tests read docker-compose.yml and the Dockerfile the
 * way Compose and BuildKit would (YAML merge keys, `${VAR:-default}`
 * interpolation, multi-stage builds) and check what an operator relies on.
 */

const ROOT = resolve(__dirname, '..');
const COMPOSE_TEXT = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const DOCKERFILE_TEXT = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const SECRET = 'f'.repeat(64);
/** Two payload keys (the first encrypts), as an operator rotating them writes the variable. */
const PAYLOAD_KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;

/** The secrets an operator must give; none has a default. */
const REQUIRED_SECRETS = {
  JWT_SECRET: SECRET,
  PAYLOAD_ENCRYPTION_KEYS: PAYLOAD_KEYS,
  POSTGRES_PASSWORD: 'superuser0a1b2c3d',
  GOTONG_OWNER_PASSWORD: 'owner4e5f6a7b8c',
  GOTONG_APP_PASSWORD: 'app9d0e1f2a3b',
  TEMPORAL_DB_PASSWORD: 'temporal4c5d6e7f',
  REDIS_PASSWORD: 'redis8a9b0c1d2e',
  MINIO_ROOT_PASSWORD: 'minio3f4a5b6c7d',
} as const;

// ---------------------------------------------------------------------------
// Compose: parsing and interpolation

type EnvValue = string | number | boolean | null;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  ports?: Array<string | number | { target: number; published?: string | number; host_ip?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  restart?: string;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

class InterpolationError extends Error {}

/**
 * Compose's variable substitution: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`.
 * A `$` followed by anything else is an invalid template, as in Compose.
 */
function interpolate(value: string, vars: Record<string, string>): string {
  const pattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|)/g;
  return value.replace(
    pattern,
    (match, escaped?: string, braced?: string, op?: string, arg?: string, plain?: string) => {
      if (escaped) return '$';
      const name = braced ?? plain;
      if (!name) throw new InterpolationError(`invalid template: "${value}"`);
      if (arg?.includes('$'))
        throw new InterpolationError(`nested substitution is not supported here: ${match}`);
      const current = vars[name];
      const unset = current === undefined;
      const emptyOrUnset = unset || current === '';
      switch (op) {
        case undefined:
          return current ?? '';
        case ':-':
          return emptyOrUnset ? (arg ?? '') : current;
        case '-':
          return unset ? (arg ?? '') : current;
        case ':?':
        case '?':
          if (op === ':?' ? emptyOrUnset : unset) {
            throw new InterpolationError(`required variable ${name} is missing a value: ${arg ?? ''}`);
          }
          return current ?? '';
        case ':+':
          return emptyOrUnset ? '' : (arg ?? '');
        case '+':
          return unset ? '' : (arg ?? '');
        default:
          throw new InterpolationError(`unknown operator ${op} in ${match}`);
      }
    },
  );
}

function interpolateDeep(node: unknown, vars: Record<string, string>): unknown {
  if (typeof node === 'string') return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, vars));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, vars)]));
  }
  return node;
}

/** The file as written: merge keys resolved, variables not substituted. */
function rawCompose(): ComposeFile {
  const doc: unknown = parse(COMPOSE_TEXT, { merge: true });
  if (doc === null || typeof doc !== 'object' || !('services' in doc)) throw new Error('no services');
  return doc as ComposeFile;
}

/** The file as `docker compose` sees it with the given environment (variables substituted). */
function compose(vars: Record<string, string> = REQUIRED_SECRETS): ComposeFile {
  return interpolateDeep(rawCompose(), vars) as ComposeFile;
}

function service(file: ComposeFile, name: string): Service {
  const found = file.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function environment(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  const pairs: Array<[string, string]> = Array.isArray(env)
    ? env.map((entry): [string, string] => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      })
    : Object.entries(env).map(([k, v]): [string, string] => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(pairs);
}

function command(svc: Service): string[] {
  if (svc.command === undefined) return [];
  return Array.isArray(svc.command) ? svc.command : svc.command.trim().split(/\s+/);
}

/** Container ports published on the host, with the host address they are bound to ('' = all interfaces). */
function publishedPorts(svc: Service): Array<{ container: number; host: number; hostIp: string }> {
  return (svc.ports ?? []).map((entry) => {
    if (typeof entry === 'object') {
      return { container: entry.target, host: Number(entry.published ?? NaN), hostIp: entry.host_ip ?? '' };
    }
    const spec = String(entry).replace(/\/(tcp|udp)$/, '');
    const parts = spec.split(':');
    const container = Number(parts.pop());
    const host = parts.length > 0 ? Number(parts.pop()) : NaN;
    return { container, host, hostIp: parts.join(':') };
  });
}

function dependencies(svc: Service): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(
    Object.entries(deps).map(([name, d]) => [name, d.condition ?? 'service_started']),
  );
}

function healthcheckTest(svc: Service): string[] {
  const test = svc.healthcheck?.test;
  if (svc.healthcheck?.disable || test === undefined) return [];
  return Array.isArray(test) ? test : ['CMD-SHELL', test];
}

/** `repo[:tag][@digest]` of an image reference. */
function imageRef(image: string): { repository: string; tag: string | undefined } {
  const withoutDigest = image.split('@')[0] ?? image;
  const colon = withoutDigest.lastIndexOf(':');
  const slash = withoutDigest.lastIndexOf('/');
  if (colon > slash)
    return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: undefined };
}

// ---------------------------------------------------------------------------
// Dockerfile: instructions and stages

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

function dockerInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Comments and blank lines are dropped, also inside a continued instruction (as BuildKit does).
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    const match = /^(\S+)\s*([\s\S]*)$/.exec(full);
    if (match?.[1]) out.push({ keyword: match[1].toUpperCase(), args: match[2] ?? '' });
  }
  return out;
}

function dockerStages(text: string): Stage[] {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of dockerInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const base = (words[0] ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs[name] ?? '');
      const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        name: asAt >= 0 ? (words[asAt + 1] ?? '') : String(stages.length),
        base,
        instructions: [],
      });
    } else if (stages.length === 0 && ins.keyword === 'ARG') {
      const [name, value] = ins.args.split('=', 2);
      if (name) globalArgs[name.trim()] = (value ?? '').trim();
    } else {
      stages.at(-1)?.instructions.push(ins);
    }
  }
  return stages;
}

function stage(name: string): Stage {
  const found = dockerStages(DOCKERFILE_TEXT).find((s) => s.name === name);
  if (!found) throw new Error(`Dockerfile has no stage "${name}"`);
  return found;
}

function args(st: Stage, keyword: string): string[] {
  return st.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** Which TypeScript source the production build (tsconfig.build.json) compiles to a given dist/ path. */
function sourceEmitting(distPath: string): string | undefined {
  const configPath = join(ROOT, 'tsconfig.build.json');
  const { config, error } = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  const wanted = resolve(ROOT, distPath);
  const source = parsed.fileNames.find((file) =>
    ts.getOutputFileNames(parsed, file, false).some((out) => resolve(out) === wanted),
  );
  return source === undefined ? undefined : relative(ROOT, source);
}

/**
 * The npm packages a compiled entry point loads: its import graph from the TypeScript source, following
 * relative and `@gotong/…` imports, skipping what tsc erases (`import type`, imports of types only), reduced
 * to package names. The runtime image has the production dependencies only (`npm install --omit=dev`).
 */
function packagesLoadedBy(entry: string): Set<string> {
  const configPath = join(ROOT, 'tsconfig.build.json');
  const { config } = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  const builtins = new Set(builtinModules);
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [resolve(ROOT, entry)];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const specifier of runtimeImports(source)) {
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) {
        if (/\.ts$/.test(resolved.resolvedFileName) && !resolved.resolvedFileName.endsWith('.d.ts'))
          queue.push(resolved.resolvedFileName);
        continue;
      }
      if (specifier.startsWith('.')) continue; // a file of ours that tsc does not compile (e.g. scripts/*.js)
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  return packages;
}

/** Module specifiers that survive compilation: imports, re-exports, require() and import() of a string. */
function runtimeImports(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const typesOnly = (clause: ts.ImportClause | undefined): boolean => {
    if (!clause) return false; // a side-effect import
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return (
      clause.name === undefined &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((e) => e.isTypeOnly)
    );
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!typesOnly(node.importClause)) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// ---------------------------------------------------------------------------

const APP_SERVICES = ['migrate', 'bootstrap', 'api', 'worker', 'notifier'] as const;
const LONG_RUNNING_APPS = ['api', 'worker'] as const;
/** The processes of the running system, which connect as the least-privilege role. */
const RUNTIME_APPS = ['api', 'worker', 'notifier'] as const;
/** The jobs that change the schema or load reference data, as the schema owner. */
const OWNER_JOBS = ['migrate', 'bootstrap'] as const;

/** The variables the application's config reads: the keys of the zod object in libs/config/src/config.ts. */
function configVariableNames(): Set<string> {
  const source = readFileSync(join(ROOT, 'libs/config/src/config.ts'), 'utf8');
  const body = source.slice(source.indexOf('z\n  .object({'), source.indexOf('.superRefine('));
  const names = new Set([...body.matchAll(/^ {4}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? ''));
  if (names.size < 10) throw new Error('could not read the variable names from libs/config/src/config.ts');
  return names;
}

/** postgresql://user:password@host… of a service's DATABASE_URL. */
function databaseUser(svc: Service): { user: string; password: string } {
  const url = new URL(environment(svc).DATABASE_URL ?? '');
  return { user: url.username, password: url.password };
}

/** Services that run until stopped (not the one-shot jobs). */
function longRunning(file: ComposeFile): string[] {
  return Object.entries(file.services)
    .filter(([, svc]) => svc.restart === 'always' || svc.restart === 'unless-stopped')
    .map(([name]) => name);
}

describe('docker-compose.yml', () => {
  it('defines the whole stack', () => {
    const names = Object.keys(compose().services);
    for (const name of [
      'postgres',
      'redis',
      'temporal-schema',
      'temporal',
      'temporal-namespace',
      'temporal-ui',
      'migrate',
      'bootstrap',
      'api',
      'worker',
      'notifier',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('uses official, version-pinned images for the infrastructure', () => {
    const file = compose();
    const expected: Record<string, RegExp> = {
      postgres: /^(docker\.io\/)?(library\/)?postgres$/,
      redis: /^(docker\.io\/)?(library\/)?redis$/,
      temporal: /^(docker\.io\/)?temporalio\/server$/,
      'temporal-schema': /^(docker\.io\/)?temporalio\/admin-tools$/,
      'temporal-namespace': /^(docker\.io\/)?temporalio\/admin-tools$/,
      'temporal-ui': /^(docker\.io\/)?temporalio\/ui$/,
    };
    for (const [name, repository] of Object.entries(expected)) {
      const image = service(file, name).image;
      expect(typeof image).toBe('string');
      const ref = imageRef(image ?? '');
      expect(ref.repository).toMatch(repository);
      expect(ref.tag).toBeDefined();
      expect(ref.tag).not.toBe('latest');
      // A version, not a moving name such as "alpine" or "main".
      expect(ref.tag).toMatch(/^v?\d+/);
    }
  });

  it('runs no temporalio/auto-setup (deprecated, no longer built): the server plus an admin-tools schema job', () => {
    for (const svc of Object.values(compose().services)) {
      expect(svc.image ?? '').not.toMatch(/auto-setup/);
    }
    // The admin tools apply the schema of the server release that runs: the same version.
    const server = imageRef(service(compose(), 'temporal').image ?? '').tag ?? '';
    for (const job of ['temporal-schema', 'temporal-namespace']) {
      const tools = imageRef(service(compose(), job).image ?? '').tag ?? '';
      expect(tools === server || tools.startsWith(`${server}-`)).toBe(true);
    }
  });

  it('builds migrate, bootstrap, api, worker and notifier from the Dockerfile runtime stage', () => {
    const file = compose();
    const stageNames = dockerStages(DOCKERFILE_TEXT).map((s) => s.name);
    for (const name of APP_SERVICES) {
      const build = service(file, name).build;
      expect(typeof build).toBe('object');
      if (typeof build !== 'object') continue;
      expect(resolve(ROOT, build.context ?? '.')).toBe(ROOT);
      expect(resolve(ROOT, build.context ?? '.', build.dockerfile ?? 'Dockerfile')).toBe(
        join(ROOT, 'Dockerfile'),
      );
      expect(build.target).toBe('runtime');
      expect(stageNames).toContain(build.target);
    }
  });

  it('publishes the API on 3000, Temporal on 7233 and its UI on 8080 (the unauthenticated ones on loopback only)', () => {
    const file = compose();
    expect(publishedPorts(service(file, 'api'))).toContainEqual({ container: 3000, host: 3000, hostIp: '' });
    expect(publishedPorts(service(file, 'temporal'))).toContainEqual(
      expect.objectContaining({ container: 7233, host: 7233 }),
    );
    expect(publishedPorts(service(file, 'temporal-ui'))).toContainEqual(
      expect.objectContaining({ container: 8080, host: 8080 }),
    );
    for (const name of ['temporal', 'temporal-ui']) {
      for (const port of publishedPorts(service(file, name))) expect(port.hostIp).toBe('127.0.0.1');
    }
    // Databases and the one-shot jobs stay on the compose network.
    for (const name of [
      'postgres',
      'redis',
      'temporal-schema',
      'temporal-namespace',
      'migrate',
      'bootstrap',
    ]) {
      expect(publishedPorts(service(file, name))).toEqual([]);
    }
  });

  it('health-checks the infrastructure and the apps with the right probe', () => {
    const file = compose();
    const probes: Record<string, RegExp> = {
      // Over TCP: during the image's init scripts only the Unix socket listens, so this passes once the roles exist.
      postgres: /\bpg_isready\b.*-h 127\.0\.0\.1\b/,
      redis: /\bredis-cli\b.*\bping\b/,
      // The server image carries no Temporal CLI; the namespace job checks SERVING (below).
      temporal: /\bnc -z\b.*\b7233\b/,
      api: /http:\/\/127\.0\.0\.1:3000\/health\b/,
      notifier: /http:\/\/127\.0\.0\.1:3001\/health\b/,
    };
    for (const [name, probe] of Object.entries(probes)) {
      const test = healthcheckTest(service(file, name));
      expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
      expect(test.slice(1).join(' ')).toMatch(probe);
    }
  });

  it('gives every long-running service a healthcheck or a written reason why not', () => {
    const file = compose();
    const running = longRunning(file);
    expect(running).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'temporal', 'temporal-ui', 'api', 'worker', 'notifier']),
    );
    const unchecked = running.filter((name) => healthcheckTest(service(file, name)).length === 0);
    expect(unchecked.sort()).toEqual(['temporal-ui', 'worker']);
    for (const name of unchecked) {
      // The reason is written down next to the service.
      expect(COMPOSE_TEXT).toMatch(
        new RegExp(`#[^\\n]*No healthcheck[^\\n]*\\n(\\s*#[^\\n]*\\n)*\\s*${name}:`),
      );
    }
  });

  it('keeps the worker running without a healthcheck: it restarts when it exits', () => {
    const worker = service(compose(), 'worker');
    expect(healthcheckTest(worker)).toEqual([]);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(worker.restart?.split(':')[0]);
  });

  it("applies Temporal's schema before the server starts, and registers the namespace once it serves", () => {
    const file = compose();
    expect(dependencies(service(file, 'temporal-schema'))).toEqual({ postgres: 'service_healthy' });
    expect(dependencies(service(file, 'temporal'))).toEqual({
      postgres: 'service_healthy',
      'temporal-schema': 'service_completed_successfully',
    });
    expect(dependencies(service(file, 'temporal-namespace'))).toEqual({ temporal: 'service_healthy' });
    expect(dependencies(service(file, 'temporal-ui'))).toEqual({ temporal: 'service_healthy' });
    // One-shot jobs: retried while what they wait for is still coming up, never restarted after success.
    for (const job of ['temporal-schema', 'temporal-namespace']) {
      expect(service(file, job).restart).toMatch(/^(no|on-failure(:\d+)?)$/);
    }
  });

  it("sets up both of Temporal's databases with the schema tool, without creating databases it may not create", () => {
    const file = compose();
    const script = command(service(file, 'temporal-schema')).join(' ');
    for (const [db, dir] of [
      ['temporal', 'temporal'],
      ['temporal_visibility', 'visibility'],
    ]) {
      expect(script).toMatch(new RegExp(`temporal-sql-tool --db ${db} setup-schema -v 0\\.0\\b`));
      expect(script).toMatch(
        new RegExp(
          `temporal-sql-tool --db ${db} update-schema -d /etc/temporal/schema/postgresql/v12/${dir}/versioned\\b`,
        ),
      );
      // setup before update, for each database.
      expect(script.indexOf(`--db ${db} setup-schema`)).toBeLessThan(
        script.indexOf(`--db ${db} update-schema`),
      );
    }
    // init-roles.sh creates the databases; role temporal has no CREATEDB.
    expect(script).not.toMatch(/\bcreate(-database)?\b/);
    // Steps are chained: a failed step fails the job, so the server does not start on a half-applied schema.
    expect(script.split('temporal-sql-tool').length - 1).toBe(4);
    expect(script.match(/&&/g)?.length).toBe(3);
    expect(environment(service(file, 'temporal-schema'))).toMatchObject({
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: 'postgres',
      SQL_PORT: '5432',
    });
  });

  it('registers the namespace the apps use with the chosen retention, only after the cluster reports SERVING', () => {
    const file = compose({
      ...REQUIRED_SECRETS,
      TEMPORAL_NAMESPACE: 'gotong-prod',
      TEMPORAL_RETENTION: '30d',
    });
    const job = service(file, 'temporal-namespace');
    expect(environment(job).TEMPORAL_ADDRESS).toBe('temporal:7233');
    const script = command(job).join(' ');
    expect(script).toMatch(/temporal operator cluster health \| grep -q SERVING &&/);
    expect(script).toMatch(/namespace describe --namespace gotong-prod\b/);
    expect(script).toMatch(/namespace create --namespace gotong-prod --retention 30d\b/);
    // An existing namespace (the server registers `default` itself) gets the retention too.
    expect(script).toMatch(/namespace update --namespace gotong-prod --retention 30d\b/);
    for (const name of RUNTIME_APPS)
      expect(environment(service(file, name)).TEMPORAL_NAMESPACE).toBe('gotong-prod');
    expect(command(service(compose(), 'temporal-namespace')).join(' ')).toMatch(
      /create --namespace default --retention \S+/,
    );
  });

  it('starts the API and the worker only after the infrastructure is ready and migrations and bootstrap succeeded', () => {
    const file = compose();
    for (const name of LONG_RUNNING_APPS) {
      expect(dependencies(service(file, name))).toEqual(
        expect.objectContaining({
          postgres: 'service_healthy',
          redis: 'service_healthy',
          temporal: 'service_healthy',
          'temporal-namespace': 'service_completed_successfully',
          migrate: 'service_completed_successfully',
          bootstrap: 'service_completed_successfully',
        }),
      );
    }
    expect(dependencies(service(file, 'migrate'))).toEqual({ postgres: 'service_healthy' });
    expect(dependencies(service(file, 'bootstrap'))).toEqual({
      postgres: 'service_healthy',
      migrate: 'service_completed_successfully',
    });
    expect(service(file, 'bootstrap').restart).toBe('no');
    expect(service(file, 'migrate').restart).toBe('no');
  });

  it('runs the notifier after Postgres, Redis, migrations and bootstrap, with a config it accepts, email and webhook off until set', () => {
    expect(dependencies(service(compose(), 'notifier'))).toEqual({
      postgres: 'service_healthy',
      redis: 'service_healthy',
      migrate: 'service_completed_successfully',
      bootstrap: 'service_completed_successfully',
    });
    const quiet = loadConfig(environment(service(compose(), 'notifier')));
    expect(quiet).toMatchObject({ NOTIFIER_HOST: '0.0.0.0', NOTIFIER_PORT: 3001 });
    expect(quiet.SMTP_URL).toBeUndefined();
    expect(quiet.WEBHOOK_URL).toBeUndefined();
    const webhookSecret = 'w'.repeat(40);
    const configured = loadConfig(
      environment(
        service(
          compose({
            ...REQUIRED_SECRETS,
            SMTP_URL: 'smtp://gotong:pw@mail.probolinggokab.go.id:587',
            WEBHOOK_URL: 'https://wa-gateway.probolinggokab.go.id/send',
            WEBHOOK_SECRET: webhookSecret,
            WEB_BASE_URL: 'https://gotong.probolinggokab.go.id',
          }),
          'notifier',
        ),
      ),
    );
    expect(configured).toMatchObject({
      SMTP_URL: 'smtp://gotong:pw@mail.probolinggokab.go.id:587',
      WEBHOOK_URL: 'https://wa-gateway.probolinggokab.go.id/send',
      WEBHOOK_SECRET: webhookSecret,
      WEB_BASE_URL: 'https://gotong.probolinggokab.go.id',
    });
    // BullMQ needs Redis never to evict its keys.
    expect(JSON.stringify(service(compose(), 'redis').command)).toMatch(/noeviction/);
  });

  it('points the API at the compose services and listens on all interfaces of its container', () => {
    const env = environment(service(compose(), 'api'));
    const db = new URL(env.DATABASE_URL ?? '');
    expect(db.protocol).toBe('postgresql:');
    expect(db.hostname).toBe('postgres');
    expect(db.port).toBe('5432');
    expect(db.pathname).toBe('/gotong');
    const redis = new URL(env.REDIS_URL ?? '');
    expect(redis.protocol).toBe('redis:');
    expect(redis.hostname).toBe('redis');
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(env.API_HOST).toBe('0.0.0.0');
    expect(env.API_PORT).toBe('3000');
  });

  it('connects each part as its own role: the apps as gotong_app, the schema jobs as gotong_owner, Temporal as temporal', () => {
    const file = compose();
    for (const name of RUNTIME_APPS) {
      expect(databaseUser(service(file, name))).toEqual({
        user: 'gotong_app',
        password: REQUIRED_SECRETS.GOTONG_APP_PASSWORD,
      });
    }
    for (const name of OWNER_JOBS) {
      expect(databaseUser(service(file, name))).toEqual({
        user: 'gotong_owner',
        password: REQUIRED_SECRETS.GOTONG_OWNER_PASSWORD,
      });
    }
    expect(environment(service(file, 'temporal'))).toMatchObject({
      DB: 'postgres12',
      DB_PORT: '5432',
      POSTGRES_SEEDS: 'postgres',
      POSTGRES_USER: 'temporal',
      POSTGRES_PWD: REQUIRED_SECRETS.TEMPORAL_DB_PASSWORD,
      DBNAME: 'temporal',
      VISIBILITY_DBNAME: 'temporal_visibility',
    });
    expect(environment(service(file, 'temporal-schema'))).toMatchObject({
      SQL_USER: 'temporal',
      SQL_PASSWORD: REQUIRED_SECRETS.TEMPORAL_DB_PASSWORD,
    });
    // The cluster's superuser is known to the postgres service only.
    const superuser = environment(service(file, 'postgres')).POSTGRES_USER;
    for (const [name, svc] of Object.entries(file.services)) {
      if (name === 'postgres') continue;
      const env = environment(svc);
      expect(JSON.stringify(env)).not.toContain(REQUIRED_SECRETS.POSTGRES_PASSWORD);
      if (env.DATABASE_URL) expect(databaseUser(svc).user).not.toBe(superuser);
    }
    // Whatever superuser name the operator picks, the roles stay the same.
    const renamed = compose({ ...REQUIRED_SECRETS, POSTGRES_USER: 'opd_admin' });
    expect(environment(service(renamed, 'postgres')).POSTGRES_USER).toBe('opd_admin');
    expect(databaseUser(service(renamed, 'api')).user).toBe('gotong_app');
  });

  it('tunes the Temporal server for one machine: one task-queue partition, from a mounted dynamic config', () => {
    const temporal = service(compose(), 'temporal');
    const path = environment(temporal).DYNAMIC_CONFIG_FILE_PATH;
    expect(path).toEqual(expect.any(String));
    const mount = (temporal.volumes ?? [])
      .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
      .find((v) => v.target === path);
    expect(mount?.source).toMatch(/deploy\/temporal\/dynamicconfig\.yaml$/);
    const config = readFileSync(join(ROOT, 'deploy/temporal/dynamicconfig.yaml'), 'utf8');
    expect(config).toMatch(/^matching\.numTaskqueueReadPartitions:\n\s+- value: 1$/m);
    expect(config).toMatch(/^matching\.numTaskqueueWritePartitions:\n\s+- value: 1$/m);
  });

  it('creates the roles on the first start with deploy/postgres/init-roles.sh and the passwords the services use', () => {
    const file = compose();
    const postgres = service(file, 'postgres');
    const mount = (postgres.volumes ?? [])
      .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
      .find((v) => v.target?.startsWith('/docker-entrypoint-initdb.d/'));
    expect(mount?.source).toBe('./deploy/postgres/init-roles.sh');
    const script = join(ROOT, 'deploy/postgres/init-roles.sh');
    expect(existsSync(script)).toBe(true);
    // The image runs executable *.sh files and sources the others; this one must run as its own process.
    expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(environment(postgres)).toMatchObject({
      GOTONG_OWNER_PASSWORD: REQUIRED_SECRETS.GOTONG_OWNER_PASSWORD,
      GOTONG_APP_PASSWORD: REQUIRED_SECRETS.GOTONG_APP_PASSWORD,
      TEMPORAL_DB_PASSWORD: REQUIRED_SECRETS.TEMPORAL_DB_PASSWORD,
      POSTGRES_DB: 'gotong',
    });
    const text = readFileSync(script, 'utf8');
    for (const name of ['GOTONG_OWNER_PASSWORD', 'GOTONG_APP_PASSWORD', 'TEMPORAL_DB_PASSWORD']) {
      expect(text).toContain(name);
    }
    for (const role of ['gotong_owner', 'gotong_app', 'temporal'])
      expect(text).toMatch(new RegExp(`\\b${role}\\b`));
  });

  it('takes every secret from the environment, with no default', () => {
    // Written as a required ${VAR:?…} wherever it is used: in a variable of its own or inside a URL.
    const raw = rawCompose() as ComposeFile & Record<string, unknown>;
    const required = (value: string) => /^\$\{([A-Z_]+):\?[^}]*\}$/.exec(value)?.[1];
    const optional = (value: string) => /^\$\{([A-Z_]+):-\}$/.exec(value)?.[1];
    const seen = new Set<string>();
    for (const [name, svc] of Object.entries(raw.services)) {
      for (const [key, value] of Object.entries(environment(svc))) {
        if (/(PASSWORD|PWD|SECRET|_KEYS|_AUTH)$/.test(key)) {
          const variable = required(value) ?? optional(value);
          expect({ service: name, key, variable }).toEqual({
            service: name,
            key,
            variable: expect.any(String),
          });
          if (required(value)) seen.add(required(value) ?? '');
        }
        if (key === 'DATABASE_URL') {
          const password = /^postgresql:\/\/[^:@]+:(\$\{[^}]+\})@/.exec(value)?.[1] ?? '';
          expect({ service: name, password: required(password) }).toEqual({
            service: name,
            password: expect.stringMatching(/^GOTONG_(APP|OWNER)_PASSWORD$/),
          });
          seen.add(required(password) ?? '');
        }
        if (key === 'REDIS_URL') {
          const password = /^redis:\/\/:(\$\{[^}]+\})@/.exec(value)?.[1] ?? '';
          expect({ service: name, password: required(password) }).toEqual({
            service: name,
            password: 'REDIS_PASSWORD',
          });
          seen.add(required(password) ?? '');
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(REQUIRED_SECRETS).sort());
    // Only the optional webhook secret may be empty, and then the webhook is off.
    for (const name of Object.keys(REQUIRED_SECRETS)) {
      const { [name as keyof typeof REQUIRED_SECRETS]: _left, ...others } = REQUIRED_SECRETS;
      expect(() => compose(others)).toThrow(new RegExp(`required variable ${name} is missing a value`));
      expect(() => compose({ ...others, [name]: '' })).toThrow(new RegExp(name));
    }
    expect(environment(service(compose(), 'api')).JWT_SECRET).toBe(SECRET);
    // No password is written in the file.
    for (const value of Object.values(REQUIRED_SECRETS)) expect(COMPOSE_TEXT).not.toContain(value);
    expect(COMPOSE_TEXT).not.toMatch(/postgresql:\/\/[^:\s]+:[^$\s][^@\s]*@/);
  });

  it('gives the API, the worker and the notifier the payload keys, and the Temporal UI the API as its codec', () => {
    const file = compose();
    for (const name of RUNTIME_APPS) {
      const config = loadConfig(environment(service(file, name)));
      expect({ name, keys: config.PAYLOAD_ENCRYPTION_KEYS.map((k) => k.id) }).toEqual({
        name,
        keys: ['k2', 'k1'],
      });
    }
    // The UI's browser side calls the published API, sending the codec session cookie (credentials).
    const ui = environment(service(file, 'temporal-ui'));
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe('http://127.0.0.1:3000/codec');
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    const moved = compose({ ...REQUIRED_SECRETS, TEMPORAL_CODEC_ENDPOINT: 'https://gotong.example/codec' });
    expect(environment(service(moved, 'temporal-ui')).TEMPORAL_CODEC_ENDPOINT).toBe(
      'https://gotong.example/codec',
    );
    // The API lets the UI's published origin (127.0.0.1:8080) call it from the browser, and no other.
    const api = loadConfig(environment(service(file, 'api')));
    const uiPort = publishedPorts(service(file, 'temporal-ui'))[0]!;
    expect(api.CODEC_CORS_ORIGINS).toEqual([
      `http://127.0.0.1:${uiPort.host}`,
      `http://localhost:${uiPort.host}`,
    ]);
  });

  it("names the apps' variables as the application's config does", () => {
    const known = configVariableNames();
    const raw = rawCompose() as ComposeFile & Record<string, unknown>;
    const shared = Object.keys(raw['x-app-env'] as Record<string, unknown>);
    expect(shared).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'TEMPORAL_ADDRESS', 'JWT_SECRET']),
    );
    expect(shared.filter((name) => !known.has(name))).toEqual([]);
    for (const name of RUNTIME_APPS) {
      const names = Object.keys(environment(service(compose(), name)));
      expect(names.filter((n) => !known.has(n))).toEqual([]);
    }
  });

  it("gives the API and the worker an environment the application's config accepts", () => {
    const file = compose();
    const api = loadConfig(environment(service(file, 'api')));
    expect(api).toMatchObject({
      NODE_ENV: 'production',
      API_HOST: '0.0.0.0',
      API_PORT: 3000,
      JWT_SECRET: SECRET,
    });
    const worker = loadConfig(environment(service(file, 'worker')));
    expect(worker).toMatchObject({
      NODE_ENV: 'production',
      DATABASE_URL: api.DATABASE_URL,
      REDIS_URL: api.REDIS_URL,
      TEMPORAL_ADDRESS: api.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: api.TEMPORAL_NAMESPACE,
    });
    // The jobs reach the same database, as its owner.
    for (const name of OWNER_JOBS) {
      const url = new URL(environment(service(file, name)).DATABASE_URL ?? '');
      const app = new URL(api.DATABASE_URL);
      expect([url.host, url.pathname]).toEqual([app.host, app.pathname]);
    }
  });

  it('bootstraps a production install: the first admin named by the operator, no demo users, the password on stdout only', () => {
    const env = environment(service(compose(), 'bootstrap'));
    // NODE_ENV=production: prisma/seed.js (the demo users) refuses to run with it.
    expect(env.NODE_ENV).toBe('production');
    expect(env.BOOTSTRAP_ADMIN_USERNAME).toBe('admin');
    expect(env.WEB_BASE_URL).toBe(environment(service(compose(), 'api')).WEB_BASE_URL);
    const named = compose({ ...REQUIRED_SECRETS, BOOTSTRAP_ADMIN_USERNAME: 'kominfo.admin' });
    expect(environment(service(named, 'bootstrap')).BOOTSTRAP_ADMIN_USERNAME).toBe('kominfo.admin');
    // Nothing else runs the demo seed, and the one-time password is written to no volume.
    for (const svc of Object.values(compose().services)) {
      expect(command(svc).join(' ')).not.toMatch(/seed/);
    }
    expect(service(compose(), 'bootstrap').volumes).toBeUndefined();
    // It needs no secret of the running system.
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('runs Redis with noeviction and an append-only file', () => {
    const cmd = command(service(compose(), 'redis'));
    expect(cmd[0]).toBe('redis-server');
    expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('yes');
  });

  it('runs Redis with the password every client gives: the apps in REDIS_URL, the healthcheck through REDISCLI_AUTH', () => {
    const file = compose();
    const redis = service(file, 'redis');
    const cmd = command(redis);
    expect(cmd[cmd.indexOf('--requirepass') + 1]).toBe(REQUIRED_SECRETS.REDIS_PASSWORD);
    expect(environment(redis).REDISCLI_AUTH).toBe(REQUIRED_SECRETS.REDIS_PASSWORD);
    for (const name of ['api', 'worker', 'notifier']) {
      const url = new URL(environment(service(file, name)).REDIS_URL ?? '');
      expect(url.password).toBe(REQUIRED_SECRETS.REDIS_PASSWORD);
      expect(url.hostname).toBe('redis');
    }
    // Never a default: without it compose refuses to start.
    const { REDIS_PASSWORD: _omitted, ...others } = REQUIRED_SECRETS;
    expect(() => compose(others)).toThrow(/REDIS_PASSWORD/);
  });

  it('keeps PostgreSQL and Redis data in named volumes', () => {
    const file = compose();
    const declared = Object.keys(file.volumes ?? {});
    const mounts: Record<string, string> = { postgres: '/var/lib/postgresql/data', redis: '/data' };
    for (const [name, target] of Object.entries(mounts)) {
      const volume = (service(file, name).volumes ?? [])
        .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
        .find((v) => v.target === target);
      expect(volume?.source).toBeDefined();
      expect(declared).toContain(volume?.source);
    }
  });

  it('keeps attachments in MinIO: a pinned image on the compose network, its bucket made before the API starts', () => {
    const file = compose();
    const minio = service(file, 'minio');
    const ref = imageRef(minio.image ?? '');
    expect(ref.repository).toMatch(/^(docker\.io\/)?minio\/minio$/);
    expect(ref.tag).toMatch(/^RELEASE\.\d{4}-/);
    expect(command(minio)).toEqual(['server', '/data']);
    expect(healthcheckTest(minio).slice(1).join(' ')).toMatch(/\bmc ready local\b/);
    expect(publishedPorts(minio)).toEqual([]);
    const volume = (minio.volumes ?? [])
      .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
      .find((v) => v.target === '/data');
    expect(Object.keys(file.volumes ?? {})).toContain(volume?.source);
    expect(environment(minio)).toMatchObject({
      MINIO_ROOT_USER: 'gotong',
      MINIO_ROOT_PASSWORD: REQUIRED_SECRETS.MINIO_ROOT_PASSWORD,
    });

    // The bucket job: MinIO healthy first, the same credentials, the bucket the API is given.
    const job = service(file, 'minio-bucket');
    expect(imageRef(job.image ?? '').repository).toMatch(/^(docker\.io\/)?minio\/mc$/);
    expect(dependencies(job)).toEqual({ minio: 'service_healthy' });
    expect(publishedPorts(job)).toEqual([]);
    const host = new URL(environment(job).MC_HOST_gotong ?? '');
    expect([host.hostname, host.port, host.username, host.password]).toEqual([
      'minio',
      '9000',
      'gotong',
      REQUIRED_SECRETS.MINIO_ROOT_PASSWORD,
    ]);
    expect(command(job)).toEqual(['mb', '--ignore-existing', 'gotong/gotong-attachments']);

    // The API stores in that bucket, with a config it accepts, and waits for the bucket; the worker does not.
    const api = service(file, 'api');
    expect(dependencies(api)).toEqual(
      expect.objectContaining({ 'minio-bucket': 'service_completed_successfully' }),
    );
    expect(dependencies(service(file, 'worker'))['minio-bucket']).toBeUndefined();
    const config = loadConfig(environment(api));
    expect(config).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'gotong-attachments',
      S3_ACCESS_KEY_ID: 'gotong',
      S3_SECRET_ACCESS_KEY: REQUIRED_SECRETS.MINIO_ROOT_PASSWORD,
      S3_FORCE_PATH_STYLE: true,
      ATTACHMENT_MAX_BYTES: 10 * 1024 * 1024,
    });
    const renamed = compose({ ...REQUIRED_SECRETS, S3_BUCKET: 'bukti-opd', MINIO_ROOT_USER: 'kominfo' });
    expect(command(service(renamed, 'minio-bucket'))).toEqual([
      'mb',
      '--ignore-existing',
      'gotong/bukti-opd',
    ]);
    expect(loadConfig(environment(service(renamed, 'api')))).toMatchObject({
      S3_BUCKET: 'bukti-opd',
      S3_ACCESS_KEY_ID: 'kominfo',
    });
    // Without the MinIO secret compose refuses to start.
    const { MINIO_ROOT_PASSWORD: _omitted, ...others } = REQUIRED_SECRETS;
    expect(() => compose(others)).toThrow(/MINIO_ROOT_PASSWORD/);
  });

  it("leaves `$$`-escaped expansions to the container's shell", () => {
    const file = compose();
    expect(healthcheckTest(service(file, 'postgres')).join(' ')).toContain('${POSTGRES_USER}');
    // Outside healthchecks nothing is left for a shell: every `$` was a Compose variable.
    for (const svc of Object.values(file.services)) {
      expect(JSON.stringify({ ...svc, healthcheck: undefined })).not.toContain('$');
    }
  });
});

describe('the application commands', () => {
  const commands: Record<(typeof APP_SERVICES)[number], string> = {
    api: 'apps/api/src/main.ts',
    worker: 'apps/worker/src/main.ts',
    notifier: 'apps/notifier/src/main.ts',
    migrate: 'libs/database/src/migrate.cli.ts',
    bootstrap: 'scripts/bootstrap.ts',
  };

  it.each(Object.entries(commands))('%s runs the compiled output of %s', (name, source) => {
    const cmd = command(service(compose(), name));
    expect(cmd[0]).toBe('node');
    // Node's own flags (the worker's heap limit) come before the script.
    const script = cmd.slice(1).find((arg) => !arg.startsWith('-')) ?? '';
    expect(script).toMatch(/^dist\/.+\.js$/);
    expect(existsSync(join(ROOT, source))).toBe(true);
    expect(sourceEmitting(script)).toBe(source);
  });

  it.each(Object.entries(commands))(
    '%s loads only production dependencies, which the runtime image installs',
    (_name, source) => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      const loaded = [...packagesLoadedBy(source)];
      expect(loaded.length).toBeGreaterThan(0);
      expect(loaded.filter((name) => !(name in pkg.dependencies))).toEqual([]);
    },
  );

  it('the image runs the API by default', () => {
    const cmds = args(stage('runtime'), 'CMD');
    const last = cmds.at(-1);
    expect(last).toBeDefined();
    expect(JSON.parse(last ?? '[]')).toEqual(command(service(compose(), 'api')));
  });
});

describe('the API healthcheck command', () => {
  let server: Server;
  let port = 0;
  let status = 200;
  const paths: string[] = [];
  let dir = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
    // The check targets 127.0.0.1:3000 inside the container; here it is sent to this test's server instead.
    dir = mkdtempSync(join(tmpdir(), 'gotong-healthcheck-'));
    writeFileSync(
      join(dir, 'redirect.cjs'),
      `const real = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(String(input));
  if (url.host === '127.0.0.1:3000') url.port = process.env.HEALTH_PORT;
  return real(url, init);
};`,
    );
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the compose healthcheck (CMD form) with Node and returns its exit code. */
  function runHealthcheck(targetPort: number): Promise<number> {
    const test = healthcheckTest(service(compose(), 'api'));
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const script = test[3] ?? '';
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['--require', join(dir, 'redirect.cjs'), '-e', script],
        { env: { PATH: process.env.PATH ?? '', HEALTH_PORT: String(targetPort) }, timeout: 10_000 },
        (error) => done(error ? Number(error.code ?? -1) : 0),
      );
    });
  }

  it('passes when GET /health answers 200', async () => {
    status = 200;
    paths.length = 0;
    expect(await runHealthcheck(port)).toBe(0);
    expect(paths).toEqual(['/health']);
  });

  it('fails when GET /health answers 503 (a dependency is down)', async () => {
    status = 503;
    expect(await runHealthcheck(port)).toBe(1);
  });

  it('fails when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    expect(await runHealthcheck(unused)).toBe(1);
  });
});

describe('Dockerfile', () => {
  it('has the stages deps, build and runtime', () => {
    const names = dockerStages(DOCKERFILE_TEXT).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['deps', 'build', 'runtime']));
    expect(stage('build').base).toBe('deps');
  });

  it('builds on the Node major version the project pins', () => {
    const major = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim().split('.')[0];
    for (const name of ['deps', 'runtime']) expect(stage(name).base).toMatch(new RegExp(`^node:${major}-`));
  });

  it('generates the Prisma client offline, compiles with tsconfig.build.json and bundles the workflows', () => {
    const run = args(stage('build'), 'RUN').join('\n');
    expect(run).toMatch(/PRISMA_SCHEMA_ENGINE_BINARY=\S*scripts\/no-schema-engine\.sh\s+npx prisma generate/);
    expect(existsSync(join(ROOT, 'scripts/no-schema-engine.sh'))).toBe(true);
    expect(run).toMatch(/npx tsc -p tsconfig\.build\.json/);
    expect(run).toMatch(/node dist\/scripts\/build-workflow-bundle\.js/);
    // Order matters: the client is generated before tsc, the bundle is built after it.
    expect(run.indexOf('prisma generate')).toBeLessThan(run.indexOf('tsc -p'));
    expect(run.indexOf('tsc -p')).toBeLessThan(run.indexOf('build-workflow-bundle'));
    // The browser app the API serves under /app is built into dist/web, which the runtime stage copies.
    expect(run).toMatch(/npx vite build apps\/web/);
    expect(args(stage('runtime'), 'COPY').join('\n')).toMatch(/--from=build \/app\/dist \.\/dist/);
    // Every script the build runs from dist/ is one that tsconfig.build.json compiles.
    const scripts = [...run.matchAll(/\bnode (dist\/\S+\.js)/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts)
      expect(sourceEmitting(script)).toBe(script.replace(/^dist\/(.*)\.js$/, '$1.ts'));
  });

  it('ships only production dependencies, the compiled code and the migrations, under /app', () => {
    const runtime = stage('runtime');
    expect(args(runtime, 'WORKDIR').at(-1)).toBe('/app');
    expect(args(runtime, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(args(runtime, 'RUN').join('\n')).toMatch(/npm ci\b[^\n]*--omit=dev/);
    const copies = args(runtime, 'COPY');
    expect(copies).toContainEqual(
      expect.stringMatching(/^--from=build\s+\/app\/dist\s+(\.\/|\/app\/)dist\/?$/),
    );
    // migrate.cli.js reads <cwd>/prisma/migrations by default.
    expect(copies).toContainEqual(
      expect.stringMatching(/\bprisma\/migrations\s+(\.\/|\/app\/)prisma\/migrations\/?$/),
    );
    const migrations = readdirSync(join(ROOT, 'prisma/migrations'), { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    );
    expect(migrations.length).toBeGreaterThan(0);
  });

  it('runs as a non-root user', () => {
    const user = args(stage('runtime'), 'USER').at(-1);
    expect(user).toBeDefined();
    const name = (user ?? '').split(':')[0];
    expect(name).not.toBe('');
    expect(['root', '0']).not.toContain(name);
    // USER must come after the last RUN that needs root (npm install) and before the CMD.
    const keywords = stage('runtime').instructions.map((i) => i.keyword);
    expect(keywords.lastIndexOf('USER')).toBeGreaterThan(keywords.lastIndexOf('RUN'));
  });

  it('installs exactly what package-lock.json lists, in both stages (npm ci, never npm install)', () => {
    for (const name of ['deps', 'runtime']) {
      const st = stage(name);
      const run = args(st, 'RUN').join('\n');
      expect(run).toMatch(/\bnpm ci\b/);
      expect(run).not.toMatch(/\bnpm (install|i)\b/);
      // The lockfile is in the context before npm ci reads it.
      expect(args(st, 'COPY')).toContainEqual(expect.stringMatching(/\bpackage-lock\.json\b/));
    }
    // npm ci refuses a lockfile without integrity hashes or one that disagrees with package.json;
    // every platform's native binding is listed (npm ci picks this platform's and skips the others).
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, { optional?: boolean; os?: string[]; cpu?: string[] }>;
    };
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const swc = Object.entries(lock.packages).filter(([path]) => /^node_modules\/@swc\/core-/.test(path));
    const platforms = new Set(swc.flatMap(([, p]) => p.os ?? []));
    expect([...platforms]).toEqual(expect.arrayContaining(['linux', 'darwin', 'win32']));
    expect(swc.every(([, p]) => p.optional === true)).toBe(true);
  });

  it('keeps dependencies, build output and local data out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim().replace(/^\/|\/$/g, ''));
    for (const path of ['node_modules', 'dist', '.data', '.git', 'artifacts', 'coverage']) {
      expect(ignored).toContain(path);
    }
  });
});
