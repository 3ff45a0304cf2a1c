import { CLOCK, ID_GENERATOR } from '@intelgraph/domain';
import { ContainerModule } from 'inversify';
import { AUDIT_LOG, type AuditLog } from './audit-log.port.js';
import { PostgresAuditLog, type PostgresAuditLogOptions } from './postgres-audit-log.js';

export interface AuditModuleOptions extends PostgresAuditLogOptions {
  /** Binds this adapter instead of the PostgreSQL one (tests, another store). */
  readonly log?: AuditLog | undefined;
}

/**
 * Binds `AUDIT_LOG`. With `log`, to that instance; otherwise to the PostgreSQL adapter as a
 * singleton (it is stateless: it works through the transaction passed to each call), using the
 * given clock and id generator, else `CLOCK` / `ID_GENERATOR` when the container has them, else the
 * system clock and UUIDv7.
 */
export function auditModule(options: AuditModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    if (options.log) {
      bind(AUDIT_LOG).toConstantValue(options.log);
      return;
    }
    bind(AUDIT_LOG)
      .toDynamicValue(
        (ctx) =>
          new PostgresAuditLog({
            clock: options.clock ?? ctx.get(CLOCK, { optional: true }),
            ids: options.ids ?? ctx.get(ID_GENERATOR, { optional: true }),
          }),
      )
      .inSingletonScope();
  });
}
