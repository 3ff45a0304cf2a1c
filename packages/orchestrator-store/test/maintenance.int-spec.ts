import { TenantSuspendedError } from '@intelgraph/domain';
import { databaseTargets } from '@intelgraph/persistence/testing';
import { actorOf, countRows, openStoreFixture, platformAdmin, type StoreFixture } from './support/store.fixture.js';

const DAY_MS = 86_400_000;

/**
 * `runOnce` sweeps every active tenant of the database, including those of test files running in
 * parallel, so this suite uses the real clock: other tenants keep the default 30-day retention and
 * only leases that really expired are reclaimed.
 */
describe.each(databaseTargets())('MaintenanceService on $name', (target) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openStoreFixture(target);
  });
  afterAll(async () => {
    await f.dispose();
  });

  const taskCount = async (tenant: string, id: string): Promise<number> => {
    const rows: Array<{ n: number }> = await f.dataSource.query(`SELECT count(*)::int AS n FROM tasks WHERE tenant_id = $1 AND id = $2`, [tenant, id]);
    return rows[0]?.n ?? 0;
  };
  const messageCount = async (tenant: string): Promise<number> => {
    const rows: Array<{ n: number }> = await f.dataSource.query(`SELECT count(*)::int AS n FROM channel_messages WHERE tenant_id = $1`, [tenant]);
    return rows[0]?.n ?? 0;
  };

  it('purges finished tasks and channel messages past retention, never audit events, and reclaims expired leases', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    await f.store.tenants.updateRetention(admin, { finishedTaskDays: 1, channelMessageDays: 1, auditDays: 1 });
    const agent = await f.store.agents.register(admin, { name: 'w', subject: 'agent-w', role: 'worker', model: 'm', capabilities: [], routingWeight: 1 });

    const done = await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: {} });
    const [claimedDone] = await f.store.tasks.claim(admin, { queue: 'q', agentId: agent.id, limit: 1, leaseMs: 60_000 });
    expect(claimedDone?.id).toBe(done.id);
    await f.store.tasks.complete(admin, done.id, { leaseToken: claimedDone!.leaseToken!, result: 1 });
    const cancelled = await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: {} });
    await f.store.tasks.cancel(admin, cancelled.id);
    const expiring = await f.store.tasks.enqueue(admin, { queue: 'q', kind: 'k', payload: {} });
    const [claimedExpiring] = await f.store.tasks.claim(admin, { queue: 'q', agentId: agent.id, limit: 1, leaseMs: 100 });
    expect(claimedExpiring?.id).toBe(expiring.id);
    const waiting = await f.store.tasks.enqueue(admin, { queue: 'other', kind: 'k', payload: {} });

    const channel = await f.store.channels.create(admin, { name: 'c' });
    for (let i = 0; i < 3; i++) await f.store.channels.post(admin, channel.id, { i });
    await new Promise((r) => setTimeout(r, 250)); // the 100 ms lease really expires

    const auditBefore = await countRows(f.dataSource, 'audit_events', tenant);

    // At the current time nothing is past a 1-day retention; the expired lease is reclaimed (audited).
    const first = (await f.store.maintenance.runOnce(new Date())).find((r) => r.tenantId === tenant);
    expect(first).toEqual({ tenantId: tenant, purgedTasks: 0, purgedMessages: 0, reclaimedTasks: 1 });
    expect((await f.store.tasks.get(admin, expiring.id)).status).toBe('queued');
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(auditBefore + 1);
    expect(await countRows(f.dataSource, 'audit_events', tenant, `AND actor_subject = 'system:maintenance' AND action = 'task:claim'`)).toBe(1);

    // Two days on: the finished tasks and every message are past retention; audit events stay.
    const second = (await f.store.maintenance.runOnce(new Date(Date.now() + 2 * DAY_MS))).find((r) => r.tenantId === tenant);
    expect(second).toEqual({ tenantId: tenant, purgedTasks: 2, purgedMessages: 3, reclaimedTasks: 0 });
    expect(await taskCount(tenant, done.id)).toBe(0);
    expect(await taskCount(tenant, cancelled.id)).toBe(0);
    expect(await taskCount(tenant, expiring.id)).toBe(1);
    expect(await taskCount(tenant, waiting.id)).toBe(1);
    expect(await messageCount(tenant)).toBe(0);
    expect(await countRows(f.dataSource, 'audit_events', tenant)).toBe(auditBefore + 1);
    expect(await f.store.audit.verify(admin)).toMatchObject({ ok: true });
  });

  it('skips suspended tenants, whose writes are refused', async () => {
    const tenant = await f.newTenant();
    const admin = actorOf(tenant);
    await f.store.tenants.updateRetention(admin, { finishedTaskDays: 1, channelMessageDays: 1, auditDays: 1 });
    const channel = await f.store.channels.create(admin, { name: 'c' });
    await f.store.channels.post(admin, channel.id, 'kept');
    await f.store.tenants.suspend(platformAdmin, tenant);
    await expect(f.store.channels.post(admin, channel.id, 'refused')).rejects.toBeInstanceOf(TenantSuspendedError);
    const reports = await f.store.maintenance.runOnce(new Date(Date.now() + 2 * DAY_MS));
    expect(reports.find((r) => r.tenantId === tenant)).toBeUndefined();
    expect(await messageCount(tenant)).toBe(1);
    await f.store.tenants.reinstate(platformAdmin, tenant);
  });
});
