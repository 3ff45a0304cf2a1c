import { uuidv7 } from '@intelgraph/domain';
import type { DataSource } from 'typeorm';
import { TypeOrmTenantUnitOfWork } from '../src/index.js';
import { databaseTargets, newTenantId, openTestDataSource } from '../src/testing.js';

describe.each(databaseTargets())(`${TypeOrmTenantUnitOfWork.name} on $name`, (target) => {
  let ds: DataSource;
  let sut: TypeOrmTenantUnitOfWork;
  beforeAll(async () => {
    ds = await openTestDataSource(target);
    sut = new TypeOrmTenantUnitOfWork(ds);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('runs as the app role with the tenant set only inside the transaction', async () => {
    const tenant = newTenantId();
    const inside = await sut.run(tenant, async (tx) => tx.sql.query<{ r: string; t: string }>(`SELECT current_user AS r, current_setting('app.tenant_id', true) AS t`));
    expect(inside[0]).toEqual({ r: 'orch_app', t: tenant });
    const outside: Array<{ t: string | null }> = await ds.query(`SELECT current_setting('app.tenant_id', true) AS t`);
    expect(outside[0]?.t ?? '').toBe('');
  });

  it('commits on success and rolls back on error', async () => {
    const tenant = newTenantId();
    const kept = uuidv7();
    await sut.run(tenant, (tx) => tx.repositories.loops.create({ id: kept, name: 'kept', description: '', classification: 'internal', config: {} }));
    await expect(
      sut.run(tenant, async (tx) => {
        await tx.repositories.loops.create({ id: uuidv7(), name: 'dropped', description: '', classification: 'internal', config: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const page = await sut.run(tenant, (tx) => tx.repositories.loops.list({}, {}));
    expect(page.items.map((l) => l.name)).toEqual(['kept']);
  });
});

// PGlite has no separate backends to terminate, so this case is declared for PostgreSQL only.
for (const target of databaseTargets().filter((t) => t.name === 'postgres')) describe(`${TypeOrmTenantUnitOfWork.name} losing its connection on ${target.name}`, () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource(target);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('reports a backend killed mid-transaction as the database being unavailable, and commits nothing', async () => {
    const sut = new TypeOrmTenantUnitOfWork(ds);
    const tenant = newTenantId();
    const attempt = sut.run(tenant, async (tx) => {
      await tx.repositories.loops.create({ id: uuidv7(), name: 'lost', description: '', classification: 'internal', config: {} });
      const pid = (await tx.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid;
      await ds.query('SELECT pg_terminate_backend($1)', [pid]);
      // pg_terminate_backend only signals; wait until the backend is really gone.
      for (let i = 0; i < 100; i++) {
        const alive: unknown[] = await ds.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
        if (alive.length === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await tx.sql.query('SELECT 1');
    });
    await expect(attempt).rejects.toMatchObject({ code: 'unavailable' });
    const page = await sut.run(tenant, (tx) => tx.repositories.loops.list({}, {}));
    expect(page.items).toEqual([]);
  });
});
