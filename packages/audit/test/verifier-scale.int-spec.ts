import { TypeOrmTenantUnitOfWork } from '@intelgraph/persistence';
import { databaseTargets, newTenantId, openTestDataSource } from '@intelgraph/persistence/testing';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DataSource } from 'typeorm';
import { AuditChainVerifier } from '../src/index.js';
import { seedAuditChain } from '../src/testing.js';
import { superuserSql, tamper } from './support.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BATCH = 1000;
const HEAP_BOUND = 50 * 1024 * 1024;

describe.each(databaseTargets())('AuditChainVerifier at scale on $name', (target) => {
  // Embedded PGlite (wasm, one backend) takes ~60 s for 100k (seed + two walks), too slow for every
  // run: it verifies 25k unless AUDIT_EMBEDDED_SCALE says otherwise. PostgreSQL always does 100k.
  const count = target.name === 'postgres' ? 100_000 : Number(process.env['AUDIT_EMBEDDED_SCALE'] ?? 25_000);
  const reduced = count < 100_000 ? ' (reduced from 100,000 on embedded PGlite for speed)' : '';
  let ds: DataSource;
  let verifier: AuditChainVerifier;
  let tenant: string;

  beforeAll(async () => {
    ds = await openTestDataSource(target);
    verifier = new AuditChainVerifier(new TypeOrmTenantUnitOfWork(ds), { batchSize: BATCH });
    tenant = newTenantId();
    const t0 = performance.now();
    await seedAuditChain(superuserSql(ds), tenant, count, { batchSize: 5000 });
    console.log(`[audit scale on ${target.name}] seeded ${count} events in ${Math.round(performance.now() - t0)} ms`);
  }, 600_000);
  afterAll(async () => {
    // the shared test database keeps no 100k-row chain around (operator clean-up, trigger disabled)
    await tamper(ds, [
      [`DELETE FROM audit_events WHERE tenant_id = $1`, [tenant]],
      [`DELETE FROM audit_heads WHERE tenant_id = $1`, [tenant]],
    ]).catch(() => undefined);
    await ds.destroy();
  });

  it(`verifies ${count.toLocaleString('en')} events in constant memory (never more than one batch of ${BATCH} rows, heap growth < 50 MB)${reduced}`, async () => {
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let progressCalls = 0;
    const t0 = performance.now();
    const result = await verifier.verify(tenant, {
      onProgress: () => {
        progressCalls++;
        if (progressCalls % 5 === 0) gc(); // measure what is retained, not garbage awaiting collection
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      },
    });
    const ms = Math.round(performance.now() - t0);
    console.log(`[audit scale on ${target.name}] verified ${count} events in ${ms} ms, peak heap growth ${(peak / 1048576).toFixed(1)} MB`, result.stats);
    expect(result).toMatchObject({ ok: true, count, head: { sequence: count } });
    expect(result.stats.maxRowsHeld).toBeLessThanOrEqual(BATCH);
    expect(result.stats.rowsRead).toBe(count);
    expect(result.stats.batches).toBe(Math.floor(count / BATCH) + 1);
    expect(peak).toBeLessThan(HEAP_BOUND);
  }, 600_000);

  it('finds a change near the end of the large chain at its exact sequence', async () => {
    const at = count - 17;
    await tamper(ds, [[`UPDATE audit_events SET request_id = 'tampered' WHERE tenant_id = $1 AND sequence = $2`, [tenant, at]]]);
    const result = await verifier.verify(tenant);
    expect(result).toMatchObject({ ok: false, brokenAt: at, reason: 'hash_mismatch', count: at - 1 });
    expect(result.stats.maxRowsHeld).toBeLessThanOrEqual(BATCH);
  }, 600_000);
});
