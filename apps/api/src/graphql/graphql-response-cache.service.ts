import type { ResponseCache } from '@intelgraph/cache';
import { canonicalJson, sha256Hex, type Json } from '@intelgraph/domain';
import type { ApiActor } from '../auth/actor.types.js';
import type { Metrics } from '../metrics/metrics.service.js';

/** How long a GraphQL query result is cached (change events invalidate it sooner). */
export const GRAPHQL_CACHE_TTL_MS = 30_000;

/** A cached operation result and the entity tags it contains. */
export interface CachedResult {
  readonly data: Record<string, unknown>;
  readonly tags: readonly string[];
}

/**
 * Caches whole GraphQL query results per tenant. The key is the operation (query hash + operation
 * name) + variables + the caller's policy scope (subject, roles, clearance, MFA) — never request
 * headers. Entries are tagged with the entities they contain (`loop:<id>`) and, for collection
 * reads, the entity type (`loop`), so a change to one entity drops only what shows it.
 */
export class GraphqlResponseCache {
  constructor(
    private readonly cache: ResponseCache,
    private readonly metrics: Metrics,
  ) {}

  /** The cache key of an operation for `actor`. */
  keyOf(actor: ApiActor, queryHash: string, operationName: string | null | undefined, variables: Json | undefined): string {
    const scope = { subject: actor.subject, roles: [...actor.roles].sort(), clearance: actor.clearance, mfa: actor.mfa };
    return `gql:${sha256Hex(canonicalJson({ q: queryHash, op: operationName ?? null, v: variables ?? {}, scope }))}`;
  }

  async get(tenantId: string, key: string): Promise<CachedResult | undefined> {
    const hit = await this.cache.get<CachedResult>(tenantId, key).catch(() => undefined);
    this.metrics.cacheRequests.inc({ result: hit ? 'hit' : 'miss' });
    return hit;
  }

  async set(tenantId: string, key: string, value: CachedResult): Promise<void> {
    await this.cache.set(tenantId, key, value, GRAPHQL_CACHE_TTL_MS, value.tags).catch(() => undefined);
  }

  /** Drops the tenant's cached results tagged with any of `tags`. */
  async invalidate(tenantId: string, tags: readonly string[]): Promise<void> {
    await this.cache.invalidateTags(tenantId, tags).catch(() => undefined);
  }

  /** Drops what a change to one entity affects: results showing it and collection reads of its type. */
  invalidateEntity(tenantId: string, type: string, id: string | null | undefined): Promise<void> {
    return this.invalidate(tenantId, id ? [type, `${type}:${id}`] : [type]);
  }
}
