import { DomainError } from './domain.error.js';

/** A lease holder (loop owner, task claimant) whose lease expired or was taken over, identified by a stale fencing token. */
export class LeaseLostError extends DomainError {
  readonly code = 'lease_lost' as const;
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    detail: string,
  ) {
    super(`${resourceType} ${resourceId}: ${detail}`);
  }
}
