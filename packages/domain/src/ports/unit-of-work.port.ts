import type { ServiceIdentifier } from 'inversify';
import type { TenantId } from '../model/common.types.js';
import type { Repositories } from './repositories.port.js';
import type { SqlExecutor } from './sql-executor.port.js';

/** What work inside one tenant transaction may touch: that tenant's repositories and raw SQL, nothing else. */
export interface TenantTransaction {
  readonly tenantId: TenantId;
  readonly sql: SqlExecutor;
  readonly repositories: Repositories;
  /** Registers a callback that runs only after the transaction committed (never on rollback). */
  afterCommit(callback: () => void | Promise<void>): void;
}

export interface UnitOfWorkOptions {
  /** Read-only transactions never write and may run on a replica. */
  readonly readOnly?: boolean;
  /** Retries of serialization failures and deadlocks; the default is the adapter's. */
  readonly maxRetries?: number;
}

/**
 * The only way code touches tenant data: runs `work` in one database transaction under the
 * application role with the tenant set for row-level security. Commits when `work` resolves,
 * rolls back when it throws; retries the whole callback on serialization failures and deadlocks.
 */
export interface TenantUnitOfWork {
  run<T>(tenantId: TenantId, work: (tx: TenantTransaction) => Promise<T>, options?: UnitOfWorkOptions): Promise<T>;
}
export const TENANT_UNIT_OF_WORK: ServiceIdentifier<TenantUnitOfWork> = Symbol.for('persistence.TenantUnitOfWork');
