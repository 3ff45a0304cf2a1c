import { AbacEngine } from './abac-engine.service.js';
import type { PolicyDecisionPoint, PolicyReadiness, PolicyReadinessProbe } from './policy-decision-point.port.js';
import type { PolicyDecision, PolicyInput } from './policy.types.js';

/** The default adapter: decides in process with {@link AbacEngine}; always ready. */
export class InProcessPolicyDecisionPoint implements PolicyDecisionPoint, PolicyReadinessProbe {
  /** @param engine the rules engine; defaults to the baseline policy data. */
  constructor(private readonly engine: AbacEngine = new AbacEngine()) {}

  /** Decides one request in process. */
  decide(input: PolicyInput): Promise<PolicyDecision> {
    return new Promise((resolve) => resolve(this.engine.evaluate(input)));
  }

  /** Always ready: the policy is compiled in. */
  readiness(): Promise<PolicyReadiness> {
    return Promise.resolve({ ok: true, detail: `in-process policy ${this.engine.data.policyVersion}` });
  }
}
