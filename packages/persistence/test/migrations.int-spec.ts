import { ALL_TABLES, MIGRATIONS } from '@intelgraph/migrations';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { buildDataSource, checkSchemaDrift, ENTITIES, migrate } from '../src/index.js';
import { databaseTargets } from '../src/testing.js';

/** A database this suite owns outright: a new one on PostgreSQL, the scratch PGlite when embedded. */
async function scratchDatabase(name: 'postgres' | 'embedded', url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (name === 'embedded') {
    const scratch = process.env['PGLITE_SCRATCH_URL'];
    if (!scratch) throw new Error('PGLITE_SCRATCH_URL is not set (jest global setup)');
    return { url: scratch, drop: () => Promise.resolve() };
  }
  const db = `orch_scratch_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${db}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function publicTables(ds: DataSource): Promise<string[]> {
  const rows: Array<{ tablename: string }> = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations' ORDER BY 1`);
  return rows.map((r) => r.tablename);
}

describe.each(databaseTargets())('migrations on $name', (target) => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const scratch = await scratchDatabase(target.name, target.url);
    drop = scratch.drop;
    ds = buildDataSource(scratch.url, { poolMax: 2 });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await drop();
  });

  it('go up, down and up again, and agree with the entities each time', async () => {
    expect(await migrate(ds)).toHaveLength(MIGRATIONS.length);
    expect(await publicTables(ds)).toEqual([...ALL_TABLES].sort());
    expect(await checkSchemaDrift(ds)).toEqual([]);

    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'all' });
    expect(await publicTables(ds)).toEqual([]);

    expect(await migrate(ds)).toHaveLength(MIGRATIONS.length);
    expect(await publicTables(ds)).toEqual([...ALL_TABLES].sort());
    expect(await checkSchemaDrift(ds)).toEqual([]);
    expect(await migrate(ds)).toEqual([]);
  });

  it('has an entity for every table', () => {
    expect(ENTITIES.length).toBe(ALL_TABLES.length);
  });

  it('reports drift when the catalog and the entities disagree', async () => {
    await ds.query(`ALTER TABLE "loops" DROP COLUMN "cycle_count"`);
    await ds.query(`ALTER TABLE "loops" ADD COLUMN "stray" text`);
    await ds.query(`DROP INDEX "loops_tenant_id_status_id_idx"`);
    const problems = (await checkSchemaDrift(ds)).map((d) => `${d.table}: ${d.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining(['loops: column cycle_count is missing', 'loops: column stray has no entity field', 'loops: index loops_tenant_id_status_id_idx is missing']),
    );
  });
});
