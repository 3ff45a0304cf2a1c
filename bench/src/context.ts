/** What every comparison shares: settings, the migrated database, the store, a plain pg pool, Redis. */
import { PLATFORM_TENANT_ID } from '@intelgraph/domain';
import { createOrchestratorContainer, type Actor, type OrchestratorStore } from '@intelgraph/orchestrator-store';
import { buildDataSource, migrate } from '@intelgraph/persistence';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { progress } from './util.js';

export interface BenchSettings {
  readonly quick: boolean;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Only these comparisons (`--only a,b`); empty: all. */
  readonly only: readonly string[];
}

export interface BenchContext {
  readonly settings: BenchSettings;
  readonly dataSource: DataSource;
  readonly store: OrchestratorStore;
  /** Plain node-postgres pool (superuser, as the URL says) for the hand-written baselines. */
  readonly pool: pg.Pool;
  readonly redis: Redis;
  /** Rows a comparison skipped and why; written to the results file and printed under the table. */
  readonly skipped: string[];
  /** Provisions a fresh tenant and returns an admin actor of it. */
  newTenant(label: string): Promise<Actor>;
  close(): Promise<void>;
}

/** The platform admin (MFA on), who provisions tenants. */
export const platformAdmin: Actor = { subject: 'platform-admin', tenantId: PLATFORM_TENANT_ID, roles: ['platform_admin'], clearance: 'restricted', mfa: true };

export function settingsFrom(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const onlyIndex = argv.indexOf('--only');
  return {
    quick: argv.includes('--quick'),
    databaseUrl: env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/orch_bench',
    redisUrl: env['REDIS_URL'] || 'redis://127.0.0.1:6379',
    only: onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? '').split(',').filter(Boolean) : [],
  };
}

/** Creates the database named by the URL when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      progress(`creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

export async function openContext(settings: BenchSettings): Promise<BenchContext> {
  await ensureDatabase(settings.databaseUrl);
  const dataSource = buildDataSource(settings.databaseUrl, { poolMax: 10, applicationName: 'orch-bench' });
  await dataSource.initialize();
  const applied = await migrate(dataSource);
  if (applied.length > 0) progress(`migrated: ${applied.join(', ')}`);
  const container = await createOrchestratorContainer({ database: { dataSource } });
  const { store } = container;
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10, application_name: 'orch-bench-baseline' });
  const redis = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let counter = 0;
  return {
    settings,
    dataSource,
    store,
    pool,
    redis,
    skipped: [],
    async newTenant(label) {
      const slug = `bench-${label}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
      const tenant = await store.tenants.provision(platformAdmin, { slug, name: slug });
      return { subject: `admin@${slug}`, tenantId: tenant.id, roles: ['tenant_admin'], clearance: 'restricted', mfa: true };
    },
    async close() {
      await container.close();
      await dataSource.destroy();
      await pool.end();
      redis.disconnect();
    },
  };
}
