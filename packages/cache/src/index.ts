// Ports and tokens
export { RESPONSE_CACHE } from './response-cache/response-cache.port.js';
export type { ResponseCache } from './response-cache/response-cache.port.js';
export { RATE_LIMITER, DEFAULT_RATE_LIMIT_BUDGETS } from './rate-limit/rate-limiter.port.js';
export type { RateLimiter, RateLimitBudget, RateLimitBudgets, RateLimitResult } from './rate-limit/rate-limiter.port.js';

// Adapters
export { MemoryResponseCache } from './response-cache/memory-response-cache.js';
export type { MemoryResponseCacheOptions } from './response-cache/memory-response-cache.js';
export { RedisResponseCache } from './response-cache/redis-response-cache.js';
export type { RedisResponseCacheOptions } from './response-cache/redis-response-cache.js';
export { tenantKey } from './response-cache/cache-key.util.js';
export { FlexibleRateLimiter } from './rate-limit/flexible-rate-limiter.js';
export type { FlexibleRateLimiterOptions } from './rate-limit/flexible-rate-limiter.js';

// Composition
export { cacheModule, connectRedis, createCache } from './cache.module.js';
export type { CacheBindings, CacheOptions } from './cache.module.js';
