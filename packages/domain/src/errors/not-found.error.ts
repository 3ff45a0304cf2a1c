import { DomainError } from './domain.error.js';

/** The resource does not exist for this tenant (another tenant's ids look exactly like this). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
  ) {
    super(`${resourceType} ${resourceId} not found`);
  }
}
