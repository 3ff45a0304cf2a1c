import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ResponseCache } from '@intelgraph/cache';
import type { GqlContext } from './graphql.context.js';

/** How long a registered persisted query is kept. */
export const PERSISTED_QUERY_TTL_MS = 24 * 3_600_000;

/** Apollo's own APQ store: always empty, so every hash is resolved by {@link tenantPersistedQueriesPlugin}. */
export const NO_SHARED_PERSISTED_QUERIES: {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
} = {
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(true),
};

/**
 * Automatic persisted queries scoped per tenant. Registration (hash + query, hash verified) stores
 * the query in the app's response cache (Redis or memory) under the authenticated tenant; a
 * hash-only request is resolved from the caller's tenant only, before Apollo's APQ step runs (its
 * own store is {@link NO_SHARED_PERSISTED_QUERIES}). So tenant B never runs a query registered by
 * tenant A without sending it: it gets `PERSISTED_QUERY_NOT_FOUND`.
 */
export function tenantPersistedQueriesPlugin(store: ResponseCache): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart(rc) {
      const pq = rc.request.extensions?.['persistedQuery'] as { version?: unknown; sha256Hash?: unknown } | undefined;
      if (!pq || pq.version !== 1 || typeof pq.sha256Hash !== 'string' || !/^[0-9a-f]{64}$/.test(pq.sha256Hash)) return;
      const tenantId = rc.contextValue.actor.tenantId;
      const key = `apq:${pq.sha256Hash}`;
      if (rc.request.query === undefined) {
        const found = await store.get<{ query: string }>(tenantId, key).catch(() => undefined);
        if (typeof found?.query === 'string') rc.request.query = found.query;
      } else if (createHash('sha256').update(rc.request.query).digest('hex') === pq.sha256Hash) {
        await store.set(tenantId, key, { query: rc.request.query }, PERSISTED_QUERY_TTL_MS, ['apq']).catch(() => undefined);
      }
    },
  };
}
