import type { Clock } from '@intelgraph/domain';
import { UnavailableError } from '@intelgraph/domain';
import { CachingPolicyDecisionPoint } from './caching-policy-decision-point.service.js';
import type { PolicyDecisionPoint } from './policy-decision-point.port.js';
import type { PolicyDecision, PolicyInput } from './policy.types.js';

const TENANT = '0195f7a2-1c3d-7e4f-8a5b-6c7d8e9f0a1b';

function input(overrides: { id?: string; roles?: string[]; mfa?: boolean; approvals?: string[]; resourceId?: string } = {}): PolicyInput {
  const base: PolicyInput = {
    subject: { id: overrides.id ?? 'user-1', tenantId: TENANT, roles: overrides.roles ?? ['operator'], clearance: 'internal', mfa: overrides.mfa ?? true },
    action: 'loop:retire',
    resource: { type: 'loop', id: overrides.resourceId ?? 'loop-1', tenantId: TENANT },
  };
  return overrides.approvals === undefined ? base : { ...base, context: { approvals: overrides.approvals } };
}

class FakeClock implements Clock {
  ms = 1_000_000;
  now(): Date {
    return new Date(this.ms);
  }
}

/** Inner decision point that answers with a decision naming its call number. */
function countingInner(): PolicyDecisionPoint & { calls: PolicyInput[] } {
  const calls: PolicyInput[] = [];
  return {
    calls,
    decide(i: PolicyInput): Promise<PolicyDecision> {
      calls.push(i);
      return Promise.resolve({ allow: i.subject.mfa, reasons: [i.subject.mfa ? 'role_permitted' : 'mfa_required'], obligations: [], policyVersion: `call-${calls.length}` });
    },
  };
}

