import { DomainError } from './domain.error.js';

/** The policy decision point refused the action; `reasons` name the rules that decided. */
export class PolicyDeniedError extends DomainError {
  readonly code = 'policy_denied' as const;
  constructor(
    readonly action: string,
    readonly reasons: readonly string[],
  ) {
    super(`${action} denied: ${reasons.join(', ') || 'no rule allowed it'}`);
  }
}
