import { TypeOrmTenantUnitOfWork } from '@intelgraph/persistence';
import { databaseTargets, newTenantId, openTestDataSource } from '@intelgraph/persistence/testing';
import type { DataSource } from 'typeorm';
import { AuditChainVerifier, PostgresAuditLog, computeAuditHash, listAuditedTenants, type AuditChainVerification } from '../src/index.js';
import { seedAuditChain } from '../src/testing.js';
import { sampleInput, superuserSql, tamper } from './support.js';

const COLUMNS = ['id', 'occurred_at', 'actor_subject', 'actor_roles', 'action', 'resource_type', 'resource_id', 'outcome', 'decision', 'request_id', 'changes', 'prev_hash', 'hash'];

describe.each(databaseTargets())(`${AuditChainVerifier.name} on $name`, (target) => {
  let ds: DataSource;
  let uow: TypeOrmTenantUnitOfWork;
  let verifier: AuditChainVerifier;
  const log = new PostgresAuditLog();

  beforeAll(async () => {
    ds = await openTestDataSource(target);
    uow = new TypeOrmTenantUnitOfWork(ds);
    verifier = new AuditChainVerifier(uow);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  /** A tenant with a 10-event chain written through the audit log. */
  const chainOf10 = async (): Promise<string> => {
    const tenant = newTenantId();
    for (let i = 1; i <= 10; i++)
      await uow.run(tenant, (tx) => log.append(tx, sampleInput({ actor: { subject: `user:${i % 3}`, roles: ['operator'] }, requestId: `req-${i}`, changes: { i } })));
    return tenant;
  };
  const expectBroken = (result: AuditChainVerification, brokenAt: number, reason: string): void => {
    expect(result).toMatchObject({ ok: false, brokenAt, reason });
    if (!result.ok) expect(result.count).toBe(reason === 'head_mismatch' ? result.count : brokenAt - 1);
  };

  it('accepts an intact chain and reports count and head', async () => {
    const tenant = await chainOf10();
    const head = await uow.run(tenant, (tx) => log.head(tx));
    const result = await verifier.verify(tenant, { batchSize: 3 });
    expect(result).toMatchObject({ ok: true, tenantId: tenant, count: 10, head, stats: { batches: 4, rowsRead: 10, maxRowsHeld: 3 } });
  });

  it('accepts a tenant without a chain', async () => {
    expect(await verifier.verify(newTenantId())).toMatchObject({ ok: true, count: 0, head: null });
  });

  it.each([
    ['actor_subject', `'user:mallory'`, 4],
    ['changes', `'{"i": 700}'::jsonb`, 7],
    ['occurred_at', `occurred_at + interval '1 millisecond'`, 1],
    ['outcome', `'denied'`, 10],
    ['prev_hash', `repeat('a', 64)`, 2],
  ])('detects a changed %s as hash_mismatch at that sequence', async (column, value, sequence) => {
    const tenant = await chainOf10();
    await tamper(ds, [[`UPDATE audit_events SET ${column} = ${value} WHERE tenant_id = $1 AND sequence = $2`, [tenant, sequence]]]);
    expectBroken(await verifier.verify(tenant, { batchSize: 4 }), sequence, 'hash_mismatch');
  });

  it('detects a deleted row as missing_row at its sequence', async () => {
    const tenant = await chainOf10();
    await tamper(ds, [[`DELETE FROM audit_events WHERE tenant_id = $1 AND sequence = 5`, [tenant]]]);
    expectBroken(await verifier.verify(tenant, { batchSize: 4 }), 5, 'missing_row');
  });

  it('detects a deleted tail (head proves it existed) as missing_row after the last row', async () => {
    const tenant = await chainOf10();
    await tamper(ds, [[`DELETE FROM audit_events WHERE tenant_id = $1 AND sequence >= 9`, [tenant]]]);
    expectBroken(await verifier.verify(tenant), 9, 'missing_row');
  });

  it.each([
    [3, 6, 3],
    [5, 4, 4], // across a batch boundary (batch size 4)
  ])("detects two rows' swapped contents (%i and %i) as out_of_order at the first", async (x, y, first) => {
    const tenant = await chainOf10();
    await tamper(ds, [
      [
        `UPDATE audit_events a SET ${COLUMNS.map((c) => `${c} = b.${c}`).join(', ')}
         FROM audit_events b WHERE a.tenant_id = $1 AND b.tenant_id = $1 AND a.sequence IN ($2, $3) AND b.sequence = $2 + $3 - a.sequence`,
        [tenant, x, y],
      ],
    ]);
    const result = await verifier.verify(tenant, { batchSize: 4 });
    expectBroken(result, first, 'out_of_order');
    expect(!result.ok && result.detail).toMatch(`written as sequence ${x + y - first}`);
  });

  it('detects a row rewritten with a recomputed hash as prev_hash_mismatch at the next sequence', async () => {
    const tenant = await chainOf10();
    const [e4] = (await uow.run(tenant, (tx) => log.query(tx, { order: 'asc' }, { limit: 200 }))).items.slice(3, 4);
    const forged = { ...e4!, action: 'task.forged' };
    await tamper(ds, [[`UPDATE audit_events SET action = $3, hash = $4 WHERE tenant_id = $1 AND sequence = $2`, [tenant, 4, forged.action, computeAuditHash(forged)]]]);
    expectBroken(await verifier.verify(tenant), 5, 'prev_hash_mismatch');
  });

  it('detects a first row that does not start from the genesis hash', async () => {
    const tenant = await chainOf10();
    const [e1] = (await uow.run(tenant, (tx) => log.query(tx, { order: 'asc' }, { limit: 1 }))).items;
    const forged = { ...e1!, prevHash: 'b'.repeat(64) };
    await tamper(ds, [[`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE tenant_id = $1 AND sequence = 1`, [tenant, forged.prevHash, computeAuditHash(forged)]]]);
    expectBroken(await verifier.verify(tenant), 1, 'prev_hash_mismatch');
  });

  it('detects a tampered, missing or stale head as head_mismatch', async () => {
    const sql = superuserSql(ds);
    const wrongHash = await chainOf10();
    await sql.query(`UPDATE audit_heads SET hash = repeat('f', 64) WHERE tenant_id = $1`, [wrongHash]);
    expectBroken(await verifier.verify(wrongHash), 10, 'head_mismatch');

    const noHead = await chainOf10();
    await sql.query(`DELETE FROM audit_heads WHERE tenant_id = $1`, [noHead]);
    expectBroken(await verifier.verify(noHead), 10, 'head_mismatch');

    // a valid event appended behind the head's back (the head still says 10)
    const stale = await chainOf10();
    const head = (await uow.run(stale, (tx) => log.head(tx)))!;
    await uow.run(stale, (tx) => log.append(tx, sampleInput()));
    await sql.query(`UPDATE audit_heads SET sequence = 10, hash = $2 WHERE tenant_id = $1`, [stale, head.hash]);
    const result = await verifier.verify(stale);
    expectBroken(result, 11, 'head_mismatch');
    expect(result.ok).toBe(false);
  });

  it('reports the first break when there are several', async () => {
    const tenant = await chainOf10();
    await tamper(ds, [
      [`UPDATE audit_events SET action = 'x' WHERE tenant_id = $1 AND sequence = 8`, [tenant]],
      [`DELETE FROM audit_events WHERE tenant_id = $1 AND sequence = 6`, [tenant]],
      [`UPDATE audit_events SET request_id = 'x' WHERE tenant_id = $1 AND sequence = 3`, [tenant]],
    ]);
    expectBroken(await verifier.verify(tenant, { batchSize: 2 }), 3, 'hash_mismatch');
  });

  it('verifies chains written by seedAuditChain (the seeder used by the scale test)', async () => {
    const tenant = newTenantId();
    const head = await seedAuditChain(superuserSql(ds), tenant, 1234, { batchSize: 500 });
    expect(await verifier.verify(tenant, { batchSize: 100 })).toMatchObject({ ok: true, count: 1234, head });
    // and the audit log continues it
    const next = await uow.run(tenant, (tx) => log.append(tx, sampleInput()));
    expect(next).toMatchObject({ sequence: 1235, prevHash: head.hash });
  });

  it('lists audited tenants as an operator (including a chain whose head was deleted); under RLS a tenant transaction sees only itself', async () => {
    const withHead = await chainOf10();
    const headless = await chainOf10();
    await superuserSql(ds).query(`DELETE FROM audit_heads WHERE tenant_id = $1`, [headless]);
    const listed = await listAuditedTenants(superuserSql(ds));
    expect(listed).toEqual(expect.arrayContaining([withHead, headless]));
    expect([...listed].sort()).toEqual(listed);
    expect(await uow.run(withHead, (tx) => listAuditedTenants(tx.sql))).toEqual([withHead]); // RLS: only its own
  });

  it('refuses a batch size outside 1..10000', async () => {
    await expect(verifier.verify(newTenantId(), { batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
