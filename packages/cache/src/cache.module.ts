import { ContainerModule } from 'inversify';
import { Redis, Cluster } from 'ioredis';
import { FlexibleRateLimiter } from './rate-limit/flexible-rate-limiter.js';
import { RATE_LIMITER, type RateLimitBudgets, type RateLimiter } from './rate-limit/rate-limiter.port.js';
import { MemoryResponseCache } from './response-cache/memory-response-cache.js';
import { RedisResponseCache } from './response-cache/redis-response-cache.js';
import { RESPONSE_CACHE, type ResponseCache } from './response-cache/response-cache.port.js';

/** Options of {@link createCache}. */
export interface CacheOptions {
  /** `redis://...` (standalone) or `redis-cluster://host:port,host:port` (cluster seeds); unset: in memory. */
  readonly redisUrl?: string | undefined;
  /** Rate-limit budgets by route group. */
  readonly budgets?: Partial<RateLimitBudgets> | undefined;
  /** Bound of the in-memory response cache. */
  readonly maxEntries?: number | undefined;
}

/** What {@link createCache} builds. `close()` quits the Redis connection it opened. */
export interface CacheBindings {
  readonly responseCache: ResponseCache;
  readonly rateLimiter: RateLimiter;
  /** The Redis client, when one is used (for readiness pings). */
  readonly redis: Redis | Cluster | undefined;
  close(): Promise<void>;
}

/** Opens a Redis or Redis Cluster client from a URL. */
export function connectRedis(url: string): Redis | Cluster {
  if (url.startsWith('redis-cluster://')) {
    const seeds = url
      .slice('redis-cluster://'.length)
      .split(',')
      .filter(Boolean)
      .map((hp) => {
        const [host = '127.0.0.1', port = '6379'] = hp.split(':');
        return { host, port: Number(port) };
      });
    return new Cluster(seeds);
  }
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
}

/** Builds the response cache and the rate limiter: on Redis when `redisUrl` is set, in memory otherwise. */
export function createCache(options: CacheOptions = {}): CacheBindings {
  const redis = options.redisUrl ? connectRedis(options.redisUrl) : undefined;
  const responseCache = redis ? new RedisResponseCache(redis) : new MemoryResponseCache(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries });
  const rateLimiter = new FlexibleRateLimiter({ redis, budgets: options.budgets });
  return {
    responseCache,
    rateLimiter,
    redis,
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}

/** Inversify module binding {@link RESPONSE_CACHE} and {@link RATE_LIMITER} from {@link createCache}. */
export function cacheModule(bindings: CacheBindings): ContainerModule {
  return new ContainerModule((load) => {
    load.bind(RESPONSE_CACHE).toConstantValue(bindings.responseCache);
    load.bind(RATE_LIMITER).toConstantValue(bindings.rateLimiter);
  });
}
