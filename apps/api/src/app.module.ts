import { Module, type DynamicModule, type OnApplicationShutdown, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { GraphQLError } from 'graphql';
import type { OrchestratorStore } from '@intelgraph/orchestrator-store';
import type { RateLimiter, ResponseCache } from '@intelgraph/cache';
import type { PolicyDecisionPoint } from '@intelgraph/policy';
import { GatewayGuard } from './auth/gateway.guard.js';
import { UnauthenticatedError, type JwtVerifier } from './auth/jwt-verifier.service.js';
import { API_HEALTH, API_METRICS, API_PDP, API_STORE, JWT_VERIFIER } from './auth/tokens.js';
import type { HealthChecks } from './health/health.checks.js';
import { BatchReads } from './graphql/batch-reads.service.js';
import { ChangeInvalidator } from './graphql/change-invalidator.service.js';
import type { GqlContext } from './graphql/graphql.context.js';
import { GraphqlResponseCache } from './graphql/graphql-response-cache.service.js';
import { GQL_CACHE, GQL_INVALIDATOR } from './graphql/graphql.tokens.js';
import { NO_SHARED_PERSISTED_QUERIES, PERSISTED_QUERY_TTL_MS, tenantPersistedQueriesPlugin } from './graphql/persisted-queries.plugin.js';
import { queryLimitsRule } from './graphql/query-limits.rule.js';
import { responseCachePlugin } from './graphql/response-cache.plugin.js';
import { GRAPHQL_RESOLVERS } from './graphql/resolvers/index.js';
import { HealthController } from './health/health.controller.js';
import { DomainExceptionFilter } from './http/domain-exception.filter.js';
import { ETagInterceptor } from './http/etag.interceptor.js';
import { header, type ApiRequest, type ApiResponse } from './http/http.types.js';
import { API_RESPONSE_CACHE, IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { API_RATE_LIMITER, RateLimitGuard } from './http/rate-limit.guard.js';
import type { Metrics } from './metrics/metrics.service.js';
import { RESOURCE_CONTROLLERS } from './resources/resource-controllers.js';

/** What the app module bridges into Nest: built outside Nest (store container, cache), shared by reference. */
export interface ApiModuleDeps {
  readonly verifier: JwtVerifier;
  readonly pdp: PolicyDecisionPoint;
  readonly metrics: Metrics;
  /** The store's services; GraphQL batch reads take their policy-checked batch queries. */
  readonly store: OrchestratorStore;
  readonly responseCache: ResponseCache;
  readonly rateLimiter: RateLimiter;
  readonly health: HealthChecks;
  /** Runs when Nest shuts down, after the HTTP server stopped accepting and drained. */
  readonly onShutdown: () => Promise<void>;
}

const SHUTDOWN = Symbol.for('api.Shutdown');

class ShutdownHook implements OnApplicationShutdown {
  constructor(private readonly run: () => Promise<void>) {}
  async onApplicationShutdown(): Promise<void> {
    await this.run();
  }
}

/** The Nest module of the API; guards run gateway (auth + policy) first, then the rate limiter. */
@Module({})
export class ApiModule {
  static forRoot(deps: ApiModuleDeps): DynamicModule {
    const gqlCache = new GraphqlResponseCache(deps.responseCache, deps.metrics);
    const invalidator = new ChangeInvalidator(deps.store, gqlCache);
    const providers: Provider[] = [
      { provide: GQL_CACHE, useValue: gqlCache },
      { provide: GQL_INVALIDATOR, useValue: invalidator },
      ...GRAPHQL_RESOLVERS,
      { provide: JWT_VERIFIER, useValue: deps.verifier },
      { provide: API_PDP, useValue: deps.pdp },
      { provide: API_METRICS, useValue: deps.metrics },
      { provide: API_STORE, useValue: deps.store },
      { provide: API_RESPONSE_CACHE, useValue: deps.responseCache },
      { provide: API_RATE_LIMITER, useValue: deps.rateLimiter },
      { provide: API_HEALTH, useValue: deps.health },
      {
        provide: SHUTDOWN,
        useFactory: () =>
          new ShutdownHook(async () => {
            invalidator.stop();
            await deps.onShutdown();
          }),
      },
      { provide: APP_GUARD, useClass: GatewayGuard },
      { provide: APP_GUARD, useClass: RateLimitGuard },
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
      { provide: APP_FILTER, useClass: DomainExceptionFilter },
    ];
    const controllers: Type[] = [HealthController, ...RESOURCE_CONTROLLERS];
    const reads = new BatchReads(deps.store);
    const graphql = GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      // Identity is only the bearer token (no cookies), so a cross-site "simple" request carries no
      // credentials: GET queries need no CSRF preflight header (GraphQL-over-HTTP).
      csrfPrevention: false,
      // responseCachePlugin keeps executed operations at 200 itself (and may answer 304).
      preserveHttpStatusForExecutionErrors: false,
      // APQ: Apollo's store stays empty; the plugin resolves hashes per tenant.
      persistedQueries: { cache: NO_SHARED_PERSISTED_QUERIES, ttl: PERSISTED_QUERY_TTL_MS / 1000 },
      validationRules: [queryLimitsRule()],
      plugins: [
        ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
        tenantPersistedQueriesPlugin(deps.responseCache),
        responseCachePlugin(gqlCache, invalidator),
      ],
      // Verifies the bearer token once per request (401 without a valid one); the gateway guard
      // still authorizes every resolver. Loaders and entity tags live only for this request.
      context: async ({ req, res }: { req: ApiRequest; res: ApiResponse }): Promise<GqlContext> => {
        let actor;
        try {
          actor = await deps.verifier.verify(header(req, 'authorization'), req.requestId);
        } catch (error) {
          if (!(error instanceof UnauthenticatedError)) throw error; // e.g. JWKS unreachable: not a 401
          throw new GraphQLError('missing or invalid bearer token', { extensions: { code: 'unauthenticated', status: 401, http: { status: 401 } } });
        }
        return { req, res, actor, reads, loaderSets: new Map(), entities: new Set() };
      },
    });
    return { module: ApiModule, imports: [graphql], providers, controllers };
  }
}
