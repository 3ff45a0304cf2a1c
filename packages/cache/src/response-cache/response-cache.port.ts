import type { ServiceIdentifier } from 'inversify';

/**
 * Port of the tenant-safe response cache. Every key and tag lives in the namespace of one tenant,
 * so no read can ever see another tenant's entry. Values are JSON-serialisable.
 */
export interface ResponseCache {
  /** The cached value, or `undefined` when absent or expired. */
  get<T = unknown>(tenantId: string, key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds, indexed by `tags` (e.g. `loop:<id>`, `loop`). */
  set(tenantId: string, key: string, value: unknown, ttlMs: number, tags: readonly string[]): Promise<void>;
  /** Removes every entry of the tenant tagged with any of `tags`; returns how many were removed. */
  invalidateTags(tenantId: string, tags: readonly string[]): Promise<number>;
}

/** DI token of the {@link ResponseCache}. */
export const RESPONSE_CACHE: ServiceIdentifier<ResponseCache> = Symbol.for('cache.ResponseCache');
