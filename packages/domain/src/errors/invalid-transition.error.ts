import { DomainError } from './domain.error.js';

/** A lifecycle event that the aggregate's current state does not accept. */
export class InvalidTransitionError extends DomainError {
  readonly code = 'invalid_transition' as const;
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly event: string,
  ) {
    super(`${machine}: cannot ${event} when ${from}`);
  }
}
