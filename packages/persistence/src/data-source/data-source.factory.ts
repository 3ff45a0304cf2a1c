import 'reflect-metadata';
import { MIGRATIONS } from '@intelgraph/migrations';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities/index.js';
import type { DatabaseSettings } from './database.settings.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.util.js';

/** An open data source and how to close it (and the embedded server, if one was started). */
export interface OpenDatabase {
  readonly dataSource: DataSource;
  /** Null on real PostgreSQL. */
  readonly embedded: EmbeddedPostgres | null;
  /** True for PGlite: one backend, so concurrency is serialized. */
  readonly isEmbedded: boolean;
  close(): Promise<void>;
}

/** Builds (does not open) a TypeORM data source for a PostgreSQL URL with a bounded pool. */
export function buildDataSource(url: string, settings: DatabaseSettings = {}): DataSource {
  const extra: Record<string, unknown> = {
    max: settings.poolMax ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  };
  if (settings.statementTimeoutMs) extra['statement_timeout'] = settings.statementTimeoutMs;
  return new DataSource({
    type: 'postgres',
    url,
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
    applicationName: settings.applicationName ?? 'intelgraph-orchestrator-store',
    extra,
  });
}

/**
 * Opens the database the settings name: PostgreSQL at `url`, or an embedded PGlite in `dataDir`
 * (migrations applied at start). With `migrate`, pending migrations are applied on PostgreSQL too.
 */
export async function openDatabase(settings: DatabaseSettings): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | null = null;
  let url = settings.url;
  let poolMax = settings.poolMax;
  if (!url) {
    embedded = await startEmbeddedPostgres(settings.dataDir ?? '.data', 8);
    url = embedded.url;
    poolMax = Math.min(poolMax ?? embedded.maxConnections, embedded.maxConnections);
  }
  const dataSource = buildDataSource(url, { ...settings, poolMax });
  try {
    await dataSource.initialize();
    if (embedded || settings.migrate) await migrate(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded,
    isEmbedded: embedded !== null,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
