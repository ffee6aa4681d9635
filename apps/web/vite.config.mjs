// The browser app's build. Plain JavaScript on purpose: a TypeScript config would pull Node's types into
// the browser project (apps/web/tsconfig.json), letting Node-only globals slip into app code unnoticed.
//
// Built from the repository root with `npx vite build apps/web` (scripts/lib.sh ensure_web_build) into
// dist/web, which the API serves under /app (apps/api/src/app.factory.ts). For development,
// `npx vite apps/web` serves it with hot reload and forwards API calls to the API of `npm start`.
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';

// The `@gotong/…` aliases (libs/domain's rules the app shares with the API), from tsconfig.json.
const { aliasDirectories } = createRequire(import.meta.url)('../../scripts/path-aliases.js');

const API = 'http://127.0.0.1:3000';
const API_PREFIXES = [
  '/auth',
  '/inbox',
  '/tasks',
  '/projects',
  '/templates',
  '/agencies',
  '/notifications',
  '/escalations',
  '/scorecards',
  '/data',
  '/me',
  '/incidents',
  '/calendar',
  '/admin',
  '/acting-appointments',
  '/areas',
  '/public',
];

export default defineConfig({
  base: '/app/',
  resolve: { alias: aliasDirectories() },
  // The automatic JSX runtime through Vite's built-in Oxc transformer: no Babel plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // React, the router, React Query, react-hook-form and i18next together are ~530 kB (~165 kB gzip);
    // recharts is split off with the scorecards page. Warn only beyond that.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Libraries mark modules "use client" for React Server Components; a client-only SPA ignores it.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: API }])),
  },
});
