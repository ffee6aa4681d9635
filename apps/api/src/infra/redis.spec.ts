import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { dropDatabase } from '@gotong/database/migrator';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import { isolateTestFile } from '../../../../test/support/database';
import { LoginAttempts } from '../auth/login-attempts';
import { RedisThrottlerStorage } from './redis';

/**
 * The login limit while Redis is down: a client configured as the API's (no offline queue, one retry) on a
 * port where nothing listens fails every command at once, and the limit must still be counted, in the real
 * PostgreSQL (this file's own database) that every API replica shares.
 */
describe('RedisThrottlerStorage without Redis', () => {
  let redis: Redis;
  let db: Database;
  let databaseUrl: string;
  let keys = 0;
  /** A bucket no other test counts in. */
  const freshKey = (label: string) => `${label}-${++keys}|127.0.0.1`;
  const row = (key: string, throttlerName = 'login') =>
    db.rateLimitBucket.findUnique({ where: { key: `throttle:${throttlerName}:${key}` } });

  beforeAll(async () => {
    ({ databaseUrl } = await isolateTestFile('ratelimit'));
    db = createPrismaClient(databaseUrl);
    redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // No reconnecting: every command fails at once all the same, and the client ends cleanly (disconnecting
      // one that is between reconnect attempts leaves ioredis's 2 s disconnect timer holding the Jest worker).
      retryStrategy: () => null,
    });
  });

  afterAll(async () => {
    if (redis.status !== 'end') redis.disconnect();
    await db.$disconnect();
    await dropDatabase(databaseUrl);
  });

  it('still blocks a burst of wrong passwords, counting in PostgreSQL', async () => {
    const storage = new RedisThrottlerStorage(redis, db);
    const key = freshKey('staff.dinkes');
    const limit = 3;
    const records = [];
    for (let attempt = 1; attempt <= limit + 2; attempt++) {
      records.push(await storage.increment(key, 30_000, limit, 30_000, 'login'));
    }
    expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, false, true, true]);
    for (const r of records) {
      expect(r.timeToExpire).toBeGreaterThan(0);
      expect(r.timeToExpire).toBeLessThanOrEqual(30);
    }
    expect(records[3]!.timeToBlockExpire).toBeGreaterThan(0);
    expect(records[3]!.timeToBlockExpire).toBeLessThanOrEqual(30);
    // The block is not extended by the attempts made while it holds.
    expect(records[4]!.timeToBlockExpire).toBeLessThanOrEqual(records[3]!.timeToBlockExpire);
    expect(await row(key)).toMatchObject({ hits: 5 });
  });

  it('holds the limit in total across two replicas sharing PostgreSQL, not the limit on each', async () => {
    const replicas = [new RedisThrottlerStorage(redis, db), new RedisThrottlerStorage(redis, db)];
    const key = freshKey('bupati');
    const limit = 4;
    const records = [];
    // A guesser spreading attempts over the replicas, as a load balancer does.
    for (let attempt = 0; attempt < limit + 2; attempt++) {
      records.push(await replicas[attempt % 2]!.increment(key, 30_000, limit, 30_000, 'login'));
    }
    expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, false, false, true, true]);

    // Simultaneous attempts on both replicas are each counted once: none is lost to a race.
    const burstKey = freshKey('burst');
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.increment(burstKey, 30_000, 5, 30_000, 'login')),
    );
    expect(burst.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(burst.filter((r) => r.isBlocked)).toHaveLength(5);
  });

  it('counts each user and address, and each throttler, on its own', async () => {
    const storage = new RedisThrottlerStorage(redis, db);
    const a = freshKey('a');
    await storage.increment(a, 30_000, 1, 30_000, 'login');
    const blocked = await storage.increment(a, 30_000, 1, 30_000, 'login');
    const other = await storage.increment(freshKey('b'), 30_000, 1, 30_000, 'login');
    const otherThrottler = await storage.increment(a, 30_000, 1, 30_000, 'public');
    expect(blocked.isBlocked).toBe(true);
    expect(other).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(otherThrottler).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets the failures once a login succeeds: LoginAttempts clears the PostgreSQL bucket', async () => {
    const replicas = [new RedisThrottlerStorage(redis, db), new RedisThrottlerStorage(redis, db)];
    const key = freshKey('sekda');
    await replicas[0]!.increment(key, 30_000, 3, 30_000, 'login');
    await replicas[1]!.increment(key, 30_000, 3, 30_000, 'login');

    // The login succeeded on the first replica; Redis being down is only logged.
    await new LoginAttempts(redis, db).clear(key);
    expect(await row(key)).toBeNull();

    // The full budget again, on either replica.
    const next = await replicas[1]!.increment(key, 30_000, 3, 30_000, 'login');
    expect(next).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a new window once the old one has ended, and lifts a block when it ends', async () => {
    const storage = new RedisThrottlerStorage(redis, db);
    const key = freshKey('camat');
    expect(await storage.increment(key, 1_000, 2, 1_000, 'login')).toMatchObject({ totalHits: 1 });
    expect(await storage.increment(key, 1_000, 2, 1_000, 'login')).toMatchObject({
      totalHits: 2,
      isBlocked: false,
      timeToExpire: 1,
    });
    await sleep(1_200);
    expect(await storage.increment(key, 1_000, 2, 1_000, 'login')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });

    // Blocked for 3 s once past the limit of 1 in a 1 s window.
    const blockedKey = freshKey('lurah');
    await storage.increment(blockedKey, 1_000, 1, 3_000, 'login');
    const blocked = await storage.increment(blockedKey, 1_000, 1, 3_000, 'login');
    expect(blocked).toMatchObject({ totalHits: 2, isBlocked: true, timeToBlockExpire: 3 });
    // The window has ended but the block has not: a new window, still refused.
    await sleep(1_200);
    expect(await storage.increment(blockedKey, 1_000, 1, 3_000, 'login')).toMatchObject({
      totalHits: 1,
      isBlocked: true,
    });
    // Block and window both over: let through, counted from 1 again.
    await sleep(2_000);
    expect(await storage.increment(blockedKey, 1_000, 1, 3_000, 'login')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('deletes buckets whose window and block have both ended, keeping live ones', async () => {
    const ended = freshKey('ended');
    const stillBlocked = freshKey('still-blocked');
    const live = freshKey('live');
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 60_000);
    await db.rateLimitBucket.createMany({
      data: [
        { key: `throttle:login:${ended}`, hits: 9, windowEnds: past, blockedUntil: past },
        { key: `throttle:login:${stillBlocked}`, hits: 9, windowEnds: past, blockedUntil: future },
        { key: `throttle:login:${live}`, hits: 1, windowEnds: future },
      ],
    });

    // Any replica counting in PostgreSQL sweeps (at most once a minute each).
    await new RedisThrottlerStorage(redis, db).increment(freshKey('sweeper'), 30_000, 3, 30_000, 'login');
    expect(await row(ended)).toBeNull();
    expect(await row(stillBlocked)).toMatchObject({ hits: 9 });
    expect(await row(live)).toMatchObject({ hits: 1 });
  });

  it('counts in memory, per replica, when PostgreSQL is unreachable too', async () => {
    const noDatabase = createPrismaClient('postgresql://postgres@127.0.0.1:1/gotong');
    try {
      const storage = new RedisThrottlerStorage(redis, noDatabase);
      const records = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        records.push(await storage.increment('staff.dinkes|127.0.0.1', 30_000, 2, 30_000, 'login'));
      }
      expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3]);
      expect(records.map((r) => r.isBlocked)).toEqual([false, false, true]);
      // Clearing with both down is only logged: the login has succeeded already.
      await expect(
        new LoginAttempts(redis, noDatabase).clear('staff.dinkes|127.0.0.1'),
      ).resolves.toBeUndefined();
      storage.onApplicationShutdown();
    } finally {
      await noDatabase.$disconnect();
    }
  });
});
