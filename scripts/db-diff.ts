import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';

/**
 * Writes a new SQL migration offline: the difference between schema.prisma as
 * it was when prisma/migrations last changed (git) and schema.prisma now,
 * computed by Prisma's own schema engine compiled to WebAssembly
 * (@prisma/schema-engine-wasm), so no native engine download is needed.
 *
 *   npm run db:diff -- add_templates           # writes prisma/migrations/<timestamp>_add_templates
 *   npm run db:diff -- add_templates --from=HEAD~2
 *
 * Review the SQL before committing; the schema-drift test checks the result.
 */
/** The few WebAssembly globals used here (the project's TS lib has no DOM/wasm typings). */
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Buffer) => object;
      Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
    };
  }
).WebAssembly;

interface SchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
}

async function loadSchemaEngine(datamodel: string): Promise<SchemaEngine> {
  const runtime = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
    SchemaEngine: { new: (options: unknown, debug: () => void, adapter?: unknown) => Promise<SchemaEngine> };
  };
  const wasmPath = require
    .resolve('@prisma/schema-engine-wasm')
    .replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  const instance = new wasm.Instance(new wasm.Module(readFileSync(wasmPath)), {
    './schema_engine_bg.js': runtime,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  // The engine reports Rust panics through this global.
  let panic = '';
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (m: string) => (panic = m),
  };
  // A schema-to-schema diff reads no database, but the engine is built around a driver adapter.
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    }),
  );
  return runtime.SchemaEngine.new(
    { datamodels: [['schema.prisma', datamodel]] },
    () => undefined,
    adapter,
  ).catch((error: unknown) => {
    throw new Error(panic || String(error));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--'));
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run db:diff -- <snake_case_name> [--from=<git rev>]');
  }
  const root = process.cwd();
  const from =
    args.find((a) => a.startsWith('--from='))?.slice('--from='.length) ??
    execFileSync('git', ['log', '-1', '--format=%H', '--', 'prisma/migrations'], { encoding: 'utf8' }).trim();
  const before = execFileSync('git', ['show', `${from}:prisma/schema.prisma`], { encoding: 'utf8' });
  const after = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
  const engine = await loadSchemaEngine(after);
  const result = await engine.diff({
    from: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: before }] },
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: after }] },
    script: true,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  });
  if (
    result.exitCode === 0 ||
    !result.stdout?.trim() ||
    /^-- This is an empty migration/.test(result.stdout)
  ) {
    console.log(`[db:diff] schema.prisma has no changes since ${from.slice(0, 12)}; nothing written`);
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(root, 'prisma/migrations', `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), result.stdout);
  console.log(
    `[db:diff] wrote ${join('prisma/migrations', `${stamp}_${name}`, 'migration.sql')} (from ${from.slice(0, 12)})`,
  );
}

main().catch((error: unknown) => {
  console.error(`[db:diff] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
