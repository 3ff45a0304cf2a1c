import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY_DATA, POLICY_DATA_DOCUMENT } from '../src/policy-data.util.js';
import { POLICY_ACTIONS, POLICY_REASONS, POLICY_ROLES } from '../src/policy-vocabulary.types.js';
import { DECISION_VECTORS } from './decision-vectors.util.js';

const regoDir = join(__dirname, '..', 'rego');
const policy = readFileSync(join(regoDir, 'abac.rego'), 'utf8');
const tests = readFileSync(join(regoDir, 'abac_test.rego'), 'utf8');
const data = DEFAULT_POLICY_DATA;

/** Names of the rules a Rego module defines (identifiers starting a line at column 0). */
function ruleNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/^(?:default\s+)?([a-z_][a-z0-9_]*)\b(?!\.)/gm)) {
    const name = match[1] ?? '';
    if (!['package', 'import'].includes(name)) names.add(name);
  }
  return names;
}

/** Top-level lines that open a body; Rego v1 needs `if` before every rule body. */
function bodyOpeningLines(source: string): string[] {
  return source.split('\n').filter((line) => /^[a-z_]/.test(line) && line.trimEnd().endsWith('{'));
}

describe('rego pack', () => {
  it('is a Rego v1 module of package intelgraph.abac', () => {
    expect(policy).toMatch(/^package intelgraph\.abac$/m);
    expect(policy).toMatch(/^import rego\.v1$/m);
    expect(tests).toMatch(/^package intelgraph\.abac_test$/m);
    expect(tests).toMatch(/^import rego\.v1$/m);
  });

  it('uses no v0 rule syntax (every rule body is opened by `if`)', () => {
    for (const source of [policy, tests]) {
      const offending = bodyOpeningLines(source).filter((line) => !/ if \{$/.test(line) && !/:= \{$/.test(line));
      expect(offending).toEqual([]);
      expect(source).not.toMatch(/^[a-z_][a-z0-9_]*\[[^\]]*\]\s*(\{|if)/m);
    }
  });

  it('names no rule like a key of data.json (both live at data.intelgraph.abac)', () => {
    const clashes = [...ruleNames(policy)].filter((name) => Object.hasOwn(data, name));
    expect(clashes).toEqual([]);
  });

  it('reads every table of data.json', () => {
    const unused = Object.keys(data).filter((key) => !policy.includes(`data.intelgraph.abac.${key}`));
    expect(unused).toEqual([]);
  });

  it('produces exactly the reasons of the TypeScript vocabulary', () => {
    const produced = new Set([...policy.matchAll(/(?:contains |:= \[)"([a-z_]+)"/g)].map((m) => m[1]));
    expect([...produced].sort()).toEqual([...POLICY_REASONS].sort());
  });

  it('has Rego unit tests naming every reason and every role', () => {
    for (const reason of POLICY_REASONS) expect({ reason, tested: tests.includes(`"${reason}"`) }).toEqual({ reason, tested: true });
    for (const role of POLICY_ROLES) expect({ role, tested: tests.includes(`"${role}"`) }).toEqual({ role, tested: true });
    expect(tests.match(/^test_[a-z0-9_]+ if \{$/gm)?.length ?? 0).toBeGreaterThanOrEqual(30);
  });
});

describe('data.json', () => {
  it('is shaped for OPA as data.intelgraph.abac', () => {
    expect(Object.keys(POLICY_DATA_DOCUMENT as object)).toEqual(['intelgraph']);
    expect(data.policyVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
  });

  it('lists exactly the action vocabulary, once each', () => {
    expect([...data.actions].sort()).toEqual([...POLICY_ACTIONS].sort());
    expect(new Set(data.actions).size).toBe(data.actions.length);
  });

  it('only names known actions in its tables', () => {
    const known = new Set(data.actions);
    const named = [
      ...Object.values(data.roles).flat(),
      ...data.platformActions,
      ...data.governanceActions,
      ...data.destructiveActions,
      ...data.agentScope.assigneeActions,
      ...data.agentScope.assigneeActionsWithResourceId,
      ...data.agentScope.memberActions,
      ...data.agentScope.memberActionsWithResourceId,
      ...data.obligationRules.maskPayload.actions,
    ];
    expect(named.filter((action) => !known.has(action))).toEqual([]);
  });

  it('keeps destructive and platform actions governance actions', () => {
    const governance = new Set(data.governanceActions);
    expect([...data.destructiveActions, ...data.platformActions].filter((a) => !governance.has(a))).toEqual([]);
  });

  it('grants platform actions to platform_admin only, and everything else to tenant_admin', () => {
    const platform = new Set(data.platformActions);
    for (const [role, actions] of Object.entries(data.roles)) {
      const platformGrants = actions.filter((a) => platform.has(a));
      expect({ role, platformGrants }).toEqual({ role, platformGrants: role === 'platform_admin' ? [...data.platformActions] : [] });
    }
    expect([...(data.roles['tenant_admin'] ?? [])].sort()).toEqual(data.actions.filter((a) => !platform.has(a)).sort());
  });

  it('defines exactly the roles of the TypeScript vocabulary, each with at least one vector', () => {
    expect(Object.keys(data.roles).sort()).toEqual([...POLICY_ROLES].sort());
    for (const role of Object.keys(data.roles)) {
      expect({ role, vectors: DECISION_VECTORS.some((v) => v.input.subject.roles.includes(role)) }).toEqual({ role, vectors: true });
    }
  });

  it('ranks the classifications public < internal < confidential < restricted', () => {
    const r = data.classificationRanks;
    expect([r['public'], r['internal'], r['confidential'], r['restricted']]).toEqual([0, 1, 2, 3]);
    expect(data.defaultClassification).toBe('internal');
  });
});
