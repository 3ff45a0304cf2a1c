import type { ResponseCache } from '@intelgraph/cache';
import { canonicalJson, sha256Hex, type Json } from '@intelgraph/domain';
import type { ApiActor } from '../auth/actor.types.js';
import type { Metrics } from '../metrics/metrics.service.js';

/** How long a GraphQL query result is cached (change events invalidate it sooner). */
export const GRAPHQL_CACHE_TTL_MS = 30_000;

/**
 * Caches GraphQL query results per tenant, keyed by operation + arguments + subject + roles +
 * clearance (so masking and authorization never leak across callers), tagged by entity type.
 */
export class GraphqlResponseCache {
  constructor(
    private readonly cache: ResponseCache,
    private readonly metrics: Metrics,
  ) {}

  /** The cached result of `field(args)` for `actor`, or the computed one (then cached under `tags`). */
  async through<T>(actor: ApiActor, field: string, args: Json, tags: readonly string[], compute: () => Promise<T>): Promise<T> {
    const key = `gql:${sha256Hex(canonicalJson({ field, args, subject: actor.subject, roles: [...actor.roles].sort(), clearance: actor.clearance, mfa: actor.mfa }))}`;
    const hit = await this.cache.get<{ value: T }>(actor.tenantId, key).catch(() => undefined);
    this.metrics.cacheRequests.inc({ result: hit ? 'hit' : 'miss' });
    if (hit) return hit.value;
    const value = await compute();
    await this.cache.set(actor.tenantId, key, { value }, GRAPHQL_CACHE_TTL_MS, tags).catch(() => undefined);
    return value;
  }

  /** Drops the tenant's cached results for these entity types. */
  async invalidate(tenantId: string, tags: readonly string[]): Promise<void> {
    await this.cache.invalidateTags(tenantId, tags).catch(() => undefined);
  }
}
