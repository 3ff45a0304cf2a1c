import type { Redis, Cluster } from 'ioredis';
import { tenantKey } from './cache-key.util.js';
import type { ResponseCache } from './response-cache.port.js';

// KEYS[1] = entry, KEYS[2..] = tag sets; ARGV[1] = value, ARGV[2] = ttl ms. The tag sets live at
// least as long as the longest entry they index, so an invalidation never misses a live entry.
const SET_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
return 1`;

// KEYS = tag sets of one tenant; deletes every member entry and the sets.
const INVALIDATE_SCRIPT = `
local n = 0
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for _, k in ipairs(members) do n = n + redis.call('DEL', k) end
  redis.call('DEL', KEYS[i])
end
return n`;

/** Options of {@link RedisResponseCache}. */
export interface RedisResponseCacheOptions {
  /** Key prefix (default `rc`). */
  readonly prefix?: string;
}

/**
 * {@link ResponseCache} on Redis or Redis Cluster, shared by every replica. Entries expire with
 * `PX`; each tag is a set of entry keys. Keys are `<prefix>:{<tenant>}:...` so a tenant's entries
 * and tag sets share a cluster slot and the scripts run atomically.
 */
export class RedisResponseCache implements ResponseCache {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis | Cluster,
    options: RedisResponseCacheOptions = {},
  ) {
    this.prefix = options.prefix ?? 'rc';
  }

  async get<T = unknown>(tenantId: string, key: string): Promise<T | undefined> {
    const raw = await this.redis.get(tenantKey(this.prefix, tenantId, 'k', key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(tenantId: string, key: string, value: unknown, ttlMs: number, tags: readonly string[]): Promise<void> {
    const keys = [tenantKey(this.prefix, tenantId, 'k', key), ...tags.map((t) => tenantKey(this.prefix, tenantId, 't', t))];
    await this.redis.eval(SET_SCRIPT, keys.length, ...keys, JSON.stringify(value), String(Math.max(1, Math.ceil(ttlMs))));
  }

  async invalidateTags(tenantId: string, tags: readonly string[]): Promise<number> {
    if (tags.length === 0) return 0;
    const keys = tags.map((t) => tenantKey(this.prefix, tenantId, 't', t));
    return Number(await this.redis.eval(INVALIDATE_SCRIPT, keys.length, ...keys));
  }
}
