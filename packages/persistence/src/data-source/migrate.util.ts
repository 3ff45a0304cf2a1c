import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 7_202_612_040; // any constant; shared by every process migrating this database

/**
 * Applies pending migrations under a session advisory lock, so several processes starting at once
 * (app replicas, test workers) migrate exactly once. Returns the names of the migrations applied.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
