/**
 * Test support for suites that must pass on real PostgreSQL and on the embedded database.
 * `databaseTargets()` lists PostgreSQL when `DATABASE_URL` is set and always the embedded PGlite
 * that the jest global setup serves at `PGLITE_URL`.
 */
import { uuidv7 } from '@intelgraph/domain';
import type { DataSource } from 'typeorm';
import { buildDataSource } from './data-source/data-source.factory.js';
import { migrate } from './data-source/migrate.util.js';

export interface DatabaseTarget {
  readonly name: 'postgres' | 'embedded';
  readonly url: string;
}

/** The databases a suite runs against. */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [];
  if (process.env['DATABASE_URL']) targets.push({ name: 'postgres', url: process.env['DATABASE_URL'] });
  if (process.env['PGLITE_URL']) targets.push({ name: 'embedded', url: process.env['PGLITE_URL'] });
  if (targets.length === 0) throw new Error('no test database: set DATABASE_URL or run under the jest global setup (PGLITE_URL)');
  return targets;
}

/** Opens a migrated data source on `target`; close it with `destroy()`. */
export async function openTestDataSource(target: DatabaseTarget, poolMax = target.name === 'embedded' ? 4 : 10): Promise<DataSource> {
  const ds = buildDataSource(target.url, { poolMax, applicationName: 'orch-test' });
  await ds.initialize();
  await migrate(ds);
  return ds;
}

/** A fresh tenant id; suites isolate themselves by tenant, so they can share one database. */
export function newTenantId(): string {
  return uuidv7();
}
