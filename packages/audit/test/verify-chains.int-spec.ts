import { TypeOrmTenantUnitOfWork } from '@intelgraph/persistence';
import { databaseTargets, newTenantId, openTestDataSource } from '@intelgraph/persistence/testing';
import type { DataSource } from 'typeorm';
import { AuditChainVerifier, PostgresAuditLog, verifyChains } from '../src/index.js';
import { sampleInput, superuserSql, tamper } from './support.js';

describe.each(databaseTargets())(`${verifyChains.name} (what tools/audit/verify runs) on $name`, (target) => {
  let ds: DataSource;
  let uow: TypeOrmTenantUnitOfWork;
  let verifier: AuditChainVerifier;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    ds = await openTestDataSource(target);
    uow = new TypeOrmTenantUnitOfWork(ds);
    verifier = new AuditChainVerifier(uow, { batchSize: 2 });
    const log = new PostgresAuditLog();
    good = newTenantId();
    bad = newTenantId();
    for (const t of [good, bad]) for (let i = 0; i < 5; i++) await uow.run(t, (tx) => log.append(tx, sampleInput({ requestId: `r${i}` })));
    await tamper(ds, [[`DELETE FROM audit_events WHERE tenant_id = $1 AND sequence = 3`, [bad]]]);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  const run = async (tenants: string[], operator = superuserSql(ds)) => {
    const out: string[] = [];
    const err: string[] = [];
    const report = await verifyChains({ verifier, tenants, operator, out: (l) => out.push(l), err: (l) => err.push(l), progressEvery: 2 });
    return { ...report, out: out.join('\n'), err: err.join('\n') };
  };

  it('exits 0 for intact chains, with progress and a line per tenant', async () => {
    const r = await run([good]);
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain(`[1/1] verifying tenant ${good}`);
    expect(r.out).toContain('4 / 5 events verified');
    expect(r.out).toContain(`OK      tenant ${good}: 5 events, head 5 `);
    expect(r.err).toBe('');
  });

  it('exits 1 naming the tenant, sequence and reason of a break', async () => {
    const r = await run([good, bad]);
    expect(r.exitCode).toBe(1);
    expect(r.err).toContain(`BROKEN  tenant ${bad} at sequence 3: missing_row`);
    expect(r.err).toContain(`1 of 2 chain(s) BROKEN`);
    expect(r.err).toContain(`tenant ${bad}: sequence 3, missing_row`);
    expect(r.out).toContain(`OK      tenant ${good}`);
  });

  it('verifies every audited tenant when none is named (operator listing as the superuser)', async () => {
    const r = await run([]);
    expect(r.out).toMatch(/verifying \d+ tenant chain\(s\)/);
    expect(r.out).toContain(`OK      tenant ${good}`);
    expect(r.err).toContain(`BROKEN  tenant ${bad} at sequence 3`);
    expect(r.exitCode).toBe(1);
  }, 120_000);

  it('exits 2 when row-level security hides every chain from the listing role', async () => {
    // the listing runs inside a tenant transaction of a tenant without a chain: as the app role, RLS hides all
    const r = await uow.run(newTenantId(), (tx) => run([], tx.sql));
    expect(r.exitCode).toBe(2);
    expect(r.err).toMatch(/row-level security hides them/);
  });
});
