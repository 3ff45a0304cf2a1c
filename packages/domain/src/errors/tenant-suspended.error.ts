import { DomainError } from './domain.error.js';

/** Writes to a suspended tenant are refused until it is reinstated. */
export class TenantSuspendedError extends DomainError {
  readonly code = 'tenant_suspended' as const;
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} is suspended`);
  }
}
