import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createApiApp } from '../apps/api/src/app.factory';
import { http } from './support/stack';

/**
 * The login rate limit of the real API (LoginThrottlerGuard with its counters
 * in Redis), with a small limit and a Redis key prefix of its own so that the
 * other test files sharing this Redis are not blocked. The environment is read
 * once, when an app is created. Failed logins are counted per username and
 * client address; a successful login clears its bucket; the client address
 * comes from X-Forwarded-For only when the request comes from TRUSTED_PROXIES
 * (here the default, loopback, unless a test says otherwise).
 */

const LIMIT = 3;
const WINDOW_MS = 30_000;
const USERNAME = 'staff.dinkes';
/** A colleague in the same office, behind the same address. */
const COLLEAGUE = 'kepala.dinkes';
const OVERRIDDEN = ['LOGIN_RATE_LIMIT', 'LOGIN_RATE_WINDOW', 'REDIS_KEY_PREFIX', 'TRUSTED_PROXIES'] as const;

describe('login rate limit (real API and Redis)', () => {
  const saved = Object.fromEntries(OVERRIDDEN.map((key) => [key, process.env[key]]));
  const prefix = `${process.env.REDIS_KEY_PREFIX ?? 'gotong-test:'}ratelimit-${randomBytes(4).toString('hex')}:`;
  const apps: INestApplication[] = [];
  let redis: Redis;
  let baseUrl: string;

  /** An API instance on a free port, configured from the current process.env. */
  async function startApi(): Promise<string> {
    const app = await createApiApp();
    app.useLogger(['error', 'warn']);
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  const login = (url: string, password: string, username = USERNAME, forwardedFor?: string) =>
    fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      body: JSON.stringify({ username, password }),
    }).then(async (res) => ({ status: res.status, headers: res.headers, body: (await res.json()) as any }));
  const wrongPassword = (url: string, username = USERNAME, forwardedFor?: string) =>
    login(url, 'definitely-not-the-password', username, forwardedFor);
  const rightPassword = (url: string, username = USERNAME, forwardedFor?: string) =>
    login(url, process.env.GOTONG_TEST_PASSWORD!, username, forwardedFor);
  const ourKeys = () => redis.keys(`${prefix}*`);

  async function clearCounters(): Promise<void> {
    const keys = await ourKeys();
    if (keys.length > 0) await redis.del(...keys);
  }

  beforeAll(async () => {
    process.env.LOGIN_RATE_LIMIT = String(LIMIT);
    process.env.LOGIN_RATE_WINDOW = '30s';
    process.env.REDIS_KEY_PREFIX = prefix;
    delete process.env.TRUSTED_PROXIES;
    redis = new Redis(process.env.REDIS_URL!);
    baseUrl = await startApi();
  });

  beforeEach(clearCounters);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    if (redis) {
      await clearCounters();
      await redis.quit();
    }
    for (const key of OVERRIDDEN) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it(`answers 401 to ${LIMIT} wrong passwords, then 429 to every attempt, the right password included`, async () => {
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      const res = await wrongPassword(baseUrl);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('wrong username or password');
      // Clients can see how many attempts are left.
      expect(res.headers.get('x-ratelimit-limit-login')).toBe(String(LIMIT));
      expect(res.headers.get('x-ratelimit-remaining-login')).toBe(String(LIMIT - attempt));
    }

    const blocked = await wrongPassword(baseUrl);
    expect(blocked.status).toBe(429);
    // The standard header (seconds), and the throttler's own per-limit one.
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(Number(blocked.headers.get('retry-after-login'))).toBe(retryAfter);

    const right = await rightPassword(baseUrl);
    expect(right.status).toBe(429);
    expect(right.body.accessToken).toBeUndefined();
  });

  it('keeps the counters in Redis under the configured key prefix, expiring with the window', async () => {
    await wrongPassword(baseUrl);
    await wrongPassword(baseUrl);

    const keys = await ourKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${escapeRegExp(prefix)}throttle:login:[0-9a-f]+:hits$`));
    expect(await redis.get(keys[0]!)).toBe('2');
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);

    // Going over the limit adds a block key, which also expires on its own.
    await wrongPassword(baseUrl);
    expect((await wrongPassword(baseUrl)).status).toBe(429);
    const blockKey = (await ourKeys()).find((key) => key.endsWith(':blocked'));
    expect(blockKey).toBeDefined();
    const blockTtl = await redis.pttl(blockKey!);
    expect(blockTtl).toBeGreaterThan(0);
    expect(blockTtl).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('holds across API replicas sharing Redis, and lifts when an operator deletes the keys', async () => {
    for (let attempt = 1; attempt <= LIMIT; attempt++)
      expect((await wrongPassword(baseUrl)).status).toBe(401);
    expect((await wrongPassword(baseUrl)).status).toBe(429);

    // A second API instance (another replica) reads the same counters.
    const replica = await startApi();
    expect((await rightPassword(replica)).status).toBe(429);

    await clearCounters();
    const res = await rightPassword(replica);
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe(USERNAME);
  });

  it('does not limit other routes, nor count them against the login budget', async () => {
    const first = await rightPassword(baseUrl);
    expect(first.status).toBe(200);
    const token = first.body.accessToken as string;

    for (let i = 0; i < LIMIT * 3; i++) {
      // A public route other than login (not /health: its readiness probes may answer 503 on a loaded machine).
      const open = await http(baseUrl).get('/data/indicators');
      expect(open.status).toBe(200);
      expect(open.headers.get('x-ratelimit-remaining-login')).toBeNull();
      const me = await http(baseUrl, token).get('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(USERNAME);
    }

    // Only logins are counted, and a successful one clears its own count again.
    const second = await rightPassword(baseUrl);
    expect(second.status).toBe(200);
    expect(second.headers.get('x-ratelimit-remaining-login')).toBe(String(LIMIT - 1));
    expect(await ourKeys()).toEqual([]);
  });

  it('counts per username and address: twelve failures for one user do not block a colleague at the same address', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) statuses.push((await wrongPassword(baseUrl)).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), ...Array<number>(12 - LIMIT).fill(429)]);

    const blocked = await rightPassword(baseUrl);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    // The colleague's own bucket is untouched: full budget, and the right password works.
    const colleague = await rightPassword(baseUrl, COLLEAGUE);
    expect(colleague.status).toBe(200);
    expect(colleague.body.user.username).toBe(COLLEAGUE);
    expect(colleague.headers.get('x-ratelimit-remaining-login')).toBe(String(LIMIT - 1));
    expect((await wrongPassword(baseUrl, COLLEAGUE)).status).toBe(401);
    // The username is matched as login matches it (trimmed, lower case): no fresh bucket by changing case.
    expect((await wrongPassword(baseUrl, ' STAFF.Dinkes ')).status).toBe(429);
  });

  it('counts only failures: a successful login resets the count for that username and address', async () => {
    for (let attempt = 1; attempt < LIMIT; attempt++) expect((await wrongPassword(baseUrl)).status).toBe(401);
    expect((await rightPassword(baseUrl)).status).toBe(200);

    // The full budget again: LIMIT more failures before the block, not one.
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      const res = await wrongPassword(baseUrl);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-ratelimit-remaining-login')).toBe(String(LIMIT - attempt));
    }
    expect((await wrongPassword(baseUrl)).status).toBe(429);
  });

  it('takes the client address from X-Forwarded-For when the request comes from a trusted proxy (loopback by default)', async () => {
    // Two PCs of one office behind the regency's reverse proxy on this host.
    for (let attempt = 1; attempt <= LIMIT; attempt++)
      expect((await wrongPassword(baseUrl, USERNAME, '10.20.1.11')).status).toBe(401);
    expect((await wrongPassword(baseUrl, USERNAME, '10.20.1.11')).status).toBe(429);

    expect((await rightPassword(baseUrl, USERNAME, '10.20.1.12')).status).toBe(200);
    // Only the address nearest the trusted proxy counts: a client cannot pick a fresh one by prepending.
    expect((await wrongPassword(baseUrl, USERNAME, '192.0.2.99, 10.20.1.11')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    process.env.TRUSTED_PROXIES = '192.0.2.1, 10.0.0.0/8';
    const untrusting = await startApi();
    delete process.env.TRUSTED_PROXIES;

    for (let attempt = 1; attempt <= LIMIT; attempt++)
      expect((await wrongPassword(untrusting, USERNAME, `10.20.1.${attempt}`)).status).toBe(401);
    // Every request came from 127.0.0.1, whatever the header claims: one bucket, now blocked.
    const blocked = await rightPassword(untrusting, USERNAME, '10.20.1.200');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await rightPassword(untrusting)).status).toBe(429);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
