/**
 * Runs against the real Redis at REDIS_URL (CI sets it). Without it, the adapters cannot be
 * exercised, so only the selection of the in-memory fallback is checked; nothing is skipped.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createCache, FlexibleRateLimiter, MemoryResponseCache, RedisResponseCache } from '../src/index.js';

const url = process.env['REDIS_URL'];

describe(createCache.name, () => {
  it(url ? 'uses Redis when REDIS_URL is set' : 'falls back to memory without REDIS_URL', async () => {
    const sut = createCache(url ? { redisUrl: url } : {});
    try {
      expect(sut.responseCache).toBeInstanceOf(url ? RedisResponseCache : MemoryResponseCache);
      expect(sut.redis === undefined).toBe(!url);
    } finally {
      await sut.close();
    }
  });
});

/** Declared only where a Redis server is configured. */
const describeRedis = (name: string, body: () => void): void => {
  if (url) describe(name, body);
};

describeRedis('Redis adapters', () => {
  let redis: Redis;
  let redis2: Redis;
  beforeAll(() => {
    redis = new Redis(url ?? '');
    redis2 = new Redis(url ?? '');
  });
  afterAll(async () => {
    await redis.quit();
    await redis2.quit();
  });

  describe(RedisResponseCache.name, () => {
    it('expires entries after their ttl', async () => {
      const sut = new RedisResponseCache(redis);
      const tenant = randomUUID();
      await sut.set(tenant, 'k', { a: 1 }, 150, ['loop']);
      await expect(sut.get(tenant, 'k')).resolves.toEqual({ a: 1 });
      await new Promise((r) => setTimeout(r, 250));
      await expect(sut.get(tenant, 'k')).resolves.toBeUndefined();
    });

    it('invalidates by tag within the tenant only, and keys carry the tenant hash tag', async () => {
      const sut = new RedisResponseCache(redis);
      const [t1, t2] = [randomUUID(), randomUUID()];
      await sut.set(t1, 'a', 1, 10_000, ['loop:1', 'loop']);
      await sut.set(t1, 'b', 2, 10_000, ['task']);
      await sut.set(t2, 'a', 3, 10_000, ['loop']);
      expect(await redis.keys(`rc:{${t1}}:*`)).toHaveLength(5);
      await expect(sut.invalidateTags(t1, ['loop'])).resolves.toBe(1);
      await expect(sut.get(t1, 'a')).resolves.toBeUndefined();
      await expect(sut.get(t1, 'b')).resolves.toBe(2);
      await expect(sut.get(t2, 'a')).resolves.toBe(3);
    });
  });

  describe(FlexibleRateLimiter.name, () => {
    it('shares one budget between two limiter instances (two replicas)', async () => {
      const budgets = { default: { points: 3, durationSec: 60 } };
      const prefix = `rl-test-${randomUUID()}`;
      const replicaA = new FlexibleRateLimiter({ redis, budgets, prefix });
      const replicaB = new FlexibleRateLimiter({ redis: redis2, budgets, prefix });
      const tenant = randomUUID();
      expect((await replicaA.consume('default', tenant, 'alice')).allowed).toBe(true);
      expect((await replicaB.consume('default', tenant, 'alice')).allowed).toBe(true);
      expect((await replicaA.consume('default', tenant, 'alice')).remaining).toBe(0);
      const refused = await replicaB.consume('default', tenant, 'alice');
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(await redis.exists(`${prefix}:default:{${tenant}}:alice`)).toBe(1);
    });

    it('falls back to the in-memory insurance limiter when Redis is down', async () => {
      const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
      const sut = new FlexibleRateLimiter({ redis: dead, budgets: { default: { points: 1, durationSec: 60 } } });
      expect((await sut.consume('default', 't', 'a')).allowed).toBe(true);
      expect((await sut.consume('default', 't', 'a')).allowed).toBe(false);
      dead.disconnect();
    });
  });
});
