import { AbacEngine } from '../src/abac-engine.service.js';
import { DEFAULT_POLICY_DATA } from '../src/policy-data.util.js';
import { POLICY_REASONS, POLICY_ROLES } from '../src/policy-vocabulary.types.js';
import { DECISION_VECTORS } from './decision-vectors.util.js';

describe(`${AbacEngine.name} against vectors/decisions.json`, () => {
  const sut = new AbacEngine();

  it('has at least 60 uniquely named vectors', () => {
    expect(DECISION_VECTORS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DECISION_VECTORS.map((v) => v.name)).size).toBe(DECISION_VECTORS.length);
  });

  it.each(DECISION_VECTORS.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const decision = sut.evaluate(vector.input);
    expect({ allow: decision.allow, reasons: decision.reasons }).toEqual({ allow: vector.expected.allow, reasons: vector.expected.reasons });
    if (vector.expected.obligations !== undefined) expect(decision.obligations).toEqual(vector.expected.obligations);
    expect(decision.policyVersion).toBe(DEFAULT_POLICY_DATA.policyVersion);
  });

  it('covers every role, allowed and denied', () => {
    for (const role of POLICY_ROLES) {
      const withRole = DECISION_VECTORS.filter((v) => v.input.subject.roles.includes(role));
      expect({ role, allowed: withRole.some((v) => v.expected.allow) }).toEqual({ role, allowed: true });
      expect({ role, denied: withRole.some((v) => !v.expected.allow) }).toEqual({ role, denied: true });
    }
  });

  it('covers every reason and every action', () => {
    const reasons = new Set(DECISION_VECTORS.flatMap((v) => v.expected.reasons));
    expect([...reasons].sort()).toEqual([...POLICY_REASONS].sort());
    const actions = new Set(DECISION_VECTORS.map((v) => v.input.action));
    for (const action of DEFAULT_POLICY_DATA.actions) expect({ action, covered: actions.has(action) }).toEqual({ action, covered: true });
  });

  it('covers both obligations', () => {
    const obligations = new Set(DECISION_VECTORS.flatMap((v) => v.expected.obligations ?? []));
    expect([...obligations].sort()).toEqual(['audit', 'mask_payload']);
  });
});
