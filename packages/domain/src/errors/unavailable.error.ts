import { DomainError } from './domain.error.js';

/** A dependency the decision needs (the policy decision point, the database) cannot be reached; the store fails closed. */
export class UnavailableError extends DomainError {
  readonly code = 'unavailable' as const;
  constructor(
    readonly dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable: ${message}`, options);
  }
}
