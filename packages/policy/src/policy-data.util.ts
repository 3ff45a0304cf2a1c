import document from '../rego/data.json' with { type: 'json' };

/** Which agent-role requests are narrowed to the agent's own tasks and channels. */
export interface AgentScopeData {
  /** The restricted role (`agent`); restrictions apply only when it is the sole granting role. */
  readonly role: string;
  /** Actions that always require `resource.assignee == subject.id`. */
  readonly assigneeActions: readonly string[];
  /** Actions that require it when the resource has an id. */
  readonly assigneeActionsWithResourceId: readonly string[];
  /** Actions that always require `subject.id` in `resource.members`. */
  readonly memberActions: readonly string[];
  /** Actions that require it when the resource has an id. */
  readonly memberActionsWithResourceId: readonly string[];
}

/** When allowed decisions carry obligations. */
export interface ObligationRulesData {
  /** Obligations of every allow. */
  readonly onAllow: readonly string[];
  /** Payload masking: added when every granting role is one of `roles`, for `actions` on `classifications`. */
  readonly maskPayload: {
    readonly obligation: string;
    readonly roles: readonly string[];
    readonly actions: readonly string[];
    readonly classifications: readonly string[];
  };
}

/** The policy data document, `data.intelgraph.abac` in OPA; both engines decide from it. */
export interface PolicyData {
  readonly policyVersion: string;
  readonly actions: readonly string[];
  readonly platformActions: readonly string[];
  readonly platformTenantId: string;
  readonly governanceActions: readonly string[];
  readonly destructiveActions: readonly string[];
  readonly dualControlMinApprovers: number;
  readonly classificationRanks: Readonly<Record<string, number>>;
  readonly defaultClassification: string;
  readonly roles: Readonly<Record<string, readonly string[]>>;
  readonly agentScope: AgentScopeData;
  readonly obligationRules: ObligationRulesData;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown, path: string): Obj {
  if (!isObj(value)) throw new TypeError(`policy data: ${path} must be an object`);
  return value;
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`policy data: ${path} must be a non-empty string`);
  return value;
}

function strs(value: unknown, path: string): readonly string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new TypeError(`policy data: ${path} must be an array of strings`);
  }
  return Object.freeze([...(value as string[])]);
}

function int(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new TypeError(`policy data: ${path} must be a non-negative integer`);
  return value;
}

function record<T>(value: unknown, path: string, each: (v: unknown, p: string) => T): Readonly<Record<string, T>> {
  const source = obj(value, path);
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const [key, v] of Object.entries(source)) out[key] = each(v, `${path}.${key}`);
  return Object.freeze(out);
}

/**
 * Validates a full OPA data document (`{ "intelgraph": { "abac": { ... } } }`) and returns its
 * `intelgraph.abac` part, typed. Throws `TypeError` naming the first malformed field.
 */
export function parsePolicyData(doc: unknown): PolicyData {
  const p = 'intelgraph.abac';
  const abac = obj(obj(obj(doc, 'document').intelgraph, 'intelgraph').abac, p);
  const scope = obj(abac.agentScope, `${p}.agentScope`);
  const rules = obj(abac.obligationRules, `${p}.obligationRules`);
  const mask = obj(rules.maskPayload, `${p}.obligationRules.maskPayload`);
  return Object.freeze({
    policyVersion: str(abac.policyVersion, `${p}.policyVersion`),
    actions: strs(abac.actions, `${p}.actions`),
    platformActions: strs(abac.platformActions, `${p}.platformActions`),
    platformTenantId: str(abac.platformTenantId, `${p}.platformTenantId`),
    governanceActions: strs(abac.governanceActions, `${p}.governanceActions`),
    destructiveActions: strs(abac.destructiveActions, `${p}.destructiveActions`),
    dualControlMinApprovers: int(abac.dualControlMinApprovers, `${p}.dualControlMinApprovers`),
    classificationRanks: record(abac.classificationRanks, `${p}.classificationRanks`, int),
    defaultClassification: str(abac.defaultClassification, `${p}.defaultClassification`),
    roles: record(abac.roles, `${p}.roles`, strs),
    agentScope: Object.freeze({
      role: str(scope.role, `${p}.agentScope.role`),
      assigneeActions: strs(scope.assigneeActions, `${p}.agentScope.assigneeActions`),
      assigneeActionsWithResourceId: strs(scope.assigneeActionsWithResourceId, `${p}.agentScope.assigneeActionsWithResourceId`),
      memberActions: strs(scope.memberActions, `${p}.agentScope.memberActions`),
      memberActionsWithResourceId: strs(scope.memberActionsWithResourceId, `${p}.agentScope.memberActionsWithResourceId`),
    }),
    obligationRules: Object.freeze({
      onAllow: strs(rules.onAllow, `${p}.obligationRules.onAllow`),
      maskPayload: Object.freeze({
        obligation: str(mask.obligation, `${p}.obligationRules.maskPayload.obligation`),
        roles: strs(mask.roles, `${p}.obligationRules.maskPayload.roles`),
        actions: strs(mask.actions, `${p}.obligationRules.maskPayload.actions`),
        classifications: strs(mask.classifications, `${p}.obligationRules.maskPayload.classifications`),
      }),
    }),
  });
}

/** The raw data document shipped in `rego/data.json` (the same file OPA loads). */
export const POLICY_DATA_DOCUMENT: unknown = document;

/** The baseline policy data, parsed from `rego/data.json`. */
export const DEFAULT_POLICY_DATA: PolicyData = parsePolicyData(document);
