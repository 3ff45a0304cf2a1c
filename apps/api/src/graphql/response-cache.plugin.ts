import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { sha256Hex } from '@intelgraph/domain';
import { OperationTypeNode } from 'graphql';
import type { ChangeInvalidator } from './change-invalidator.service.js';
import type { GqlContext } from './graphql.context.js';
import type { CachedResult, GraphqlResponseCache } from './graphql-response-cache.service.js';

/** `W/"…"` entity tag of a result. */
function etagOf(data: unknown): string {
  return `W/"${sha256Hex(JSON.stringify(data)).slice(0, 32)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*');
}

/**
 * Whole-operation response cache for queries: answers a repeated query (same operation, variables,
 * tenant and policy scope) without executing it; sets `Cache-Control: private, no-cache`,
 * `Vary: Authorization, Accept`, a weak `ETag` (→ `304` on a matching `If-None-Match`) and
 * `Surrogate-Key` with the tenant-prefixed entities of the response (`t:<tenant>:loop:<id>`).
 * Mutations and results with errors are never cached (`Cache-Control: no-store`). An executed
 * operation answers 200 even when a resolver error carried an HTTP status.
 */
export function responseCachePlugin(cache: GraphqlResponseCache, invalidator: ChangeInvalidator): ApolloServerPlugin<GqlContext> {
  return {
    requestDidStart() {
      let key: string | undefined;
      let hit: CachedResult | undefined;
      return Promise.resolve({
        async responseForOperation(rc) {
          if (rc.operation.operation !== OperationTypeNode.QUERY) return null;
          const { actor } = rc.contextValue;
          invalidator.watch(actor.tenantId);
          key = cache.keyOf(actor, rc.queryHash ?? sha256Hex(rc.source ?? ''), rc.operationName, rc.request.variables);
          hit = await cache.get(actor.tenantId, key);
          if (!hit) return null;
          return { http: rc.response.http, body: { kind: 'single', singleResult: { data: hit.data } } };
        },
        async willSendResponse(rc: GraphQLRequestContextWillSendResponse<GqlContext>) {
          const headers = rc.response.http.headers;
          const body = rc.response.body;
          // Executed operations answer 200 even when a resolver error carried an HTTP status (the
          // legacy application/json mode; replaces Nest's equivalent plugin, which would undo 304).
          if (body.kind === 'single' && 'data' in body.singleResult) rc.response.http.status = 200;
          const cacheable = rc.operation?.operation === OperationTypeNode.QUERY && body.kind === 'single' && !body.singleResult.errors && body.singleResult.data;
          if (!cacheable || !key) {
            headers.set('cache-control', 'no-store');
            return;
          }
          const { actor } = rc.contextValue;
          const data = body.singleResult.data as Record<string, unknown>;
          const tags = hit?.tags ?? [...rc.contextValue.entities].sort();
          if (!hit) await cache.set(actor.tenantId, key, { data, tags });
          const etag = etagOf(data);
          headers.set('cache-control', 'private, no-cache');
          headers.set('vary', 'Authorization, Accept');
          headers.set('etag', etag);
          if (tags.length > 0) headers.set('surrogate-key', tags.map((t) => `t:${actor.tenantId}:${t}`).join(' '));
          if (matches(rc.request.http?.headers.get('if-none-match'), etag)) rc.response.http.status = 304;
        },
      });
    },
  };
}