describe(CachingPolicyDecisionPoint.name, () => {
  let clock: FakeClock;
  let inner: ReturnType<typeof countingInner>;

  beforeEach(() => {
    clock = new FakeClock();
    inner = countingInner();
  });

  it('answers a repeated input from the cache and counts hits and misses', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    const first = await sut.decide(input());
    const second = await sut.decide(input());
    expect(second).toEqual(first);
    expect(inner.calls).toHaveLength(1);
    expect(sut.stats()).toEqual({ hits: 1, misses: 1, evictions: 0, size: 1 });
    expect([sut.hits, sut.misses]).toEqual([1, 1]);
  });

  it('expires entries after the TTL (default 1 s)', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    await sut.decide(input());
    clock.ms += 999;
    expect((await sut.decide(input())).policyVersion).toBe('call-1');
    clock.ms += 1;
    expect((await sut.decide(input())).policyVersion).toBe('call-2');
    expect(inner.calls).toHaveLength(2);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock, maxEntries: 2 });
    await sut.decide(input({ resourceId: 'a' }));
    await sut.decide(input({ resourceId: 'b' }));
    await sut.decide(input({ resourceId: 'a' })); // a is now most recently used
    await sut.decide(input({ resourceId: 'c' })); // evicts b
    expect(sut.stats()).toEqual({ hits: 1, misses: 3, evictions: 1, size: 2 });
    await sut.decide(input({ resourceId: 'a' }));
    expect(inner.calls).toHaveLength(3);
    await sut.decide(input({ resourceId: 'b' }));
    expect(inner.calls).toHaveLength(4);
  });

  it.each([
    ['MFA', input({ mfa: false })],
    ['roles', input({ roles: ['operator', 'viewer'] })],
    ['approvals', input({ approvals: ['user-2', 'user-3'] })],
    ['subject', input({ id: 'user-9' })],
    ['resource id', input({ resourceId: 'loop-2' })],
  ])('never shares an entry between inputs differing in %s', async (_label, other) => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    const a = await sut.decide(input());
    const b = await sut.decide(other);
    expect(inner.calls).toEqual([input(), other]);
    expect(b.policyVersion).not.toBe(a.policyVersion);
    expect(sut.hits).toBe(0);
  });

  it('shares an entry between inputs differing only in the order of roles, members or approvals, never across a decisive field', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    const full = (o: { roles?: string[]; members?: string[]; approvals?: string[] } = {}): PolicyInput => ({
      subject: { id: 'user-1', tenantId: TENANT, roles: o.roles ?? ['operator', 'viewer'], clearance: 'internal', mfa: true },
      action: 'channel:post',
      resource: { type: 'channel', id: 'ch-1', tenantId: TENANT, classification: 'internal', assignee: 'agent-1', members: o.members ?? ['a', 'b'] },
      context: { approvals: o.approvals ?? ['user-2', 'user-3'] },
    });
    await sut.decide(full());
    await sut.decide(full({ roles: ['viewer', 'operator'], members: ['b', 'a'], approvals: ['user-3', 'user-2'] }));
    expect(sut.stats()).toMatchObject({ hits: 1, misses: 1, size: 1 });

    const base = full();
    const variants: PolicyInput[] = [
      { ...base, subject: { ...base.subject, tenantId: 'other-tenant' } },
      { ...base, subject: { ...base.subject, id: 'user-9' } },
      { ...base, subject: { ...base.subject, roles: ['operator'] } },
      { ...base, subject: { ...base.subject, clearance: 'restricted' } },
      { ...base, subject: { ...base.subject, mfa: false } },
      { ...base, action: 'channel:read' },
      { ...base, resource: { ...base.resource, type: 'task' } },
      { ...base, resource: { ...base.resource, tenantId: 'other-tenant' } },
      { ...base, resource: { ...base.resource, id: 'ch-2' } },
      { ...base, resource: { type: 'channel', tenantId: TENANT, classification: 'internal', assignee: 'agent-1', members: ['a', 'b'] } },
      { ...base, resource: { ...base.resource, classification: 'confidential' } },
      { ...base, resource: { type: 'channel', id: 'ch-1', tenantId: TENANT, assignee: 'agent-1', members: ['a', 'b'] } },
      { ...base, resource: { ...base.resource, assignee: 'agent-2' } },
      { ...base, resource: { ...base.resource, members: ['a'] } },
      { ...base, resource: { ...base.resource, members: [] } },
      { ...base, context: { approvals: ['user-2'] } },
      { ...base, context: {} },
    ];
    for (const variant of variants) await sut.decide(variant);
    expect(sut.stats()).toMatchObject({ hits: 1, misses: 1 + variants.length, size: 1 + variants.length });
  });

  it('keeps inputs apart whose fields hold separator-like text or values of unexpected types', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    const base = input();
    const variants: PolicyInput[] = [
      base,
      { ...base, subject: { ...base.subject, id: '1:a', roles: ['b'] } },
      { ...base, subject: { ...base.subject, id: '1', roles: ['a1:b'] } },
      { ...base, subject: { ...base.subject, id: '1:a1[1:b', roles: [] } },
      { ...base, resource: { ...base.resource, id: '-' } },
      { ...base, resource: { ...base.resource, id: '' } },
      { ...base, resource: { type: 'loop', tenantId: TENANT } },
      { ...base, resource: { ...base.resource, classification: null } as unknown as PolicyInput['resource'] },
      { ...base, resource: { ...base.resource, classification: undefined } as unknown as PolicyInput['resource'] },
    ];
    for (const variant of variants) await sut.decide(variant);
    expect(sut.stats()).toMatchObject({ hits: 1, misses: variants.length - 1, size: variants.length - 1 }); // the last one is the first one
    expect(inner.calls).toEqual(variants.slice(0, -1));
  });

  it('does not cache failures', async () => {
    let fail = true;
    const flaky: PolicyDecisionPoint = {
      decide: async (i) => {
        if (fail) throw new UnavailableError('opa', 'down');
        return inner.decide(i);
      },
    };
    const sut = new CachingPolicyDecisionPoint(flaky, { clock });
    await expect(sut.decide(input())).rejects.toThrow(UnavailableError);
    fail = false;
    await expect(sut.decide(input())).resolves.toMatchObject({ allow: true });
    expect(sut.stats()).toMatchObject({ hits: 0, misses: 2, size: 1 });
  });

  it('hands out copies, so a caller cannot alter a cached decision', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    const first = await sut.decide(input());
    first.reasons.push('tampered');
    const again = await sut.decide(input());
    again.obligations.push('tampered');
    expect(await sut.decide(input())).toEqual({ allow: true, reasons: ['role_permitted'], obligations: [], policyVersion: 'call-1' });
  });

  it('clear() empties the cache', async () => {
    const sut = new CachingPolicyDecisionPoint(inner, { clock });
    await sut.decide(input());
    sut.clear();
    await sut.decide(input());
    expect(inner.calls).toHaveLength(2);
  });

  it('rejects nonsensical options', () => {
    expect(() => new CachingPolicyDecisionPoint(inner, { ttlMs: 0 })).toThrow(RangeError);
    expect(() => new CachingPolicyDecisionPoint(inner, { maxEntries: 0 })).toThrow(RangeError);
    expect(() => new CachingPolicyDecisionPoint(inner, { maxEntries: 1.5 })).toThrow(RangeError);
  });
});
