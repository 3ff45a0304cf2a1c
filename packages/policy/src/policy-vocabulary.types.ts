/**
 * The action vocabulary, `<resourceType>:<verb>`. The store and the API use exactly these strings;
 * `rego/data.json` lists the same set (a test keeps them equal).
 */
export const POLICY_ACTIONS = [
  'loop:read',
  'loop:create',
  'loop:configure',
  'loop:pause',
  'loop:resume',
  'loop:retire',
  'loop:record_cycle',
  'loop:acquire_lease',
  'agent:read',
  'agent:register',
  'agent:update',
  'agent:heartbeat',
  'agent:suspend',
  'agent:resume',
  'agent:retire',
  'agent:route',
  'experiment:read',
  'experiment:create',
  'experiment:start',
  'experiment:pause',
  'experiment:resume',
  'experiment:conclude',
  'experiment:abort',
  'experiment:observe',
  'playbook:read',
  'playbook:create',
  'playbook:edit',
  'playbook:publish',
  'playbook:enable',
  'playbook:disable',
  'playbook:deprecate',
  'playbook:run',
  'task:read',
  'task:enqueue',
  'task:claim',
  'task:extend',
  'task:complete',
  'task:fail',
  'task:cancel',
  'task:redrive',
  'channel:read',
  'channel:create',
  'channel:post',
  'channel:ack',
  'channel:archive',
  'channel:add_member',
  'proposal:read',
  'proposal:open',
  'proposal:vote',
  'proposal:close',
  'proposal:cancel',
  'audit:read',
  'audit:set_retention',
  'tenant:read',
  'tenant:purge',
  'tenant:update_retention',
  'tenant:provision',
  'tenant:suspend',
  'tenant:reinstate',
] as const;

/** One action of the vocabulary. */
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** Roles the baseline policy knows; any other role name grants nothing. */
export const POLICY_ROLES = ['tenant_admin', 'operator', 'agent', 'analyst', 'auditor', 'viewer', 'platform_admin'] as const;

/** One role of the baseline policy. */
export type PolicyRole = (typeof POLICY_ROLES)[number];

/** Every reason a decision can carry; each names the rule that decided. */
export const POLICY_REASONS = [
  'tenant_mismatch',
  'unknown_action',
  'role_not_permitted',
  'insufficient_clearance',
  'mfa_required',
  'dual_control_required',
  'not_assignee',
  'not_channel_member',
  'role_permitted',
] as const;

/** One decision reason. */
export type PolicyReason = (typeof POLICY_REASONS)[number];

/** Obligations an allow can carry: `audit` always, `mask_payload` on masked reads of sensitive data. */
export const POLICY_OBLIGATIONS = ['audit', 'mask_payload'] as const;

/** One obligation. */
export type PolicyObligation = (typeof POLICY_OBLIGATIONS)[number];
