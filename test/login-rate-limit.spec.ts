import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createApiApp } from '../apps/api/src/app.factory';
import { http } from './support/stack';

/**
 * The login rate limit of the real API (ThrottlerGuard with its counters in
 * Redis), with a small limit and a Redis key prefix of its own so that the
 * other test files sharing this Redis are not blocked. The environment is read
 * once, when an app is created.
 */

const LIMIT = 3;
const WINDOW_MS = 30_000;
const USERNAME = 'staff.dinkes';
const OVERRIDDEN = ['LOGIN_RATE_LIMIT', 'LOGIN_RATE_WINDOW', 'REDIS_KEY_PREFIX'] as const;

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

  const login = (url: string, password: string) =>
    http(url).post('/auth/login', { username: USERNAME, password });
  const wrongPassword = (url: string) => login(url, 'definitely-not-the-password');
  const rightPassword = (url: string) => login(url, process.env.GOTONG_TEST_PASSWORD!);
  const ourKeys = () => redis.keys(`${prefix}*`);

  async function clearCounters(): Promise<void> {
    const keys = await ourKeys();
    if (keys.length > 0) await redis.del(...keys);
  }

  beforeAll(async () => {
    process.env.LOGIN_RATE_LIMIT = String(LIMIT);
    process.env.LOGIN_RATE_WINDOW = '30s';
    process.env.REDIS_KEY_PREFIX = prefix;
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
    const retryAfter = Number(blocked.headers.get('retry-after-login'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);

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
      const health = await http(baseUrl).get('/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('ok');
      expect(health.headers.get('x-ratelimit-remaining-login')).toBeNull();
      const me = await http(baseUrl, token).get('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(USERNAME);
    }

    // Only the one login above was counted.
    const second = await rightPassword(baseUrl);
    expect(second.status).toBe(200);
    expect(second.headers.get('x-ratelimit-remaining-login')).toBe(String(LIMIT - 2));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
