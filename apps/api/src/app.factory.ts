import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createCache, type CacheBindings, type RateLimitBudgets } from '@intelgraph/cache';
import { ConflictError, NotFoundError, PLATFORM_TENANT_ID } from '@intelgraph/domain';
import { createOrchestratorContainer, type OrchestratorContainer } from '@intelgraph/orchestrator-store';
import { openDatabase, type DatabaseSettings } from '@intelgraph/persistence';
import { POLICY_DECISION_POINT, POLICY_READINESS } from '@intelgraph/policy';
import helmet from 'helmet';
import type { DataSource } from 'typeorm';
import { ApiModule } from './app.module.js';
import type { ApiActor } from './auth/actor.types.js';
import { JwtVerifier } from './auth/jwt-verifier.service.js';
import { apiSettingsFromEnv, type ApiSettings } from './config/api.settings.js';
import type { HealthChecks } from './health/health.checks.js';
import { jsonBody, requestContext } from './http/request-context.middleware.js';
import { Metrics } from './metrics/metrics.service.js';
import { MaintenanceScheduler } from './maintenance/maintenance.scheduler.js';

/** Options of {@link createApp}; everything defaults from the environment. */
export interface CreateAppOptions {
  readonly settings?: ApiSettings;
  /** Database settings, or an open data source the caller owns (tests). Default: from settings. */
  readonly database?: DatabaseSettings | { readonly dataSource: DataSource };
  /** Cache and limiter; default: Redis at `settings.redisUrl`, else in memory. */
  readonly cache?: CacheBindings;
  readonly budgets?: Partial<RateLimitBudgets>;
  /** Where request log lines go (default stdout). */
  readonly log?: (line: string) => void;
  /** Provision tenant `demo` when missing (default false; `main` turns it on). */
  readonly provisionDemo?: boolean;
}

/** A created (not yet listening) app and what it composed. */
export interface CreatedApp {
  readonly app: INestApplication;
  readonly orchestrator: OrchestratorContainer;
  readonly settings: ApiSettings;
  readonly metrics: Metrics;
  /** Id of tenant `demo` when `provisionDemo` was on. */
  readonly demoTenantId: string | undefined;
}

/** The platform identity the app uses for its own bootstrap work (provisioning `demo`). */
export const PLATFORM_ACTOR: ApiActor = {
  subject: 'system:api',
  tenantId: PLATFORM_TENANT_ID,
  roles: ['platform_admin'],
  clearance: 'restricted',
  mfa: true,
};

/**
 * Builds the API: opens the database (embedded PGlite without a URL), the store container, cache
 * and limiter, and the Nest app with its middleware, guards, filter and OpenAPI docs. `app.close()`
 * stops accepting requests, then closes the store, the database and Redis.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<CreatedApp> {
  const settings = options.settings ?? apiSettingsFromEnv();
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const dbOption = options.database ?? { url: settings.databaseUrl, dataDir: settings.dataDir };
  let dataSource: DataSource;
  let closeDb: () => Promise<void> = () => Promise.resolve();
  if ('dataSource' in dbOption) {
    dataSource = dbOption.dataSource;
  } else {
    const opened = await openDatabase(dbOption);
    dataSource = opened.dataSource;
    closeDb = () => opened.close();
  }
  const cache = options.cache ?? createCache({ redisUrl: settings.redisUrl, budgets: options.budgets });
  const orchestrator = await createOrchestratorContainer({ database: { dataSource }, policy: { opaUrl: settings.opaUrl } });
  const pdp = orchestrator.container.get(POLICY_DECISION_POINT);
  const policyReadiness = orchestrator.container.get(POLICY_READINESS);
  const metrics = new Metrics({ defaultMetrics: false, poolStats: () => poolStats(dataSource) });

  const health: Record<string, HealthChecks[string]> = {
    database: async () => {
      await dataSource.query('SELECT 1');
      return { ok: true };
    },
  };
  const redis = cache.redis;
  if (redis) health['redis'] = async () => ({ ok: (await redis.ping()) === 'PONG' });
  if (settings.opaUrl) health['policy'] = () => policyReadiness.readiness();

  // Settings built by hand (tests) leave it out: no background passes unless asked for.
  const maintenance = new MaintenanceScheduler(orchestrator.store, settings.maintenanceIntervalMs ?? 0, log);

  let demoTenantId: string | undefined;
  if (options.provisionDemo) demoTenantId = await ensureDemoTenant(orchestrator);

  const app = await NestFactory.create(
    ApiModule.forRoot({
      verifier: new JwtVerifier(settings.jwt),
      pdp,
      metrics,
      store: orchestrator.store,
      responseCache: cache.responseCache,
      rateLimiter: cache.rateLimiter,
      health,
      onShutdown: async () => {
        await maintenance.stop();
        await orchestrator.close();
        await cache.close();
        await closeDb();
      },
    }),
    { bodyParser: false, logger: ['error', 'warn'] },
  );
  // Express's content-hash ETags would be mistaken for version ETags by If-Match clients.
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('etag', false);
  app.use(requestContext(metrics, log));
  app.use(helmet());
  app.use(jsonBody('256kb'));
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('IntelGraph orchestrator API')
      .setDescription('Multi-tenant orchestrator store: loops, agents, tasks, proposals, audit')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  maintenance.start();
  return { app, orchestrator, settings, metrics, demoTenantId };
}

async function ensureDemoTenant(orchestrator: OrchestratorContainer): Promise<string> {
  const { tenants } = orchestrator.store;
  try {
    return (await tenants.getBySlug(PLATFORM_ACTOR, 'demo')).id;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  try {
    return (await tenants.provision(PLATFORM_ACTOR, { slug: 'demo', name: 'Demo tenant' })).id;
  } catch (error) {
    // Another replica provisioned it between our lookup and insert.
    if (error instanceof ConflictError) return (await tenants.getBySlug(PLATFORM_ACTOR, 'demo')).id;
    throw error;
  }
}

function poolStats(dataSource: DataSource): { total: number; idle: number; waiting: number } | undefined {
  const pool = (dataSource.driver as unknown as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }).master;
  if (!pool || typeof pool.totalCount !== 'number') return undefined;
  return { total: pool.totalCount, idle: pool.idleCount ?? 0, waiting: pool.waitingCount ?? 0 };
}
