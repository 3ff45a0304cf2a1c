import { isUuid, UnavailableError, ValidationError, type TenantTransaction, type TenantUnitOfWork, type UnitOfWorkOptions } from '@intelgraph/domain';
import { APP_ROLE, TENANT_SETTING } from '@intelgraph/migrations';
import type { DataSource } from 'typeorm';
import { createRepositories } from '../repositories/repositories.factory.js';
import { isConnectionLost, isRetryable } from '../util/pg-error.util.js';
import { QueryRunnerSqlExecutor } from './query-runner-sql.executor.js';

export interface UnitOfWorkSettings {
  /** Retries of a transaction that failed with a serialization failure or deadlock. */
  readonly maxRetries?: number;
  /** Base delay between retries; doubled each time, with jitter. */
  readonly retryBaseMs?: number;
}

/**
 * The tenant unit of work on TypeORM: one transaction, `SET LOCAL ROLE` to the non-owner app role
 * and the tenant as a transaction-local setting (never session state: pooled and embedded
 * connections share sessions), so row-level security scopes every statement to the tenant.
 */
export class TypeOrmTenantUnitOfWork implements TenantUnitOfWork {
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    settings: UnitOfWorkSettings = {},
  ) {
    this.maxRetries = settings.maxRetries ?? 5;
    this.retryBaseMs = settings.retryBaseMs ?? 5;
  }

  async run<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    if (!isUuid(tenantId)) throw ValidationError.field('tenantId', 'must be a UUID');
    const retries = options.maxRetries ?? this.maxRetries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runOnce(tenantId, work, options);
      } catch (error) {
        if (isConnectionLost(error)) {
          // Never retried: a lost COMMIT may have landed. The caller learns the outcome is unknown.
          throw new UnavailableError('database', 'the connection to PostgreSQL was lost; the change may or may not have been applied, read it back before retrying', { cause: error });
        }
        if (attempt >= retries || !isRetryable(error)) throw error;
        const delay = this.retryBaseMs * 2 ** attempt;
        await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
      }
    }
  }

  private async runOnce<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>, options: UnitOfWorkOptions): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const afterCommit: Array<() => void | Promise<void>> = [];
    let open = false;
    try {
      await runner.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
      open = true;
      await runner.query(`SELECT set_config($1, $2, true), set_config('role', $3, true)`, [TENANT_SETTING, tenantId, APP_ROLE]);
      const sql = new QueryRunnerSqlExecutor(runner);
      const tx: TenantTransaction = {
        tenantId,
        sql,
        repositories: createRepositories(sql, tenantId),
        afterCommit: (cb) => afterCommit.push(cb),
      };
      const result = await work(tx);
      await runner.query('COMMIT');
      open = false;
      for (const cb of afterCommit) {
        try {
          await cb();
        } catch {
          // after-commit hooks are best effort (cache invalidation, wake-ups); the commit stands
        }
      }
      return result;
    } catch (error) {
      if (open) {
        try {
          await runner.query('ROLLBACK');
        } catch {
          // the connection may be gone; the server rolls back on its own
        }
      }
      throw error;
    } finally {
      await runner.release();
    }
  }
}
