import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules', tool), ...args],
      { cwd: ROOT, timeout: 300_000 },
      (error, stdout, stderr) =>
        error ? fail(new Error(`${tool} ${args.join(' ')}:\n${stdout}${stderr}`)) : done(),
    );
  });
}

/**
 * Compiles entry points (paths from the repository root, e.g. `scripts/bootstrap.ts`) and what they import
 * into a new directory of the calling test's own, as scripts/run-ts.sh and the Dockerfile compile everything:
 * tsc with the build config, then tsc-alias for the `@gotong/*` imports. The compiled files sit under
 * `<dir>/dist/` at their repository paths (`dist/scripts/bootstrap.js`) and find the project's packages
 * through a `node_modules` link, as dist/ does. Returns the directory; the caller removes it.
 */
export async function compileEntryPoints(label: string, entries: string[]): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), `gotong-${label}-`));
  const { paths } = (
    JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> };
    }
  ).compilerOptions;
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: {
        rootDir: ROOT,
        outDir: 'dist', // relative: tsc-alias joins it to this file's folder
        tsBuildInfoFile: join(work, '.tsbuildinfo'),
        typeRoots: [join(ROOT, 'node_modules/@types')],
        paths: Object.fromEntries(
          Object.entries(paths).map(([alias, targets]) => [alias, targets.map((t) => join(ROOT, t))]),
        ),
      },
      files: entries.map((entry) => join(ROOT, entry)),
      include: [],
    }),
  );
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  await runTool('typescript/bin/tsc', ['-p', join(work, 'tsconfig.json')]);
  await runTool('tsc-alias/dist/bin/index.js', ['-p', join(work, 'tsconfig.json')]);
  return work;
}
