import { DEFAULT_POLICY_DATA } from './policy-data.util.js';
import type { PolicyData } from './policy-data.util.js';
import type { PolicyDecision, PolicyInput } from './policy.types.js';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `value[key]` the way a Rego reference does: undefined unless `value` is an object. */
function field(value: unknown, key: string): unknown {
  return isObj(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * The ABAC rules of `rego/abac.rego`, evaluated in process from the same data document.
 * Pure and synchronous. Reads its input defensively (as Rego does: a missing or mistyped field
 * makes the rule that needs it fail), so untrusted input can be passed as is.
 *
 * Rule order: tenant match decides alone (`tenant_mismatch`); an unknown action decides alone
 * (`unknown_action`); otherwise every failing rule among `role_not_permitted`,
 * `insufficient_clearance`, `mfa_required`, `dual_control_required`, `not_assignee` and
 * `not_channel_member` is reported, sorted. No failure means allow with `role_permitted`.
 */
export class AbacEngine {
  private readonly actions: ReadonlySet<string>;
  private readonly platformActions: ReadonlySet<string>;
  private readonly governance: ReadonlySet<string>;
  private readonly destructive: ReadonlySet<string>;
  private readonly ranks: ReadonlyMap<string, number>;
  private readonly roles: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly assigneeActions: ReadonlySet<string>;
  private readonly assigneeActionsWithId: ReadonlySet<string>;
  private readonly memberActions: ReadonlySet<string>;
  private readonly memberActionsWithId: ReadonlySet<string>;
  private readonly maskRoles: ReadonlySet<string>;
  private readonly maskActions: ReadonlySet<string>;
  private readonly maskClassifications: ReadonlySet<string>;

  /** @param data policy data; defaults to the shipped `rego/data.json`. */
  constructor(readonly data: PolicyData = DEFAULT_POLICY_DATA) {
    this.actions = new Set(data.actions);
    this.platformActions = new Set(data.platformActions);
    this.governance = new Set(data.governanceActions);
    this.destructive = new Set(data.destructiveActions);
    this.ranks = new Map(Object.entries(data.classificationRanks));
    this.roles = new Map(Object.entries(data.roles).map(([role, actions]) => [role, new Set(actions)]));
    this.assigneeActions = new Set(data.agentScope.assigneeActions);
    this.assigneeActionsWithId = new Set(data.agentScope.assigneeActionsWithResourceId);
    this.memberActions = new Set(data.agentScope.memberActions);
    this.memberActionsWithId = new Set(data.agentScope.memberActionsWithResourceId);
    this.maskRoles = new Set(data.obligationRules.maskPayload.roles);
    this.maskActions = new Set(data.obligationRules.maskPayload.actions);
    this.maskClassifications = new Set(data.obligationRules.maskPayload.classifications);
  }

  /** Decides one request. Never throws for malformed input: it denies. */
  evaluate(input: PolicyInput): PolicyDecision {
    const raw: unknown = input;
    const subject = field(raw, 'subject');
    const resource = field(raw, 'resource');
    const action = field(raw, 'action');
    const deny = (reasons: string[]): PolicyDecision => ({ allow: false, reasons, obligations: [], policyVersion: this.data.policyVersion });

    if (!this.tenantOk(subject, resource, action)) return deny(['tenant_mismatch']);
    if (typeof action !== 'string' || !this.actions.has(action)) return deny(['unknown_action']);

    const granting = this.grantingRoles(subject, action);
    const classification = this.resourceClassification(resource);
    const failures: string[] = [];
    if (granting.size === 0) failures.push('role_not_permitted');
    if (!this.clearanceOk(field(subject, 'clearance'), classification)) failures.push('insufficient_clearance');
    if (this.governance.has(action) && field(subject, 'mfa') !== true) failures.push('mfa_required');
    if (this.destructive.has(action) && !this.dualControlOk(subject, field(raw, 'context'))) failures.push('dual_control_required');
    const agentOnly = granting.size === 1 && granting.has(this.data.agentScope.role);
    if (agentOnly && this.assigneeScoped(action, resource) && !this.isAssignee(subject, resource)) failures.push('not_assignee');
    if (agentOnly && this.memberScoped(action, resource) && !this.isMember(subject, resource)) failures.push('not_channel_member');
    if (failures.length > 0) return deny(sortedUnique(failures));

    const obligations = [...this.data.obligationRules.onAllow];
    if (this.maskApplies(action, classification, granting)) obligations.push(this.data.obligationRules.maskPayload.obligation);
    return { allow: true, reasons: ['role_permitted'], obligations: sortedUnique(obligations), policyVersion: this.data.policyVersion };
  }

  /** Tenant isolation; platform actions are checked against the platform tenant. */
  private tenantOk(subject: unknown, resource: unknown, action: unknown): boolean {
    const platform = typeof action === 'string' && this.platformActions.has(action);
    const expected = platform ? this.data.platformTenantId : field(resource, 'tenantId');
    const actual = field(subject, 'tenantId');
    return typeof actual === 'string' && actual === expected;
  }

  private grantingRoles(subject: unknown, action: string): Set<string> {
    const roles = field(subject, 'roles');
    const granting = new Set<string>();
    if (!Array.isArray(roles)) return granting;
    for (const role of roles as unknown[]) {
      if (typeof role === 'string' && this.roles.get(role)?.has(action) === true) granting.add(role);
    }
    return granting;
  }

  /** The resource's classification, `defaultClassification` when absent; undefined if the resource is not an object. */
  private resourceClassification(resource: unknown): unknown {
    if (!isObj(resource)) return undefined;
    const value = field(resource, 'classification');
    return value === undefined ? this.data.defaultClassification : value;
  }

  private rank(classification: unknown): number | undefined {
    return typeof classification === 'string' ? this.ranks.get(classification) : undefined;
  }

  private clearanceOk(clearance: unknown, classification: unknown): boolean {
    const have = this.rank(clearance);
    const need = this.rank(classification);
    return have !== undefined && need !== undefined && have >= need;
  }

  /** Distinct approvers other than the requester, at least `dualControlMinApprovers` of them. */
  private dualControlOk(subject: unknown, context: unknown): boolean {
    const requester = field(subject, 'id');
    const approvals = field(context, 'approvals');
    if (typeof requester !== 'string' || !Array.isArray(approvals)) return this.data.dualControlMinApprovers <= 0;
    const approvers = new Set((approvals as unknown[]).filter((a): a is string => typeof a === 'string' && a !== requester));
    return approvers.size >= this.data.dualControlMinApprovers;
  }

  private hasResourceId(resource: unknown): boolean {
    const id = field(resource, 'id');
    return typeof id === 'string' && id !== '';
  }

  private assigneeScoped(action: string, resource: unknown): boolean {
    return this.assigneeActions.has(action) || (this.assigneeActionsWithId.has(action) && this.hasResourceId(resource));
  }

  private isAssignee(subject: unknown, resource: unknown): boolean {
    const id = field(subject, 'id');
    return typeof id === 'string' && field(resource, 'assignee') === id;
  }

  private memberScoped(action: string, resource: unknown): boolean {
    return this.memberActions.has(action) || (this.memberActionsWithId.has(action) && this.hasResourceId(resource));
  }

  private isMember(subject: unknown, resource: unknown): boolean {
    const id = field(subject, 'id');
    const members = field(resource, 'members');
    return typeof id === 'string' && Array.isArray(members) && (members as unknown[]).includes(id);
  }

  /** Masked when the read is of sensitive data and every granting role is a masked role. */
  private maskApplies(action: string, classification: unknown, granting: ReadonlySet<string>): boolean {
    if (!this.maskActions.has(action)) return false;
    if (typeof classification !== 'string' || !this.maskClassifications.has(classification)) return false;
    return [...granting].every((role) => this.maskRoles.has(role));
  }
}
