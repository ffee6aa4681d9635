/**
 * One Jest config for everything. Unit tests sit next to the code
 * (`*.spec.ts`); integration and end-to-end tests live in test/ and use the
 * real Temporal dev server, PostgreSQL and Redis prepared by the global setup.
 * Run through `npm run jest -- <file>` (Node 24 with --experimental-vm-modules,
 * needed to load the ESM-only NestJS 12 from CommonJS tests).
 * @type {import('jest').Config}
 */
const { jestModuleNameMapper } = require('./scripts/path-aliases');

module.exports = {
  testEnvironment: 'node',
  moduleNameMapper: jestModuleNameMapper(),
  // Includes the web app's pure modules (apps/web/src/**/*.spec.ts, no React, node environment) and the
  // browser tests (test/web/*.e2e.spec.ts, Chromium through playwright-core).
  testMatch: ['<rootDir>/{apps,libs,workflows,activities,prisma,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  setupFiles: ['<rootDir>/test/setup/temporal-logger.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // A worker that holds more than this after a test file is replaced before the next one. Modules loaded
  // through --experimental-vm-modules are never freed, so a worker that ran seventy files reached Node's 4 GB
  // heap and died in the replay test (which loads the workflow bundle again) in a full run.
  workerIdleMemoryLimit: '1GB',
};
