import type { PolicyDecision } from './policy.types.js';

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Validates the body of OPA's Data API answer (`{ "result": {...}, "decision_id"?: "..." }`) and
 * returns the decision, or a string describing why the body is malformed. A missing `result`
 * (the policy is not loaded) is malformed.
 */
export function parseOpaDecisionBody(body: unknown): PolicyDecision | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not an object';
  const { result, decision_id: decisionId } = body as Record<string, unknown>;
  if (result === undefined) return 'no result (is the intelgraph.abac policy loaded?)';
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return 'result is not an object';
  const { allow, reasons, obligations, policyVersion } = result as Record<string, unknown>;
  if (typeof allow !== 'boolean') return 'result.allow is not a boolean';
  if (!isStringArray(reasons)) return 'result.reasons is not an array of strings';
  if (!isStringArray(obligations)) return 'result.obligations is not an array of strings';
  if (typeof policyVersion !== 'string') return 'result.policyVersion is not a string';
  if (decisionId !== undefined && typeof decisionId !== 'string') return 'decision_id is not a string';
  const decision: PolicyDecision = { allow, reasons: [...reasons], obligations: [...obligations], policyVersion };
  return decisionId === undefined ? decision : { ...decision, decisionId };
}
