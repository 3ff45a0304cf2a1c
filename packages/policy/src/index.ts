// Types
export type { PolicyContext, PolicyDecision, PolicyInput, PolicyResource, PolicySubject } from './policy.types.js';
export { POLICY_ACTIONS, POLICY_OBLIGATIONS, POLICY_REASONS, POLICY_ROLES } from './policy-vocabulary.types.js';
export type { PolicyAction, PolicyObligation, PolicyReason, PolicyRole } from './policy-vocabulary.types.js';

// Port and tokens
export { POLICY_DECISION_POINT, POLICY_READINESS } from './policy-decision-point.port.js';
export type { PolicyDecisionPoint, PolicyReadiness, PolicyReadinessProbe } from './policy-decision-point.port.js';

// Policy data and the in-process engine
export { DEFAULT_POLICY_DATA, POLICY_DATA_DOCUMENT, parsePolicyData } from './policy-data.util.js';
export type { AgentScopeData, ObligationRulesData, PolicyData } from './policy-data.util.js';
export { AbacEngine } from './abac-engine.service.js';

// Adapters
export { InProcessPolicyDecisionPoint } from './in-process-policy-decision-point.service.js';
export { DEFAULT_OPA_TIMEOUT_MS, OPA_DECISION_PATH, OpaPolicyDecisionPoint } from './opa-policy-decision-point.service.js';
export type { OpaPolicyDecisionPointOptions } from './opa-policy-decision-point.service.js';
export { parseOpaDecisionBody } from './opa-response.util.js';
export {
  CachingPolicyDecisionPoint,
  DEFAULT_POLICY_CACHE_MAX_ENTRIES,
  DEFAULT_POLICY_CACHE_TTL_MS,
} from './caching-policy-decision-point.service.js';
export type { PolicyCacheOptions, PolicyCacheStats } from './caching-policy-decision-point.service.js';

// DI
export { createPolicyDecisionPoint, policyModule } from './policy.module.js';
export type { PolicyBindings, PolicyModuleOptions } from './policy.module.js';
