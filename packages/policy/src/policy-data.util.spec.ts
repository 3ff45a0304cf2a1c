import { DEFAULT_POLICY_DATA, POLICY_DATA_DOCUMENT, parsePolicyData } from './policy-data.util.js';

function documentWith(patch: Record<string, unknown>): unknown {
  const abac = (POLICY_DATA_DOCUMENT as { intelgraph: { abac: Record<string, unknown> } }).intelgraph.abac;
  return { intelgraph: { abac: { ...abac, ...patch } } };
}

describe(parsePolicyData.name, () => {
  it('parses the shipped data document', () => {
    const sut = parsePolicyData(POLICY_DATA_DOCUMENT);
    expect(sut).toEqual(DEFAULT_POLICY_DATA);
    expect(sut.actions.length).toBe(59);
  });

  it.each([
    ['a missing intelgraph key', {}, /document|intelgraph/],
    ['a non-string policy version', documentWith({ policyVersion: 3 }), /policyVersion/],
    ['a role mapped to a string', documentWith({ roles: { viewer: 'loop:read' } }), /roles\.viewer/],
    ['a negative approver count', documentWith({ dualControlMinApprovers: -1 }), /dualControlMinApprovers/],
    ['a missing agent scope', documentWith({ agentScope: undefined }), /agentScope/],
  ])('rejects %s', (_label, doc, message) => {
    expect(() => parsePolicyData(doc)).toThrow(message);
  });

  it('returns frozen data', () => {
    expect(Object.isFrozen(DEFAULT_POLICY_DATA)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY_DATA.roles)).toBe(true);
  });
});
