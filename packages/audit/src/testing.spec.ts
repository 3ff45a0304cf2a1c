import type { TenantTransaction } from '@intelgraph/domain';
import { GENESIS_HASH, computeAuditHash } from './audit-hash.js';
import { InMemoryAuditLog } from './testing.js';

const tx = (tenantId: string): TenantTransaction => ({ tenantId }) as TenantTransaction;
const input = (action: string) => ({
  actor: { subject: 'user:a', roles: ['r'] },
  action,
  resourceType: 'task',
  resourceId: null,
  outcome: 'allowed' as const,
  decision: { allow: true, reasons: [], policyVersion: 'v1', decisionId: null },
  requestId: null,
  changes: {},
});

describe(InMemoryAuditLog.name, () => {
  it('chains per tenant with the same hash as the PostgreSQL adapter and pages by sequence', async () => {
    const log = new InMemoryAuditLog();
    const a = '0190f5c4-7a1b-7c3d-8e4f-00000000000a';
    const e1 = await log.append(tx(a), input('x'));
    const e2 = await log.append(tx(a), input('y'));
    await log.append(tx('0190f5c4-7a1b-7c3d-8e4f-00000000000b'), input('z'));
    expect([e1.sequence, e1.prevHash, e2.sequence, e2.prevHash]).toEqual([1, GENESIS_HASH, 2, e1.hash]);
    expect(computeAuditHash(e2)).toBe(e2.hash);
    expect(await log.head(tx(a))).toEqual({ sequence: 2, hash: e2.hash });
    const p1 = await log.query(tx(a), {}, { limit: 1 });
    expect(p1.items.map((e) => e.action)).toEqual(['y']);
    const p2 = await log.query(tx(a), {}, { limit: 1, cursor: p1.nextCursor });
    expect(p2).toEqual({ items: [e1], nextCursor: null });
    expect((await log.query(tx(a), { action: 'x', order: 'asc' }, {})).items).toEqual([e1]);
  });

  it('appendMany appends consecutive links, validating all inputs first', async () => {
    const log = new InMemoryAuditLog();
    const a = '0190f5c4-7a1b-7c3d-8e4f-00000000000a';
    await expect(log.appendMany(tx(a), [input('x'), input('')])).rejects.toThrow();
    expect(await log.head(tx(a))).toBeNull();
    const [e1, e2] = await log.appendMany(tx(a), [input('x'), input('y')]);
    expect([e1!.sequence, e1!.prevHash, e2!.sequence, e2!.prevHash]).toEqual([1, GENESIS_HASH, 2, e1!.hash]);
    expect(computeAuditHash(e2!)).toBe(e2!.hash);
    expect(await log.appendMany(tx(a), [])).toEqual([]);
  });
});
