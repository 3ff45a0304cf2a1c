import { TypeOrmTenantUnitOfWork } from '@intelgraph/persistence';
import { databaseTargets, newTenantId, openTestDataSource } from '@intelgraph/persistence/testing';
import type { DataSource } from 'typeorm';
import { AuditChainVerifier, PostgresAuditLog } from '../src/index.js';
import { rows, sampleInput, tamper } from './support.js';

const PERMISSION_DENIED = /permission denied for (table|relation) audit_events/;
const TRIGGER_REFUSED = (op: string): RegExp => new RegExp(`audit_events is append-only: ${op} refused`);

describe.each(databaseTargets())('audit_events append-only on $name', (target) => {
  let ds: DataSource;
  let uow: TypeOrmTenantUnitOfWork;
  const log = new PostgresAuditLog();
  let tenant: string;

  beforeAll(async () => {
    ds = await openTestDataSource(target);
    uow = new TypeOrmTenantUnitOfWork(ds);
    tenant = newTenantId();
    for (let i = 0; i < 3; i++) await uow.run(tenant, (tx) => log.append(tx, sampleInput({ requestId: `r${i}` })));
  });
  afterAll(async () => {
    await ds.destroy();
  });

  /** Runs `sql` as the superuser in a transaction that is always rolled back; returns the error. */
  const asSuperuser = async (sql: string, params: unknown[] = []): Promise<unknown> => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('BEGIN');
      try {
        await qr.query(sql, params);
        return null;
      } catch (error) {
        return error;
      } finally {
        await qr.query('ROLLBACK');
      }
    } finally {
      await qr.release();
    }
  };

  it('the app role may not UPDATE, DELETE or TRUNCATE audit rows (permission denied)', async () => {
    await expect(uow.run(tenant, (tx) => tx.sql.query(`UPDATE audit_events SET action = 'forged' WHERE tenant_id = $1`, [tenant]))).rejects.toThrow(
      PERMISSION_DENIED,
    );
    await expect(uow.run(tenant, (tx) => tx.sql.query(`DELETE FROM audit_events WHERE tenant_id = $1`, [tenant]))).rejects.toThrow(PERMISSION_DENIED);
    await expect(uow.run(tenant, (tx) => tx.sql.query(`TRUNCATE audit_events`))).rejects.toThrow(PERMISSION_DENIED);
    await expect(uow.run(tenant, (tx) => tx.sql.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`))).rejects.toThrow(
      /must be owner/,
    );
  });

  it('even the superuser is refused by the trigger', async () => {
    const [su] = await rows<{ rolsuper: boolean }>(ds, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(su?.rolsuper).toBe(true);
    expect(String(await asSuperuser(`UPDATE audit_events SET action = 'forged' WHERE tenant_id = $1`, [tenant]))).toMatch(TRIGGER_REFUSED('UPDATE'));
    expect(String(await asSuperuser(`DELETE FROM audit_events WHERE tenant_id = $1 AND sequence = 2`, [tenant]))).toMatch(TRIGGER_REFUSED('DELETE'));
    expect(String(await asSuperuser(`TRUNCATE audit_events`))).toMatch(TRIGGER_REFUSED('TRUNCATE'));
    const [row] = await rows<{ n: number; forged: number }>(ds, `SELECT count(*)::int AS n, count(*) FILTER (WHERE action = 'forged')::int AS forged FROM audit_events WHERE tenant_id = $1`, [tenant]);
    expect(row).toEqual({ n: 3, forged: 0 });
  });

  it('the superuser can change rows only after disabling the trigger, and the verifier then names the row', async () => {
    await tamper(ds, [[`UPDATE audit_events SET action = 'forged' WHERE tenant_id = $1 AND sequence = 2`, [tenant]]]);
    const triggers = await rows<{ tgenabled: string }>(ds, `SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_events_append_only'`);
    expect(triggers.map((t) => t.tgenabled)).toEqual(['O']); // re-enabled in the same transaction
    expect(await new AuditChainVerifier(uow).verify(tenant)).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash_mismatch' });
  });
});
