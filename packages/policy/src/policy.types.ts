import type { Classification } from '@intelgraph/domain';

/** Who asks: the authenticated principal, as carried by its token. */
export interface PolicySubject {
  /** Principal id (user or agent). */
  readonly id: string;
  /** Tenant the token was issued for; platform admins carry the platform tenant. */
  readonly tenantId: string;
  /** Role names; any role that permits the action grants it. */
  readonly roles: readonly string[];
  /** Highest classification the subject may see. */
  readonly clearance: Classification;
  /** Whether the session was established with multi-factor authentication. */
  readonly mfa: boolean;
}

/** What is acted on. */
export interface PolicyResource {
  /** Resource type, e.g. `task`, `channel`. */
  readonly type: string;
  /** Id of the specific resource; absent for collection-level actions (list, create). */
  readonly id?: string;
  /** Tenant owning the resource (for platform actions: the tenant being provisioned/suspended). */
  readonly tenantId: string;
  /** Data classification; `internal` when absent. */
  readonly classification?: Classification;
  /** Subject id of the agent a task is claimed by or assigned to. */
  readonly assignee?: string;
  /** Subject ids of the channel's members. */
  readonly members?: readonly string[];
}

/** Request context that is neither subject nor resource. */
export interface PolicyContext {
  /** Subject ids that approved this request (dual control). */
  readonly approvals?: readonly string[];
}

/** One authorization question: may `subject` do `action` on `resource`? */
export interface PolicyInput {
  readonly subject: PolicySubject;
  /** `<resourceType>:<verb>`, one of {@link POLICY_ACTIONS}. */
  readonly action: string;
  readonly resource: PolicyResource;
  readonly context?: PolicyContext;
}

/** The answer, identical in shape from every adapter (in-process, OPA, cached). */
export interface PolicyDecision {
  readonly allow: boolean;
  /** Names of the rules that decided, sorted and unique (e.g. `role_permitted`, `mfa_required`). */
  readonly reasons: string[];
  /** What the caller must do when acting on an allow (e.g. `audit`, `mask_payload`), sorted and unique. */
  readonly obligations: string[];
  /** Version of the policy data that decided. */
  readonly policyVersion: string;
  /** OPA's decision id, when the decision came from OPA with decision logging on. */
  readonly decisionId?: string;
}
