import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApiApp, webDistDir } from '../../apps/api/src/app.factory';
import { startStack, type Stack } from '../support/stack';
import { assertWebAppBuilt } from './browser';

/** How the API serves the built web app: under /app, with SPA fallback, caching and its CSP. */
describe('the API serves the web app', () => {
  let stack: Stack;
  const get = (path: string, init?: RequestInit) =>
    fetch(`${stack.baseUrl}${path}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    assertWebAppBuilt();
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends / to the app', async () => {
    const res = await get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/');
  });

  it("answers the app's routes with index.html, uncached, so that a reload works", async () => {
    const index = readFileSync(join(webDistDir(), 'index.html'), 'utf8');
    for (const path of [
      '/app/',
      '/app/tasks/0b6c3d1e-5f1e-4a55-9d7a-2a9e7f8e0c11',
      '/app/leadership/scorecards',
    ]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(index);
    }
  });

  it('serves hashed assets for a year, and a missing file as 404 rather than the page', async () => {
    const index = readFileSync(join(webDistDir(), 'index.html'), 'utf8');
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const res = await get(script!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/app/assets/gone-1234.js')).status).toBe(404);
  });

  it("leaves the API's own routes alone", async () => {
    expect((await get('/health')).status).toBe(200);
    expect((await get('/tasks')).status).toBe(404);
    expect((await get('/inbox')).status).toBe(401);
    expect((await get('/app/', { method: 'POST' })).status).toBe(404);
  });

  it("allows the app's own scripts, styles and API calls, and nothing is upgraded to https", async () => {
    const csp = (await get('/app/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/style-src 'self'/);
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('still starts without a build, and /app says how to build it', async () => {
    const before = process.env.WEB_DIST;
    process.env.WEB_DIST = join(webDistDir(), 'not-built-here');
    let app: INestApplication | undefined;
    try {
      app = await createApiApp();
      app.useLogger(['error']);
      await app.listen(0, '127.0.0.1');
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const res = await fetch(`${url}/app/tasks`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('npx vite build apps/web');
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await app?.close();
      if (before === undefined) delete process.env.WEB_DIST;
      else process.env.WEB_DIST = before;
    }
  });
});
