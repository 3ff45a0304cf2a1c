import { DomainError } from './domain.error.js';

/** The request clashes with existing state (a duplicate name, an idempotency key reused with other input). */
export class ConflictError extends DomainError {
  readonly code: 'conflict' | 'version_conflict' = 'conflict';
}

/** Optimistic concurrency: the caller's expected version is not the stored one. Nothing was written. */
export class VersionConflictError extends ConflictError {
  override readonly code = 'version_conflict' as const;
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    readonly expectedVersion: number,
    readonly actualVersion?: number,
  ) {
    super(
      `${resourceType} ${resourceId}: expected version ${expectedVersion}` +
        (actualVersion === undefined ? ', but it has changed' : `, found ${actualVersion}`),
    );
  }
}
