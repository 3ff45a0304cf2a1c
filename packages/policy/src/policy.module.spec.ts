import { Container } from 'inversify';
import { CachingPolicyDecisionPoint } from './caching-policy-decision-point.service.js';
import { InProcessPolicyDecisionPoint } from './in-process-policy-decision-point.service.js';
import { OpaPolicyDecisionPoint } from './opa-policy-decision-point.service.js';
import { POLICY_DECISION_POINT, POLICY_READINESS } from './policy-decision-point.port.js';
import type { PolicyDecisionPoint } from './policy-decision-point.port.js';
import { policyModule } from './policy.module.js';

function containerWith(options: Parameters<typeof policyModule>[0]): Container {
  const container = new Container();
  container.load(policyModule(options));
  return container;
}

describe(policyModule.name, () => {
  const TENANT = '0195f7a2-1c3d-7e4f-8a5b-6c7d8e9f0a1b';

  it('binds the in-process decision point by default, uncached and ready', async () => {
    const sut = containerWith({});
    const pdp = sut.get(POLICY_DECISION_POINT);
    expect(pdp).toBeInstanceOf(InProcessPolicyDecisionPoint);
    await expect(sut.get(POLICY_READINESS).readiness()).resolves.toMatchObject({ ok: true });
    const decision = await pdp.decide({
      subject: { id: 'u', tenantId: TENANT, roles: ['viewer'], clearance: 'internal', mfa: false },
      action: 'loop:read',
      resource: { type: 'loop', tenantId: TENANT },
    });
    expect(decision.allow).toBe(true);
  });

  it('binds OPA behind the cache when an OPA URL is given', () => {
    const sut = containerWith({ opaUrl: 'http://127.0.0.1:8181', timeoutMs: 250 });
    expect(sut.get(POLICY_DECISION_POINT)).toBeInstanceOf(CachingPolicyDecisionPoint);
    expect(sut.get(POLICY_READINESS)).toBeInstanceOf(OpaPolicyDecisionPoint);
  });

  it('binds OPA directly when the cache is disabled', () => {
    const sut = containerWith({ opaUrl: 'http://127.0.0.1:8181', cache: false });
    expect(sut.get(POLICY_DECISION_POINT)).toBeInstanceOf(OpaPolicyDecisionPoint);
  });

  it('caches the in-process decision point when asked to', () => {
    const sut = containerWith({ cache: { ttlMs: 500, maxEntries: 10 } });
    expect(sut.get(POLICY_DECISION_POINT)).toBeInstanceOf(CachingPolicyDecisionPoint);
  });

  it('fails at load time on bad options', () => {
    expect(() => policyModule({ opaUrl: 'http://127.0.0.1:8181', timeoutMs: -1 })).toThrow(RangeError);
    expect(() => policyModule({ cache: { ttlMs: 0 } })).toThrow(RangeError);
  });

  it('lets the application bind its own adapter to the token', async () => {
    const custom: PolicyDecisionPoint = { decide: () => Promise.resolve({ allow: false, reasons: ['custom'], obligations: [], policyVersion: 'x' }) };
    const sut = new Container();
    sut.bind(POLICY_DECISION_POINT).toConstantValue(custom);
    await expect(sut.get(POLICY_DECISION_POINT).decide({} as never)).resolves.toMatchObject({ reasons: ['custom'] });
  });
});
