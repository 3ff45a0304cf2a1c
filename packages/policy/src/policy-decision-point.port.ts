import type { ServiceIdentifier } from 'inversify';
import type { PolicyDecision, PolicyInput } from './policy.types.js';

/**
 * Port of the policy decision point (PDP). Implementations must fail closed: when they cannot
 * decide they throw (an `UnavailableError`), never resolve to an allow.
 */
export interface PolicyDecisionPoint {
  /** Decides one request. */
  decide(input: PolicyInput): Promise<PolicyDecision>;
}

/** DI token of the {@link PolicyDecisionPoint} the application uses. */
export const POLICY_DECISION_POINT: ServiceIdentifier<PolicyDecisionPoint> = Symbol.for('policy.PolicyDecisionPoint');

/** Result of a readiness probe of a decision point. */
export interface PolicyReadiness {
  /** Whether the decision point can decide now. */
  readonly ok: boolean;
  /** Human-readable detail (the OPA health answer, the error). */
  readonly detail: string;
}

/** A decision point that can report whether it is ready (for the app's readiness endpoint). */
export interface PolicyReadinessProbe {
  /** Never throws; reports `{ ok: false }` instead. */
  readiness(): Promise<PolicyReadiness>;
}

/** DI token of the readiness probe of the bound decision point. */
export const POLICY_READINESS: ServiceIdentifier<PolicyReadinessProbe> = Symbol.for('policy.PolicyReadiness');
