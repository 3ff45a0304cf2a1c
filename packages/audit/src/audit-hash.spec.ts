import type { AuditEvent } from '@intelgraph/domain';
import { GENESIS_HASH, auditHashPayload, computeAuditHash, truncateToMillis } from './audit-hash.js';

const base: Omit<AuditEvent, 'hash'> = {
  tenantId: '0190f5c4-7a1b-7c3d-8e4f-123456789abc',
  sequence: 1,
  id: '0190f5c4-7a1b-7c3d-8e4f-000000000001',
  occurredAt: new Date('2026-01-02T03:04:05.678Z'),
  actor: { subject: 'user:alice', roles: ['operator', 'admin'] },
  action: 'task.update',
  resourceType: 'task',
  resourceId: 'task-1',
  outcome: 'allowed',
  decision: { allow: true, reasons: ['role operator'], policyVersion: 'v3', decisionId: 'd-1' },
  requestId: 'req-1',
  changes: { status: { from: 'queued', to: 'claimed' }, n: 1 },
  prevHash: GENESIS_HASH,
};

// Independently computed: sha256 of the sorted-key, no-whitespace JSON of `base` (python json.dumps(sort_keys=True)).
const PINNED = '041dded0c09b0498a2b4006373bbe243af4ff9f3fbb91d1bf5a271544d0fa77f';

describe(computeAuditHash.name, () => {
  it('is a 64-char lowercase hex SHA-256, stable across calls and key order', () => {
    const h = computeAuditHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash({ ...base })).toBe(h);
    const reordered: Omit<AuditEvent, 'hash'> = {
      prevHash: base.prevHash,
      changes: { n: 1, status: { to: 'claimed', from: 'queued' } },
      requestId: base.requestId,
      decision: { decisionId: 'd-1', policyVersion: 'v3', reasons: ['role operator'], allow: true },
      outcome: base.outcome,
      resourceId: base.resourceId,
      resourceType: base.resourceType,
      action: base.action,
      actor: { roles: ['operator', 'admin'], subject: 'user:alice' },
      occurredAt: new Date(base.occurredAt.getTime()),
      id: base.id,
      sequence: base.sequence,
      tenantId: base.tenantId,
    };
    expect(computeAuditHash(reordered)).toBe(h);
  });

  it('pins the format: the same event hashes to the same known digest', () => {
    // Changing this value means every stored chain stops verifying.
    expect(computeAuditHash(base)).toBe(PINNED);
    expect(Object.keys(auditHashPayload(base)).sort()).toEqual(
      ['action', 'actor', 'changes', 'decision', 'id', 'occurredAt', 'outcome', 'prevHash', 'requestId', 'resourceId', 'resourceType', 'sequence', 'tenantId'].sort(),
    );
    expect(auditHashPayload(base)['occurredAt']).toBe('2026-01-02T03:04:05.678Z');
  });

  const variants: Array<[string, Partial<Omit<AuditEvent, 'hash'>>]> = [
    ['tenantId', { tenantId: '0190f5c4-7a1b-7c3d-8e4f-123456789abd' }],
    ['sequence', { sequence: 2 }],
    ['id', { id: '0190f5c4-7a1b-7c3d-8e4f-000000000002' }],
    ['occurredAt', { occurredAt: new Date('2026-01-02T03:04:05.679Z') }],
    ['actor.subject', { actor: { subject: 'user:bob', roles: ['operator', 'admin'] } }],
    ['actor.roles', { actor: { subject: 'user:alice', roles: ['operator'] } }],
    ['actor.roles order', { actor: { subject: 'user:alice', roles: ['admin', 'operator'] } }],
    ['action', { action: 'task.delete' }],
    ['resourceType', { resourceType: 'loop' }],
    ['resourceId', { resourceId: null }],
    ['outcome', { outcome: 'denied' }],
    ['decision.allow', { decision: { ...base.decision, allow: false } }],
    ['decision.reasons', { decision: { ...base.decision, reasons: [] } }],
    ['decision.policyVersion', { decision: { ...base.decision, policyVersion: 'v4' } }],
    ['decision.decisionId', { decision: { ...base.decision, decisionId: null } }],
    ['requestId', { requestId: null }],
    ['changes', { changes: { status: { from: 'queued', to: 'failed' }, n: 1 } }],
    ['changes (number)', { changes: { status: { from: 'queued', to: 'claimed' }, n: 2 } }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
  ];
  it.each(variants)('changes when %s changes', (_field, patch) => {
    expect(computeAuditHash({ ...base, ...patch })).not.toBe(computeAuditHash(base));
  });

  it('covers occurredAt at millisecond precision only', () => {
    expect(truncateToMillis(new Date(1_700_000_000_123.9)).getTime()).toBe(1_700_000_000_123);
    expect(computeAuditHash({ ...base, occurredAt: new Date(base.occurredAt.getTime()) })).toBe(computeAuditHash(base));
  });

  it('does not depend on extra, non-chain properties such as a stored hash', () => {
    expect(computeAuditHash({ ...base, hash: 'x' } as AuditEvent)).toBe(computeAuditHash(base));
  });
});
