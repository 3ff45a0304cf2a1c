import { TENANT_UNIT_OF_WORK } from '@intelgraph/domain';
import { ContainerModule } from 'inversify';
import type { DataSource } from 'typeorm';
import { TypeOrmTenantUnitOfWork, type UnitOfWorkSettings } from './unit-of-work/typeorm-tenant.unit-of-work.js';

/**
 * Binds {@link TENANT_UNIT_OF_WORK} to the TypeORM unit of work over `dataSource`. The unit of work
 * hands every transaction its tenant-scoped repositories, so this is the one binding persistence needs.
 */
export function persistenceModule(dataSource: DataSource, settings: UnitOfWorkSettings = {}): ContainerModule {
  return new ContainerModule((options) => {
    options.bind(TENANT_UNIT_OF_WORK).toConstantValue(new TypeOrmTenantUnitOfWork(dataSource, settings));
  });
}
