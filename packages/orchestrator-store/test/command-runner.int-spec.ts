import { PolicyDeniedError, TenantSuspendedError, UnavailableError, ValidationError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { POLICY_DECISION_POINT } from '@intelgraph/policy';
import { actorOf, countRows, openStoreFixture, platformAdmin, type StoreFixture } from './support/store.fixture.js';

describe.each(databaseTargets())('CommandRunner on $name', (target) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openStoreFixture(target);
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('lists every bad field in one ValidationError and writes nothing', async () => {
    const error = await f.store.tenants.provision(platformAdmin, { slug: 'NO SPACES', name: '', retention: { auditDays: -1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((x) => x.path).sort()).toEqual(['name', 'retention.auditDays', 'slug']);
  });

  it('denies, records a denied audit event, and changes nothing else', async () => {
    const tenant = await f.newTenant();
    const viewer = actorOf(tenant, { subject: 'viewer@t', roles: ['viewer'] });
    const before = await countRows(f.dataSource, 'outbox_events', tenant);
    await expect(f.store.tenants.updateRetention(viewer, { finishedTaskDays: 1, channelMessageDays: 1, auditDays: 1 })).rejects.toBeInstanceOf(PolicyDeniedError);
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND outcome = 'denied' AND actor_subject = 'viewer@t'`)).toBe(1);
    expect(await countRows(f.dataSource, 'outbox_events', tenant)).toBe(before);
    const t = await f.store.tenants.get(actorOf(tenant), tenant);
    expect(t.retention.finishedTaskDays).toBe(30);
  });

  it('refuses a suspended tenant writes, and lets it write again once reinstated', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    await f.store.tenants.suspend(platformAdmin, tenant);
    await expect(f.store.tenants.updateRetention(admin, { finishedTaskDays: 2, channelMessageDays: 2, auditDays: 2 })).rejects.toBeInstanceOf(TenantSuspendedError);
    expect((await f.store.tenants.get(admin, tenant)).status).toBe('suspended');
    await f.store.tenants.reinstate(platformAdmin, tenant);
    expect((await f.store.tenants.updateRetention(admin, { finishedTaskDays: 2, channelMessageDays: 2, auditDays: 2 })).retention.finishedTaskDays).toBe(2);
  });

  it('fails closed when the policy decision point throws', async () => {
    const { createOrchestratorContainer } = await import('../src/core/orchestrator.container.js');
    const broken = await createOrchestratorContainer({
      database: { dataSource: f.dataSource },
      configure: (c) => {
        c.rebind(POLICY_DECISION_POINT).toConstantValue({ decide: () => Promise.reject(new Error('opa down')) });
      },
    });
    const tenant = await f.newTenant();
    await expect(broken.store.tenants.updateRetention(actorOf(tenant), { finishedTaskDays: 3, channelMessageDays: 3, auditDays: 3 })).rejects.toBeInstanceOf(UnavailableError);
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(0);
  });
});
