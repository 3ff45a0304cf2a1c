/** Machine-readable error codes; the app edge maps each to one HTTP status and GraphQL code. */
export type DomainErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'version_conflict'
  | 'invalid_transition'
  | 'policy_denied'
  | 'tenant_suspended'
  | 'lease_lost'
  | 'unavailable';

/** Base class of every error the store raises on purpose. Carries a stable `code`. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
