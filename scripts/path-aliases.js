// The `@gotong/…` import aliases, read from tsconfig.json's `paths` (their one definition) for the tools
// that do not read tsconfig.json themselves: Jest, the Temporal workflow bundler (webpack) and Vite.
// Compiled output (dist/) gets relative paths from tsc-alias after tsc. See docs/architecture.md.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions;

/** `@gotong/domain` → `<root>/libs/domain/src` (exact names only; their subpaths follow by prefix). */
function aliasDirectories() {
  const aliases = {};
  for (const [name, [target]] of Object.entries(paths)) {
    if (!name.endsWith('/*')) continue;
    aliases[name.slice(0, -2)] = join(root, target.slice(0, -2));
  }
  return aliases;
}

/** Jest's moduleNameMapper for the same aliases. */
function jestModuleNameMapper() {
  const mapper = {};
  for (const [name, [target]] of Object.entries(paths)) {
    const pattern = name.endsWith('/*') ? `^${name.slice(0, -2)}/(.*)$` : `^${name}$`;
    mapper[pattern] = join('<rootDir>', target.replace('*', '$1'));
  }
  return mapper;
}

module.exports = { aliasDirectories, jestModuleNameMapper };
