import type { ResponseCache } from './response-cache.port.js';

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
  readonly tags: readonly string[];
}

/** Options of {@link MemoryResponseCache}. */
export interface MemoryResponseCacheOptions {
  /** Most entries kept (all tenants); the least recently used go first. Default 10,000. */
  readonly maxEntries?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** In-process {@link ResponseCache} with TTL and a bounded, least-recently-used size. One replica only. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tagIndex = new Map<string, Set<string>>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryResponseCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Number of live entries (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  get<T = unknown>(tenantId: string, key: string): Promise<T | undefined> {
    const k = entryKey(tenantId, key);
    const entry = this.entries.get(k);
    if (!entry) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.remove(k);
      return Promise.resolve(undefined);
    }
    // Re-insert to mark as recently used.
    this.entries.delete(k);
    this.entries.set(k, entry);
    return Promise.resolve(JSON.parse(entry.value) as T);
  }

  set(tenantId: string, key: string, value: unknown, ttlMs: number, tags: readonly string[]): Promise<void> {
    const k = entryKey(tenantId, key);
    this.remove(k);
    const scopedTags = tags.map((t) => entryKey(tenantId, t));
    this.entries.set(k, { value: JSON.stringify(value), expiresAt: this.now() + ttlMs, tags: scopedTags });
    for (const t of scopedTags) {
      let set = this.tagIndex.get(t);
      if (!set) this.tagIndex.set(t, (set = new Set()));
      set.add(k);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    return Promise.resolve();
  }

  invalidateTags(tenantId: string, tags: readonly string[]): Promise<number> {
    let removed = 0;
    for (const tag of tags) {
      const t = entryKey(tenantId, tag);
      const keys = this.tagIndex.get(t);
      if (!keys) continue;
      for (const k of [...keys]) if (this.remove(k)) removed += 1;
      this.tagIndex.delete(t);
    }
    return Promise.resolve(removed);
  }

  private remove(k: string): boolean {
    const entry = this.entries.get(k);
    if (!entry) return false;
    this.entries.delete(k);
    for (const t of entry.tags) {
      const set = this.tagIndex.get(t);
      set?.delete(k);
      if (set && set.size === 0) this.tagIndex.delete(t);
    }
    return true;
  }
}

function entryKey(tenantId: string, name: string): string {
  if (!tenantId) throw new Error('cache key needs a tenant');
  return `${tenantId}\u0000${name}`;
}
