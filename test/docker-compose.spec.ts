import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
function compose(vars: Record<string, string> = { JWT_SECRET: SECRET }): ComposeFile {
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

describe('docker-compose.yml', () => {
  it('defines the whole stack', () => {
    const names = Object.keys(compose().services);
    for (const name of [
      'postgres',
      'redis',
      'temporal',
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
      temporal: /^(docker\.io\/)?temporalio\/(auto-setup|server)$/,
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
    // Databases stay on the compose network.
    expect(publishedPorts(service(file, 'postgres'))).toEqual([]);
    expect(publishedPorts(service(file, 'redis'))).toEqual([]);
  });

  it('health-checks every long-running infrastructure service and the API with the right probe', () => {
    const file = compose();
    const probes: Record<string, RegExp> = {
      postgres: /\bpg_isready\b/,
      redis: /\bredis-cli\b.*\bping\b/,
      temporal: /(\btemporal operator cluster health\b|\btctl\b.*\bcluster health\b).*:7233/,
      api: /http:\/\/127\.0\.0\.1:3000\/health\b/,
      notifier: /http:\/\/127\.0\.0\.1:3001\/health\b/,
    };
    for (const [name, probe] of Object.entries(probes)) {
      const test = healthcheckTest(service(file, name));
      expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
      expect(test.slice(1).join(' ')).toMatch(probe);
    }
  });

  it('keeps the worker running without a healthcheck: it restarts when it exits', () => {
    const worker = service(compose(), 'worker');
    expect(healthcheckTest(worker)).toEqual([]);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(worker.restart?.split(':')[0]);
    // The reason is written down next to the service.
    expect(COMPOSE_TEXT).toMatch(/#[^\n]*No healthcheck[^\n]*\n(\s*#[^\n]*\n)*\s*worker:/);
  });

  it('starts the API and the worker only after the infrastructure is healthy and migrations and bootstrap succeeded', () => {
    const file = compose();
    for (const name of LONG_RUNNING_APPS) {
      expect(dependencies(service(file, name))).toEqual(
        expect.objectContaining({
          postgres: 'service_healthy',
          redis: 'service_healthy',
          temporal: 'service_healthy',
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
    expect(dependencies(service(file, 'temporal'))).toEqual({ postgres: 'service_healthy' });
    expect(dependencies(service(file, 'temporal-ui'))).toEqual({ temporal: 'service_healthy' });
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
            JWT_SECRET: SECRET,
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

  it('requires JWT_SECRET from the environment, with no default', () => {
    for (const name of LONG_RUNNING_APPS) {
      const raw = environment(service(rawCompose(), name)).JWT_SECRET;
      expect(raw).toMatch(/^\$\{JWT_SECRET:?\?[^}]*\}$/);
    }
    expect(() => compose({})).toThrow(/required variable JWT_SECRET is missing a value/);
    expect(() => compose({ JWT_SECRET: '' })).toThrow(/JWT_SECRET/);
    expect(environment(service(compose({ JWT_SECRET: SECRET }), 'api')).JWT_SECRET).toBe(SECRET);
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
    expect(environment(service(file, 'migrate')).DATABASE_URL).toBe(api.DATABASE_URL);
    expect(environment(service(file, 'bootstrap')).DATABASE_URL).toBe(api.DATABASE_URL);
  });

  it('bootstraps a production install: the first admin named by the operator, no demo users, the password on stdout only', () => {
    const env = environment(service(compose(), 'bootstrap'));
    // NODE_ENV=production: prisma/seed.js (the demo users) refuses to run with it.
    expect(env.NODE_ENV).toBe('production');
    expect(env.BOOTSTRAP_ADMIN_USERNAME).toBe('admin');
    expect(env.WEB_BASE_URL).toBe(environment(service(compose(), 'api')).WEB_BASE_URL);
    const named = compose({ JWT_SECRET: SECRET, BOOTSTRAP_ADMIN_USERNAME: 'kominfo.admin' });
    expect(environment(service(named, 'bootstrap')).BOOTSTRAP_ADMIN_USERNAME).toBe('kominfo.admin');
    // Nothing else runs the demo seed, and the one-time password is written to no volume.
    for (const svc of Object.values(compose().services)) {
      expect(command(svc).join(' ')).not.toMatch(/seed/);
    }
    expect(service(compose(), 'bootstrap').volumes).toBeUndefined();
    // It needs no secret of the running system.
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('wires the same database credentials and namespace everywhere, whatever the operator sets', () => {
    const file = compose({
      JWT_SECRET: SECRET,
      POSTGRES_USER: 'opd_admin',
      POSTGRES_PASSWORD: 's3cretPass',
      TEMPORAL_NAMESPACE: 'gotong-prod',
    });
    const pg = environment(service(file, 'postgres'));
    expect(pg).toMatchObject({ POSTGRES_USER: 'opd_admin', POSTGRES_PASSWORD: 's3cretPass' });
    for (const name of APP_SERVICES) {
      const url = new URL(environment(service(file, name)).DATABASE_URL ?? '');
      expect([url.username, url.password]).toEqual(['opd_admin', 's3cretPass']);
    }
    const temporal = environment(service(file, 'temporal'));
    expect(temporal).toMatchObject({
      DB: 'postgres12',
      DB_PORT: '5432',
      POSTGRES_SEEDS: 'postgres',
      POSTGRES_USER: 'opd_admin',
      POSTGRES_PWD: 's3cretPass',
      DEFAULT_NAMESPACE: 'gotong-prod',
    });
    expect(environment(service(file, 'api')).TEMPORAL_NAMESPACE).toBe('gotong-prod');
    expect(environment(service(file, 'temporal-ui')).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('runs Redis with noeviction and an append-only file', () => {
    const cmd = command(service(compose(), 'redis'));
    expect(cmd[0]).toBe('redis-server');
    expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('yes');
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

  it("leaves `$$`-escaped expansions to the container's shell", () => {
    const file = compose();
    expect(healthcheckTest(service(file, 'temporal')).join(' ')).toContain('$(hostname -i):7233');
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
    const script = cmd[1] ?? '';
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
    expect(args(runtime, 'RUN').join('\n')).toMatch(/npm install\b[^\n]*--omit=dev/);
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

  it('keeps dependencies, build output and local data out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim().replace(/^\/|\/$/g, ''));
    for (const path of ['node_modules', 'dist', '.data', '.git', 'artifacts', 'coverage']) {
      expect(ignored).toContain(path);
    }
  });
});
