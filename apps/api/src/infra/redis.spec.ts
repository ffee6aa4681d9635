import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from './redis';

/**
 * The login limit while Redis is down: a client configured as the API's (no offline queue, one retry) on a
 * port where nothing listens fails every command at once, and the limit must still be counted.
 */
describe('RedisThrottlerStorage without Redis', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
  });

  afterAll(() => redis.disconnect());

  it('still blocks a burst of wrong passwords, counting in memory', async () => {
    const storage = new RedisThrottlerStorage(redis);
    const limit = 3;
    const records = [];
    for (let attempt = 1; attempt <= limit + 2; attempt++) {
      records.push(await storage.increment('staff.dinkes|127.0.0.1', 30_000, limit, 30_000, 'login'));
    }
    expect(records.slice(0, limit).map((r) => r.totalHits)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.isBlocked)).toEqual([false, false, false, true, true]);
    expect(records[3]!.timeToBlockExpire).toBeGreaterThan(0);
    expect(records[3]!.timeToBlockExpire).toBeLessThanOrEqual(30);
  });

  it('counts each user and address on its own', async () => {
    const storage = new RedisThrottlerStorage(redis);
    await storage.increment('a|127.0.0.1', 30_000, 1, 30_000, 'login');
    const blocked = await storage.increment('a|127.0.0.1', 30_000, 1, 30_000, 'login');
    const other = await storage.increment('b|127.0.0.1', 30_000, 1, 30_000, 'login');
    expect(blocked.isBlocked).toBe(true);
    expect(other).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
