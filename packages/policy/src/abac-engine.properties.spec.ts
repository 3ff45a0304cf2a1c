import fc from 'fast-check';
import { CLASSIFICATIONS } from '@intelgraph/domain';
import { AbacEngine } from './abac-engine.service.js';
import { DEFAULT_POLICY_DATA } from './policy-data.util.js';
import { POLICY_ACTIONS, POLICY_REASONS, POLICY_ROLES } from './policy-vocabulary.types.js';
import type { PolicyInput } from './policy.types.js';

const TENANTS = ['0195f7a2-1c3d-7e4f-8a5b-6c7d8e9f0a1b', '0195f7a2-9999-7e4f-8a5b-6c7d8e9f0a1b', DEFAULT_POLICY_DATA.platformTenantId];
const IDS = ['user-1', 'user-2', 'user-3', 'agent-7', 'agent-8'];
const ROLES = [...POLICY_ROLES, 'intruder'];
const platformActions = new Set(DEFAULT_POLICY_DATA.platformActions);
const governance = new Set(DEFAULT_POLICY_DATA.governanceActions);

const subjectArb = fc.record({
  id: fc.constantFrom(...IDS),
  tenantId: fc.constantFrom(...TENANTS),
  roles: fc.subarray(ROLES),
  clearance: fc.constantFrom(...CLASSIFICATIONS),
  mfa: fc.boolean(),
});

const resourceArb = fc.record(
  {
    type: fc.constantFrom('loop', 'agent', 'task', 'channel', 'tenant', 'audit'),
    id: fc.constantFrom('r-1', ''),
    tenantId: fc.constantFrom(...TENANTS),
    classification: fc.constantFrom(...CLASSIFICATIONS),
    assignee: fc.constantFrom(...IDS),
    members: fc.subarray(IDS),
  },
  { requiredKeys: ['type', 'tenantId'] },
);

const inputArb: fc.Arbitrary<PolicyInput> = fc.record(
  {
    subject: subjectArb,
    action: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...POLICY_ACTIONS) }, { weight: 1, arbitrary: fc.constantFrom('loop:explode', 'tenant:delete') }),
    resource: resourceArb,
    context: fc.record({ approvals: fc.subarray([...IDS, 'user-2']) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['subject', 'action', 'resource'] },
);

const RUNS = { numRuns: 3000 };

describe(`${AbacEngine.name} properties`, () => {
  const sut = new AbacEngine();

  it('never allows when the subject tenant differs from the resource tenant (platform actions: from the platform tenant)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const expected = platformActions.has(input.action) ? DEFAULT_POLICY_DATA.platformTenantId : input.resource.tenantId;
        fc.pre(input.subject.tenantId !== expected);
        const decision = sut.evaluate(input);
        return !decision.allow && decision.reasons.join() === 'tenant_mismatch';
      }),
      RUNS,
    );
  });

  it('never allows a cross-tenant request on a tenant resource, whatever the roles', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...POLICY_ACTIONS.filter((a) => !platformActions.has(a))), (input, action) => {
        fc.pre(input.subject.tenantId !== input.resource.tenantId);
        return !sut.evaluate({ ...input, action }).allow;
      }),
      RUNS,
    );
  });

  it('never turns an allow into a deny when a role is added (monotonic)', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...ROLES), (input, role) => {
        fc.pre(sut.evaluate(input).allow);
        const more = { ...input, subject: { ...input.subject, roles: [...input.subject.roles, role] } };
        return sut.evaluate(more).allow;
      }),
      RUNS,
    );
  });

  it('never turns a deny into an allow when MFA is removed', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        fc.pre(!sut.evaluate(input).allow);
        return !sut.evaluate({ ...input, subject: { ...input.subject, mfa: false } }).allow;
      }),
      RUNS,
    );
  });

  it('never allows a governance action without MFA', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...governance), (input, action) => {
        const decision = sut.evaluate({ ...input, action, subject: { ...input.subject, mfa: false } });
        return !decision.allow;
      }),
      RUNS,
    );
  });

  it('never turns an allow into a deny when approvals or clearance are added', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...IDS), (input, approver) => {
        fc.pre(sut.evaluate(input).allow);
        const approved = { ...input, context: { approvals: [...(input.context?.approvals ?? []), approver] } };
        const cleared = { ...input, subject: { ...input.subject, clearance: 'restricted' as const } };
        return sut.evaluate(approved).allow && sut.evaluate(cleared).allow;
      }),
      RUNS,
    );
  });

  it('always answers the decision shape: sorted unique known reasons, obligations only on allow', () => {
    const known = new Set<string>(POLICY_REASONS);
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = sut.evaluate(input);
        const sortedUnique = (xs: string[]) => xs.length === new Set(xs).size && xs.every((x, i) => i === 0 || (xs[i - 1] ?? '') < x);
        return (
          d.reasons.length > 0 &&
          sortedUnique(d.reasons) &&
          sortedUnique(d.obligations) &&
          d.reasons.every((r) => known.has(r)) &&
          (d.allow ? d.reasons.join() === 'role_permitted' && d.obligations.includes('audit') : d.obligations.length === 0 && !d.reasons.includes('role_permitted')) &&
          d.policyVersion === DEFAULT_POLICY_DATA.policyVersion
        );
      }),
      RUNS,
    );
  });
});
