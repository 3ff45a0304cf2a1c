import { AbacEngine } from './abac-engine.service.js';
import { DEFAULT_POLICY_DATA } from './policy-data.util.js';
import type { PolicyData } from './policy-data.util.js';
import type { PolicyInput } from './policy.types.js';

const TENANT = '0195f7a2-1c3d-7e4f-8a5b-6c7d8e9f0a1b';

function input(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    subject: { id: 'user-1', tenantId: TENANT, roles: ['operator'], clearance: 'restricted', mfa: true },
    action: 'loop:pause',
    resource: { type: 'loop', id: 'loop-1', tenantId: TENANT },
    ...overrides,
  };
}

describe(AbacEngine.name, () => {
  const sut = new AbacEngine();

  it('allows with role_permitted, the audit obligation and the policy version', () => {
    expect(sut.evaluate(input())).toEqual({ allow: true, reasons: ['role_permitted'], obligations: ['audit'], policyVersion: DEFAULT_POLICY_DATA.policyVersion });
  });

  it('denies with no obligations', () => {
    const decision = sut.evaluate(input({ action: 'audit:read' }));
    expect(decision).toEqual({ allow: false, reasons: ['role_not_permitted'], obligations: [], policyVersion: DEFAULT_POLICY_DATA.policyVersion });
  });

  it('treats an empty-string resource id as no id', () => {
    const subject = { id: 'agent-7', tenantId: TENANT, roles: ['agent'], clearance: 'restricted' as const, mfa: true };
    expect(sut.evaluate(input({ subject, action: 'task:read', resource: { type: 'task', id: '', tenantId: TENANT } })).allow).toBe(true);
    expect(sut.evaluate(input({ subject, action: 'task:read', resource: { type: 'task', id: 't1', tenantId: TENANT } })).reasons).toEqual(['not_assignee']);
  });

  it.each([
    ['no input at all', undefined, ['tenant_mismatch']],
    ['a subject without tenant', { subject: { id: 'u' }, action: 'loop:read', resource: { type: 'loop' } }, ['tenant_mismatch']],
    ['a non-string action', { ...input(), action: 42 }, ['unknown_action']],
    ['roles that are not an array', { ...input(), subject: { ...input().subject, roles: 'operator' } }, ['role_not_permitted']],
    ['an unknown classification', { ...input(), resource: { ...input().resource, classification: 'secret' } }, ['insufficient_clearance']],
    ['a null classification', { ...input(), resource: { ...input().resource, classification: null } }, ['insufficient_clearance']],
    ['an inherited role name', { ...input(), subject: { ...input().subject, roles: ['constructor', '__proto__'] } }, ['role_not_permitted']],
  ])('fails closed on malformed input: %s', (_label, raw, reasons) => {
    const decision = sut.evaluate(raw as unknown as PolicyInput);
    expect(decision.allow).toBe(false);
    expect(decision.reasons).toEqual(reasons);
  });

  it('decides from its data document, not from constants', () => {
    const data: PolicyData = { ...DEFAULT_POLICY_DATA, policyVersion: 'test-1', roles: { ...DEFAULT_POLICY_DATA.roles, operator: ['audit:read'] } };
    const custom = new AbacEngine(data);
    expect(custom.evaluate(input({ action: 'audit:read' }))).toMatchObject({ allow: true, policyVersion: 'test-1' });
    expect(custom.evaluate(input()).reasons).toEqual(['role_not_permitted']);
  });

  it('honours a different dual-control threshold from data', () => {
    const custom = new AbacEngine({ ...DEFAULT_POLICY_DATA, dualControlMinApprovers: 1 });
    const purge = input({ action: 'tenant:purge', subject: { ...input().subject, roles: ['tenant_admin'] }, context: { approvals: ['user-2'] } });
    expect(custom.evaluate(purge).allow).toBe(true);
    expect(sut.evaluate(purge).reasons).toEqual(['dual_control_required']);
  });
});
