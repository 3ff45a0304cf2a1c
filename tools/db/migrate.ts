/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (under an advisory lock, so it
 * is safe to run from several deploy jobs at once) and prints what it applied.
 */
import { buildDataSource, migrate } from '@intelgraph/persistence';
import { runIfMain } from '../cli/run-main.util.js';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const url = env['DATABASE_URL'];
  if (!url) {
    console.error('db:migrate: DATABASE_URL is not set. Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/orch npm run db:migrate');
    return 2;
  }
  const ds = buildDataSource(url, { poolMax: 2, applicationName: 'orch-migrate' });
  try {
    console.log(`db:migrate: connecting to ${new URL(url).host}${new URL(url).pathname}`);
    await ds.initialize();
    const applied = await migrate(ds);
    if (applied.length === 0) console.log('db:migrate: schema is up to date');
    for (const name of applied) console.log(`db:migrate: applied ${name}`);
    return 0;
  } catch (error) {
    console.error(`db:migrate: failed: ${(error as Error).message}`);
    console.error('db:migrate: check that the server is reachable and the user may create roles and tables (see README, "Running on PostgreSQL").');
    return 1;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

runIfMain(import.meta.url, () => main());
