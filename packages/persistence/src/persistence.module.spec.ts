import { TENANT_UNIT_OF_WORK } from '@intelgraph/domain';
import { Container } from 'inversify';
import { DataSource } from 'typeorm';
import { persistenceModule } from './persistence.module.js';
import { TypeOrmTenantUnitOfWork } from './unit-of-work/typeorm-tenant.unit-of-work.js';

describe(persistenceModule.name, () => {
  it('binds the tenant unit of work token to the TypeORM unit of work', () => {
    const container = new Container();
    container.load(persistenceModule(new DataSource({ type: 'postgres', url: 'postgres://unused@127.0.0.1:1/none' })));
    expect(container.get(TENANT_UNIT_OF_WORK)).toBeInstanceOf(TypeOrmTenantUnitOfWork);
  });
});
