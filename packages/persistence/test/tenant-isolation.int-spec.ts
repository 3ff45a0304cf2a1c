import { APP_ROLE, OWNER_ROLE, TENANT_TABLES } from '@intelgraph/migrations';
import type { DataSource } from 'typeorm';
import { databaseTargets, newTenantId, openTestDataSource } from '../src/testing.js';
import { seedAllTables } from './fixtures/seed-all-tables.js';

/** Runs `work` in a transaction as `role` with `tenant` set, always rolled back. */
async function asTenant<T>(ds: DataSource, role: string, tenant: string, work: (q: (sql: string, p?: unknown[]) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN');
    await runner.query(`SELECT set_config('app.tenant_id', $1, true), set_config('role', $2, true)`, [tenant, role]);
    return await work((sql, p = []) => runner.query(sql, p) as Promise<unknown[]>);
  } finally {
    await runner.query('ROLLBACK');
    await runner.release();
  }
}

/** The SQLSTATE a promise rejects with, or 'ok'. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return String((e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code);
  }
}

describe.each(databaseTargets())('tenant isolation on $name', (target) => {
  let ds: DataSource;
  const tenantA = newTenantId();
  const tenantB = newTenantId();
  beforeAll(async () => {
    ds = await openTestDataSource(target);
    await seedAllTables(ds, tenantA);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('enables and forces row-level security on every tenant-owned table', async () => {
    const rows: Array<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }> = await ds.query(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)`,
      [[...TENANT_TABLES]],
    );
    expect(rows).toHaveLength(TENANT_TABLES.length);
    for (const r of rows) expect([r.relname, r.relrowsecurity, r.relforcerowsecurity]).toEqual([r.relname, true, true]);
  });

  it('leads every primary key, unique constraint and foreign key with tenant_id', async () => {
    const rows: Array<{ table: string; name: string; first: string; ref_first: string | null }> = await ds.query(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name,
              (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) AS first,
              (SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = c.confkey[1]) AS ref_first
         FROM pg_constraint c
        WHERE c.contype IN ('p', 'u', 'f') AND c.conrelid::regclass::text = ANY($1)`,
      [[...TENANT_TABLES].map((t) => t)],
    );
    expect(rows.length).toBeGreaterThan(TENANT_TABLES.length);
    const offenders = rows.filter((r) => r.first !== 'tenant_id' || (r.ref_first !== null && r.ref_first !== 'tenant_id'));
    expect(offenders).toEqual([]);
    const pks = new Set(rows.filter((r) => r.name.endsWith('_pkey')).map((r) => r.table));
    expect([...TENANT_TABLES].filter((t) => !pks.has(t))).toEqual([]);
  });

  it('runs the app as a role that is neither owner, superuser nor BYPASSRLS', async () => {
    const [role]: unknown[] = await ds.query(`SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owned: Array<{ relname: string }> = await ds.query(
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND pg_get_userbyid(relowner) = $1`,
      [APP_ROLE],
    );
    expect(owned).toEqual([]);
  });

  describe.each([...TENANT_TABLES])('%s', (table) => {
    it('shows tenant A its row', async () => {
      const rows = await asTenant(ds, APP_ROLE, tenantA, (q) => q(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [tenantA]));
      expect(rows).toEqual([{ n: 1 }]);
    });

    it.each([APP_ROLE, OWNER_ROLE])('hides, protects and refuses across tenants as %s', async (role) => {
      const [original]: Array<{ r: Record<string, unknown> }> = await ds.query(`SELECT row_to_json(t) AS r FROM "${table}" t WHERE tenant_id = $1`, [tenantA]);
      await asTenant(ds, role, tenantB, async (q) => {
        expect(await q(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [tenantA])).toEqual([{ n: 0 }]);
        expect(await q(`SELECT count(*)::int AS n FROM "${table}"`)).toEqual([{ n: 0 }]);
      });
      // UPDATE and DELETE of A's rows as B touch nothing (or are refused outright).
      for (const stmt of [`UPDATE "${table}" SET tenant_id = tenant_id WHERE tenant_id = $1 RETURNING 1`, `DELETE FROM "${table}" WHERE tenant_id = $1 RETURNING 1`]) {
        const touched = await asTenant(ds, role, tenantB, (q) => outcome(q(`WITH x AS (${stmt}) SELECT count(*)::int AS n FROM x`, [tenantA]).then((r) => {
          if ((r as Array<{ n: number }>)[0]?.n !== 0) throw Object.assign(new Error('touched'), { code: 'touched' });
        })));
        expect(['ok', '42501']).toContain(touched);
      }
      // Inserting a row that names another tenant is refused by the policy's WITH CHECK.
      const forged = { ...original?.r, tenant_id: newTenantId() };
      const inserted = await asTenant(ds, role, tenantB, (q) => outcome(q(`INSERT INTO "${table}" SELECT * FROM json_populate_record(NULL::"${table}", $1)`, [JSON.stringify(forged)])));
      expect(inserted).toBe('42501');
      // A's row is untouched.
      const [after]: Array<{ r: unknown }> = await ds.query(`SELECT row_to_json(t) AS r FROM "${table}" t WHERE tenant_id = $1`, [tenantA]);
      expect(after?.r).toEqual(original?.r);
    });
  });
});
